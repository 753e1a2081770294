// `keysweep scan`, `keysweep baseline` and `keysweep baseline audit`.

#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <optional>
#include <sstream>

#include "cli/commands.h"
#include "cli/git_module.h"
#include "cli/repository_list.h"
#include "git/git_scan.h"
#include "core/iso_time.h"
#include "core/text.h"
#include "scanner/baseline.h"
#include "scanner/baseline_audit.h"
#include "scanner/redact.h"
#include "scanner/report_writer.h"
#include "scanner/scan.h"

namespace keysweep::cli {
namespace {

// Flags shared by scan, baseline and git.
struct ScanFlags {
  ScanRequest request;
  bool no_cache = false;
  bool quiet = false;  // no progress line
  ReportFlags report;
};

// The progress line on a terminal's stderr, rewritten in place; null when
// stderr is not a terminal or the user asked for quiet.
std::function<void(const std::string&)> ProgressLine(bool quiet, Io& io) {
  if (quiet || !io.stderr_is_terminal) return nullptr;
  // The line may name a path or a repository: escaped like every diagnostic.
  return [&io](const std::string& line) { io.err << "\r\033[Kkeysweep: " << EscapeForTerminal(line) << std::flush; };
}

// Flags of `keysweep git` beyond the shared ones.
struct GitFlags {
  ScanFlags scan;
  std::vector<std::string> repositories;  // none: the one git would use here
  std::string repos_from;                 // --repos-from: a file listing more ("-": stdin)
  bool staged = false;
  std::string range;
  std::string since;
  std::optional<std::string> pre_push;  // the remote's name
  bool all_objects = false;
  bool submodules = false;
  uint64_t max_blob_mb = 512;
};

// Flags that choose rules and suppression, shared by every scan command.
void AddRuleFlags(CLI::App* cmd, ScanFlags* flags) {
  cmd->add_option("--config", flags->request.config_path,
                  "Config file (default: the first .keysweep.json from the current folder up to its repository's root)");
  cmd->add_option("--rules", flags->request.rule_files, "Extra rule file (repeatable)");
  cmd->add_option("--enable-rule", flags->request.enable_rules,
                  "Turn on a rule that is off by default: an id or provider.* (repeatable)");
  cmd->add_option("--disable-rule", flags->request.disable_rules,
                  "Turn off a rule: an id or provider.* (repeatable)");
  cmd->add_option("--exclude", flags->request.excludes, "Skip paths matching a glob (repeatable)");
  cmd->add_flag("--include-informative", flags->request.include_informative,
                "Also report sensitive context that is not a credential (user names, hosts)");
  cmd->add_option("--threads", flags->request.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_flag("--no-cache", flags->no_cache, "Do not read or write the compiled-rules cache");
  cmd->add_flag("--quiet,-q", flags->quiet, "No progress line on stderr");
}

// The report flags plus --baseline, for scan and git.
void AddScanReportFlags(CLI::App* cmd, ScanFlags* flags) {
  AddReportFlags(cmd, &flags->report);
  cmd->add_option("--baseline", flags->request.baseline_path,
                  "Report only findings whose fingerprints are not in this baseline file");
}

void AddPathsFlag(CLI::App* cmd, ScanFlags* flags) {
  flags->request.paths.clear();
  cmd->add_option("paths", flags->request.paths,
                  "Files and directories to scan (default: .); - reads standard input");
}

Result<Report> RunScanRequest(ScanFlags& flags, Io& io) {
  if (flags.request.paths.empty()) flags.request.paths = {"."};
  if (flags.no_cache) flags.request.cache_dir.clear();
  flags.request.stdin_fd = io.stdin_fd;
  flags.request.progress = ProgressLine(flags.quiet, io);
  flags.request.report_output = flags.report.output;
  Result<Report> report = RunScan(flags.request);
  if (flags.request.progress) io.err << "\r\033[K" << std::flush;
  return report;
}

int RunScanCommand(ScanFlags& flags, Io& io) {
  return ProduceAndWriteReport(flags.report, io, [&] { return RunScanRequest(flags, io); });
}

// Everything on the file descriptor (a pre-push hook's ref updates: a few lines).
std::string ReadAll(int fd) {
  std::string out;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

// The repositories of --repos-from, after those on the command line.
Result<std::vector<std::string>> ListedRepositories(const GitFlags& flags, Io& io) {
  std::vector<std::string> out = flags.repositories;
  if (flags.repos_from.empty()) return out;
  std::string text;
  if (flags.repos_from == "-") {
    text = ReadAll(io.stdin_fd);
  } else {
    std::ifstream file(flags.repos_from, std::ios::binary);
    if (!file) return Status::Error("cannot read the repository list " + flags.repos_from);
    std::ostringstream buffer;
    buffer << file.rdbuf();
    text = buffer.str();
  }
  for (std::string& repository : ParseRepositoryList(text)) out.push_back(std::move(repository));
  if (out.empty()) return Status::Error("the repository list " + flags.repos_from + " names no repository");
  return out;
}

int RunGitCommand(GitFlags& flags, Io& io) {
  int modes =
      flags.staged + !flags.range.empty() + !flags.since.empty() + flags.pre_push.has_value();
  if (modes > 1) return Fail(io, "choose one of --staged, --range, --since and --pre-push");
  if (flags.all_objects && modes > 0) return Fail(io, "--all-objects goes with a full-history scan only");
  // Repositories are named in reports when there can be several (a list may hold one).
  bool several = flags.repositories.size() > 1 || !flags.repos_from.empty();
  if (several && modes > 0) return Fail(io, "--staged, --range, --since and --pre-push take one repository");
  Result<std::vector<std::string>> repositories = ListedRepositories(flags, io);
  if (!repositories.ok()) return Fail(io, repositories.status().message());
  GitScanRequest request;
  if (!several && !repositories->empty()) request.repository = repositories->front();
  request.mode = flags.staged     ? GitScanMode::kStaged
                 : flags.pre_push ? GitScanMode::kPush
                 : modes == 1     ? GitScanMode::kRange
                                  : GitScanMode::kHistory;
  if (flags.pre_push) {
    request.push_remote = *flags.pre_push;
    request.push_updates = ReadAll(io.stdin_fd);
  }
  request.range = !flags.range.empty() ? flags.range : flags.since;
  request.all_objects = flags.all_objects;
  request.submodules = flags.submodules;
  request.max_blob_bytes = flags.max_blob_mb << 20;
  request.scan = flags.scan.request;
  if (flags.scan.no_cache) request.scan.cache_dir.clear();
  request.progress = ProgressLine(flags.scan.quiet, io);
  Result<const GitModuleApi*> git = LoadGitModule();
  if (!git.ok()) return Fail(io, git.status().message());
  auto end_progress = [&] {
    if (request.progress) io.err << "\r\033[K" << std::flush;
  };
  if (!several) {
    return ProduceAndWriteReport(flags.scan.report, io, [&]() -> Result<Report> {
      Result<Report> report = (*git)->run_git_scan(request);
      end_progress();
      return report;
    });
  }
  auto scan_all = [&](const RepositoryReportFn& each) {
    Report report = (*git)->run_git_scans(request, *repositories, [&](const Report& part) {
      end_progress();
      if (each) each(part);
    });
    return report;
  };
  if (ParseReportFormat(flags.scan.report.format) == ReportFormat::kJsonl) {
    return ProduceAndStreamJsonLines(flags.scan.report, io, scan_all);
  }
  return ProduceAndWriteReport(flags.scan.report, io, [&]() -> Result<Report> { return scan_all(nullptr); });
}

int RunBaselineCommand(ScanFlags& flags, Io& io) {
  flags.request.use_baseline = false;  // records every finding, the accepted ones too
  Result<Report> report = RunScanRequest(flags, io);
  if (!report.ok()) return Fail(io, report.status().message());
  for (const Diagnostic& d : report->diagnostics) io.err << "keysweep: " << DiagnosticLevelName(d.level) << ": " << d.path << ": " << d.message << "\n";
  if (!WriteOutput(flags.report.output, io, [&](std::ostream& out) { WriteBaseline(*report, out); })) {
    return kExitError;
  }
  io.err << "keysweep: baseline holds " << report->findings.size() << " findings\n";
  return kExitClean;
}

// Flags of `keysweep baseline audit` beyond the shared ones.
struct AuditFlags {
  ScanFlags scan;
  std::string baseline;  // empty: the config's "baseline"
  std::vector<std::string> accept;
  std::vector<std::string> notes;
  bool prune = false;
};

// Lists an entry still found, for review: rule, status, note and every
// location, the secret redacted.
void ListFoundEntry(const BaselineEntry& entry, const Finding& finding, std::ostream& out) {
  out << entry.fingerprint << "  " << EscapeForTerminal(finding.rule_id) << "  "
      << BaselineStatusName(entry.status) << "  " << EscapeForTerminal(DisplaySecret(finding, Redaction{})) << "\n";
  if (!entry.note.empty()) out << "    note: " << EscapeForTerminal(entry.note) << "\n";
  for (const Location& location : finding.locations) {
    out << "    " << EscapeForTerminal(location.path) << ":" << location.line;
    if (location.commit) out << "@" << location.commit->substr(0, 12);
    out << "\n";
  }
}

// Re-scans, reconciles the baseline with what is found, writes it back
// atomically and prints the entries still found and a summary. Never prompts.
int RunBaselineAuditCommand(AuditFlags& flags, Io& io) {
  if (!flags.notes.empty() && flags.notes.size() != 1 && flags.notes.size() != flags.accept.size()) {
    return Fail(io, "give one --note for all --accept flags, or one per --accept");
  }
  if (!flags.notes.empty() && flags.accept.empty()) return Fail(io, "--note goes with --accept");
  ScanFlags& scan = flags.scan;
  scan.request.use_baseline = false;  // every finding, the baseline's too
  Result<Config> config = FindConfig(scan.request.config_path, scan.request.config_search_dir);
  if (!config.ok()) return Fail(io, config.status().message());
  std::string path = !flags.baseline.empty() ? flags.baseline : config->baseline;
  if (path.empty()) return Fail(io, "no baseline: give --baseline FILE or name one in the config (\"baseline\")");
  Result<std::vector<BaselineEntry>> entries = ReadBaseline(path);
  if (!entries.ok()) return Fail(io, entries.status().message());
  Result<Report> report = RunScanRequest(scan, io);
  if (!report.ok()) return Fail(io, report.status().message());
  for (const Diagnostic& d : report->diagnostics) io.err << "keysweep: " << DiagnosticLevelName(d.level) << ": " << d.path << ": " << d.message << "\n";

  BaselineAuditRequest request;
  request.entries = std::move(*entries);
  request.scan = &*report;
  for (size_t i = 0; i < flags.accept.size(); ++i) {
    std::string note = flags.notes.empty() ? "" : flags.notes[flags.notes.size() == 1 ? 0 : i];
    request.accept.push_back(BaselineAcceptance{flags.accept[i], note});
  }
  request.prune = flags.prune;
  request.now = FormatIsoUtc(NowSeconds());
  Result<BaselineAudit> audit = AuditBaseline(request);
  if (!audit.ok()) return Fail(io, audit.status().message());
  if (Status s = SaveBaseline(audit->entries, path); !s.ok()) return Fail(io, s.message());

  for (const auto& [index, finding] : audit->found) ListFoundEntry(audit->entries[index], *finding, io.out);
  io.out << "keysweep: " << EscapeForTerminal(path) << ": " << audit->accepted << " accepted, " << audit->unreviewed
         << " unreviewed, " << audit->fixed << " fixed";
  if (audit->pruned > 0) io.out << ", " << audit->pruned << " pruned";
  io.out << "\n";
  if (audit->new_findings > 0) {
    io.out << "keysweep: " << audit->new_findings
           << " findings are not in the baseline (keysweep scan reports them)\n";
  }
  return kExitClean;
}

}  // namespace

void RegisterScanCommands(CLI::App& app, Io& io, std::vector<Command>* commands) {
  auto scan_flags = std::make_shared<ScanFlags>();
  CLI::App* scan = app.add_subcommand(
      "scan", "Scan files and directories for secrets (every file, ignored ones too, except .git/)");
  AddPathsFlag(scan, scan_flags.get());
  AddRuleFlags(scan, scan_flags.get());
  AddScanReportFlags(scan, scan_flags.get());
  commands->push_back({scan, [scan_flags, &io] { return RunScanCommand(*scan_flags, io); }});

  auto git_flags = std::make_shared<GitFlags>();
  CLI::App* git = app.add_subcommand(
      "git", "Scan a git repository: its whole history (default), the staged changes, or a range");
  git->add_option("repositories", git_flags->repositories,
                  "The repositories (default: the one git would use here: GIT_DIR, else the one holding the "
                  "current directory; GIT_WORK_TREE and GIT_INDEX_FILE are honoured as git does); with "
                  "several, each finding names its repository");
  git->add_option("--repos-from", git_flags->repos_from,
                  "Also scan the repositories listed in FILE, one path a line ('#' comments; - reads stdin)");
  git->add_flag("--staged", git_flags->staged,
                "Scan what the next commit adds (the index against HEAD): for pre-commit hooks");
  git->add_option("--range", git_flags->range,
                  "Scan what the commits in BASE..HEAD add: for pull-request gates");
  git->add_option("--since", git_flags->since, "Same as --range REV..HEAD");
  git->add_option(
      "--pre-push", git_flags->pre_push,
      "Scan what a push sends, from the ref updates a pre-push hook reads on stdin: for "
      "pre-push hooks (REMOTE: the hook's first argument)");
  git->add_flag("--all-objects", git_flags->all_objects,
                "Also scan objects no ref reaches (dangling commits and blobs)");
  git->add_flag("--submodules", git_flags->submodules,
                "Also scan each checked-out submodule as its own repository");
  git->add_option("--max-blob-mb", git_flags->max_blob_mb,
                  "Skip (with a warning) blobs larger than this many MiB")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 20));
  AddRuleFlags(git, &git_flags->scan);
  AddScanReportFlags(git, &git_flags->scan);
  commands->push_back({git, [git_flags, &io] { return RunGitCommand(*git_flags, io); }});

