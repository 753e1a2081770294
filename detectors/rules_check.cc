#include "detectors/rules_check.h"

#include <algorithm>

#include <re2/re2.h>

#include "detectors/engine.h"
#include "detectors/matcher.h"

namespace keysweep {
namespace {

std::string Quote(const std::string& text) {
  std::string shown = text.size() > 80 ? text.substr(0, 77) + "..." : text;
  return "\"" + shown + "\"";
}

// A path a glob names: "**/.netrc" -> ".netrc", "**/*.tfstate" -> "x.tfstate".
std::string PathFromGlob(std::string glob) {
  std::string out;
  for (size_t i = 0; i < glob.size(); ++i) {
    if (glob.compare(i, 3, "**/") == 0) {
      i += 2;
    } else if (glob[i] == '*' || glob[i] == '?') {
      out += 'x';
    } else if (glob[i] == '[') {
      size_t end = glob.find(']', i + 1);
      out += (i + 1 < glob.size() && glob[i + 1] != '!' && glob[i + 1] != '^') ? glob[i + 1] : 'x';
      i = end == std::string::npos ? glob.size() : end;
    } else {
      out += glob[i];
    }
  }
  while (out.starts_with("/")) out.erase(0, 1);
  return out;
}

void CheckExample(Matcher& matcher, size_t rule_index, const RuleExample& example, bool positive,
                  std::vector<std::string>* problems) {
  const Rule& rule = matcher.engine().rules()[rule_index];
  std::string where = "rule '" + rule.id + "': " + (positive ? "example " : "negative example ") +
                      Quote(example.text);
  // Path-limited rules see their example at the example's path, or at one their first glob names.
  std::string path = !example.path.empty() ? example.path
                     : !rule.paths.empty() ? PathFromGlob(rule.paths.front())
                                           : "";
  std::vector<Match> matches;
  if (Status s = matcher.Scan(example.text, {}, &matches, matcher.engine().PathRulesFor(path)); !s.ok()) {
    problems->push_back(where + ": " + s.message());
    return;
  }
  std::vector<const Match*> mine;
  for (const Match& m : matches) {
    if (m.rule_index == rule_index) mine.push_back(&m);
  }
  if (!positive) {
    if (!mine.empty()) {
      problems->push_back(where + " is reported (secret " + Quote(mine.front()->secret) + ")");
    }
    return;
  }
  if (mine.empty()) {
    problems->push_back(where + " is not reported");
    return;
  }
  if (example.secret) {
    bool found = std::any_of(mine.begin(), mine.end(),
                             [&](const Match* m) { return m->secret == *example.secret; });
    if (!found) {
      problems->push_back(where + ": expected secret " + Quote(*example.secret) + ", got " +
                          Quote(mine.front()->secret));
    }
  }
  for (const std::string& name : example.companions) {
    bool found = std::any_of(mine.begin(), mine.end(), [&](const Match* m) {
      return std::any_of(m->companions.begin(), m->companions.end(),
                         [&](const CompanionMatch& c) { return c.name == name; });
    });
    if (!found) problems->push_back(where + ": companion '" + name + "' is not found");
  }
}

// Hyperscan and RE2 must agree on whether the bare pattern matches the text.
void CrossCheckEngines(Matcher& matcher, size_t rule_index, const std::string& text,
                       std::vector<std::string>* problems) {
  const Rule& rule = matcher.engine().rules()[rule_index];
  std::vector<std::pair<uint32_t, uint64_t>> hits;
  if (!matcher.ScanRaw(text, &hits).ok()) return;
  bool hyperscan = std::any_of(hits.begin(), hits.end(),
                               [&](const auto& hit) { return hit.first == rule_index; });
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  RE2 re(rule.pattern, options);
  bool re2 = re.ok() && RE2::PartialMatch(text, re);
  if (hyperscan != re2) {
    problems->push_back("rule '" + rule.id + "': Hyperscan " + (hyperscan ? "matches" : "does not match") +
                        " but RE2 " + (re2 ? "matches" : "does not match") + " " + Quote(text));
  }
}

}  // namespace

RulesCheckResult CheckRules(const std::vector<Rule>& rules) {
  RulesCheckResult result;
  result.rules = rules.size();
  for (const Rule& rule : rules) {
    if (rule.examples.empty()) {
      result.problems.push_back("rule '" + rule.id + "': has no examples");
    }
    if (rule.negative_examples.empty()) {
      result.problems.push_back("rule '" + rule.id + "': has no negative examples");
    }
  }
  Result<std::shared_ptr<const Engine>> engine = Engine::Create(rules, EngineOptions{});
  if (!engine.ok()) {
    // Compile each rule alone, so that every broken rule is named, not just the first.
    for (const Rule& rule : rules) {
      Result<std::shared_ptr<const Engine>> single = Engine::Create({rule}, EngineOptions{});
      if (!single.ok()) result.problems.push_back(single.status().message());
    }
    if (result.problems.empty()) result.problems.push_back(engine.status().message());
    return result;
  }
  Matcher matcher(*engine);
  for (size_t i = 0; i < rules.size(); ++i) {
    for (const RuleExample& example : rules[i].examples) {
      CheckExample(matcher, i, example, /*positive=*/true, &result.problems);
      CrossCheckEngines(matcher, i, example.text, &result.problems);
      ++result.examples;
    }
    for (const RuleExample& example : rules[i].negative_examples) {
      CheckExample(matcher, i, example, /*positive=*/false, &result.problems);
      CrossCheckEngines(matcher, i, example.text, &result.problems);
      ++result.negative_examples;
    }
  }
  return result;
}

}  // namespace keysweep
