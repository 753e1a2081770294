#include "policies/lint.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <set>

#include "core/glob.h"
#include "policies/policy_check.h"
#include "policies/policy_sources.h"
#include "scanner/config.h"
#include "scanner/file_walker.h"
#include "scanner/fingerprint.h"

namespace keysweep {
namespace {

constexpr const char* kInvalidJson = "iam.invalid-json";
constexpr const char* kNotAPolicy = "iam.not-a-policy";

// "path-glob" or "path-glob#/json/pointer/prefix".
struct IgnoreRule {
  GlobSet paths;
  std::string pointer_prefix;
};

struct LintSettings {
  std::set<std::string> disabled;
  std::map<std::string, Severity> severity;
  std::vector<IgnoreRule> ignore;
};

Result<LintSettings> Settings(const LintRequest& request) {
  LintSettings settings;
  Result<Config> config = FindConfig(request.config_path, ".");
  if (!config.ok()) return config.status();
  auto known = [](const std::string& id) {
    return id == kInvalidJson || id == kNotAPolicy || FindPolicyCheck(id) != nullptr;
  };
  for (const std::vector<std::string>* list :
       {static_cast<const std::vector<std::string>*>(&config->policy_disable_checks), &request.disable_checks}) {
    for (const std::string& id : *list) {
      if (!known(id)) return Status::Error("unknown policy check '" + id + "' (see keysweep policy --list-checks)");
      settings.disabled.insert(id);
    }
  }
  for (const auto& [id, name] : config->policy_severity) {
    std::optional<Severity> severity = ParseSeverity(name);
    if (!known(id)) return Status::Error("unknown policy check '" + id + "' in the config's policy.severity");
    if (!severity) return Status::Error("policy.severity of " + id + ": '" + name + "' is not a severity");
    settings.severity[id] = *severity;
  }
  for (const std::string& entry : config->policy_ignore) {
    IgnoreRule rule;
    size_t hash = entry.find('#');
    if (Status s = rule.paths.Add(entry.substr(0, hash)); !s.ok()) return Status::Error("policy.ignore: " + s.message());
    if (hash != std::string::npos) rule.pointer_prefix = entry.substr(hash + 1);
    settings.ignore.push_back(std::move(rule));
  }
  return settings;
}

std::string LineOf(const std::string& text, uint32_t line) {
  size_t start = 0;
  for (uint32_t l = 1; l < line && start != std::string::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos || start >= text.size()) return "";
  size_t end = text.find('\n', start);
  std::string out = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!out.empty() && out.back() == '\r') out.pop_back();
  if (out.size() > 200) out = out.substr(0, 200) + "...";
  return out;
}

class Linter {
 public:
  Linter(LintSettings settings, Report* report) : settings_(std::move(settings)), report_(report) {}

  void LintText(const std::string& path, std::string text, PolicyKind kind, bool explicit_path) {
    ++report_->stats.files;
    report_->stats.bytes += text.size();
    Result<std::unique_ptr<PolicyFile>> file = LoadPolicyFile(path, std::move(text), kind);
    if (!file.ok()) {
      // "line 3, column 17: expected ..." from the parser.
      unsigned line = 1, column = 1;
      sscanf(file.status().message().c_str(), "line %u, column %u", &line, &column);
      if (explicit_path || path.ends_with(".json")) {
        Add(kInvalidJson, "Invalid JSON", Severity::kHigh, path, line, column, "", "",
            "not valid JSON (" + file.status().message() + "): IAM rejects it", "");
      }
      return;
    }
    PolicyFile& f = **file;
    if (f.kind == PolicyFileKind::kNotAPolicy || (f.documents.empty() && f.kind == PolicyFileKind::kPolicy)) {
      if (explicit_path) {
        Add(kNotAPolicy, "Not a policy", Severity::kMedium, path, 1, 1, "", "",
            "no IAM policy here: not a policy document (no \"Statement\"), a CloudFormation template "
            "or account authorization details", LineOf(f.text, 1));
      } else {
        ++report_->stats.skipped;  // other JSON in a folder
      }
      return;
    }
    for (const std::string& problem : f.problems) {
      report_->diagnostics.push_back({DiagnosticLevel::kWarning, path, problem});
    }
    const IamCatalog& catalog = IamCatalog::Get();
    for (const PolicyDocument& doc : f.documents) {
      ++report_->stats.unique_contents;
      std::vector<PolicyProblem> problems;
      CheckContext context(doc, catalog, &problems);
      for (const PolicyCheck& check : AllPolicyChecks()) {
        bool any_enabled = false;
        for (const PolicyCheckInfo& info : check.infos) any_enabled = any_enabled || !settings_.disabled.count(info.id);
        if (any_enabled) check.run(context);
      }
      for (const PolicyProblem& problem : problems) {
        const PolicyCheckInfo* info = FindPolicyCheck(problem.check_id);
        if (info == nullptr || settings_.disabled.count(problem.check_id)) continue;
        JsonPosition at = doc.from_string || problem.at == nullptr ? doc.origin : problem.at->position();
        if (problem.at == nullptr && !doc.from_string && doc.root != nullptr) at = doc.root->position();
        std::string pointer = doc.container_pointer + problem.pointer;
        Add(info->id, info->title, info->severity, path, at.line, at.column, pointer, doc.subject,
            problem.message, LineOf(f.text, at.line));
      }
    }
  }

