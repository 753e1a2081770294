// iam.permissions-management-unrestricted: actions that change who may do
// what (identity policies, resource policies, ACLs, grants, sharing) allowed
// on every resource. Cloudsplaining reports these as "Resource Exposure": the
// "Permissions management" access level of AWS's Service Authorization
// Reference (through policy_sentry), without resource constraints; Parliament's
// PERMISSIONS_MANAGEMENT_ACTIONS uses the same level. keysweep's catalog has
// no access levels, so this is a curated list of the Permissions-management
// actions that rewrite a policy or grant access, taken from the Service
// Authorization Reference pages of each service (IAM, S3, KMS, SQS, SNS,
// Lambda, ECR, Secrets Manager, Glacier, EventBridge, CloudWatch Logs, RAM,
// Organizations, IAM Identity Center, Backup, EFS, EC2/RDS snapshot sharing,
// Glue, DynamoDB, Kinesis, CodeArtifact, MediaStore, SAR, ACM PCA, API
// Gateway). sqs:SetQueueAttributes and sns:SetTopicAttributes are included:
// they set the queue's or topic's access policy (SQS's AddPermission docs).
#include "policies/checks/least_privilege.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

const std::vector<std::string>& PermissionActions() {
  static const std::vector<std::string> kActions = least_privilege::KnownActions({
      "iam:AttachGroupPolicy",
      "iam:AttachRolePolicy",
      "iam:AttachUserPolicy",
      "iam:PutGroupPolicy",
      "iam:PutRolePolicy",
      "iam:PutUserPolicy",
      "iam:CreatePolicy",
      "iam:CreatePolicyVersion",
      "iam:SetDefaultPolicyVersion",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:DeleteGroupPolicy",
      "iam:DeleteRolePolicy",
      "iam:DeleteUserPolicy",
      "iam:DetachGroupPolicy",
      "iam:DetachRolePolicy",
      "iam:DetachUserPolicy",
      "iam:UpdateAssumeRolePolicy",
      "iam:PutRolePermissionsBoundary",
      "iam:PutUserPermissionsBoundary",
      "iam:DeleteRolePermissionsBoundary",
      "iam:DeleteUserPermissionsBoundary",
      "s3:PutBucketPolicy",
      "s3:DeleteBucketPolicy",
      "s3:PutBucketAcl",
      "s3:PutObjectAcl",
      "s3:PutObjectVersionAcl",
      "s3:PutBucketPublicAccessBlock",
      "s3:PutAccountPublicAccessBlock",
      "s3:PutAccessPointPolicy",
      "kms:PutKeyPolicy",
      "kms:CreateGrant",
      "sqs:AddPermission",
      "sqs:SetQueueAttributes",
      "sns:AddPermission",
      "sns:SetTopicAttributes",
      "lambda:AddPermission",
      "lambda:AddLayerVersionPermission",
      "ecr:SetRepositoryPolicy",
      "ecr:PutRegistryPolicy",
      "ecr-public:SetRepositoryPolicy",
      "secretsmanager:PutResourcePolicy",
      "secretsmanager:DeleteResourcePolicy",
      "glacier:SetVaultAccessPolicy",
      "events:PutPermission",
      "logs:PutResourcePolicy",
      "ram:CreateResourceShare",
      "ram:AssociateResourceShare",
      "organizations:AttachPolicy",
      "organizations:DetachPolicy",
      "organizations:CreatePolicy",
      "organizations:UpdatePolicy",
      "organizations:DeletePolicy",
      "organizations:DisablePolicyType",
      "sso:PutInlinePolicyToPermissionSet",
      "sso:AttachManagedPolicyToPermissionSet",
      "backup:PutBackupVaultAccessPolicy",
      "elasticfilesystem:PutFileSystemPolicy",
      "ec2:ModifySnapshotAttribute",
      "ec2:ModifyImageAttribute",
      "rds:ModifyDBSnapshotAttribute",
      "rds:ModifyDBClusterSnapshotAttribute",
      "glue:PutResourcePolicy",
      "dynamodb:PutResourcePolicy",
      "kinesis:PutResourcePolicy",
      "codeartifact:PutDomainPermissionsPolicy",
      "codeartifact:PutRepositoryPermissionsPolicy",
      "mediastore:PutContainerPolicy",
      "serverlessrepo:PutApplicationPolicy",
      "acm-pca:PutPolicy",
      "apigateway:UpdateRestApiPolicy",
  });
  return kActions;
}

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  if (!least_privilege::IsIdentityPolicy(doc)) return;
  for (const Statement& s : doc.statements) {
    for (const least_privilege::PatternGrant& g :
         least_privilege::UnconstrainedGrants(doc, s, PermissionActions())) {
      context.Report("iam.permissions-management-unrestricted", g.pattern->json, g.pattern->pointer,
                     least_privilege::GrantPhrase(s, g) +
                         ": the holder can rewrite who has access to any resource of the kind (its "
                         "policy, ACL, "
                         "grants or sharing), and open it to other accounts or the public; name "
                         "the resources");
    }
  }
}

}  // namespace

void Register_permissions_management(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.permissions-management-unrestricted", "Unrestricted permissions management",
         Severity::kHigh,
         "The policy allows, on every resource and with no narrowing condition, actions that "
         "change "
         "permissions: attaching or writing IAM policies, setting bucket, key, queue, topic, "
         "secret or "
         "repository policies, ACLs and KMS grants, sharing snapshots and resources. The holder "
         "can "
         "grant itself or anyone else access to any of these resources. Restrict them to named "
         "resources, or condition them (iam:PolicyARN, iam:PermissionsBoundary, resource tags).",
         "https://cloudsplaining.readthedocs.io/en/latest/glossary/resource-exposure/"}},
       &Run});
}

}  // namespace keysweep
