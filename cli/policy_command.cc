// `keysweep policy`: the IAM policy linter.
#include <functional>
#include <iomanip>

#include "cli/commands.h"
#include "policies/lint.h"
#include "policies/policy_check.h"

namespace keysweep::cli {
namespace {

struct PolicyFlags {
  LintRequest request;
  ReportFlags report;
  std::string type = "auto";
  bool list_checks = false;
};

int ListChecks(Io& io) {
  for (const PolicyCheck& check : AllPolicyChecks()) {
    for (const PolicyCheckInfo& info : check.infos) {
      io.out << info.id << "  " << SeverityName(info.severity) << "  " << info.title << "\n    "
             << info.description << "\n";
      if (!info.reference.empty()) io.out << "    " << info.reference << "\n";
    }
  }
  return kExitClean;
}

}  // namespace

void RegisterPolicyCommands(CLI::App& app, Io& io, std::vector<Command>* commands) {
  auto flags = std::make_shared<PolicyFlags>();
  CLI::App* policy = app.add_subcommand(
      "policy", "Lint IAM policies (documents, CloudFormation templates, account authorization "
                "details) against AWS best practices, offline");
  policy->add_option("paths", flags->request.paths, "Files and folders; - reads standard input");
  policy->add_option("--type", flags->type, "auto, identity, resource, trust or scp (plain documents)")
      ->check(CLI::IsMember({"auto", "identity", "resource", "trust", "scp"}));
  policy->add_option("--config", flags->request.config_path, "Config file (default: .keysweep.json)");
  policy->add_option("--disable-check", flags->request.disable_checks, "Turn off a check (repeatable)");
  policy->add_flag("--list-checks", flags->list_checks, "List every check with its description and exit");
  AddReportFlags(policy, &flags->report);
  commands->push_back({policy, [flags, &io] {
                         if (flags->list_checks) return ListChecks(io);
                         if (flags->request.paths.empty()) return Fail(io, "give policy files or folders (or -)");
                         static const std::pair<const char*, PolicyKind> kKinds[] = {
                             {"identity", PolicyKind::kIdentity}, {"resource", PolicyKind::kResource},
                             {"trust", PolicyKind::kTrust}, {"scp", PolicyKind::kScp}};
                         for (const auto& [name, kind] : kKinds) {
                           if (flags->type == name) flags->request.forced_kind = kind;
                         }
                         flags->request.stdin_fd = io.stdin_fd;
                         return ProduceAndWriteReport(flags->report, io,
                                                      [flags] { return LintPolicies(flags->request); });
                       }});
}

}  // namespace keysweep::cli
