// --redact[=PERCENT], gitleaks' flag (issue 12): bare or 100 shows no character
// of a secret; a percentage hides at least that share, never less than the
// default does; with --show-secrets it is a usage error.
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

// `keysweep scan` of one file holding a key id and its secret, with `extra` flags.
testing::CliResult Scan(const std::string& format, const std::vector<std::string>& extra) {
  testing::TempDir dir;
  dir.Write("creds.txt", std::string("creds ") + kFakeKeyId + ":" + kFakeSecret + "\n");
  std::vector<std::string> args = {"scan", dir.path(), "--format", format};
  args.insert(args.end(), extra.begin(), extra.end());
  return testing::RunCli(args);
}

const std::string kSecret = kFakeSecret;

TEST_CASE("ShownPrefixLength: the default, and --redact percentages") {
  CHECK(ShownPrefixLength(40) == 4);
  CHECK(ShownPrefixLength(8) == 2);
  CHECK(ShownPrefixLength(40, 0) == 4);   // below the default: the default
  CHECK(ShownPrefixLength(8, 50) == 2);
  CHECK(ShownPrefixLength(40, 95) == 2);
  CHECK(ShownPrefixLength(40, 100) == 0);
  CHECK(RedactSecret(kSecret, 100) == "****");
}

TEST_CASE("--redact shows no character of a secret in text, json and sarif") {
  for (const std::string format : {"text", "json", "sarif"}) {
    CAPTURE(format);
    testing::CliResult result = Scan(format, {"--redact"});
    CHECK(result.code == 1);
    CHECK(result.out.find(kSecret.substr(0, 4)) == std::string::npos);
    CHECK(result.out.find("****") != std::string::npos);
    CHECK(result.out.find(kFakeKeyId) != std::string::npos);  // a public id stays whole
    testing::CliResult hundred = Scan(format, {"--redact=100"});
    CHECK(hundred.out.find(kSecret.substr(0, 4)) == std::string::npos);
  }
  nlohmann::json doc = nlohmann::json::parse(Scan("json", {"--redact"}).out);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["companions"][0]["value"] == "****");
}

TEST_CASE("--redact=PERCENT: less than the default shows the default, more shows less") {
  for (const std::string format : {"text", "json", "sarif"}) {
    CAPTURE(format);
    std::string default_output = Scan(format, {}).out;
    CHECK(default_output.find(kSecret.substr(0, 4) + "****") != std::string::npos);
    CHECK(Scan(format, {"--redact=20"}).out.find(kSecret.substr(0, 4) + "****") != std::string::npos);
    std::string most = Scan(format, {"--redact=95"}).out;
    CHECK(most.find(kSecret.substr(0, 2) + "****") != std::string::npos);
    CHECK(most.find(kSecret.substr(0, 3)) == std::string::npos);
  }
}

TEST_CASE("--redact with --show-secrets, or a bad percentage, is a usage error") {
  testing::CliResult both = Scan("text", {"--redact", "--show-secrets"});
  CHECK(both.code == 2);
  CHECK(both.err.find("--redact and --show-secrets") != std::string::npos);
  CHECK(both.out.find(kSecret) == std::string::npos);
  CHECK(Scan("text", {"--redact=101"}).code == 2);
  CHECK(Scan("text", {"--redact=x"}).code == 2);
}

}  // namespace
}  // namespace keysweep
