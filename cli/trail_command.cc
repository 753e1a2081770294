// `keysweep trail`: offline CloudTrail triage.
#include "cli/commands.h"
#include "trail/trail.h"

namespace keysweep::cli {
namespace {

struct TrailFlags {
  TrailRequest request;
  std::string format = "text";
};

int RunTrailCommand(TrailFlags& flags, Io& io) {
  Result<TrailReport> report = RunTrail(flags.request);
  if (!report.ok()) return Fail(io, report.status().message());
  for (const Diagnostic& d : report->diagnostics) {
    io.err << "keysweep: warning: " << (d.path.empty() ? "" : d.path + ": ") << d.message << "\n";
  }
  io.out << (flags.format == "json" ? RenderTrailJson(*report) : RenderTrailText(*report));
  if (report->focused) {
    for (const KeyActivity& key : report->keys) {
      if (key.events > 0) return kExitFindings;  // the leaked keys were used
    }
  }
  return kExitClean;
}

}  // namespace

void RegisterTrailCommands(CLI::App& app, Io& io, std::vector<Command>* commands) {
  auto flags = std::make_shared<TrailFlags>();
  CLI::App* trail = app.add_subcommand(
      "trail", "Triage CloudTrail logs offline: what the leaked keys, and the credentials they "
               "minted, did (S3 deliveries .json/.json.gz, or lookup-events output)");
  trail->add_option("logs", flags->request.paths, "Log files and folders")->required();
  trail->add_option("--key", flags->request.key_ids,
                    "A leaked access key id (repeatable); without it, summarize every key");
  trail->add_option("--format,-f", flags->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  commands->push_back({trail, [flags, &io] { return RunTrailCommand(*flags, io); }});
}

}  // namespace keysweep::cli
