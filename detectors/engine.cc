#include "detectors/engine.h"

#include <cstdio>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>

#include <hs/hs.h>
#include <re2/re2.h>

#include "core/hash.h"
#include "core/mapped_file.h"
#include "core/text.h"
#include "detectors/database_cache.h"
#include "detectors/re2_pattern.h"

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

std::string Describe(const Rule& rule) { return "rule '" + rule.id + "' (" + rule.origin + ")"; }

// Compiles the rule's RE2 programs into `compiled`.
Status CompileRe2Programs(const Rule& rule, CompiledRule* compiled) {
  std::string what = Describe(rule);
  Result<std::unique_ptr<RE2>> confirm =
      CompileRe2("(?:" + RelaxLargeRepeats(rule.pattern) + ")\\z", what);
  if (!confirm.ok()) return confirm.status();
  compiled->confirm = std::move(*confirm);
  for (const CompanionSpec& companion : rule.companions) {
    std::string cwhat = what + " companion '" + companion.name + "'";
    Result<std::unique_ptr<RE2>> re = CompileRe2(RelaxLargeRepeats(companion.pattern), cwhat);
    if (!re.ok()) return re.status();
    if ((*re)->NumberOfCapturingGroups() < 1) {
      return Status::Error(cwhat + ": the pattern needs a capture group for the value");
    }
    compiled->companions.push_back(std::move(*re));
  }
  for (const std::string& ignore : rule.ignore_secrets) {
    Result<std::unique_ptr<RE2>> re = CompileRe2(ignore, what + " ignore_secrets");
    if (!re.ok()) return re.status();
    compiled->ignore_secrets.push_back(std::move(*re));
  }
  return Status::Ok();
}

// Validates a rule in both engines (for a database that is being compiled)
// and returns its widest match. RE2 must accept the pattern as written too:
// `rules check` cross-checks the engines on it.
Result<size_t> ValidateRule(const Rule& rule) {
  std::string what = Describe(rule);
  if (RE2 exact(rule.pattern, Re2Options()); !exact.ok()) {
    return Status::Error(what + ": RE2 rejects the pattern: " + exact.error());
  }
  Result<size_t> width = HyperscanWidth(rule.pattern, what);
  if (!width.ok()) return width.status();
  for (const CompanionSpec& companion : rule.companions) {
    Result<size_t> cwidth = HyperscanWidth(companion.pattern, what + " companion '" + companion.name + "'");
    if (!cwidth.ok()) return cwidth.status();
  }
  CompiledRule scratch;
  KS_RETURN_IF_ERROR(CompileRe2Programs(rule, &scratch));
  return width;
}

std::string PlatformKey() {
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  return std::to_string(platform.tune) + ":" + std::to_string(platform.cpu_features) + ":" +
         hs_version();
}

// A hash of the running executable, so that a cache entry written by another
// build (or planted for one) is never this binary's; "" when it cannot be read.
const std::string& BinaryIdentity() {
  static const std::string identity = [] {
    MappedFile self("/proc/self/exe");
    if (self.data() == nullptr) return std::string();
    return HashBytes(std::string_view(reinterpret_cast<const char*>(self.data()), self.size())).Hex();
  }();
  return identity;
}

// Covers every pattern and keyword of every rule: a cache hit means all of
// them were validated. Also covers the binary (database_cache.h).
std::string DatabaseKey(const std::vector<Rule>& rules) {
  std::string material = PlatformKey() + ":" + BinaryIdentity();
  for (const Rule& rule : rules) {
    material += '\0';
    material += rule.pattern;
    for (const CompanionSpec& companion : rule.companions) material += '\1' + companion.pattern;
    for (const std::string& ignore : rule.ignore_secrets) material += '\2' + ignore;
    for (const std::string& keyword : rule.keywords) material += '\3' + keyword;
    material += rule.paths.empty() ? '\4' : '\5';
  }
  return HashBytes(material).Hex();
}

// The distinct lowercase keywords of the keyword-gated rules, in first-seen order.
std::vector<std::string> DistinctKeywords(const std::vector<Rule>& rules) {
  std::vector<std::string> keywords;
  for (const Rule& rule : rules) {
    if (!rule.paths.empty()) continue;  // path-limited rules are gated by path instead
    for (const std::string& keyword : rule.keywords) {
      std::string lower = ToLowerAscii(keyword);
      if (!lower.empty() && std::find(keywords.begin(), keywords.end(), lower) == keywords.end()) {
        keywords.push_back(lower);
      }
    }
  }
  return keywords;
}

// A Hyperscan pattern matching `literal` exactly (every byte escaped).
std::string LiteralPattern(const std::string& literal) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : literal) {
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  return out;
}