  void Add(const std::string& id, const std::string& title, Severity severity, const std::string& path,
           uint32_t line, uint32_t column, const std::string& pointer, const std::string& subject,
           const std::string& message, const std::string& snippet) {
    if (settings_.disabled.count(id)) return;
    for (const IgnoreRule& rule : settings_.ignore) {
      if (rule.paths.Matches(path) && pointer.starts_with(rule.pointer_prefix)) {
        ++report_->stats.suppressed;
        return;
      }
    }
    if (auto it = settings_.severity.find(id); it != settings_.severity.end()) severity = it->second;
    Finding finding;
    finding.rule_id = id;
    finding.rule_name = title;
    finding.severity = severity;
    finding.message = message;
    finding.subject = subject;
    finding.redact = false;
    finding.fingerprint = Fingerprint(id, path + "\n" + pointer + "\n" + message, /*is_public=*/true);
    Location location;
    location.path = path;
    location.line = line;
    location.column = column;
    location.end_line = line;
    location.end_column = column;
    location.pointer = pointer;
    location.snippet.text = snippet;
    finding.locations.push_back(std::move(location));
    report_->findings.push_back(std::move(finding));
  }

  const LintSettings& settings() const { return settings_; }

 private:
  LintSettings settings_;
  Report* report_;
};

Result<std::string> ReadFile(int fd, const std::string& path, uint64_t limit) {
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Error(path + ": cannot read: " + strerror(errno));
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
    if (text.size() > limit) {
      return Status::Error(path + ": larger than " + std::to_string(limit >> 20) +
                           " MB, far over any IAM policy quota: not linted");
    }
  }
  return text;
}

void DescribeChecks(const LintSettings& settings, Report* report) {
  report->rules.push_back({kInvalidJson, "Invalid JSON", "The file is not valid JSON.", Severity::kHigh, {}});
  report->rules.push_back({kNotAPolicy, "Not a policy", "The file holds no IAM policy.", Severity::kMedium, {}});
  for (const PolicyCheck& check : AllPolicyChecks()) {
    for (const PolicyCheckInfo& info : check.infos) {
      if (settings.disabled.count(info.id)) continue;
      report->rules.push_back({info.id, info.title, info.description, info.severity,
                               info.reference.empty() ? std::vector<std::string>{} : std::vector<std::string>{info.reference}});
    }
  }
  std::sort(report->rules.begin(), report->rules.end(), [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  report->stats.rules = report->rules.size();
}

}  // namespace

Result<Report> LintPolicies(const LintRequest& request) {
  auto started = std::chrono::steady_clock::now();
  for (const std::string& path : request.paths) {
    struct stat st;
    if (path != "-" && stat(path.c_str(), &st) != 0) return Status::Error(path + ": " + strerror(errno));
  }
  Result<LintSettings> settings = Settings(request);
  if (!settings.ok()) return settings.status();
  Report report;
  report.policy_lint = true;
  DescribeChecks(*settings, &report);
  Linter linter(std::move(*settings), &report);
  auto lint_fd = [&](int fd, const std::string& path, bool explicit_path) {
    Result<std::string> text = ReadFile(fd, path, request.max_file_bytes);
    if (!text.ok()) {
      report.diagnostics.push_back({DiagnosticLevel::kWarning, path, text.status().message()});
      return;
    }
    linter.LintText(path, std::move(*text), request.forced_kind, explicit_path);
  };
  std::vector<std::string> roots;
  for (const std::string& path : request.paths) {
    if (path == "-") {
      lint_fd(request.stdin_fd, "<stdin>", true);
    } else {
      roots.push_back(path);
    }
  }
  static const PathExcludes kNoExcludes;
  WalkCounters counters;
  WalkFiles(roots, kNoExcludes, [&](FileEntry entry) {
    // In folders, only JSON files (policies, templates, exports); named files always.
    if (!entry.is_root && !entry.path.ends_with(".json") && !entry.path.ends_with(".template")) return;
    lint_fd(entry.fd.get(), entry.path, entry.is_root);  // opened by the walker: a regular file
  }, [&](Diagnostic d) { report.diagnostics.push_back(std::move(d)); }, &counters);
  report.stats.skipped += counters.skipped;
  report.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  SortReport(&report);
  return report;
}

Report LintPolicyText(const std::string& text, const std::string& path, PolicyKind kind) {
  Report report;
  report.policy_lint = true;
  LintSettings settings;
  DescribeChecks(settings, &report);
  Linter linter(std::move(settings), &report);
  linter.LintText(path, text, kind, true);
  SortReport(&report);
  return report;
}

}  // namespace keysweep
