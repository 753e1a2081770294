#include "policies/response.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "policies/revoke_policy.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::TempDir;

ResponsePlan Plan(ResponseRequest request) {
  if (request.revoke_before.empty()) request.revoke_before = "2026-11-28T19:00:00Z";
  Result<ResponsePlan> plan = BuildResponsePlan(request);
  INFO(plan.status().message());
  REQUIRE(plan.ok());
  return *plan;
}

TEST_CASE("the revoke policy is AWS's deny-by-issue-time document, byte for byte stable") {
  std::string policy = RevokeOlderSessionsPolicy("2026-11-28T19:00:00Z");
  CHECK(policy == RevokeOlderSessionsPolicy("2026-11-28T19:00:00Z"));
  nlohmann::json doc = nlohmann::json::parse(policy);
  CHECK(doc == nlohmann::json::parse(R"json({"Version":"2012-10-17","Statement":{"Effect":"Deny",
      "Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-11-28T19:00:00Z"}}}})json"));
}

TEST_CASE("a plan decodes each key offline and normalizes the revocation time") {
  ResponseRequest request;
  request.key_ids = {"ASIAY34FZKBOKMUTVV7A", "AKIAJFAKEOLDFORMAT22", "AKIAZFAKEKEY7TEST2ID"};
  request.revoke_before = "2026-11-28T20:00:00+01:00";
  ResponsePlan plan = Plan(request);
  CHECK(plan.revoke_before == "2026-11-28T19:00:00Z");
  REQUIRE(plan.keys.size() == 3);
  CHECK(plan.keys[0].key_id == "AKIAJFAKEOLDFORMAT22");
  CHECK_FALSE(plan.keys[0].account_id.has_value());  // old format: never invented
  CHECK(plan.keys[1].account_id == std::optional<std::string>("629233963313"));
  CHECK(plan.keys[1].kind == "long-term");
  CHECK(plan.keys[2].kind == "temporary");
  CHECK(plan.keys[2].account_id == std::optional<std::string>("609629065308"));
  CHECK(plan.policy_json.find("2026-11-28T19:00:00Z") != std::string::npos);
}

TEST_CASE("bad keys and times are errors") {
  ResponseRequest request;
  request.key_ids = {"AIDAZFAKEKEY7TEST2ID"};
  CHECK_FALSE(BuildResponsePlan(request).ok());
  request.key_ids = {"AKIAZFAKEKEY7TEST2ID"};
  request.revoke_before = "now-ish";
  CHECK(BuildResponsePlan(request).status().message().find("--revoke-before") != std::string::npos);
}

TEST_CASE("the runbook follows AWS's guide, in order, with the exact commands") {
  ResponseRequest request;
  request.key_ids = {"AKIAZFAKEKEY7TEST2ID"};
  request.user = "ci-deployer";
  std::string runbook = RenderRunbook(Plan(request));
  std::vector<std::string> in_order = {
      "aws iam list-access-keys --user-name ci-deployer",
      "aws iam create-access-key --user-name ci-deployer",
      "aws iam get-access-key-last-used --access-key-id AKIAZFAKEKEY7TEST2ID",
      "aws iam update-access-key --user-name ci-deployer --access-key-id AKIAZFAKEKEY7TEST2ID --status Inactive",
      "aws iam delete-access-key --user-name ci-deployer --access-key-id AKIAZFAKEKEY7TEST2ID",
      "does **not** stop a long-term access key itself",
      "\"aws:TokenIssueTime\": \"2026-11-28T19:00:00Z\"",
      "aws iam put-user-policy --user-name ci-deployer --policy-name AWSRevokeOlderSessions",
      "aws iam put-role-policy --role-name <ROLE> --policy-name AWSRevokeOlderSessions",
      "Root-owned keys cannot be restricted",
      "AttributeKey=AccessKeyId,AttributeValue=AKIAZFAKEKEY7TEST2ID",
      "CreatePolicyVersion",
      "aws ec2 describe-regions --all-regions",
      "aws ec2 describe-spot-instance-requests",
      "aws lambda list-functions",
      "90 days",
      "keysweep hook install",
      "keysweep git --range",
      "Do not mark the case resolved until AWS confirms",
  };
  size_t pos = 0;
  for (const std::string& step : in_order) {
    CAPTURE(step);
    size_t found = runbook.find(step, pos);
    REQUIRE(found != std::string::npos);
    pos = found;
  }
}