  auto baseline_flags = std::make_shared<ScanFlags>();
  CLI::App* baseline = app.add_subcommand(
      "baseline", "Record today's findings by fingerprint: keysweep baseline > .keysweep-baseline.json");
  AddPathsFlag(baseline, baseline_flags.get());
  AddRuleFlags(baseline, baseline_flags.get());
  baseline->add_option("--output,-o", baseline_flags->report.output, "Write the baseline to a file instead of stdout");

  auto audit_flags = std::make_shared<AuditFlags>();
  CLI::App* audit = baseline->add_subcommand(
      "audit", "Re-scan and review a baseline: gone findings become fixed, --accept marks one accepted");
  AddPathsFlag(audit, &audit_flags->scan);
  AddRuleFlags(audit, &audit_flags->scan);
  audit->add_option("--baseline", audit_flags->baseline, "The baseline file (default: the config's \"baseline\")");
  audit->add_option("--accept", audit_flags->accept, "Mark the entry with this fingerprint accepted (repeatable)");
  audit->add_option("--note", audit_flags->notes,
                    "A note for the accepted entries: one for all, or one per --accept (repeatable)");
  audit->add_flag("--prune", audit_flags->prune, "Remove fixed entries instead of marking them fixed");
  // Before `baseline`: both are parsed when audit is.
  commands->push_back({audit, [audit_flags, &io] { return RunBaselineAuditCommand(*audit_flags, io); }});
  commands->push_back({baseline, [baseline_flags, &io] { return RunBaselineCommand(*baseline_flags, io); }});
}

}  // namespace keysweep::cli
