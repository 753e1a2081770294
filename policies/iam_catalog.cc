#include "policies/iam_catalog.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <re2/re2.h>

#include "core/embedded_file.h"
#include "core/text.h"

namespace keysweep {

const std::vector<EmbeddedFile>& EmbeddedCatalogFiles();  // generated

namespace {

// Global condition keys (AWS global condition context keys), lower-case; a
// trailing '/' means "followed by a tag key or other name".
constexpr const char* kGlobalKeys[] = {
    "aws:assumedroot", "aws:calledvia", "aws:calledviafirst", "aws:calledvialast",
    "aws:calledviaawsmcp", "aws:viaawsmcpservice", "aws:ismcpserviceaction",
    "aws:currenttime", "aws:epochtime", "aws:federatedprovider", "aws:multifactorauthage",
    "aws:multifactorauthpresent", "aws:principalaccount", "aws:principalarn",
    "aws:principalisawsservice", "aws:principalorgid", "aws:principalorgpaths",
    "aws:principaltag/", "aws:principaltype", "aws:principalservicename",
    "aws:principalservicenameslist", "aws:referer", "aws:requestedregion", "aws:requesttag/",
    "aws:resourceaccount", "aws:resourceorgid", "aws:resourceorgpaths", "aws:resourcetag/",
    "aws:securetransport", "aws:signinsessionarn", "aws:sourceaccount", "aws:sourcearn",
    "aws:sourceidentity", "aws:sourceip", "aws:sourceorgid", "aws:sourceorgpaths",
    "aws:sourceowner", "aws:sourcevpc", "aws:sourcevpce", "aws:sourcevpcarn", "aws:tagkeys",
    "aws:tokenissuetime", "aws:useragent", "aws:userid", "aws:username", "aws:viaawsservice",
    "aws:vpcsourceip", "aws:vpceaccount", "aws:vpceorgid", "aws:vpceorgpaths",
    "aws:ec2instancesourceprivateipv4", "aws:ec2instancesourcevpc",
};

constexpr const char* kMultiValuedGlobalKeys[] = {
    "aws:calledvia", "aws:principalorgpaths", "aws:resourceorgpaths", "aws:sourceorgpaths",
    "aws:tagkeys", "aws:principalservicenameslist", "aws:vpceorgpaths"};

// "arn:${Partition}:s3:::${BucketName}/${ObjectName}" -> an RE2 pattern.
std::string ArnFormatToRegex(const std::string& format) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '$' && i + 1 < format.size() && format[i + 1] == '{') {
      size_t end = format.find('}', i);
      if (end == std::string::npos) break;
      out += ".*";
      i = end;
    } else if (format[i] == '*' && (i == 0 || format[i - 1] != '.')) {
      out += ".*";  // a few formats use a glob's '*' where the rest use ".*"
    } else {
      out += format[i];  // the source formats are regexes already (".*")
    }
  }
  return out;
}

}  // namespace

