#include "scanner/fingerprint.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "scanner/baseline.h"
#include "scanner/scan.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

Finding MakeFinding(const std::string& rule_id, const std::string& secret, bool redact = true) {
  Finding finding;
  finding.rule_id = rule_id;
  finding.secret = secret;
  finding.redact = redact;
  return finding;
}

Finding KeyWith(std::vector<std::string> secrets) {
  Finding finding = MakeFinding("aws.access-key-id", testing::kFakeKeyId, /*redact=*/false);
  for (const std::string& secret : secrets) finding.companions.push_back({"secret_access_key", secret});
  AssignFingerprints(&finding);
  return finding;
}

TEST_CASE("a guessable secret's fingerprint is Argon2id, not the fast hash a word list can test") {
  CHECK(IsGuessable("hunter2"));
  CHECK(IsGuessable("correct horse battery staple"));
  CHECK_FALSE(IsGuessable(testing::kFakeSecret));
  std::string slow = Fingerprint("netrc.password", "hunter2");
  CHECK(slow.size() == 32);
  CHECK(slow != LegacyFingerprint("netrc.password", "hunter2"));
  CHECK(slow == Fingerprint("netrc.password", "hunter2"));          // stable: baselines agree across runs
  CHECK(slow != Fingerprint("url.credentials", "hunter2"));         // salted by the rule
  CHECK(Fingerprint("netrc.password", "hunter2", /*is_public=*/true) ==
        LegacyFingerprint("netrc.password", "hunter2"));
  // High-entropy tokens keep keysweep 0.1's fingerprints: their baselines still match.
  CHECK(Fingerprint("aws.secret", testing::kFakeSecret) == LegacyFingerprint("aws.secret", testing::kFakeSecret));
}

TEST_CASE("a fingerprint key changes guessable secrets' fingerprints only") {
  std::string unkeyed = Fingerprint("netrc.password", "hunter2");
  std::string token = Fingerprint("aws.secret", testing::kFakeSecret);
  SetFingerprintKey("a CI secret");
  std::string keyed = Fingerprint("netrc.password", "hunter2");
  std::string keyed_token = Fingerprint("aws.secret", testing::kFakeSecret);
  SetFingerprintKey("");
  CHECK(keyed != unkeyed);
  CHECK(keyed_token == token);
  CHECK(Fingerprint("netrc.password", "hunter2") == unkeyed);
}

TEST_CASE("a finding's fingerprint covers its companions, and each is a part") {
  Finding lone = KeyWith({});
  Finding first = KeyWith({testing::kFakeSecret});
  Finding rotated = KeyWith({"fAkE/SeCrEt+Key0123ForTestsOnly9876zYxWv"});
  CHECK(lone.part_fingerprints.empty());
  CHECK(lone.fingerprint == LegacyFingerprint("aws.access-key-id", testing::kFakeKeyId));
  REQUIRE(first.part_fingerprints.size() == 2);
  CHECK(first.part_fingerprints[0] == lone.fingerprint);
  CHECK(first.fingerprint != lone.fingerprint);
  CHECK(rotated.fingerprint != first.fingerprint);
  // The same secret key beside another key id is another part.
  Finding other = MakeFinding("aws.access-key-id", testing::kOtherFakeKeyId, false);
  other.companions.push_back({"secret_access_key", testing::kFakeSecret});
  AssignFingerprints(&other);
  CHECK(other.part_fingerprints[1] != first.part_fingerprints[1]);
}