struct PatternList {
  std::vector<std::string> patterns;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
};

Result<hs_database_t*> CompileDatabase(const PatternList& list, const std::vector<Rule>& rules) {
  std::vector<const char*> patterns;
  for (const std::string& p : list.patterns) patterns.push_back(p.c_str());
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(patterns.data(), list.flags.data(), list.ids.data(),
                       static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, &db,
                       &error) != HS_SUCCESS) {
    std::string message = "cannot compile the rules with Hyperscan";
    if (error->expression >= 0 && static_cast<size_t>(error->expression) < list.ids.size() &&
        list.ids[error->expression] < rules.size()) {
      message += ": rule '" + rules[list.ids[error->expression]].id + "'";
    }
    message += std::string(": ") + error->message;
    hs_free_compile_error(error);
    return Status::Error(message);
  }
  return db;
}

// Which databases CompileDatabases builds: the main one (rules without
// keywords or paths, plus every keyword as a literal) and the gated one (rules
// with keywords); or the path one (rules with paths). Null when empty.
enum class DatabaseSet { kMainAndGated, kPath };

Result<CachedDatabases> CompileDatabases(const std::vector<Rule>& rules, DatabaseSet set) {
  PatternList main, gated, path;
  for (size_t i = 0; i < rules.size(); ++i) {
    PatternList& list = !rules[i].paths.empty() ? path : rules[i].keywords.empty() ? main : gated;
    list.patterns.push_back(rules[i].pattern);
    list.flags.push_back(0);
    list.ids.push_back(static_cast<unsigned>(i));
  }
  std::vector<std::string> keywords = DistinctKeywords(rules);
  for (size_t k = 0; k < keywords.size(); ++k) {
    main.patterns.push_back(LiteralPattern(keywords[k]));
    main.flags.push_back(HS_FLAG_CASELESS);
    main.ids.push_back(Engine::kKeywordIdBase + static_cast<unsigned>(k));
  }
  CachedDatabases compiled;
  std::vector<std::pair<PatternList*, hs_database**>> wanted;
  if (set == DatabaseSet::kPath) {
    wanted = {{&path, &compiled.path}};
  } else {
    wanted = {{&main, &compiled.main}, {&gated, &compiled.gated}};
  }
  for (auto [list, db] : wanted) {
    if (list->patterns.empty()) continue;
    Result<hs_database_t*> result = CompileDatabase(*list, rules);
    if (!result.ok()) {
      for (hs_database* d : {compiled.main, compiled.gated, compiled.path}) {
        if (d) hs_free_database(d);
      }
      return result.status();
    }
    *db = *result;
  }
  return compiled;
}

