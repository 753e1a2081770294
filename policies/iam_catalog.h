// IamCatalog: what AWS IAM knows about each service — its actions, the
// resource types each action takes (with their ARN formats), and its
// condition keys — from keysweep's compact copy of the catalog
// (policies/catalog/iam_catalog.txt, compiled into the binary), plus the
// global condition keys. Names are compared case-insensitively, as IAM does.
//
// Built once per process (IamCatalog::Get()); immutable afterwards and
// thread-safe.
#ifndef KEYSWEEP_POLICIES_IAM_CATALOG_H_
#define KEYSWEEP_POLICIES_IAM_CATALOG_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <re2/re2.h>

namespace keysweep {

struct IamResourceType {
  std::string name;                      // "object"
  std::vector<std::string> arn_formats;  // "arn:${Partition}:s3:::.*"
  // The formats as RE2 (variables as wildcards), compiled on first use: see IamCatalog::ArnPatterns.
  mutable std::vector<std::unique_ptr<re2::RE2>> arn_patterns;
  mutable std::once_flag compiled;
};

struct IamService {
  std::string prefix;  // "s3"
  std::unordered_map<std::string, std::vector<std::string>> actions;  // lower-case action -> resource types
  std::vector<std::string> action_names;  // sorted, lower-case
  std::unordered_map<std::string, IamResourceType> resources;
  std::vector<std::string> condition_keys;  // lower-case; may hold ${TagKey}-style variables
};

class IamCatalog {
 public:
  static const IamCatalog& Get();

  const IamService* Service(std::string_view prefix) const;  // case-insensitive
  // Actions of `service` matching an IAM action pattern (`*` and `?`), lower-case.
  std::vector<std::string> MatchingActions(const IamService& service, std::string_view pattern) const;
  // The closest action names to a misspelled one (edit distance), best first.
  std::vector<std::string> Suggestions(const IamService& service, std::string_view action) const;
  // The closest service prefixes to an unknown one, best first.
  std::vector<std::string> ServiceSuggestions(std::string_view prefix) const;
  // The resource type's ARN formats as case-insensitive RE2 programs (thread-safe).
  const std::vector<std::unique_ptr<re2::RE2>>& ArnPatterns(const IamResourceType& type) const;
  // True for a known global condition key (aws:..., with tag/variable forms).
  bool IsGlobalConditionKey(std::string_view key) const;
  // True if `key` is one of the service's condition keys (variables match any text).
  bool IsServiceConditionKey(const IamService& service, std::string_view key) const;
  // True if the global key takes several values (aws:TagKeys, aws:CalledVia ...).
  bool IsMultiValuedKey(std::string_view key) const;

  size_t service_count() const { return services_.size(); }
  size_t action_count() const;

 private:
  IamCatalog();
  std::unordered_map<std::string, IamService> services_;
  std::vector<std::string> prefixes_;  // sorted
};

// IAM's wildcard match: '*' any run, '?' one character; ASCII case-insensitive.
bool IamWildcardMatch(std::string_view pattern, std::string_view text);

}  // namespace keysweep

#endif  // KEYSWEEP_POLICIES_IAM_CATALOG_H_
