// iam.sensitive-data-read: reads of secrets and stored data on every resource:
// every secret, every parameter, every object, every key's decryption. The
// first five are Cloudsplaining's READ_ONLY_DATA_EXFILTRATION_ACTIONS
// (salesforce/cloudsplaining, cloudsplaining/shared/constants.py;
// docs/glossary/data-exfiltration.md); the others read the same kind of data
// (an object's older versions, SecureString history, KMS decryption, whole
// DynamoDB tables), as the AWS Service Authorization Reference describes them.
#include <string_view>

#include "policies/checks/least_privilege.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

struct Sensitive {
  const char* action;
  const char* what;  // "every secret in the account"
};

constexpr Sensitive kSensitive[] = {
    {"secretsmanager:GetSecretValue", "every secret in Secrets Manager"},
    {"ssm:GetParameter", "every SSM parameter, SecureStrings included"},
    {"ssm:GetParameters", "every SSM parameter, SecureStrings included"},
    {"ssm:GetParametersByPath", "every SSM parameter, SecureStrings included"},
    {"ssm:GetParameterHistory", "every SSM parameter, SecureStrings included"},
    {"s3:GetObject", "every object in every bucket"},
    {"s3:GetObjectVersion", "every object in every bucket"},
    {"kms:Decrypt", "whatever any KMS key that trusts the account encrypted"},
    {"dynamodb:GetItem", "every DynamoDB table"},
    {"dynamodb:BatchGetItem", "every DynamoDB table"},
    {"dynamodb:Query", "every DynamoDB table"},
    {"dynamodb:Scan", "every DynamoDB table"},
};

const std::vector<std::string>& SensitiveActions() {
  static const std::vector<std::string> kActions = [] {
    std::vector<std::string> all;
    for (const Sensitive& s : kSensitive) {
      if (!least_privilege::KnownActions({s.action}).empty()) all.push_back(s.action);
    }
    return all;
  }();
  return kActions;
}

std::string WhatItReads(const std::vector<std::string>& actions) {
  std::string out;
  for (const Sensitive& s : kSensitive) {
    bool granted = false;
    for (const std::string& a : actions) granted = granted || a == s.action;
    if (granted && out.find(s.what) == std::string::npos)
      out += (out.empty() ? "" : ", ") + std::string(s.what);
  }
  return out;
}

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  if (!least_privilege::IsIdentityPolicy(doc)) return;
  for (const Statement& s : doc.statements) {
    for (const least_privilege::PatternGrant& g :
         least_privilege::UnconstrainedGrants(doc, s, SensitiveActions())) {
      context.Report("iam.sensitive-data-read", g.pattern->json, g.pattern->pointer,
                     least_privilege::GrantPhrase(s, g) + ": it reads " +
                         WhatItReads(g.actions) +
                         "; name the secrets, parameters, buckets or "
                         "keys the workload reads");
    }
  }
}

}  // namespace

void Register_sensitive_data_read(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.sensitive-data-read", "Unrestricted read of secrets or data", Severity::kMedium,
         "The policy allows reading secrets or stored data on every resource: "
         "secretsmanager:GetSecretValue (every secret), ssm:GetParameter* (every parameter), "
         "s3:GetObject (every object in every bucket), kms:Decrypt, DynamoDB item reads. A leaked "
         "key with this policy reads them all. Name the secrets, parameters, buckets, keys and "
         "tables "
         "the workload needs.",
         "https://cloudsplaining.readthedocs.io/en/latest/glossary/data-exfiltration/"}},
       &Run});
}

}  // namespace keysweep
