// `keysweep rules list` and `keysweep rules check`.
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "detectors/rule_loader.h"
#include "detectors/rules_check.h"

namespace keysweep::cli {
namespace {

struct RulesFlags {
  std::string format = "text";
  std::vector<std::string> files;
};

int RunList(const RulesFlags& flags, Io& io) {
  const std::vector<Rule>& rules = BuiltinRules();
  if (flags.format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Rule& rule : rules) {
      list.push_back({{"id", rule.id},
                      {"name", rule.name},
                      {"provider", rule.provider},
                      {"severity", std::string(SeverityName(rule.severity))},
                      {"enabled", rule.enabled_by_default},
                      {"description", rule.description},
                      {"references", rule.references}});
    }
    io.out << list.dump(2) << "\n";
    return kExitClean;
  }
  size_t width = 0;
  for (const Rule& rule : rules) width = std::max(width, rule.id.size());
  for (const Rule& rule : rules) {
    std::string severity(SeverityName(rule.severity));
    io.out << rule.id << std::string(width + 2 - rule.id.size(), ' ') << severity
           << std::string(10 - severity.size(), ' ') << rule.name
           << (rule.enabled_by_default ? "" : "  (off by default)") << "\n";
  }
  io.out << rules.size() << " rules\n";
  return kExitClean;
}

int RunCheck(const RulesFlags& flags, Io& io) {
  std::vector<Rule> rules;
  if (flags.files.empty()) {
    rules = BuiltinRules();
  } else {
    for (const std::string& file : flags.files) {
      Result<std::vector<Rule>> loaded = LoadRuleFile(file);
      if (!loaded.ok()) return Fail(io, loaded.status().message());
      for (Rule& rule : *loaded) rules.push_back(std::move(rule));
    }
    if (Status s = CheckUniqueIds(rules); !s.ok()) return Fail(io, s.message());
  }
  RulesCheckResult result = CheckRules(rules);
  for (const std::string& problem : result.problems) io.out << "FAIL " << problem << "\n";
  io.out << result.rules << " rules, " << result.examples << " examples, "
         << result.negative_examples << " negative examples: "
         << (result.ok() ? "all pass" : std::to_string(result.problems.size()) + " problems")
         << "\n";
  return result.ok() ? kExitClean : kExitFindings;
}

}  // namespace

void RegisterRulesCommands(CLI::App& app, Io& io, std::vector<Command>* commands) {
  CLI::App* rules = app.add_subcommand("rules", "List and check detector rules");
  rules->require_subcommand(1);
  auto flags = std::make_shared<RulesFlags>();
  CLI::App* list = rules->add_subcommand("list", "List the built-in rules");
  list->add_option("--format,-f", flags->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  commands->push_back({list, [flags, &io] { return RunList(*flags, io); }});
  CLI::App* check = rules->add_subcommand(
      "check", "Compile rules in Hyperscan and RE2 and prove every example (default: built-in rules)");
  check->add_option("files", flags->files, "Rule files to check instead of the built-in rules");
  commands->push_back({check, [flags, &io] { return RunCheck(*flags, io); }});
}

}  // namespace keysweep::cli
