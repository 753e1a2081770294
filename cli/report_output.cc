// Report flags and writing, shared by every command that produces a Report.
#include <cstdlib>
#include <map>

#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/text.h"
#include "scanner/report_writer.h"

namespace keysweep::cli {
namespace {

void PrintDiagnostics(const Report& report, Io& io) {
  for (const Diagnostic& d : report.diagnostics) {
    io.err << "keysweep: " << DiagnosticLevelName(d.level) << ": "
           << (d.repository.empty() ? "" : EscapeForTerminal(d.repository) + ": ")
           << (d.path.empty() ? "" : EscapeForTerminal(d.path) + ": ") << EscapeForTerminal(d.message) << "\n";
  }
}

// 1234567 -> "1,234,567".
std::string WithThousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// The line printed when the report goes to a file, so that a CI log says more
// than an exit code: counts by severity and the file, never a secret.
std::string FileReportSummary(const Report& report, const std::string& output) {
  std::map<Severity, size_t, std::greater<>> by_severity;
  for (const Finding& finding : report.findings) ++by_severity[finding.severity];
  size_t n = report.findings.size();
  std::string line = "keysweep: ";
  if (n == 0) {
    line += "no findings";
  } else {
    line += WithThousands(n) + (n == 1 ? " finding (" : " findings (");
    for (auto it = by_severity.begin(); it != by_severity.end(); ++it) {
      line += (it == by_severity.begin() ? "" : ", ") + WithThousands(it->second) + " " +
              std::string(SeverityName(it->first));
    }
    line += ")";
  }
  const ScanStats& stats = report.stats;
  line += " in " + WithThousands(stats.files) + (stats.files == 1 ? " file" : " files");
  if (stats.suppressed > 0) line += ", " + WithThousands(stats.suppressed) + " suppressed";
  return line + "; report written to " + EscapeForTerminal(output);
}

}  // namespace

void AddReportFlags(CLI::App* cmd, ReportFlags* flags) {
  cmd->add_option("--format,-f", flags->format, "text, json, jsonl, sarif, csv, junit or gitlab")->capture_default_str();
  cmd->add_option("--output,-o", flags->output, "Write the report to a file instead of stdout");
  cmd->add_flag("--show-secrets", flags->show_secrets,
                "Print secrets in full (reports redact them by default)");
  cmd->add_flag("--redact{100}", flags->redact,
                "Hide at least PERCENT of each secret (gitleaks' flag; bare: 100, no character shown; "
                "the default shows the first 4 characters, at most a quarter)")
      ->check(CLI::TypeValidator<int>("PERCENT") & CLI::Range(0, 100));
  cmd->add_option("--fail-on", flags->fail_on,
                  "Exit 1 only for findings at or above this severity (default: info, i.e. any)");
  cmd->add_option("--color", flags->color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

namespace {

// "", "-" and /dev/stdout are stdout: the last is a link to a descriptor, which
// the safe file writer would replace rather than write through.
bool IsStdout(const std::string& output) { return output.empty() || output == "-" || output == "/dev/stdout"; }

}  // namespace

// A report file is replaced, never written through: a repository may have
// committed the report's name as a link to a file of the runner's (atomic_file.h).
bool WriteOutput(const std::string& output, Io& io, const std::function<void(std::ostream&)>& write) {
  if (IsStdout(output)) {
    write(io.out);
    io.out.flush();
    return true;
  }
  Result<std::unique_ptr<AtomicFile>> file = AtomicFile::Create(output);
  Status status = file.ok() ? Status::Ok() : file.status();
  if (file.ok()) {
    write((*file)->out());
    status = (*file)->Commit();
  }
  if (!status.ok()) {
    io.err << "keysweep: " << EscapeForTerminal(status.message()) << "\n";
    return false;
  }
  return true;
}

namespace {

// The flags' format and severity gate, or the exit code of a usage error.
struct ParsedReportFlags {
  ReportFormat format;
  Severity fail_on;
};
Result<ParsedReportFlags> ParseReportFlags(const ReportFlags& flags) {
  std::optional<ReportFormat> format = ParseReportFormat(flags.format);
  if (!format) return Status::Error("unknown --format '" + flags.format + "' (text, json, jsonl, sarif, csv, junit, gitlab)");
  std::optional<Severity> fail_on = ParseSeverity(flags.fail_on);
  if (!fail_on) return Status::Error("unknown --fail-on '" + flags.fail_on + "' (info, low, medium, high, critical)");
  if (!flags.redact.empty() && flags.show_secrets) {
    return Status::Error("--redact and --show-secrets contradict each other");
  }
  return ParsedReportFlags{*format, *fail_on};
}

WriteOptions OptionsFor(const ReportFlags& flags, const Io& io) {
  WriteOptions options;
  options.show_secrets = flags.show_secrets;
  if (!flags.redact.empty()) options.redact_percent = std::stoi(flags.redact);
  options.tool_version = Version();
  bool to_terminal = IsStdout(flags.output) && io.stdout_is_terminal;
  options.color = flags.color == "always" ||
                  (flags.color == "auto" && to_terminal && getenv("NO_COLOR") == nullptr);
  return options;
}

// After the report is written: the summary line and the exit code (a
// repository not scanned is an error: a gate must not pass a partial audit).
int Finish(const ReportFlags& flags, Io& io, const Report& report, Severity fail_on) {
  if (!IsStdout(flags.output)) io.err << FileReportSummary(report, flags.output) << "\n";
  if (report.failed_repositories > 0) {
    io.err << "keysweep: " << report.failed_repositories
           << (report.failed_repositories == 1 ? " repository was" : " repositories were") << " not scanned\n";
    return kExitError;
  }
  for (const Finding& finding : report.findings) {
    if (finding.severity >= fail_on) return kExitFindings;
  }
  return kExitClean;
}

}  // namespace

int ProduceAndWriteReport(const ReportFlags& flags, Io& io, const std::function<Result<Report>()>& produce) {
  Result<ParsedReportFlags> parsed = ParseReportFlags(flags);
  if (!parsed.ok()) return Fail(io, parsed.status().message());
  Result<Report> report = produce();
  if (!report.ok()) return Fail(io, report.status().message());
  PrintDiagnostics(*report, io);
  WriteOptions options = OptionsFor(flags, io);
  if (!WriteOutput(flags.output, io, [&](std::ostream& out) { WriteReport(*report, parsed->format, options, out); })) {
    return kExitError;
  }
  return Finish(flags, io, *report, parsed->fail_on);
}

int ProduceAndStreamJsonLines(const ReportFlags& flags, Io& io,
                              const std::function<Report(const ReportPartFn& each)>& produce) {
  Result<ParsedReportFlags> parsed = ParseReportFlags(flags);
  if (!parsed.ok()) return Fail(io, parsed.status().message());
  // A file is written beside the target and renamed over it at the end.
  std::unique_ptr<AtomicFile> file;
  if (!IsStdout(flags.output)) {
    Result<std::unique_ptr<AtomicFile>> created = AtomicFile::Create(flags.output);
    if (!created.ok()) return Fail(io, EscapeForTerminal(created.status().message()));
    file = std::move(*created);
  }
  std::ostream& out = file ? file->out() : io.out;
  WriteOptions options = OptionsFor(flags, io);
  Report report = produce([&](const Report& part) {
    PrintDiagnostics(part, io);
    WriteJsonLinesReport(part, options, out);
    out.flush();
  });
  if (file) {
    if (Status s = file->Commit(); !s.ok()) return Fail(io, EscapeForTerminal(s.message()));
  } else if (!out) {
    return Fail(io, "cannot write to stdout");
  }
  return Finish(flags, io, report, parsed->fail_on);
}

}  // namespace keysweep::cli
