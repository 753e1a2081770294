#include "detectors/engine.h"

#include <cstdlib>
#include <string>

#include <hs/hs.h>
#include <re2/re2.h>

#include "core/hash.h"
#include "core/text.h"
#include "detectors/database_cache.h"

namespace keysweep {
namespace {

RE2::Options Re2Options() {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);  // bytes, like Hyperscan
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

Result<std::unique_ptr<RE2>> CompileRe2(const std::string& pattern, const std::string& what) {
  auto re = std::make_unique<RE2>(pattern, Re2Options());
  if (!re->ok()) return Status::Error(what + ": RE2 rejects the pattern: " + re->error());
  return re;
}

// Checks that Hyperscan accepts the pattern and returns its maximum width.
Result<size_t> HyperscanWidth(const std::string& pattern, const std::string& what) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(pattern.c_str(), 0, &info, &error) != HS_SUCCESS) {
    std::string message = what + ": Hyperscan rejects the pattern: " + error->message;
    hs_free_compile_error(error);
    return Status::Error(message);
  }
  size_t min_width = info->min_width;
  size_t max_width = info->max_width;
  free(info);
  if (min_width == 0) return Status::Error(what + ": the pattern can match the empty string");
  if (max_width > kMaxRuleMatchWidth) {
    return Status::Error(what + ": the pattern's match length is unbounded or over " +
                         std::to_string(kMaxRuleMatchWidth) +
                         " bytes; bound every repetition (e.g. {1,200} instead of +)");
  }
  return max_width;
}

Result<CompiledRule> CompileRule(const Rule& rule) {
  CompiledRule compiled;
  compiled.rule = &rule;
  std::string what = "rule '" + rule.id + "' (" + rule.origin + ")";
  Result<size_t> width = HyperscanWidth(rule.pattern, what);
  if (!width.ok()) return width.status();
  compiled.max_width = *width;
  Result<std::unique_ptr<RE2>> confirm = CompileRe2("(?:" + rule.pattern + ")\\z", what);
  if (!confirm.ok()) return confirm.status();
  compiled.confirm = std::move(*confirm);
  for (const CompanionSpec& companion : rule.companions) {
    std::string cwhat = what + " companion '" + companion.name + "'";
    Result<size_t> cwidth = HyperscanWidth(companion.pattern, cwhat);
    if (!cwidth.ok()) return cwidth.status();
    Result<std::unique_ptr<RE2>> re = CompileRe2(companion.pattern, cwhat);
    if (!re.ok()) return re.status();
    if ((*re)->NumberOfCapturingGroups() < 1) {
      return Status::Error(cwhat + ": the pattern needs a capture group for the value");
    }
    compiled.companions.push_back(std::move(*re));
  }
  for (const std::string& ignore : rule.ignore_secrets) {
    Result<std::unique_ptr<RE2>> re = CompileRe2(ignore, what + " ignore_secrets");
    if (!re.ok()) return re.status();
    compiled.ignore_secrets.push_back(std::move(*re));
  }
  for (const std::string& keyword : rule.keywords) {
    compiled.keywords_lower.push_back(ToLowerAscii(keyword));
  }
  return compiled;
}

std::string PlatformKey() {
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  return std::to_string(platform.tune) + ":" + std::to_string(platform.cpu_features) + ":" +
         hs_version();
}

std::string DatabaseKey(const std::vector<Rule>& rules) {
  std::string material = PlatformKey();
  for (const Rule& rule : rules) {
    material += '\0';
    material += rule.pattern;
  }
  return HashBytes(material).Hex();
}

Result<hs_database_t*> CompileDatabase(const std::vector<Rule>& rules) {
  std::vector<const char*> patterns;
  std::vector<unsigned> flags(rules.size(), 0);
  std::vector<unsigned> ids;
  for (size_t i = 0; i < rules.size(); ++i) {
    patterns.push_back(rules[i].pattern.c_str());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, &db,
                       &error) != HS_SUCCESS) {
    std::string message = "cannot compile the rules with Hyperscan";
    if (error->expression >= 0 && static_cast<size_t>(error->expression) < rules.size()) {
      message += ": rule '" + rules[error->expression].id + "'";
    }
    message += std::string(": ") + error->message;
    hs_free_compile_error(error);
    return Status::Error(message);
  }
  return db;
}

}  // namespace

std::string DefaultCacheDir() {
  if (const char* dir = getenv("KEYSWEEP_CACHE_DIR"); dir != nullptr) return dir;
  if (const char* xdg = getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
    return std::string(xdg) + "/keysweep";
  }
  if (const char* home = getenv("HOME"); home != nullptr && home[0] == '/') {
    return std::string(home) + "/.cache/keysweep";
  }
  return "";
}

Result<std::shared_ptr<const Engine>> Engine::Create(std::vector<Rule> rules,
                                                     const EngineOptions& options) {
  if (rules.empty()) return Status::Error("no rules are enabled");
  std::shared_ptr<Engine> engine(new Engine());
  engine->rules_ = std::move(rules);
  for (const Rule& rule : engine->rules_) {
    Result<CompiledRule> compiled = CompileRule(rule);
    if (!compiled.ok()) return compiled.status();
    size_t context = compiled->max_width;
    for (const CompanionSpec& companion : rule.companions) {
      context = std::max(context, compiled->max_width + static_cast<size_t>(companion.within_bytes));
    }
    engine->max_match_width_ = std::max(engine->max_match_width_, compiled->max_width);
    engine->context_width_ = std::max(engine->context_width_, context + 1024);
    engine->compiled_.push_back(std::move(*compiled));
  }

  std::string key = DatabaseKey(engine->rules_);
  engine->database_ = LoadCachedDatabase(options.cache_dir, key);
  engine->loaded_from_cache_ = engine->database_ != nullptr;
  if (engine->database_ == nullptr) {
    Result<hs_database_t*> db = CompileDatabase(engine->rules_);
    if (!db.ok()) return db.status();
    engine->database_ = *db;
    StoreCachedDatabase(options.cache_dir, key, engine->database_);
  }
  return std::shared_ptr<const Engine>(std::move(engine));
}

Engine::~Engine() {
  if (database_ != nullptr) hs_free_database(database_);
}

}  // namespace keysweep
