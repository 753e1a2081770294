#include "tests/test_util.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "detectors/rule_loader.h"

namespace keysweep::testing {

TempDir::TempDir() {
  const char* base = getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/keysweep-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  // Restore permissions a test may have removed, then delete.
  for (auto it = std::filesystem::recursive_directory_iterator(
           path_, std::filesystem::directory_options::skip_permission_denied, ignored);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ignored)) {
    if (it->is_directory(ignored) && !it->is_symlink(ignored)) chmod(it->path().c_str(), 0700);
  }
  std::filesystem::remove_all(path_, ignored);
}

ScopedChdir::ScopedChdir(const std::string& dir) : previous_(std::filesystem::current_path()) {
  std::filesystem::current_path(dir);
}

ScopedChdir::~ScopedChdir() {
  std::error_code ignored;
  std::filesystem::current_path(previous_, ignored);
}

std::string TempDir::Write(const std::string& relative, const std::string& content) const {
  std::string full = Join(relative);
  std::filesystem::create_directories(std::filesystem::path(full).parent_path());
  std::ofstream out(full, std::ios::binary | std::ios::trunc);
  out << content;
  return full;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string SourcePath(const std::string& relative) {
  return std::string(KEYSWEEP_SOURCE_DIR) + "/" + relative;
}

std::shared_ptr<const Engine> BuiltinEngine() {
  static const std::shared_ptr<const Engine> engine = [] {
    std::vector<Rule> rules;
    for (const Rule& rule : BuiltinRules()) {
      if (rule.enabled_by_default) rules.push_back(rule);
    }
    Result<std::shared_ptr<const Engine>> created = Engine::Create(rules, EngineOptions{});
    if (!created.ok()) throw std::runtime_error(created.status().message());
    return *created;
  }();
  return engine;
}

CliResult RunCli(const std::vector<std::string>& args, int stdin_fd) {
  std::ostringstream out, err;
  std::vector<std::string> argv{"keysweep"};
  argv.insert(argv.end(), args.begin(), args.end());
  cli::Io io{out, err, stdin_fd < 0 ? 0 : stdin_fd, false};
  int code = cli::Run(argv, io);
  return {code, out.str(), err.str()};
}

bool HasDiagnostic(const Report& report, const std::string& text, const std::string& path) {
  for (const Diagnostic& d : report.diagnostics) {
    if ((path.empty() || d.path == path) && d.message.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace keysweep::testing
