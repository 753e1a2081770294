#include "policies/response.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "core/iso_time.h"
#include "core/text.h"
#include "core/untrusted_json.h"
#include "detectors/aws_key_id.h"
#include "policies/revoke_policy.h"

namespace keysweep {
namespace {

using json = nlohmann::json;

bool IsAwsKeyId(const std::string& id) {
  static const RE2 kKeyId("(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}");
  return RE2::FullMatch(id, kKeyId);
}

std::string StringOr(const json& object, const char* field, const std::string& fallback = "") {
  auto it = object.find(field);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// Reads the AWS keys of a keysweep JSON report (or JSON Lines) into `keys`.
Status ReadFindings(const std::string& path, std::map<std::string, ExposedKey>* keys) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open findings file");
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<json> findings;
  if (Result<json> doc = ParseUntrustedJson(text.str()); doc.ok()) {
    if (!doc->is_object() || !doc->contains("findings") || !(*doc)["findings"].is_array()) {
      return Status::Error(path + ": not a keysweep JSON report (no \"findings\" array)");
    }
    findings = (*doc)["findings"].get<std::vector<json>>();
  } else {
    // Not one document: JSON Lines, one finding per line.
    std::istringstream lines(text.str());
    std::string line;
    size_t number = 0;
    while (std::getline(lines, line)) {
      ++number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      Result<json> finding = ParseUntrustedJson(line);
      if (!finding.ok()) {
        return Status::Error(path + ":" + std::to_string(number) + ": not a keysweep JSON or JSON Lines report: " +
                             finding.status().message());
      }
      findings.push_back(std::move(*finding));
    }
  }
  for (const json& finding : findings) {
    if (!finding.is_object()) continue;
    std::string key_id = StringOr(finding, "key_id");
    if (key_id.empty() || !IsAwsKeyId(key_id)) continue;
    ExposedKey& key = (*keys)[key_id];
    key.key_id = key_id;
    if (auto it = finding.find("companions"); it != finding.end() && it->is_array() && !it->empty()) {
      key.secret_exposed = true;
    }
    if (auto it = finding.find("locations"); it != finding.end() && it->is_array()) {
      for (const json& location : *it) {
        if (!location.is_object()) continue;
        Exposure exposure;
        exposure.path = StringOr(location, "path");
        if (auto line = location.find("line"); line != location.end() && line->is_number_unsigned()) {
          exposure.line = line->get<uint64_t>();
        }
        if (std::string commit = StringOr(location, "commit"); !commit.empty()) exposure.commit = commit;
        exposure.date = StringOr(location, "date");
        exposure.author = StringOr(location, "author");
        key.exposures.push_back(std::move(exposure));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

std::string KeyKindMeaning(const std::string& kind) {
  if (kind == "long-term") {
    return "a long-term access key of an IAM user (or of the root user): it works until it is "
           "deactivated, and it can mint temporary credentials that outlive its deactivation";
  }
  if (kind == "temporary") {
    return "temporary credentials from AWS STS (a role session or GetSessionToken/"
           "GetFederationToken): they cannot be deactivated, only revoked by the deny-by-issue-"
           "time policy on the role or user that issued them, and they expire on their own";
  }
  if (kind == "bearer") return "a bearer token for a service (ABIA): rotate it at the service that issued it";
  if (kind == "context") return "a context-specific credential (ACCA): rotate it where it was issued";
  return "an access key id of an older form: treat it as a long-term key";
}

Result<ResponsePlan> BuildResponsePlan(const ResponseRequest& request) {
  ResponsePlan plan;
  // The name lands in RUNBOOK.md and response.sh: only what IAM allows in a user name.
  static const RE2 kIamUserName("[A-Za-z0-9+=,.@_-]{1,64}");
  if (!request.user.empty() && !RE2::FullMatch(request.user, kIamUserName)) {
    return Status::Error("--user '" + EscapeForTerminal(request.user) +
                         "' is not an IAM user name (1-64 letters, digits and +=,.@_-)");
  }
  plan.user = request.user;
  plan.evidence_markdown = request.evidence_markdown;
  if (request.revoke_before.empty()) {
    plan.revoke_before = FormatIsoUtc(NowSeconds());
  } else {
    std::optional<int64_t> when = ParseIsoUtc(request.revoke_before);
    if (!when) {
      return Status::Error("--revoke-before '" + request.revoke_before +
                           "' is not an ISO-8601 UTC time like 2026-11-28T19:00:00Z");
    }
    plan.revoke_before = FormatIsoUtc(*when);
  }
  std::map<std::string, ExposedKey> keys;
  for (const std::string& id : request.key_ids) {
    if (!IsAwsKeyId(id)) {
      return Status::Error("'" + id + "' is not an AWS access key id (AKIA/ASIA/ABIA/ACCA + 16 characters)");
    }
    keys[id].key_id = id;
  }
  if (!request.findings_path.empty()) KS_RETURN_IF_ERROR(ReadFindings(request.findings_path, &keys));
  for (auto& [id, key] : keys) {
    key.kind = std::string(AwsKeyKind(id));
    key.account_id = DecodeAwsAccountId(id);
    std::sort(key.exposures.begin(), key.exposures.end(), [](const Exposure& a, const Exposure& b) {
      return std::tie(a.date, a.path, a.line) < std::tie(b.date, b.path, b.line);
    });
    plan.keys.push_back(std::move(key));
  }
  plan.policy_json = RevokeOlderSessionsPolicy(plan.revoke_before);
  return plan;
}

}  // namespace keysweep
