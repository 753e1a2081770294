// `keysweep scan` and `keysweep baseline`.
#include <cstdlib>
#include <fstream>

#include "cli/commands.h"
#include "scanner/baseline.h"
#include "scanner/report_writer.h"
#include "scanner/scan.h"

namespace keysweep::cli {
namespace {

// Flags shared by scan and baseline.
struct ScanFlags {
  ScanRequest request;
  bool no_cache = false;
  std::string format = "text";
  std::string output;
  bool show_secrets = false;
  std::string fail_on = "info";
  std::string color = "auto";
};

void AddScanFlags(CLI::App* cmd, ScanFlags* flags) {
  flags->request.paths.clear();
  cmd->add_option("paths", flags->request.paths,
                  "Files and directories to scan (default: .); - reads standard input");
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

int RunScanCommand(ScanFlags& flags, Io& io) {
  std::optional<ReportFormat> format = ParseReportFormat(flags.format);
  if (!format) return Fail(io, "unknown --format '" + flags.format + "' (text, json, jsonl, sarif)");
  std::optional<Severity> fail_on = ParseSeverity(flags.fail_on);
  if (!fail_on) {
    return Fail(io, "unknown --fail-on '" + flags.fail_on + "' (info, low, medium, high, critical)");
  }
  Result<Report> report = RunScanRequest(flags, io);
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
  AddScanFlags(scan, scan_flags.get());
  scan->add_option("--format,-f", scan_flags->format, "text, json, jsonl or sarif")
      ->capture_default_str();
  scan->add_flag("--show-secrets", scan_flags->show_secrets,
                 "Print secrets in full (reports redact them by default)");
  scan->add_option("--fail-on", scan_flags->fail_on,
                   "Exit 1 only for findings at or above this severity (default: info, i.e. any)");
  scan->add_option("--baseline", scan_flags->request.baseline_path,
                   "Report only findings whose fingerprints are not in this baseline file");
  scan->add_option("--color", scan_flags->color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  commands->push_back({scan, [scan_flags, &io] { return RunScanCommand(*scan_flags, io); }});

  auto baseline_flags = std::make_shared<ScanFlags>();
  CLI::App* baseline = app.add_subcommand(
      "baseline", "Record today's findings by fingerprint: keysweep baseline > .keysweep-baseline.json");
  AddScanFlags(baseline, baseline_flags.get());
  commands->push_back({baseline, [baseline_flags, &io] { return RunBaselineCommand(*baseline_flags, io); }});
}

}  // namespace keysweep::cli
