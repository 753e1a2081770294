#include "scanner/trust_findings.h"

#include "scanner/finding_builder.h"

namespace keysweep {
namespace {

std::string MarkerNames(InlineMarkerSet markers) {
  std::string out;
  auto add = [&](InlineMarkerSet bit, const char* name) {
    if ((markers & bit) == 0) return;
    out += (out.empty() ? "" : ", ") + std::string(name);
  };
  add(kKeysweepMarker, "keysweep:allow");
  add(kGitleaksMarker, "gitleaks:allow");
  add(kDetectSecretsMarker, "pragma: allowlist secret");
  return out;
}

}  // namespace

std::vector<RuleInfo> TrustRules() {
  return {
      RuleInfo{kConfigChangedRule, "Gate configuration changed",
               "The change edits a file that configures keysweep (its config, a rule file, the baseline or "
               ".gitleaksignore). The scan used the base side's copy; a reviewer must accept the change.",
               Severity::kMedium, {}},
      RuleInfo{kSuppressionAddedRule, "Inline allow marker hides a new match",
               "The change adds a match that an inline allow marker (keysweep:allow, gitleaks:allow, "
               "pragma: allowlist secret) would hide. A reviewer must accept the marker.",
               Severity::kMedium, {}},
  };
}

Finding ConfigChangedFinding(const Location& where) {
  Finding finding;
  finding.rule_id = kConfigChangedRule;
  finding.rule_name = "Gate configuration changed";
  finding.severity = Severity::kMedium;
  finding.fingerprint = Fingerprint(kConfigChangedRule, where.path + "\n" + where.commit.value_or(""));
  finding.message = where.path +
                    " configures keysweep and this change edits it: the scan used the base side's copy; "
                    "a reviewer must accept the change";
  finding.locations.push_back(where);
  return finding;
}

Finding SuppressionAddedFinding(const std::string& rule_id, const std::string& fingerprint,
                                const std::string& public_id, InlineMarkerSet markers, const Location& where) {
  Finding finding;
  finding.rule_id = kSuppressionAddedRule;
  finding.rule_name = "Inline allow marker hides a new match";
  finding.severity = Severity::kMedium;
  finding.fingerprint = Fingerprint(kSuppressionAddedRule, fingerprint);
  finding.message = "an inline allow marker (" + MarkerNames(markers) + ") hides a new " + rule_id + " match (" +
                    (public_id.empty() ? "" : public_id + ", ") + "fingerprint " + fingerprint +
                    "): a reviewer must accept it";
  finding.locations.push_back(where);
  return finding;
}

}  // namespace keysweep