bool IamWildcardMatch(std::string_view pattern, std::string_view text) {
  // Iterative glob matching with one backtrack point: linear in practice.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || lower(pattern[p]) == lower(text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

IamCatalog::IamCatalog() {
  for (const EmbeddedFile& file : EmbeddedCatalogFiles()) {
    std::string_view text = file.text;
    IamService* service = nullptr;
    while (!text.empty()) {
      size_t newline = text.find('\n');
      std::string_view line = text.substr(0, newline);
      text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
      if (line.size() < 3 || line[0] == '#') continue;
      std::string_view rest = line.substr(2);
      // Resource type names may hold spaces ("function alias"): R lines are tab-separated.
      size_t space = rest.find(line[0] == 'R' ? '\t' : ' ');
      std::string first(rest.substr(0, space));
      std::string_view second = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
      switch (line[0]) {
        case 'S':
          service = &services_[first];
          service->prefix = first;
          break;
        case 'A': {
          if (!service) break;
          std::vector<std::string>& types = service->actions[first];
          while (!second.empty()) {
            size_t comma = second.find(',');
            types.emplace_back(second.substr(0, comma));
            second = comma == std::string_view::npos ? std::string_view() : second.substr(comma + 1);
          }
          service->action_names.push_back(first);
          break;
        }
        case 'R': {
          if (!service) break;
          IamResourceType& type = service->resources[first];
          type.name = first;
          while (!second.empty()) {
            size_t bar = second.find('|');
            type.arn_formats.emplace_back(second.substr(0, bar));
            second = bar == std::string_view::npos ? std::string_view() : second.substr(bar + 1);
          }
          break;
        }
        case 'K':
          if (service) service->condition_keys.push_back(first);
          break;
        default: break;
      }
    }
  }
  for (auto& [prefix, service] : services_) {
    std::sort(service.action_names.begin(), service.action_names.end());
    prefixes_.push_back(prefix);
  }
  std::sort(prefixes_.begin(), prefixes_.end());
}

const std::vector<std::unique_ptr<RE2>>& IamCatalog::ArnPatterns(const IamResourceType& type) const {
  std::call_once(type.compiled, [&type] {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(false);
    for (const std::string& format : type.arn_formats) {
      auto re = std::make_unique<RE2>(ArnFormatToRegex(format), options);
      if (re->ok()) type.arn_patterns.push_back(std::move(re));
    }
  });
  return type.arn_patterns;
}

const IamCatalog& IamCatalog::Get() {
  static const IamCatalog* catalog = new IamCatalog();
  return *catalog;
}

size_t IamCatalog::action_count() const {
  size_t n = 0;
  for (const auto& [prefix, service] : services_) n += service.actions.size();
  return n;
}

const IamService* IamCatalog::Service(std::string_view prefix) const {
  auto it = services_.find(ToLowerAscii(prefix));
  return it == services_.end() ? nullptr : &it->second;
}

std::vector<std::string> IamCatalog::MatchingActions(const IamService& service, std::string_view pattern) const {
  std::vector<std::string> out;
  for (const std::string& name : service.action_names) {
    if (IamWildcardMatch(pattern, name)) out.push_back(name);
  }
  return out;
}

namespace {

// The (up to three) names closest to `word`, within a quarter of its length.
std::vector<std::string> Closest(const std::vector<std::string>& names, std::string_view word) {
  std::string lower = ToLowerAscii(word);
  std::vector<std::pair<size_t, std::string>> scored;
  size_t limit = std::max<size_t>(2, lower.size() / 4);
  for (const std::string& name : names) {
    size_t distance = EditDistance(lower, name);
    if (distance <= limit) scored.emplace_back(distance, name);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace

std::vector<std::string> IamCatalog::Suggestions(const IamService& service, std::string_view action) const {
  return Closest(service.action_names, action);
}

std::vector<std::string> IamCatalog::ServiceSuggestions(std::string_view prefix) const {
  return Closest(prefixes_, prefix);
}

namespace {

// Matches a condition key against a catalog key that may hold ${Variables}.
bool ConditionKeyMatches(std::string_view catalog_key, std::string_view key) {
  size_t var = catalog_key.find("${");
  if (var == std::string_view::npos) return catalog_key == key;
  return key.size() > var && key.substr(0, var) == catalog_key.substr(0, var);
}

}  // namespace

bool IamCatalog::IsGlobalConditionKey(std::string_view key) const {
  std::string lower = ToLowerAscii(key);
  for (const char* known : kGlobalKeys) {
    std::string_view k = known;
    if (k.ends_with('/') ? (lower.size() > k.size() && lower.starts_with(k)) : lower == k) return true;
  }
  return false;
}

bool IamCatalog::IsServiceConditionKey(const IamService& service, std::string_view key) const {
  std::string lower = ToLowerAscii(key);
  for (const std::string& known : service.condition_keys) {
    if (ConditionKeyMatches(known, lower)) return true;
  }
  return false;
}

bool IamCatalog::IsMultiValuedKey(std::string_view key) const {
  std::string lower = ToLowerAscii(key);
  for (const char* known : kMultiValuedGlobalKeys) {
    if (lower == known) return true;
  }
  return false;
}

}  // namespace keysweep
