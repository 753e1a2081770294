// iam.privilege-escalation: the policy, taken as a whole, lets its holder
// raise its own permissions. The methods are Cloudsplaining's
// PRIVILEGE_ESCALATION_METHODS (salesforce/cloudsplaining,
// cloudsplaining/shared/constants.py: Rhino Security Labs' research, "AWS IAM
// Privilege Escalation – Methods and Mitigation", plus the paths of DataDog's
// pathfinding.cloud), without the combinations that only add actions to a
// one-action method (they always fire together), plus sts:AssumeRole on every
// role and ssm:SendCommand / ssm:StartSession on every instance (the
// instance-role route Cloudsplaining's "assumable by compute service" note
// describes). Each action must be allowed on every resource of its kind
// ("*" or "arn:...:role/*") by a statement with no narrowing Condition, and no
// unconditional Deny may take it back. iam:PassRole limited by
// iam:PassedToService counts only for the service the method passes a role to.
#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "policies/checks/least_privilege.h"
#include "policies/policy_check.h"

namespace keysweep {
namespace {

struct Method {
  const char* name;
  std::vector<const char*> actions;
  const char* passed_to = nullptr;  // the service principal a passed role goes to
};

const std::vector<Method>& Methods() {
  static const std::vector<Method> kMethods = {
      // IAM permissions on other users.
      {"CreateAccessKey", {"iam:CreateAccessKey"}},
      {"CreateLoginProfile", {"iam:CreateLoginProfile"}},
      {"UpdateLoginProfile", {"iam:UpdateLoginProfile"}},
      {"AddUserToGroup", {"iam:AddUserToGroup"}},
      // Permissions on policies.
      {"CreateNewPolicyVersion", {"iam:CreatePolicyVersion"}},
      {"SetExistingDefaultPolicyVersion", {"iam:SetDefaultPolicyVersion"}},
      {"AttachUserPolicy", {"iam:AttachUserPolicy"}},
      {"AttachGroupPolicy", {"iam:AttachGroupPolicy"}},
      {"AttachRolePolicy", {"iam:AttachRolePolicy"}},
      {"PutUserPolicy", {"iam:PutUserPolicy"}},
      {"PutGroupPolicy", {"iam:PutGroupPolicy"}},
      {"PutRolePolicy", {"iam:PutRolePolicy"}},
      // Roles.
      {"UpdateRolePolicyToAssumeIt", {"iam:UpdateAssumeRolePolicy"}},
      {"AssumeAnyRole", {"sts:AssumeRole"}},
      // Passing an existing role to a new resource the holder controls.
      {"CreateEC2WithExistingIP", {"iam:PassRole", "ec2:RunInstances"}, "ec2.amazonaws.com"},
      {"PassExistingRoleToNewEC2SpotInstance",
       {"iam:PassRole", "ec2:RequestSpotInstances"},
       "ec2.amazonaws.com"},
      {"PassExistingRoleToNewLambdaThenInvoke",
       {"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"},
       "lambda.amazonaws.com"},
      {"PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo",
       {"iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"},
       "lambda.amazonaws.com"},
      {"PassExistingRoleToNewLambdaThenAddPermission",
       {"iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission"},
       "lambda.amazonaws.com"},
      {"PassExistingRoleToNewGlueDevEndpoint",
       {"iam:PassRole", "glue:CreateDevEndpoint"},
       "glue.amazonaws.com"},
      {"PassExistingRoleToNewGlueJobThenRun",
       {"iam:PassRole", "glue:CreateJob", "glue:StartJobRun"},
       "glue.amazonaws.com"},
      {"PassExistingRoleToNewGlueJobViaTrigger",
       {"iam:PassRole", "glue:CreateJob", "glue:CreateTrigger"},
       "glue.amazonaws.com"},
      {"PassExistingRoleToUpdatedGlueJobThenRun",
       {"iam:PassRole", "glue:UpdateJob", "glue:StartJobRun"},
       "glue.amazonaws.com"},
      {"PassExistingRoleToUpdatedGlueJobViaTrigger",
       {"iam:PassRole", "glue:UpdateJob", "glue:CreateTrigger"},
       "glue.amazonaws.com"},
      {"PassExistingRoleToCloudFormation",
       {"iam:PassRole", "cloudformation:CreateStack"},
       "cloudformation.amazonaws.com"},
      {"PassExistingRoleToNewCloudFormationStackSet",
       {"iam:PassRole", "cloudformation:CreateStackSet", "cloudformation:CreateStackInstances"},
       "cloudformation.amazonaws.com"},
      {"PassRoleToUpdateCloudFormationStackSet",
       {"iam:PassRole", "cloudformation:UpdateStackSet"},
       "cloudformation.amazonaws.com"},
      {"PassExistingRoleToNewDataPipeline",
       {"iam:PassRole", "datapipeline:CreatePipeline"},
       "datapipeline.amazonaws.com"},
      {"PassExistingRoleToNewCodeBuildProjectThenBuild",
       {"iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"},
       "codebuild.amazonaws.com"},
      {"PassExistingRoleToNewCodeBuildProjectThenBuildBatch",
       {"iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuildBatch"},
       "codebuild.amazonaws.com"},
      {"PassExistingRoleToNewECSTaskViaRunTask",
       {"iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"},
       "ecs-tasks.amazonaws.com"},
      {"PassExistingRoleToNewECSTaskViaStartTask",
       {"iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:StartTask"},
       "ecs-tasks.amazonaws.com"},
      {"PassExistingRoleToNewECSService",
       {"iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:CreateService"},
       "ecs-tasks.amazonaws.com"},
      {"PassExistingRoleToNewSageMakerNotebookInstance",
       {"iam:PassRole", "sagemaker:CreateNotebookInstance"},
       "sagemaker.amazonaws.com"},
      {"PassExistingRoleToNewSageMakerTrainingJob",
       {"iam:PassRole", "sagemaker:CreateTrainingJob"},
       "sagemaker.amazonaws.com"},
      {"PassExistingRoleToNewSageMakerProcessingJob",
       {"iam:PassRole", "sagemaker:CreateProcessingJob"},
       "sagemaker.amazonaws.com"},
      {"PassExistingRoleToNewAppRunnerService",
       {"iam:PassRole", "apprunner:CreateService"},
       "*.apprunner.amazonaws.com"},
      {"PassExistingRoleToNewBedrockCodeInterpreter",
       {"iam:PassRole", "bedrock-agentcore:CreateCodeInterpreter",
        "bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"},
       "bedrock-agentcore.amazonaws.com"},
      // Taking over a resource that already runs with a role.
      {"UpdateExistingGlueDevEndpoint", {"glue:UpdateDevEndpoint"}},
      {"EditExistingLambdaFunctionWithRole", {"lambda:UpdateFunctionCode"}},
      {"ExecuteCloudFormationChangeSet",
       {"cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"}},
      {"ModifyEC2InstanceUserDataThenRestart",
       {"ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"}},
      {"ModifyExistingEC2LaunchTemplate",
       {"ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"}},
      {"EC2InstanceConnectSendSSHPublicKey",
       {"ec2-instance-connect:SendSSHPublicKey", "ec2:DescribeInstances"}},
      {"SSMSendCommandToAnyInstance", {"ssm:SendCommand"}},
      {"SSMStartSessionOnAnyInstance", {"ssm:StartSession"}},
      {"ECSExecuteCommandOnRunningTask", {"ecs:ExecuteCommand", "ecs:DescribeTasks"}},
      {"CreatePresignedSageMakerNotebookUrl", {"sagemaker:CreatePresignedNotebookInstanceUrl"}},
      {"UpdateSageMakerNotebookLifecycleConfig",
       {"sagemaker:CreateNotebookInstanceLifecycleConfig", "sagemaker:StopNotebookInstance",
        "sagemaker:UpdateNotebookInstance", "sagemaker:StartNotebookInstance"}},
      {"AccessExistingBedrockCodeInterpreterSession",
       {"bedrock-agentcore:StartCodeInterpreterSession",
        "bedrock-agentcore:InvokeCodeInterpreter"}},
  };
  return kMethods;
}

// Where an action is granted: the Action entry (or NotAction) that covers it.
struct Grant {
  const JsonValue* at = nullptr;
  std::string pointer;
  std::string written;
};

// A PassRole statement limited by iam:PassedToService still passes roles to
// the services it names: true if `principal` is one of them and nothing else
// narrows the statement.
bool PassedToAllows(const Statement& s, std::string_view principal) {
  if (!s.condition->is_object()) return false;
  bool named = false;
  for (const auto& [op, block] : s.condition->members()) {
    if (!block.is_object()) return false;
    for (const auto& [key, value] : block.members()) {
      if (least_privilege::IsContextOnlyKey(key)) continue;
      if (!EqualsIgnoreCase(key, "iam:PassedToService") || ContainsIgnoreCase(op, "Not"))
        return false;
      std::vector<const JsonValue*> values;
      if (value.is_array()) {
        for (const JsonValue& v : value.items()) values.push_back(&v);
      } else {
        values.push_back(&value);
      }
      for (const JsonValue* v : values) {
        if (v->is_string() &&
            (IamWildcardMatch(v->text(), principal) || IamWildcardMatch(principal, v->text()))) {
          named = true;
        }
      }
    }
  }
  return named;
}

// Actions that take several resource types, where the escalation needs every
// resource of one of them: a command runs on an instance (not on a document),
// a new instance is what carries the passed role.
const char* TargetType(std::string_view action) {
  if (action == "ssm:SendCommand" || action == "ssm:StartSession" || action == "ec2:RunInstances")
    return "instance";
  return nullptr;
}

std::optional<Grant> FindGrant(const PolicyDocument& doc, std::string_view action,
                               const char* passed_to) {
  if (least_privilege::DeniedEverywhere(doc, action)) return std::nullopt;
  for (const Statement& s : doc.statements) {
    if (!s.allow() || !least_privilege::ReachesAllResources(s, action, TargetType(action)))
      continue;
    if (least_privilege::ConditionScopes(s) &&
        !(passed_to != nullptr && action == "iam:PassRole" && PassedToAllows(s, passed_to))) {
      continue;
    }
    if (const PolicyString* p = least_privilege::GrantingPattern(s, action))
      return Grant{p->json, p->pointer, p->value};
    if (least_privilege::NotActionLeavesIn(s, action))
      return Grant{s.not_action, s.PointerTo("NotAction"), "NotAction"};
  }
  return std::nullopt;
}

void Run(CheckContext& context) {
  const PolicyDocument& doc = context.document();
  if (!least_privilege::IsIdentityPolicy(doc)) return;
  for (const Statement& s : doc.statements) {
    // "Action": "*" on "*" is administrator access already (iam.full-admin).
    if (s.allow() && least_privilege::IsFullAdminStatement(s) &&
        !least_privilege::ConditionScopes(s)) {
      return;
    }
  }
  // One finding per element that opens a method (the first action's grant),
  // naming every method it opens, in the order of Methods().
  std::vector<std::pair<Grant, std::vector<std::string>>> anchors;
  for (const Method& method : Methods()) {
    // Actions granted by another element than the anchor say which one.
    std::vector<std::string> parts;
    Grant first;
    bool all = true;
    for (const char* action : method.actions) {
      std::optional<Grant> grant = FindGrant(doc, action, method.passed_to);
      if (!grant) {
        all = false;
        break;
      }
      if (parts.empty()) first = *grant;
      bool elsewhere = grant->pointer != first.pointer && !EqualsIgnoreCase(grant->written, action);
      parts.push_back(elsewhere ? std::string(action) + " via \"" + grant->written + "\""
                                : std::string(action));
    }
    if (!all) continue;
    std::string description =
        std::string(method.name) + " (" + least_privilege::JoinActions(parts, 4) + ")";
    auto it = std::find_if(anchors.begin(), anchors.end(),
                           [&](const auto& a) { return a.first.pointer == first.pointer; });
    if (it == anchors.end()) {
      anchors.push_back({first, {description}});
    } else {
      it->second.push_back(description);
    }
  }
  for (const auto& [grant, methods] : anchors) {
    std::string list = least_privilege::JoinActions(methods, 5);
    context.Report("iam.privilege-escalation", grant.at, grant.pointer,
                   (grant.written == "NotAction" ? std::string("\"Allow\" with \"NotAction\"")
                                                 : "\"" + grant.written + "\"") +
                       " on every resource opens " +
                       (methods.size() == 1
                            ? "a privilege-escalation path: "
                            : std::to_string(methods.size()) + " privilege-escalation paths: ") +
                       list +
                       "; whoever holds this policy can gain permissions it does not grant, up to "
                       "administrator");
  }
}

}  // namespace

void Register_privilege_escalation(std::vector<PolicyCheck>* checks) {
  checks->push_back(
      {{{"iam.privilege-escalation", "Privilege escalation", Severity::kHigh,
         "The policy allows, on every resource, a known combination of actions that lets its "
         "holder raise its own "
         "permissions: creating keys or passwords for other users, attaching or rewriting "
         "policies, changing who "
         "can assume a role, or passing a role to a resource it controls (an EC2 instance, a "
         "Lambda function, a "
         "Glue job) and running code as that role. Restrict these actions to named resources, "
         "require "
         "iam:PassedToService and permissions boundaries, or move them to a separate, audited "
         "role.",
         "https://cloudsplaining.readthedocs.io/en/latest/glossary/privilege-escalation/"}},
       &Run});
}

}  // namespace keysweep
