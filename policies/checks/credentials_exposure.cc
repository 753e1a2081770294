// iam.credentials-exposure: actions whose response is a credential (an access
// key, a password, a database or registry token, temporary role credentials),
// allowed on every resource. The list is Cloudsplaining's
// ACTIONS_THAT_RETURN_CREDENTIALS (salesforce/cloudsplaining,
// cloudsplaining/shared/constants.py; docs/glossary/credentials-exposure.md),
// less the entries an expert would not report:
//   - ecr:GetAuthorizationToken, ecr-public:GetAuthorizationToken,
//     codeartifact:GetAuthorizationToken: the token carries the caller's own
//     registry permissions, and ECR's takes no resource ("*" is the only way
//     to grant it; checkov's CKV_AWS_107 excludes it for that reason);
//   - sts:GetSessionToken, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity,
//     cognito-identity:GetOpenIdToken, cognito-identity:GetCredentialsForIdentity:
//     called without AWS credentials or not controllable by IAM policy, so an
//     Allow changes nothing;
//   - iam:UpdateAccessKey (changes a key's status, returns nothing),
//     cognito-idp:GetSigningCertificate (a public certificate);
//   - sts:AssumeRole on every role is reported by iam.privilege-escalation;
//   - sso:GetRoleCredentials is a portal API that IAM policies do not govern.
#include "policies/checks/least_privilege.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

const std::vector<std::string>& CredentialActions() {
  static const std::vector<std::string> kActions = least_privilege::KnownActions({
      "airflow:CreateCliToken",
      "airflow:CreateWebLoginToken",
      "appsync:CreateApiKey",
      "chime:CreateApiKey",
      "cloud9:CreateEnvironmentToken",
      "codepipeline:PollForJobs",
      "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
      "connect:GetFederationToken",
      "ec2:GetPasswordData",
      "emr-containers:GetManagedEndpointSessionCredentials",
      "finspace-api:GetProgrammaticAccessCredentials",
      "gamelift:RequestUploadCredentials",
      "gamelift:GetInstanceAccess",
      "gamelift:GetComputeAccess",
      "gamelift:GetComputeAuthToken",
      "grafana:CreateWorkspaceApiKey",
      "iam:CreateAccessKey",
      "iam:CreateLoginProfile",
      "iam:CreateServiceSpecificCredential",
      "iam:ResetServiceSpecificCredential",
      "license-manager:GetAccessToken",
      "lightsail:GetInstanceAccessDetails",
      "lightsail:DownloadDefaultKeyPair",
      "lightsail:CreateBucketAccessKey",
      "lightsail:GetRelationalDatabaseMasterUserPassword",
      "mediapackage:RotateChannelCredentials",
      "mediapackage:RotateIngestEndpointCredentials",
      "rds-db:connect",
      "redshift:GetClusterCredentials",
      "redshift:GetClusterCredentialsWithIAM",
      "redshift-serverless:GetCredentials",
      "sts:GetFederationToken",
  });
  return kActions;
}

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  if (!least_privilege::IsIdentityPolicy(doc)) return;
  for (const Statement& s : doc.statements) {
    for (const least_privilege::PatternGrant& g :
         least_privilege::UnconstrainedGrants(doc, s, CredentialActions())) {
      context.Report(
          "iam.credentials-exposure", g.pattern->json, g.pattern->pointer,
          least_privilege::GrantPhrase(s, g) + ": " +
              (g.actions.size() == 1 ? "it returns credentials (a key, password or token) for any "
                                       "resource of its kind"
                                     : "they return credentials (keys, passwords, tokens) for any "
                                       "resource of their kind") +
              ", which work independently of the holder's own access; name the resources");
    }
  }
}

}  // namespace

void Register_credentials_exposure(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.credentials-exposure", "Credentials exposure", Severity::kHigh,
         "The policy allows, on every resource, actions whose response is a credential: IAM access "
         "keys and service-specific passwords, federation tokens, database and cluster "
         "credentials, "
         "instance passwords and key pairs. A leaked key with this policy mints new, independent "
         "credentials that survive the key's revocation. Restrict the actions to named resources "
         "(users, clusters, databases), or remove them.",
         "https://cloudsplaining.readthedocs.io/en/latest/glossary/credentials-exposure/"}},
       &Run});
}

}  // namespace keysweep