TEST_CASE("temporary keys get revocation, not deactivation; an unknown owner is looked up") {
  ResponseRequest request;
  request.key_ids = {"ASIAY34FZKBOKMUTVV7A"};
  std::string runbook = RenderRunbook(Plan(request));
  CHECK(runbook.find("Temporary credentials cannot be deactivated") != std::string::npos);
  CHECK(runbook.find("update-access-key --user-name <USER> --access-key-id ASIA") == std::string::npos);
  request.key_ids = {"AKIAZFAKEKEY7TEST2ID"};
  CHECK(RenderRunbook(Plan(request)).find("Find the IAM user that owns it") != std::string::npos);
}

TEST_CASE("a findings report supplies the keys and where they were exposed") {
  TempDir dir;
  std::string report = dir.Write("findings.json", R"json({"findings": [
    {"rule_id": "aws.access-key-id", "key_id": "AKIAZFAKEKEY7TEST2ID", "companions": [{"name": "secret_access_key", "value": "fAkE****"}],
     "locations": [{"path": "deploy/prod.env", "line": 3, "commit": "0123456789abcdef0123456789abcdef01234567",
                    "date": "2026-10-01T08:00:00Z", "author": "Dev Eloper"}]},
    {"rule_id": "github.pat-classic", "secret": "ghp_****", "locations": []}]})json");
  ResponseRequest request;
  request.findings_path = report;
  ResponsePlan plan = Plan(request);
  REQUIRE(plan.keys.size() == 1);
  CHECK(plan.keys[0].secret_exposed);
  REQUIRE(plan.keys[0].exposures.size() == 1);
  CHECK(plan.keys[0].exposures[0].path == "deploy/prod.env");
  std::string runbook = RenderRunbook(plan);
  CHECK(runbook.find("`deploy/prod.env:3` in commit `0123456789ab` on 2026-10-01T08:00:00Z") != std::string::npos);

  std::string jsonl = dir.Write("findings.jsonl",
      "{\"key_id\": \"ASIAY34FZKBOKMUTVV7A\", \"locations\": []}\n\n{\"key_id\": \"AKIAZFAKEKEY7TEST2ID\"}\n");
  request.findings_path = jsonl;
  CHECK(Plan(request).keys.size() == 2);
  request.findings_path = dir.Write("broken.json", "{\"findings\": 3}");
  CHECK_FALSE(BuildResponsePlan(request).ok());
}

TEST_CASE("paths and author names from a findings report cannot drive the terminal or the Markdown") {
  TempDir dir;
  // A hostile repository: ESC, BEL, CR, U+202E and a line separator in the path; Markdown and a
  // backtick in the author name.
  std::string report = dir.Write("findings.json", R"json({"findings": [
    {"rule_id": "aws.access-key-id", "key_id": "AKIAZFAKEKEY7TEST2ID",
     "locations": [{"path": "ev\u001b[2Jil\u0007\r\u202etxt.env\u2028x|y`z", "line": 1,
                    "commit": "0123456789abcdef0123456789abcdef01234567",
                    "author": "Mallory `rm -rf` [click](http://x) <b>\u001b]0;pwned\u0007"}]}]})json");
  ResponseRequest request;
  request.findings_path = report;
  std::string runbook = RenderRunbook(Plan(request));
  CHECK(runbook.find('\x1b') == std::string::npos);
  CHECK(runbook.find('\a') == std::string::npos);
  CHECK(runbook.find('\r') == std::string::npos);
  CHECK(runbook.find("\xe2\x80\xae") == std::string::npos);  // U+202E
  CHECK(runbook.find("\xe2\x80\xa8") == std::string::npos);  // U+2028
  CHECK(runbook.find("`ev\\x1b[2Jil\\x07\\r\\u{202e}txt.env\\u{2028}x\\x7cy\\x60z:1`") != std::string::npos);
  CHECK(runbook.find("Mallory \\`rm -rf\\` \\[click\\]\\(http://x\\) \\<b\\>\\\\x1b\\]0;pwned\\\\x07") !=
        std::string::npos);
}

