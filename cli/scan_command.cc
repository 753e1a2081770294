// `keysweep scan` and `keysweep baseline`.
#include <cstdlib>
#include <fstream>

#include "cli/commands.h"
#include "cli/git_module.h"
#include "git/git_scan.h"
#include "scanner/baseline.h"
#include "scanner/report_writer.h"
#include "scanner/scan.h"

namespace keysweep::cli {
namespace {

// Flags shared by scan, baseline and git.
struct ScanFlags {
  ScanRequest request;
  bool no_cache = false;
  std::string format = "text";
  std::string output;
  bool show_secrets = false;
  std::string fail_on = "info";
  std::string color = "auto";
};

// Flags of `keysweep git` beyond the shared ones.
struct GitFlags {
  ScanFlags scan;
  std::string repository = ".";
  bool staged = false;
  std::string range;
  std::string since;
  bool all_objects = false;
  bool quiet = false;
};

// Flags that choose rules and suppression, shared by every scan command.
void AddRuleFlags(CLI::App* cmd, ScanFlags* flags) {
  cmd->add_option("--config", flags->request.config_path,
                  "Config file (default: .keysweep.json in the scanned directory)");
  cmd->add_option("--rules", flags->request.rule_files, "Extra rule file (repeatable)");
  cmd->add_option("--enable-rule", flags->request.enable_rules,
                  "Turn on a rule that is off by default: an id or provider.* (repeatable)");
  cmd->add_option("--disable-rule", flags->request.disable_rules,
                  "Turn off a rule: an id or provider.* (repeatable)");
  cmd->add_option("--exclude", flags->request.excludes, "Skip paths matching a glob (repeatable)");
  cmd->add_option("--threads", flags->request.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_flag("--no-cache", flags->no_cache, "Do not read or write the compiled-rules cache");
  cmd->add_option("--output,-o", flags->output, "Write the report to a file instead of stdout");
}

// Flags that shape the report, for scan and git.
void AddReportFlags(CLI::App* cmd, ScanFlags* flags) {
  cmd->add_option("--format,-f", flags->format, "text, json, jsonl or sarif")->capture_default_str();
  cmd->add_flag("--show-secrets", flags->show_secrets,
                "Print secrets in full (reports redact them by default)");
  cmd->add_option("--fail-on", flags->fail_on,
                  "Exit 1 only for findings at or above this severity (default: info, i.e. any)");
  cmd->add_option("--baseline", flags->request.baseline_path,
                  "Report only findings whose fingerprints are not in this baseline file");
  cmd->add_option("--color", flags->color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
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
  return RunScan(flags.request);
}

void PrintDiagnostics(const Report& report, Io& io) {
  for (const Diagnostic& d : report.diagnostics) {
    io.err << "keysweep: " << (d.level == DiagnosticLevel::kError ? "error" : "warning") << ": "
           << (d.path.empty() ? "" : d.path + ": ") << d.message << "\n";
  }
}

// Writes to --output or to io.out; false (after a message) if the file cannot be written.
bool WriteOutput(const std::string& output, Io& io, const std::function<void(std::ostream&)>& write) {
  if (output.empty() || output == "-") {
    write(io.out);
    io.out.flush();
    return true;
  }
  std::ofstream file(output, std::ios::binary | std::ios::trunc);
  if (!file) {
    io.err << "keysweep: cannot write " << output << "\n";
    return false;
  }
  write(file);
  file.flush();
  if (!file) {
    io.err << "keysweep: cannot write " << output << "\n";
    return false;
  }
  return true;
}

// Runs `produce` and writes its report; returns the exit code.
int ProduceAndWriteReport(ScanFlags& flags, Io& io, const std::function<Result<Report>()>& produce) {
  std::optional<ReportFormat> format = ParseReportFormat(flags.format);
  if (!format) return Fail(io, "unknown --format '" + flags.format + "' (text, json, jsonl, sarif)");
  std::optional<Severity> fail_on = ParseSeverity(flags.fail_on);
  if (!fail_on) {
    return Fail(io, "unknown --fail-on '" + flags.fail_on + "' (info, low, medium, high, critical)");
  }
  Result<Report> report = produce();
  if (!report.ok()) return Fail(io, report.status().message());
  PrintDiagnostics(*report, io);

  WriteOptions options;
  options.show_secrets = flags.show_secrets;
  options.tool_version = Version();
  bool to_terminal = (flags.output.empty() || flags.output == "-") && io.stdout_is_terminal;
  options.color = flags.color == "always" ||
                  (flags.color == "auto" && to_terminal && getenv("NO_COLOR") == nullptr);
  if (!WriteOutput(flags.output, io, [&](std::ostream& out) { WriteReport(*report, *format, options, out); })) {
    return kExitError;
  }
  for (const Finding& finding : report->findings) {
    if (finding.severity >= *fail_on) return kExitFindings;
  }
  return kExitClean;
}

int RunScanCommand(ScanFlags& flags, Io& io) {
  return ProduceAndWriteReport(flags, io, [&] { return RunScanRequest(flags, io); });
}

int RunGitCommand(GitFlags& flags, Io& io) {
  int modes = flags.staged + !flags.range.empty() + !flags.since.empty();
  if (modes > 1) return Fail(io, "choose one of --staged, --range and --since");
  if (flags.all_objects && modes > 0) return Fail(io, "--all-objects goes with a full-history scan only");
  GitScanRequest request;
  request.repository = flags.repository;
  request.mode = flags.staged ? GitScanMode::kStaged
                 : modes == 1 ? GitScanMode::kRange
                              : GitScanMode::kHistory;
  request.range = !flags.range.empty() ? flags.range : flags.since;
  request.all_objects = flags.all_objects;
  request.scan = flags.scan.request;
  if (flags.scan.no_cache) request.scan.cache_dir.clear();
  if (!flags.quiet && io.stderr_is_terminal) {
    request.progress = [&io](const std::string& line) { io.err << "\r\033[Kkeysweep: " << line << std::flush; };
  }
  int code = ProduceAndWriteReport(flags.scan, io, [&]() -> Result<Report> {
    Result<const GitModuleApi*> git = LoadGitModule();
    if (!git.ok()) return git.status();
    Result<Report> report = (*git)->run_git_scan(request);
    if (request.progress) io.err << "\r\033[K" << std::flush;
    return report;
  });
  return code;
}

int RunBaselineCommand(ScanFlags& flags, Io& io) {
  Result<Report> report = RunScanRequest(flags, io);
  if (!report.ok()) return Fail(io, report.status().message());
  PrintDiagnostics(*report, io);
  if (!WriteOutput(flags.output, io, [&](std::ostream& out) { WriteBaseline(*report, out); })) {
    return kExitError;
  }
  io.err << "keysweep: baseline holds " << report->findings.size() << " findings\n";
  return kExitClean;
}

}  // namespace

void RegisterScanCommands(CLI::App& app, Io& io, std::vector<Command>* commands) {
  auto scan_flags = std::make_shared<ScanFlags>();
  CLI::App* scan = app.add_subcommand(
      "scan", "Scan files and directories for secrets (every file, ignored ones too, except .git/)");
  AddPathsFlag(scan, scan_flags.get());
  AddRuleFlags(scan, scan_flags.get());
  AddReportFlags(scan, scan_flags.get());
  commands->push_back({scan, [scan_flags, &io] { return RunScanCommand(*scan_flags, io); }});

  auto git_flags = std::make_shared<GitFlags>();
  CLI::App* git = app.add_subcommand(
      "git", "Scan a git repository: its whole history (default), the staged changes, or a range");
  git->add_option("repository", git_flags->repository, "The repository (default: .)");
  git->add_flag("--staged", git_flags->staged,
                "Scan what the next commit adds (the index against HEAD): for pre-commit hooks");
  git->add_option("--range", git_flags->range,
                  "Scan what the commits in BASE..HEAD add: for pull-request gates");
  git->add_option("--since", git_flags->since, "Same as --range REV..HEAD");
  git->add_flag("--all-objects", git_flags->all_objects,
                "Also scan objects no ref reaches (dangling commits and blobs)");
  git->add_flag("--quiet,-q", git_flags->quiet, "No progress line on stderr");
  AddRuleFlags(git, &git_flags->scan);
  AddReportFlags(git, &git_flags->scan);
  commands->push_back({git, [git_flags, &io] { return RunGitCommand(*git_flags, io); }});

  auto baseline_flags = std::make_shared<ScanFlags>();
  CLI::App* baseline = app.add_subcommand(
      "baseline", "Record today's findings by fingerprint: keysweep baseline > .keysweep-baseline.json");
  AddPathsFlag(baseline, baseline_flags.get());
  AddRuleFlags(baseline, baseline_flags.get());
  commands->push_back({baseline, [baseline_flags, &io] { return RunBaselineCommand(*baseline_flags, io); }});
}

}  // namespace keysweep::cli
