// `keysweep git REPO1 REPO2 ...` and `--repos-from`: each repository scanned
// as on its own, every finding and diagnostic naming its repository.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/repository_list.h"
#include "tests/git/git_test_repo.h"
#include "tests/test_util.h"

namespace keysweep {
namespace {

using testing::GitTestRepo;
using testing::kFakeKeyId;
using testing::kOtherFakeKeyId;
using testing::RunCli;

// A repository with one committed key id in .env.
struct LeakyRepo {
  explicit LeakyRepo(const char* key_id) {
    repo.Write(".env", std::string("AWS_ACCESS_KEY_ID=") + key_id + "\n");
    repo.CommitAll("add env");
  }
  GitTestRepo repo;
};

// "repository key_id" for every finding of a JSON report, in report order.
std::vector<std::string> RepositoriesAndKeys(const nlohmann::json& findings) {
  std::vector<std::string> out;
  for (const auto& finding : findings) {
    out.push_back(finding.value("repository", "-") + " " + finding.value("key_id", ""));
  }
  return out;
}

// A file descriptor reading `text` (a test's stdin).
int StdinWith(const testing::TempDir& dir, const std::string& text) {
  return open(dir.Write("stdin", text).c_str(), O_RDONLY);
}

TEST_CASE("several repositories in one run: every finding names its repository") {
  LeakyRepo a(kFakeKeyId);
  LeakyRepo b(kOtherFakeKeyId);
  testing::CliResult json = RunCli({"git", "-q", "-f", "json", a.repo.path(), b.repo.path()});
  CHECK(json.code == cli::kExitFindings);
  nlohmann::json doc = nlohmann::json::parse(json.out);
  std::vector<std::string> found = RepositoriesAndKeys(doc["findings"]);
  std::sort(found.begin(), found.end());
  std::vector<std::string> want = {a.repo.path() + " " + kFakeKeyId, b.repo.path() + " " + kOtherFakeKeyId};
  std::sort(want.begin(), want.end());
  CHECK(found == want);

  testing::CliResult text = RunCli({"git", "-q", "--color", "never", a.repo.path(), b.repo.path()});
  CHECK(text.out.find("  repository " + a.repo.path() + "\n  key id     " + kFakeKeyId) != std::string::npos);
  CHECK(text.out.find("  repository " + b.repo.path() + "\n  key id     " + kOtherFakeKeyId) != std::string::npos);

  testing::CliResult sarif = RunCli({"git", "-q", "-f", "sarif", a.repo.path(), b.repo.path()});
  CHECK(sarif.out.find("\"repository\": \"" + a.repo.path() + "\"") != std::string::npos);
  CHECK(sarif.out.find("\"repository\": \"" + b.repo.path() + "\"") != std::string::npos);
}

TEST_CASE("a repository that cannot be opened is an error naming it; the others are scanned; exit 2") {
  LeakyRepo a(kFakeKeyId);
  testing::TempDir not_a_repo;
  std::string missing = not_a_repo.Join("nowhere");
  LeakyRepo b(kOtherFakeKeyId);
  testing::CliResult result = RunCli({"git", "-q", "-f", "json", a.repo.path(), missing, b.repo.path()});
  CHECK(result.code == cli::kExitError);  // a partial audit never passes a gate
  nlohmann::json doc = nlohmann::json::parse(result.out);
  CHECK(doc["findings"].size() == 2);
  bool named = false;
  for (const auto& d : doc["diagnostics"]) {
    named = named || (d["level"] == "error" && d["repository"] == missing);
  }
  CHECK(named);
  CHECK(result.err.find("keysweep: error: " + missing + ": not scanned: ") != std::string::npos);
  CHECK(result.err.find("1 repository was not scanned") != std::string::npos);
}

TEST_CASE("--repos-from: one path a line, comments and blank lines skipped, - reads stdin") {
  CHECK(cli::ParseRepositoryList("# fleet\n\n  /srv/a  \n\t# old\n/srv/b\r\n/srv/c") ==
        std::vector<std::string>{"/srv/a", "/srv/b", "/srv/c"});
  LeakyRepo a(kFakeKeyId);
  LeakyRepo b(kOtherFakeKeyId);
  testing::TempDir dir;
  std::string list = "# repositories to audit\n\n" + a.repo.path() + "\n   # " + b.repo.path() + "\n";
  testing::CliResult one = RunCli({"git", "-q", "-f", "json", "--repos-from", dir.Write("list.txt", list)});
  CHECK(one.code == cli::kExitFindings);
  // A list of one still names its repository: shards of a fleet are merged later.
  CHECK(RepositoriesAndKeys(nlohmann::json::parse(one.out)["findings"]) ==
        std::vector<std::string>{a.repo.path() + " " + kFakeKeyId});

  int fd = StdinWith(dir, a.repo.path() + "\n" + b.repo.path() + "\n");
  testing::CliResult piped = RunCli({"git", "-q", "-f", "json", "--repos-from", "-"}, fd);
  close(fd);
  CHECK(nlohmann::json::parse(piped.out)["findings"].size() == 2);
  CHECK(RunCli({"git", "--repos-from", dir.Write("empty.txt", "# nothing\n")}).code == cli::kExitError);
  CHECK(RunCli({"git", "--repos-from", dir.Join("missing.txt")}).code == cli::kExitError);
}

TEST_CASE("--format jsonl with several repositories: one stream, in the order given, each line naming its repository") {
  LeakyRepo a(kFakeKeyId);
  LeakyRepo b(kOtherFakeKeyId);
  testing::TempDir out;
  std::string path = out.Join("audit.jsonl");
  testing::CliResult result = RunCli({"git", "-q", "-f", "jsonl", "-o", path, b.repo.path(), a.repo.path()});
  CHECK(result.code == cli::kExitFindings);
  CHECK(result.err.find("keysweep: 2 findings (2 high)") != std::string::npos);
  std::istringstream lines(testing::ReadFile(path));
  std::vector<std::string> found;
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json finding = nlohmann::json::parse(line);
    found.push_back(finding["repository"].get<std::string>() + " " + finding["key_id"].get<std::string>());
  }
  CHECK(found == std::vector<std::string>{b.repo.path() + " " + kOtherFakeKeyId, a.repo.path() + " " + kFakeKeyId});
}

TEST_CASE("--staged, --range, --since and --pre-push take exactly one repository") {
  LeakyRepo a(kFakeKeyId);
  LeakyRepo b(kOtherFakeKeyId);
  testing::TempDir dir;
  std::string list = dir.Write("list.txt", a.repo.path() + "\n");
  for (std::vector<std::string> mode : {std::vector<std::string>{"--staged"}, {"--range", "HEAD..HEAD"},
                                        {"--since", "HEAD"}, {"--pre-push", "origin"}}) {
    std::vector<std::string> args = {"git"};
    args.insert(args.end(), mode.begin(), mode.end());
    std::vector<std::string> two = args;
    two.insert(two.end(), {a.repo.path(), b.repo.path()});
    testing::CliResult result = RunCli(two);
    CHECK(result.code == cli::kExitError);
    CHECK(result.err.find("take one repository") != std::string::npos);
    std::vector<std::string> listed = args;
    listed.insert(listed.end(), {"--repos-from", list});
    CHECK(RunCli(listed).code == cli::kExitError);
  }
}

TEST_CASE("one repository: reports are as before, naming no repository") {
  LeakyRepo a(kFakeKeyId);
  testing::CliResult json = RunCli({"git", "-q", "-f", "json", a.repo.path()});
  CHECK(json.code == cli::kExitFindings);
  CHECK(json.out.find("\"repository\"") == std::string::npos);
  testing::CliResult text = RunCli({"git", "-q", "--color", "never", a.repo.path()});
  CHECK(text.out.find("repository") == std::string::npos);
}

}  // namespace
}  // namespace keysweep
