// `keysweep respond`: the response to exposed AWS keys.
#include <iostream>

#include "cli/commands.h"
#include "policies/response.h"
#include "trail/trail.h"

namespace keysweep::cli {
namespace {

struct RespondFlags {
  ResponseRequest request;
  std::vector<std::string> trail_logs;
  std::string out_dir;
  std::string format = "text";
};

int RunRespond(RespondFlags& flags, Io& io) {
  if (flags.request.key_ids.empty() && flags.request.findings_path.empty()) {
    return Fail(io, "give the exposed keys: --key AKIA... (repeatable) or --findings report.json");
  }
  Result<ResponsePlan> plan = BuildResponsePlan(flags.request);
  if (!plan.ok()) return Fail(io, plan.status().message());
  if (plan->keys.empty()) {
    io.err << "keysweep: no AWS access key ids in " << flags.request.findings_path
           << ": nothing to respond to\n";
    return kExitClean;
  }
  if (!flags.trail_logs.empty()) {
    TrailRequest trail;
    trail.paths = flags.trail_logs;
    for (const ExposedKey& key : plan->keys) trail.key_ids.push_back(key.key_id);
    Result<TrailReport> evidence = RunTrail(trail);
    if (!evidence.ok()) return Fail(io, evidence.status().message());
    for (const Diagnostic& d : evidence->diagnostics) {
      io.err << "keysweep: warning: " << (d.path.empty() ? "" : d.path + ": ") << d.message << "\n";
    }
    plan->evidence_markdown = RenderTrailMarkdown(*evidence);
  }
  if (!flags.out_dir.empty()) {
    if (Status s = WriteResponseBundle(*plan, flags.out_dir); !s.ok()) return Fail(io, s.message());
    io.err << "keysweep: wrote " << flags.out_dir
           << "/{RUNBOOK.md,revoke-older-sessions.json,response.sh,support-case.txt}\n";
  }
  io.out << (flags.format == "json" ? RenderResponseJson(*plan) : RenderRunbook(*plan));
  return kExitClean;
}

}  // namespace

void RegisterRespondCommands(CLI::App& app, Io& io, std::vector<Command>* commands) {
  auto flags = std::make_shared<RespondFlags>();
  CLI::App* respond = app.add_subcommand(
      "respond", "The response to exposed AWS keys: rotation steps, the deny-by-issue-time policy, "
                 "region review, support-case text (offline; runs nothing)");
  respond->add_option("--key", flags->request.key_ids, "An exposed access key id (repeatable)");
  respond->add_option("--findings", flags->request.findings_path,
                      "A keysweep JSON report: respond to every AWS key in it");
  respond->add_option("--user", flags->request.user, "The IAM user that owns the keys, if known");
  respond->add_option("--revoke-before", flags->request.revoke_before,
                      "Revoke sessions issued before this ISO-8601 UTC time (default: now)");
  respond->add_option("--out", flags->out_dir,
                      "Also write the bundle (runbook, policy, script, support-case text) here");
  respond->add_option("--trail", flags->trail_logs,
                      "CloudTrail logs to read for evidence of what the keys did (files or folders)");
  respond->add_option("--format,-f", flags->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  commands->push_back({respond, [flags, &io] { return RunRespond(*flags, io); }});
}

}  // namespace keysweep::cli
