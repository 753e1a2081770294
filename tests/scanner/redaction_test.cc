// Redaction end to end (issue 12): whatever the secret and wherever it sits in
// its snippet, no report format prints more of it than its first four
// characters (never more than a quarter of it); --show-secrets prints it all.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scanner/redact.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::kFakeKeyId;
using testing::kFakeSecret;

const std::vector<std::string> kFormats = {"text", "json", "jsonl", "sarif"};

// What `keysweep scan` prints (report and diagnostics) for a folder holding one file.
std::string ScanOutput(const std::string& name, const std::string& content, const std::string& format,
                       bool show_secrets = false) {
  testing::TempDir dir;
  dir.Write(name, content);
  std::vector<std::string> args = {"scan", dir.path(), "--format", format};
  if (show_secrets) args.push_back("--show-secrets");
  testing::CliResult result = testing::RunCli(args);
  CHECK(result.code == 1);
  return result.out + result.err;
}

// The first piece of `secret` (`width` bytes, not starting at its first byte)
// that `output` shows, or "" when it shows none: anything past the prefix.
// Shorter pieces occur by chance in rule names and temporary paths.
std::string Leak(const std::string& output, const std::string& secret, size_t width = 8) {
  for (size_t i = 1; i + width <= secret.size(); ++i) {
    std::string piece = secret.substr(i, width);
    if (piece.find_first_of("\r\n") != std::string::npos) continue;  // JSON escapes line breaks
    if (output.find(piece) != std::string::npos) return piece;
  }
  return "";
}

// Checks every format: nothing of `secret` past its prefix; and that
// --show-secrets prints `reported` (the secret as the rule reports it; default
// `secret`) whole.
void CheckRedactedEverywhere(const std::string& name, const std::string& content, const std::string& secret,
                             std::string reported = "") {
  for (const std::string& format : kFormats) {
    CAPTURE(format);
    CHECK(Leak(ScanOutput(name, content, format), secret) == "");
  }
  if (reported.empty()) reported = secret;
  std::string shown = ScanOutput(name, content, "text", /*show_secrets=*/true);
  for (size_t from = 0, to; from < reported.size(); from = to + 1) {  // the text report escapes line breaks
    to = std::min(reported.find('\n', from), reported.size());
    CHECK(shown.find(reported.substr(from, to - from)) != std::string::npos);
  }
}

// A made-up RSA key body (the rule's own example): 8 lines of 64 characters.
const std::string kPemBody =
    "MIIEowIBAAKCAQEAFakeKeyForKeysweepTestsOnly5stmwjmdth6u6XFkUg9T0\n"
    "FakeKeyForKeysweepTestsOnlymren17CAxbJkxnYdWbKZMzjhY8kzhXjBZqBEI\n"
    "FakeKeyForKeysweepTestsOnlyLuJ3Dj3zE1I+12711CKGjEUxSlWipQ1OzINEo\n"
    "FakeKeyForKeysweepTestsOnly/DFb67j+ldeFAOOJ7+tWbgHq9XH46q8p3Xcf5\n"
    "FakeKeyForKeysweepTestsOnly+bCChzVYC6hj3VcRP1u5AG9nz/a54XWeqLKqE\n"
    "FakeKeyForKeysweepTestsOnlyQo1M/nGQts2Q2xPG/8A9UhkehbGfYdcz7PM8X\n"
    "FakeKeyForKeysweepTestsOnly7eUeeRhHtHYEcs524TL3AGMe/l2O2RUVFIs5l\n"
    "FakeKeyForKeysweepTestsOnlyTYhJcw4AaAb3vivlAOX+qXp4ZFhCctYZqPTZ4";

TEST_CASE("a PEM key: no report shows its body past the first four characters") {
  std::string pem = "-----BEGIN RSA PRIVATE KEY-----\n" + kPemBody + "\n-----END RSA PRIVATE KEY-----\n";
  // The rule reports the body's first 221 characters as the secret.
  CheckRedactedEverywhere("deploy_key", pem, kPemBody, kPemBody.substr(0, 221));
}

TEST_CASE("a PEM key pasted into JSON with \\n escapes: the rest of its line stays masked") {
  std::string escaped;
  for (char c : kPemBody) escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
  std::string json = "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + escaped +
                     "\\n-----END PRIVATE KEY-----\\n\"}\n";
  for (const std::string& format : kFormats) {
    CAPTURE(format);
    std::string output = ScanOutput("sa.json", json, format);
    for (size_t from = 0; from < kPemBody.size(); from += 65) {  // each line of the body
      CHECK(Leak(output, kPemBody.substr(from, 64)) == "");
    }
  }
}

