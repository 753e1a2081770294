#include "scanner/rule_selection.h"

#include "detectors/rule_loader.h"

namespace keysweep {
namespace {

bool Selects(const std::string& selector, const std::string& id) {
  if (selector.size() >= 2 && selector.ends_with(".*")) {
    return id.starts_with(selector.substr(0, selector.size() - 1));
  }
  return selector == id;
}

Status CheckSelectorsMatch(const std::vector<std::string>& selectors, const std::vector<Rule>& rules,
                           const char* what) {
  for (const std::string& selector : selectors) {
    bool any = false;
    for (const Rule& rule : rules) any = any || Selects(selector, rule.id);
    if (!any) {
      return Status::Error(std::string(what) + ": no rule matches '" + selector +
                           "' (see `keysweep rules list`)");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<Rule>> SelectRules(const RuleSelection& selection) {
  // Parsed afresh rather than copied from BuiltinRules(): a copy of every rule
  // with its examples costs more than the pre-commit hook can spare.
  std::vector<Rule> all;
  for (const EmbeddedFile& file : BuiltinRuleFiles()) {
    Result<std::vector<Rule>> rules = ParseRuleFile(file.text, std::string("detectors/rules/") + file.name);
    if (!rules.ok()) return rules.status();
    for (Rule& rule : *rules) all.push_back(std::move(rule));
  }
  for (const std::string& file : selection.rule_files) {
    Result<std::vector<Rule>> rules = LoadRuleFile(file);
    if (!rules.ok()) return rules.status();
    for (Rule& rule : *rules) all.push_back(std::move(rule));
  }
  for (const auto& [origin, text] : selection.rule_texts) {
    Result<std::vector<Rule>> rules = ParseRuleFile(text, origin);
    if (!rules.ok()) return rules.status();
    for (Rule& rule : *rules) all.push_back(std::move(rule));
  }
  KS_RETURN_IF_ERROR(CheckUniqueIds(all));
  KS_RETURN_IF_ERROR(CheckSelectorsMatch(selection.enable_rules, all, "enable_rules"));
  KS_RETURN_IF_ERROR(CheckSelectorsMatch(selection.disable_rules, all, "disable_rules"));
  std::vector<Rule> chosen;
  for (Rule& rule : all) {
    bool on = rule.enabled_by_default && (!rule.informative || selection.include_informative);
    for (const std::string& s : selection.enable_rules) on = on || Selects(s, rule.id);
    for (const std::string& s : selection.disable_rules) on = on && !Selects(s, rule.id);
    if (on) chosen.push_back(std::move(rule));
  }
  return chosen;
}

}  // namespace keysweep
