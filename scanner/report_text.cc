// The text report, for people: one block per secret, highest severity first.
#include <cstdio>
#include <map>

#include "core/text.h"
#include "scanner/redact.h"
#include "scanner/report_writer.h"

namespace keysweep {
namespace {

// Where a location shows at most this many snippets per finding.
constexpr size_t kMaxLocationsShown = 20;

class Style {
 public:
  explicit Style(bool color) : color_(color) {}
  std::string Bold(const std::string& s) const { return Wrap("1", s); }
  std::string Dim(const std::string& s) const { return Wrap("2", s); }
  std::string Severity(keysweep::Severity severity) const {
    std::string name = ToUpper(std::string(SeverityName(severity)));
    switch (severity) {
      case keysweep::Severity::kCritical: return Wrap("1;31", name);
      case keysweep::Severity::kHigh: return Wrap("31", name);
      case keysweep::Severity::kMedium: return Wrap("33", name);
      default: return Wrap("36", name);
    }
  }

 private:
  static std::string ToUpper(std::string s) {
    for (char& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    return s;
  }
  std::string Wrap(const char* code, const std::string& s) const {
    return color_ ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
  }
  bool color_;
};

std::string FormatBytes(uint64_t bytes) {
  char buf[32];
  if (bytes >= (1ull << 30)) {
    snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(bytes) / (1ull << 30));
  } else if (bytes >= (1ull << 20)) {
    snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1ull << 20));
  } else if (bytes >= 1024) {
    snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(bytes) / 1024);
  } else {
    snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  }
  return buf;
}

std::string Plural(uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// What to do first for an AWS key: the part of AWS's recovery guide that cannot wait.
void WriteAwsNextStep(const Finding& finding, const std::string& key_id, std::ostream& out) {
  std::string kind = finding.Attribute("key_kind").value_or("unknown");
  out << "  next step  ";
  if (kind == "temporary") {
    out << "temporary (STS) credentials: revoke the sessions of the role or user that issued\n"
        << "             them with a Deny-all policy conditioned on aws:TokenIssueTime (AWS's\n"
        << "             'revoke active sessions'), then rotate the key that minted them.\n";
  } else {
    out << "deactivate the key, then rotate it:\n"
        << "             aws iam update-access-key --access-key-id " << key_id
        << " --status Inactive --user-name <user>\n"
        << "             then review CloudTrail for its use in every region and revoke the\n"
        << "             temporary credentials it minted (Deny on aws:TokenIssueTime).\n";
  }
}

// A policy finding: what is wrong, where, and the line it is on.
void WritePolicyFinding(const Finding& finding, const Style& style, std::ostream& out) {
  out << style.Severity(finding.severity) << "  " << style.Bold(finding.rule_name) << "  "
      << style.Dim("[" + finding.rule_id + "]") << "\n";
  out << "  " << EscapeForTerminal(finding.message) << "\n";
  for (const Location& location : finding.locations) {
    out << "    " << style.Bold(EscapeForTerminal(location.path)) << ":" << location.line << ":"
        << location.column;
    if (!location.pointer.empty()) out << "  " << EscapeForTerminal(location.pointer);
    if (!finding.subject.empty()) out << "  (" << EscapeForTerminal(finding.subject) << ")";
    out << "\n";
    if (!location.snippet.text.empty()) {
      out << "      " << EscapeForTerminal(RenderSnippet(location.snippet, Redaction{.show_secrets = true})) << "\n";
    }
  }
  out << "\n";
}

void WriteFinding(const Finding& finding, const WriteOptions& options, const Style& style,
                  std::ostream& out) {
  if (!finding.message.empty()) return WritePolicyFinding(finding, style, out);
  out << style.Severity(finding.severity) << "  " << style.Bold(finding.rule_name) << "  "
      << style.Dim("[" + finding.rule_id + "]") << "\n";
  if (!finding.repository.empty()) out << "  repository " << EscapeForTerminal(finding.repository) << "\n";
  auto key_id = finding.Attribute("key_id");
  if (key_id) {
    std::string kind = finding.Attribute("key_kind").value_or("unknown");
    auto account = finding.Attribute("account_id");
    out << "  key id     " << EscapeForTerminal(*key_id) << " (" << kind << " key, account "
        << (account ? *account : "unknown") << ")\n";
  } else {
    out << "  secret     " << EscapeForTerminal(DisplaySecret(finding, options.redaction())) << "\n";
  }
  for (const CompanionValue& companion : finding.companions) {
    std::string value = DisplayCompanion(finding, companion, options.redaction());
    out << "  with       " << companion.name << " " << EscapeForTerminal(value) << "\n";
  }
  out << "  fingerprint " << finding.fingerprint << "\n";
  out << "  found in   " << Plural(finding.LocationCount(), "place", "places") << "\n";
  size_t shown = 0;
  for (const Location& location : finding.locations) {
    if (shown++ == kMaxLocationsShown) {
      out << "    ... and " << finding.LocationCount() - kMaxLocationsShown << " more"
          << (finding.LocationCount() > finding.locations.size() ? " (--format json lists the first "
                                                                    + std::to_string(finding.locations.size()) + ")\n"
                                                              : " (use --format json for all)\n");
      break;
    }
    out << "    " << style.Bold(EscapeForTerminal(location.path)) << ":" << location.line << ":"
        << location.column;
    if (location.commit) out << " in commit " << *location.commit;
    if (location.git) {
      out << "\n      by " << EscapeForTerminal(location.git->author_name) << " <"
          << EscapeForTerminal(location.git->author_email) << "> on " << location.git->date;
      if (location.git->commits_containing > 0) {
        out << "; in " << Plural(location.git->commits_containing, "commit", "commits");
      }
      if (!location.git->refs_containing.empty()) {
        out << "; still at the tip of";
        for (const std::string& ref : location.git->refs_containing) out << " " << EscapeForTerminal(ref);
        if (location.git->refs_containing_count > location.git->refs_containing.size()) {
          out << " and " << location.git->refs_containing_count - location.git->refs_containing.size() << " more";
        }
      }
    }
    out << "\n      " << EscapeForTerminal(RenderSnippet(location.snippet, options.redaction()))
        << "\n";
  }
  if (key_id) WriteAwsNextStep(finding, *key_id, out);
  out << "\n";
}

}  // namespace