TEST_CASE(".env: a '#' inside an unquoted value is part of it; one after a space starts a comment") {
  const std::string value = "Fake#Pw9forTests";
  CheckRedactedEverywhere(".env", "DB_PASSWORD=" + value + "\n", value);
  nlohmann::json doc = nlohmann::json::parse(ScanOutput(".env", "DB_PASSWORD=" + value + "\n", "json", true));
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["secret"] == value);
  doc = nlohmann::json::parse(ScanOutput(".env", "DB_PASSWORD=FakePw9forTests # rotated\n", "json", true));
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["secret"] == "FakePw9forTests");
}

TEST_CASE("a value a rule cuts short at a '#' is masked to the end of its token") {
  // The YAML rules still end a plain value at '#' (see spring.yaml-secret).
  const std::string value = "Fake#Pw9forTests";
  CheckRedactedEverywhere("application.yml", "spring:\n  datasource:\n    password: " + value + "\n", value);
}

TEST_CASE("a secret in another finding's snippet is masked there too") {
  const std::string token = "ghp_FakeTestTokenD42SBOInKDcP9CvI1QFqYwx";
  const std::string stripe = "sk_live_FakeTestKeyVyQv0sh3FNqjr";
  std::string line = "GITHUB_TOKEN=" + token + " STRIPE=" + stripe + "\n";
  CheckRedactedEverywhere("ci.sh", line, token);
  CheckRedactedEverywhere("ci.sh", line, stripe);
}

TEST_CASE("an AWS key id's snippet masks the GitHub and Stripe secrets on its line") {
  const std::string token = "ghp_FakeTestTokenD42SBOInKDcP9CvI1QFqYwx";
  const std::string stripe = "sk_live_FakeTestKeyVyQv0sh3FNqjr";
  std::string line = "env GITHUB_TOKEN=" + token + " AWS_ACCESS_KEY_ID=" + kFakeKeyId + " STRIPE=" + stripe + "\n";
  CheckRedactedEverywhere("deploy.sh", line, token);
  CheckRedactedEverywhere("deploy.sh", line, stripe);
  for (const std::string& format : kFormats) {
    CAPTURE(format);
    CHECK(ScanOutput("deploy.sh", line, format).find(kFakeKeyId) != std::string::npos);
  }
}

TEST_CASE("a companion the snippet window cuts at its start is masked whole") {
  // The secret access key ends 60 bytes before the key id: the key id's snippet
  // starts 80 bytes before it, in the middle of the secret.
  std::string line = std::string(kFakeSecret) + " " + std::string(59, '-') + " " + kFakeKeyId + "\n";
  for (const char* format : {"text", "json", "jsonl"}) {  // SARIF's rule help says "TestPyPI"
    CAPTURE(format);
    CHECK(Leak(ScanOutput("keys.txt", line, format), kFakeSecret, 4) == "");
  }
}

TEST_CASE("an AWS key id stays visible; its secret on the next line is masked") {
  std::string text = std::string("aws_access_key_id = ") + kFakeKeyId + "\naws_secret_access_key = " + kFakeSecret + "\n";
  for (const std::string& format : kFormats) {
    CAPTURE(format);
    std::string output = ScanOutput("credentials", text, format);
    CHECK(output.find(kFakeKeyId) != std::string::npos);
    CHECK(Leak(output, kFakeSecret) == "");
  }
}

TEST_CASE("RenderSnippet merges overlapping and adjacent spans before masking") {
  // [2, 12) and [8, 28) overlap (secrets of 8 and 16 bytes); the last two B's are not secret.
  Snippet snippet{"k=AAAAAABBBBBBBBBBBBBBBBBBBBBB;", {{2, 12, 8}, {8, 28, 16}}};
  CHECK(RenderSnippet(snippet, Redaction{}) == "k=AA****BB;");
  CHECK(RenderSnippet(snippet, Redaction{.percent = 100}) == "k=****BB;");
  CHECK(RenderSnippet(snippet, Redaction{.show_secrets = true}) == snippet.text);
  // A span starting inside the shown prefix of another may not be shown through it.
  Snippet nested{"k=ABCDEFGHIJKLMNOPQRSTUVWXYZ;", {{2, 28, 16}, {3, 7, 4}}};
  CHECK(RenderSnippet(nested, Redaction{}) == "k=AB****;");
  Snippet adjacent{"k=ABCDEFGHIJKLMNOP;", {{2, 10, 8}, {10, 18, 8}}};
  CHECK(RenderSnippet(adjacent, Redaction{}) == "k=AB****;");
  Snippet beyond{"k=ABCDEFGH", {{2, 40, 16}}};
  CHECK(RenderSnippet(beyond, Redaction{}) == "k=ABCD****");
}

}  // namespace
}  // namespace keysweep