// "12,345 rules ..." with the files that brought the most rules, for the error.
std::string TooManyRules(const std::vector<Rule>& rules) {
  std::map<std::string, size_t> by_origin;
  for (const Rule& rule : rules) ++by_origin[rule.origin];
  std::vector<std::pair<size_t, std::string>> largest;
  for (const auto& [origin, count] : by_origin) largest.emplace_back(count, origin);
  std::sort(largest.begin(), largest.end(), std::greater<>());
  std::string message = std::to_string(rules.size()) + " rules are more than the " +
                        std::to_string(kMaxEngineRules) +
                        " keysweep compiles (Hyperscan needs about 10 ms a rule: this many would take " +
                        std::to_string(rules.size() / 100) + " s or more); most come from ";
  for (size_t i = 0; i < largest.size() && i < 3; ++i) {
    message += (i == 0 ? "" : ", ") + largest[i].second + " (" + std::to_string(largest[i].first) + " rules)";
  }
  return message + ": merge similar patterns into one rule, or leave rules out (--disable-rule ID, disable_rules)";
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
  if (rules.size() > kMaxEngineRules) return Status::Error(TooManyRules(rules));
  std::shared_ptr<Engine> engine(new Engine());
  engine->rules_ = std::move(rules);
  const std::vector<Rule>& all = engine->rules_;

  std::string key = DatabaseKey(all);
  CachedDatabases databases = LoadCachedDatabases(options.cache_dir, key, all.size());
  if (!databases.problem.empty()) {
    engine->cache_note_ = "the compiled-rules cache entry was not used: " + databases.problem + "; compiling the rules again";
    fprintf(stderr, "keysweep: note: %s\n", engine->cache_note_.c_str());
  }
  engine->loaded_from_cache_ = !databases.max_widths.empty();
  if (!engine->loaded_from_cache_) {
    std::vector<uint32_t> widths;
    for (const Rule& rule : all) {
      Result<size_t> width = ValidateRule(rule);
      if (!width.ok()) return width.status();
      widths.push_back(static_cast<uint32_t>(*width));
    }
    Result<CachedDatabases> compiled = CompileDatabases(all, DatabaseSet::kMainAndGated);
    if (!compiled.ok()) return compiled.status();
    databases = std::move(*compiled);
    databases.max_widths = std::move(widths);
    StoreCachedDatabases(options.cache_dir, key, databases);
  }
  engine->main_database_ = databases.main;
  engine->gated_database_ = databases.gated;
  engine->path_database_ = databases.path;  // only in entries written before it was lazy
  engine->cache_dir_ = options.cache_dir;
  engine->cache_key_ = key + "-path";
  for (const Rule& rule : all) engine->has_path_rules_ = engine->has_path_rules_ || !rule.paths.empty();
  const std::vector<uint32_t>& widths = databases.max_widths;
  for (const std::string& keyword : DistinctKeywords(all)) engine->keyword_lengths_.push_back(keyword.size());

  for (size_t i = 0; i < all.size(); ++i) {
    auto compiled = std::make_unique<CompiledRule>();
    compiled->rule = &all[i];
    compiled->max_width = widths[i];
    for (const std::string& keyword : all[i].keywords) {
      compiled->keywords_lower.push_back(ToLowerAscii(keyword));
    }
    size_t context = compiled->max_width;
    for (const CompanionSpec& companion : all[i].companions) {
      context = std::max(context, compiled->max_width + static_cast<size_t>(companion.within_bytes));
    }
    engine->max_match_width_ = std::max(engine->max_match_width_, compiled->max_width);
    if (!all[i].keywords.empty()) {
      engine->max_gated_width_ = std::max(engine->max_gated_width_, compiled->max_width);
    }
    if (!all[i].paths.empty()) {
      compiled->paths = std::make_unique<GlobSet>();
      for (const std::string& glob : all[i].paths) {
        if (Status s = compiled->paths->Add(glob); !s.ok()) {
          return Status::Error("rule '" + all[i].id + "' (" + all[i].origin + "): paths: " + s.message());
        }
      }
    }
    engine->context_width_ = std::max(engine->context_width_, context + 1024);
    engine->compiled_.push_back(std::move(compiled));
  }
  return std::shared_ptr<const Engine>(std::move(engine));
}

const CompiledRule& Engine::compiled(size_t rule_index) const {
  CompiledRule& rule = *compiled_[rule_index];
  std::call_once(rule.compiled_once, [&rule] {
    // Validated when the database was compiled; a failure here leaves
    // `confirm` null and the rule silently inert, which cannot happen for a
    // cache entry keyed by these very patterns.
    (void)CompileRe2Programs(*rule.rule, &rule);
  });
  return rule;
}

const hs_database* Engine::path_database() const {
  if (!has_path_rules_) return nullptr;
  std::call_once(path_database_once_, [this] {
    if (path_database_ != nullptr) return;
    CachedDatabases cached = LoadCachedDatabases(cache_dir_, cache_key_, rules_.size());
    if (!cached.problem.empty()) {
      fprintf(stderr, "keysweep: note: the compiled-rules cache entry was not used: %s; compiling the rules again\n",
              cached.problem.c_str());
    }
    if (cached.path != nullptr) {
      for (hs_database* db : {cached.main, cached.gated}) {
        if (db) hs_free_database(db);
      }
      path_database_ = cached.path;
      return;
    }
    Result<CachedDatabases> compiled = CompileDatabases(rules_, DatabaseSet::kPath);
    if (!compiled.ok()) {
      fprintf(stderr, "keysweep: the path-limited rules are off: %s\n", compiled.status().message().c_str());
      return;
    }
    for (const auto& rule : compiled_) compiled->max_widths.push_back(static_cast<uint32_t>(rule->max_width));
    StoreCachedDatabases(cache_dir_, cache_key_, *compiled);
    path_database_ = compiled->path;
  });
  return path_database_;
}

std::vector<bool> Engine::PathRulesFor(std::string_view path) const {
  std::vector<bool> applies;
  if (!has_path_rules_ || path.empty()) return applies;
  bool any = false;
  for (size_t i = 0; i < compiled_.size(); ++i) {
    const GlobSet* globs = compiled_[i]->paths.get();
    bool match = globs != nullptr && globs->Matches(path);
    any = any || match;
    applies.push_back(globs == nullptr || match);
  }
  if (!any) applies.clear();
  return applies;
}

Engine::~Engine() {
  for (hs_database* db : {main_database_, gated_database_, path_database_}) {
    if (db != nullptr) hs_free_database(db);
  }
}

}  // namespace keysweep