void WriteTextReport(const Report& report, const WriteOptions& options, std::ostream& out) {
  Style style(options.color);
  for (const Finding& finding : report.findings) WriteFinding(finding, options, style, out);
  std::map<Severity, size_t, std::greater<>> by_severity;
  size_t locations = 0;
  for (const Finding& finding : report.findings) {
    ++by_severity[finding.severity];
    locations += finding.LocationCount();
  }
  const ScanStats& stats = report.stats;
  bool policy = report.policy_lint;
  if (report.findings.empty()) {
    out << (policy ? "No findings." : "No secrets found.");
  } else {
    out << style.Bold(policy ? Plural(report.findings.size(), "finding", "findings")
                             : Plural(report.findings.size(), "secret", "secrets"))
        << " (";
    bool first = true;
    for (const auto& [severity, count] : by_severity) {
      out << (first ? "" : ", ") << count << " " << SeverityName(severity);
      first = false;
    }
    out << ") in " << Plural(locations, "place", "places") << ".";
  }
  char seconds[32];
  snprintf(seconds, sizeof seconds, "%.2f", stats.seconds);
  out << " Scanned " << Plural(stats.files, "file", "files") << " (" << FormatBytes(stats.bytes)
      << ") with " << stats.rules << (policy || stats.rules == 0 ? " checks" : " rules") << " in " << seconds << " s";
  if (stats.suppressed > 0) out << "; " << stats.suppressed << " suppressed";
  if (size_t problems = CountProblems(report); problems > 0) {
    out << "; " << Plural(problems, "warning", "warnings") << " on stderr";
  }
  out << ".\n";
  if (std::string respond = ResponseCommand(report); !respond.empty()) {
    out << "\nAWS keys were found. The full response (rotation, session revocation, region review,\n"
           "support-case text), offline:\n  " << respond << "\n";
  }
}

}  // namespace keysweep
