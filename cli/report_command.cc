// `keysweep report merge`: keysweep JSON and JSON Lines reports joined into one.
#include "cli/commands.h"
#include "scanner/report_reader.h"

namespace keysweep::cli {
namespace {

struct MergeFlags {
  std::vector<std::string> inputs;
  ReportFlags report;
};

}  // namespace

void RegisterReportCommands(CLI::App& app, Io& io, std::vector<Command>* commands) {
  CLI::App* report = app.add_subcommand("report", "Work with keysweep reports");
  report->require_subcommand(1);
  auto flags = std::make_shared<MergeFlags>();
  CLI::App* merge = report->add_subcommand(
      "merge", "Join keysweep JSON and JSON Lines reports (- reads stdin) into one report: the same secret "
               "in the same repository is one finding");
  merge->add_option("reports", flags->inputs, "Report files (JSON or JSON Lines, as keysweep scan/git write them)")
      ->required();
  AddReportFlags(merge, &flags->report);
  commands->push_back({merge, [flags, &io] {
                         return ProduceAndWriteReport(flags->report, io, [&] {
                           return MergeReportFiles(flags->inputs, io.stdin_fd);
                         });
                       }});
}

}  // namespace keysweep::cli