TEST_CASE("an allow-list hides a finding only when every part of it is listed") {
  Finding first = KeyWith({testing::kFakeSecret});
  std::set<std::string> baseline(first.part_fingerprints.begin(), first.part_fingerprints.end());
  baseline.insert(first.fingerprint);
  CHECK(CheckAllowed(first, baseline) == AllowedBy::kFingerprint);
  CHECK(CheckAllowed(KeyWith({}), baseline) == AllowedBy::kFingerprint);  // the key id alone elsewhere
  // A new secret beside the known key id is new, alone or with the old one.
  CHECK(CheckAllowed(KeyWith({"fAkE/SeCrEt+Key0123ForTestsOnly9876zYxWv"}), baseline) ==
        AllowedBy::kNothingButItsKey);
  CHECK(CheckAllowed(KeyWith({testing::kFakeSecret, "fAkE/SeCrEt+Key0123ForTestsOnly9876zYxWv"}), baseline) ==
        AllowedBy::kNothingButItsKey);
  CHECK(CheckAllowed(KeyWith({"fAkE/SeCrEt+Key0123ForTestsOnly9876zYxWv"}), {first.fingerprint}) ==
        AllowedBy::kNothing);
  // The fingerprint alone (copied from a report into allow_fingerprints) hides exactly that finding.
  CHECK(CheckAllowed(first, {first.fingerprint}) == AllowedBy::kFingerprint);
  // keysweep 0.1 listed the key id only: the secret beside it is reported now.
  CHECK(CheckAllowed(first, {LegacyFingerprint("aws.access-key-id", testing::kFakeKeyId)}) ==
        AllowedBy::kNothingButItsKey);
}

TEST_CASE("keysweep 0.1's fingerprint of a guessable secret still hides it, flagged") {
  Finding password = MakeFinding("netrc.password", "hunter2");
  AssignFingerprints(&password);
  CHECK(CheckAllowed(password, {LegacyFingerprint("netrc.password", "hunter2")}) == AllowedBy::kLegacyFingerprint);
  Report report;
  report.findings.push_back(password);
  ApplySuppressions({LegacyFingerprint("netrc.password", "hunter2")}, &report);
  CHECK(report.findings.empty());
  REQUIRE(report.diagnostics.size() == 1);
  CHECK(report.diagnostics[0].message.find("record the baseline again") != std::string::npos);
}

TEST_CASE("a baseline records the parts, and a secret rotated in place beside a known key id is reported") {
  testing::TempDir dir;
  std::string file = dir.Write("app/settings.py", std::string("AWS_ACCESS_KEY_ID = \"") + testing::kFakeKeyId +
                                                      "\"\nAWS_SECRET_ACCESS_KEY = \"" + testing::kFakeSecret + "\"\n");
  std::string baseline = dir.Join("baseline.json");
  REQUIRE(testing::RunCli({"baseline", dir.Join("app"), "-o", baseline}).code == 0);
  Result<std::vector<BaselineEntry>> entries = ReadBaseline(baseline);
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 1);
  CHECK((*entries)[0].parts.size() == 2);
  CHECK(testing::RunCli({"scan", dir.Join("app"), "--baseline", baseline}).code == 0);
  dir.Write("app/settings.py", std::string("AWS_ACCESS_KEY_ID = \"") + testing::kFakeKeyId +
                                   "\"\nAWS_SECRET_ACCESS_KEY = \"fAkE/SeCrEt+Key0123ForTestsOnly9876zYxWv\"\n");
  testing::CliResult rotated = testing::RunCli({"scan", dir.Join("app"), "--baseline", baseline, "-f", "json"});
  CHECK(rotated.code == 1);
  // A baseline written by keysweep 0.1 (the key id's fingerprint only) no longer hides the pair.
  std::string old_baseline = dir.Write("old.json", "{\"keysweep_baseline\": 1, \"findings\": [{\"fingerprint\": \"" +
                                                       LegacyFingerprint("aws.access-key-id", testing::kFakeKeyId) +
                                                       "\"}]}");
  testing::CliResult old = testing::RunCli({"scan", dir.Join("app"), "--baseline", old_baseline});
  CHECK(old.code == 1);
  CHECK(old.err.find("their key id is allowed") != std::string::npos);
}

}  // namespace
}  // namespace keysweep