TEST_CASE("--user must be an IAM user name: it lands in response.sh") {
  ResponseRequest request;
  request.key_ids = {"AKIAZFAKEKEY7TEST2ID"};
  request.user = "deploy$(touch /tmp/x)";
  CHECK_FALSE(BuildResponsePlan(request).ok());
  request.user = "ci-deploy+bot@example.com";
  CHECK(BuildResponsePlan(request).ok());
}

TEST_CASE("the bundle holds the policy, runbook, script and support-case text") {
  TempDir dir;
  ResponseRequest request;
  request.key_ids = {"AKIAZFAKEKEY7TEST2ID"};
  ResponsePlan plan = Plan(request);
  REQUIRE(WriteResponseBundle(plan, dir.Join("out")).ok());
  CHECK(testing::ReadFile(dir.Join("out/revoke-older-sessions.json")) == plan.policy_json);
  CHECK(testing::ReadFile(dir.Join("out/RUNBOOK.md")) == RenderRunbook(plan));
  std::string script = testing::ReadFile(dir.Join("out/response.sh"));
  CHECK(script.find("set -euo pipefail") != std::string::npos);
  CHECK(script.find("confirm 'Deactivate AKIAZFAKEKEY7TEST2ID?'") != std::string::npos);
  std::string support = testing::ReadFile(dir.Join("out/support-case.txt"));
  CHECK(support.find("account 629233963313") != std::string::npos);
  CHECK(support.find("2026-11-28T19:00:00Z") != std::string::npos);
  nlohmann::json json = nlohmann::json::parse(RenderResponseJson(plan));
  CHECK(json["keys"][0]["account_id"] == "629233963313");
  CHECK(json["policy"]["Statement"]["Effect"] == "Deny");
}

}  // namespace
TEST_CASE("--out refuses a symlinked directory and writes nothing through it") {
  TempDir dir;
  mkdir(dir.Join("elsewhere").c_str(), 0755);
  REQUIRE(symlink("elsewhere", dir.Join("out").c_str()) == 0);
  ResponseRequest request;
  request.key_ids = {"AKIAZFAKEKEY7TEST2ID"};
  ResponsePlan plan = Plan(request);
  for (const std::string& out : {dir.Join("out"), dir.Join("out/")}) {
    Status s = WriteResponseBundle(plan, out);
    REQUIRE_FALSE(s.ok());
    CHECK(s.message().find("symbolic link") != std::string::npos);
  }
  CHECK(std::filesystem::is_empty(dir.Join("elsewhere")));
}

TEST_CASE("--out replaces a planted response.sh link; its target keeps its bytes and mode") {
  TempDir dir;
  std::string victim = dir.Write("home/.profile", "umask 022\n");
  chmod(victim.c_str(), 0600);
  mkdir(dir.Join("out").c_str(), 0755);
  REQUIRE(symlink("../home/.profile", dir.Join("out/response.sh").c_str()) == 0);
  ResponseRequest request;
  request.key_ids = {"AKIAZFAKEKEY7TEST2ID"};
  ResponsePlan plan = Plan(request);
  REQUIRE(WriteResponseBundle(plan, dir.Join("out")).ok());
  CHECK(testing::ReadFile(victim) == "umask 022\n");
  struct stat st {};
  REQUIRE(stat(victim.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  REQUIRE(lstat(dir.Join("out/response.sh").c_str(), &st) == 0);
  CHECK(S_ISREG(st.st_mode));
  CHECK((st.st_mode & 07777) == 0644);
  CHECK(testing::ReadFile(dir.Join("out/response.sh")) == RenderShellScript(plan));
}

}  // namespace keysweep
