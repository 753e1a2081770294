// Rendering the response plan: runbook (Markdown), shell script, support-case
// text, JSON, and the bundle on disk.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <sstream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/text.h"
#include "policies/response.h"
#include "policies/revoke_policy.h"

namespace keysweep {
namespace {

constexpr const char* kPolicyFile = "revoke-older-sessions.json";

// The events in CloudTrail that AWS's guide asks to look for.
constexpr const char* kIamEvents[] = {
    "CreateUser", "CreateLoginProfile", "UpdateLoginProfile", "CreateAccessKey", "CreateRole",
    "AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy", "PutUserPolicy", "PutRolePolicy",
    "PutGroupPolicy", "CreatePolicy", "CreatePolicyVersion", "SetDefaultPolicyVersion",
    "UpdateAssumeRolePolicy", "AddUserToGroup", "GetSessionToken", "GetFederationToken", "AssumeRole"};

// Paths, commits, dates and author names come from a findings report, that is
// from a scanned repository: in the runbook (also respond's text output) they
// are shown with control, bidirectional and line-separator characters escaped
// (core/text.h), and cannot end a code span, split a table row or add Markdown.
std::string MarkdownCode(const std::string& text) {
  std::string out;
  for (char c : EscapeForTerminal(text)) {
    if (c == '`') out += "\\x60";
    else if (c == '|') out += "\\x7c";
    else out += c;
  }
  return out;
}

std::string MarkdownText(const std::string& text) {
  std::string out;
  for (char c : EscapeForTerminal(text)) {
    if (std::string_view("\\`*_[]<>|#!()~").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// "path:line", or "path" when the line is unknown.
std::string PathAndLine(const Exposure& e) {
  std::string out = e.path;
  if (e.line > 0) {
    out += ':';
    out += std::to_string(e.line);
  }
  return out;
}

std::string UserOrPlaceholder(const ResponsePlan& plan) {
  return plan.user.empty() ? "<USER>" : plan.user;
}

std::string Accounts(const ResponsePlan& plan) {
  std::set<std::string> accounts;
  for (const ExposedKey& key : plan.keys) {
    if (key.account_id) accounts.insert(*key.account_id);
  }
  if (accounts.empty()) return "";
  std::string out;
  for (const std::string& a : accounts) {
    if (!out.empty()) out += ", ";
    out += a;
  }
  return out;
}

// True if any key can be deactivated (anything but temporary credentials).
bool AnyDeactivatable(const ResponsePlan& plan) {
  for (const ExposedKey& key : plan.keys) {
    if (key.kind != "temporary") return true;
  }
  return false;
}

void WriteKeyTable(const ResponsePlan& plan, std::ostream& out) {
  out << "| key id | kind | account | secret exposed with it | first exposure |\n"
      << "| --- | --- | --- | --- | --- |\n";
  for (const ExposedKey& key : plan.keys) {
    std::string first = "not known (give keysweep --findings)";
    if (!key.exposures.empty()) {
      const Exposure& e = key.exposures.front();
      first = "`";
      first += MarkdownCode(PathAndLine(e));
      first += "`";
      if (e.commit) first += " in commit `" + MarkdownCode(e.commit->substr(0, 12)) + "`";
      if (!e.date.empty()) first += " on " + MarkdownText(e.date);
    }
    out << "| `" << key.key_id << "` | " << key.kind << " | " << key.account_id.value_or("unknown")
        << " | " << (key.exposures.empty() ? "not known" : key.secret_exposed ? "yes" : "not found")
        << " | " << first << " |\n";
  }
  out << "\n";
  for (const ExposedKey& key : plan.keys) {
    out << "- `" << key.key_id << "` is " << KeyKindMeaning(key.kind) << ".";
    if (!key.account_id) {
      out << " Its account cannot be decoded offline from an id of this form; "
             "`aws sts get-access-key-info --access-key-id " << key.key_id << "` names it.";
    }
    out << "\n";
    size_t shown = 0;
    for (const Exposure& e : key.exposures) {
      if (shown++ == 10) {
        out << "  - ... and " << key.exposures.size() - 10 << " more places\n";
        break;
      }
      out << "  - found in `" << MarkdownCode(PathAndLine(e)) << "`";
      if (e.commit) out << ", commit `" << MarkdownCode(*e.commit) << "`";
      if (!e.author.empty()) out << " by " << MarkdownText(e.author);
      if (!e.date.empty()) out << " on " << MarkdownText(e.date);
      out << "\n";
    }
  }
  out << "\n";
}

void WriteRotateStep(const ResponsePlan& plan, std::ostream& out) {
  std::string user = UserOrPlaceholder(plan);
  out << "## 1. Rotate or remove the exposed key\n\n";
  for (const ExposedKey& key : plan.keys) {
    const std::string& id = key.key_id;
    out << "### `" << id << "`\n\n";
    if (key.kind == "temporary") {
      out << "Temporary credentials cannot be deactivated. Find the role or user that issued "
             "them (the `userIdentity.arn` of their events: `assumed-role/<ROLE>/<session>` or a "
             "user), revoke their sessions with the policy in step 2 attached to that role or user, "
             "and rotate the long-term credentials that were used to obtain them (they may be "
             "exposed too):\n\n"
          << "```sh\naws cloudtrail lookup-events --region us-east-1 --lookup-attributes "
             "AttributeKey=AccessKeyId,AttributeValue=" << id
          << " --max-results 5 --query 'Events[].CloudTrailEvent'\n```\n\n";
      continue;
    }
    if (plan.user.empty()) {
      out << "Find the IAM user that owns it (the answer's `UserName`; no user name means the "
             "root user's key, see below):\n\n```sh\naws iam get-access-key-last-used --access-key-id "
          << id << "\n```\n\n";
    }
    out << "1. List the user's keys. A user holds at most two; if it already has two, delete the "
           "one that is not in use first.\n\n   ```sh\n   aws iam list-access-keys --user-name "
        << user << "\n   ```\n"
        << "2. Create the new key and store its secret in your secret manager, never in code.\n\n"
           "   ```sh\n   aws iam create-access-key --user-name " << user << "\n   ```\n"
        << "3. Move every application that uses `" << id << "` to the new key.\n"
        << "4. Check when and where the exposed key was last used; recent use from your own "
           "services means step 3 is not finished.\n\n   ```sh\n   aws iam get-access-key-last-used "
           "--access-key-id " << id << "\n   ```\n"
        << "5. Deactivate the exposed key.\n\n   ```sh\n   aws iam update-access-key --user-name "
        << user << " --access-key-id " << id << " --status Inactive\n   ```\n"
        << "6. Confirm your applications still work. If one broke, re-activate the key "
           "(`--status Active`), move that application, and deactivate again.\n"
        << "7. Delete the exposed key.\n\n   ```sh\n   aws iam delete-access-key --user-name " << user
        << " --access-key-id " << id << "\n   ```\n\n"
        << "Keep a record of `" << id << "`: you will search CloudTrail for it in steps 2 and 3.\n\n";
  }
  if (AnyDeactivatable(plan)) {
    out << "The deny policy in step 2 does **not** stop a long-term access key itself: only "
           "deactivating it does. If the key belongs to the **root user**, sign in as root and "
           "delete it under Security credentials; IAM policies cannot restrict the root user, so "
           "deleting the key is the only protection.\n\n";
  }
}

void WriteRevokeStep(const ResponsePlan& plan, std::ostream& out) {
  std::string user = UserOrPlaceholder(plan);
  out << "## 2. Revoke the temporary credentials already minted, and review IAM and STS activity\n\n"
      << "An attacker with the key mints temporary credentials (GetSessionToken, AssumeRole, "
         "GetFederationToken) that keep working after the key is deleted. This policy denies "
         "every action to sessions issued before **" << plan.revoke_before << "** (`" << kPolicyFile
      << "`):\n\n```json\n" << plan.policy_json << "```\n\n"
      << "Attach it to the user that owns the key, and to every role the key assumed or could "
         "assume (CloudTrail's AssumeRole events name them):\n\n```sh\n"
      << "aws iam put-user-policy --user-name " << user << " --policy-name " << kRevokePolicyName
      << " --policy-document file://" << kPolicyFile << "\n"
      << "aws iam put-role-policy --role-name <ROLE> --policy-name " << kRevokePolicyName
      << " --policy-document file://" << kPolicyFile << "\n```\n\n"
      << "Sessions issued after that time are not affected: your own users and applications get "
         "new sessions (sign in again, re-assume the role) and carry on. Root-owned keys cannot "
         "be restricted by any IAM policy.\n\n"
      << "Then review CloudTrail for what the key and its sessions did in IAM and STS. IAM is "
         "global and records its events in us-east-1:\n\n```sh\n";
  for (const ExposedKey& key : plan.keys) {
    out << "aws cloudtrail lookup-events --region us-east-1 --lookup-attributes "
           "AttributeKey=AccessKeyId,AttributeValue=" << key.key_id << " --output json > cloudtrail-"
        << key.key_id << "-us-east-1.json\n";
  }
  out << "keysweep trail cloudtrail-*.json";
  for (const ExposedKey& key : plan.keys) out << " --key " << key.key_id;
  out << "\n```\n\nLook for these events, by the key or by any access key id its sessions were "
         "given (`responseElements.credentials.accessKeyId`, which `keysweep trail` follows): ";
  for (size_t i = 0; i < std::size(kIamEvents); ++i) out << (i ? ", " : "") << "`" << kIamEvents[i] << "`";
  out << ".\n\nDelete what you did not create: IAM users (their access keys, login profile, "
         "attached and inline policies and group memberships first, then `aws iam delete-user`), "
         "roles (`aws iam delete-role` after removing their policies and instance profiles), "
         "policies and policy versions (`aws iam delete-policy`), and every access key the "
         "attacker created (revoke their sessions the same way).\n\n";
}

// The loop over every region (CloudTrail lookups by key, instances, spot
// requests, functions), shared by the runbook and the script.
void WriteRegionLoop(const ResponsePlan& plan, bool announce_region, std::ostream& out) {
  out << "for region in $(aws ec2 describe-regions --all-regions --query 'Regions[].RegionName' --output text); do\n";
  if (announce_region) out << "  echo \"== $region\"\n";
  for (const ExposedKey& key : plan.keys) {
    out << "  aws cloudtrail lookup-events --region \"$region\" --lookup-attributes "
           "AttributeKey=AccessKeyId,AttributeValue=" << key.key_id << " --output json > \"cloudtrail-"
        << key.key_id << "-$region.json\" || true\n";
  }
  out << "  aws ec2 describe-instances --region \"$region\" --query "
         "'Reservations[].Instances[].[InstanceId,LaunchTime,InstanceType,State.Name,KeyName]' --output text || true\n"
      << "  aws ec2 describe-spot-instance-requests --region \"$region\" --query "
         "'SpotInstanceRequests[].[SpotInstanceRequestId,CreateTime,State]' --output text || true\n"
      << "  aws lambda list-functions --region \"$region\" --query 'Functions[].[FunctionName,LastModified]' "
         "--output text || true\n"
      << "done\n";
}

void WriteRegionsStep(const ResponsePlan& plan, std::ostream& out) {
  out << "## 3. Review every region for unauthorized use\n\n"
      << "Attackers launch instances, spot requests and Lambda functions in regions you do not "
         "use. The console shows one region at a time; this loop covers them all (regions you "
         "have not enabled answer with an error, which is fine):\n\n```sh\n"
      ;
  WriteRegionLoop(plan, /*announce_region=*/false, out);
  out << "```\n\n"
      << "Terminate the instances, cancel the spot requests and delete the functions you did not "
         "create. CloudTrail event history keeps 90 days: for anything older, or for data events, "
         "read your trail's logs in S3 (`keysweep trail` reads them offline, `.json.gz` included).\n\n";
}

void WriteProtectStep(std::ostream& out) {
  out << "## 4. Protect credentials from now on\n\n"
      << "- Prefer IAM roles and short-lived credentials to access keys: instance profiles and "
         "task roles for workloads, IAM Identity Center for people, OIDC federation for CI "
         "(for GitHub Actions, `aws-actions/configure-aws-credentials` with `role-to-assume`).\n"
      << "- Never commit keys. Block them before they are committed:\n\n"
         "  ```sh\n  keysweep hook install\n  ```\n\n"
      << "- Gate every pull request on what it adds, with SARIF for code scanning:\n\n"
         "  ```sh\n  keysweep git --range \"$BASE_SHA..HEAD\" --format sarif --output keysweep.sarif\n  ```\n\n"
      << "- Audit what is already there, history and dangling objects included:\n\n"
         "  ```sh\n  keysweep git --all-objects\n  ```\n\n"
      << "- Removing the key from the code or from git history does not make it safe: rotation "
         "does. Do it anyway, so the key stops triggering alerts.\n\n";
}

}  // namespace

std::string RenderSupportCase(const ResponsePlan& plan) {
  std::ostringstream out;
  std::string accounts = Accounts(plan);
  out << "Hello AWS Support,\n\n"
      << "We have completed the recovery steps for the compromised access key(s) on "
      << (accounts.empty() ? "our account" : "account " + accounts) << ".\n\n"
      << "What we did:\n";
  for (const ExposedKey& key : plan.keys) {
    if (key.kind == "temporary") {
      out << "- " << key.key_id << " (temporary credentials): the sessions were revoked (below) "
          << "and the credentials used to obtain them were rotated.\n";
    } else {
      out << "- " << key.key_id << " (long-term access key): a new key was created, our "
          << "applications were moved to it, and " << key.key_id
          << " was deactivated and then deleted on [DATE].\n";
    }
  }
  out << "- All temporary credentials issued before " << plan.revoke_before
      << " were revoked with a policy denying every action on aws:TokenIssueTime ("
      << kRevokePolicyName << "), attached to " << (plan.user.empty() ? "[USER]" : plan.user)
      << " and to [ROLES].\n"
      << "- We reviewed CloudTrail in every region for activity by these keys and by the "
         "temporary credentials they minted, and removed the unauthorized resources we found: "
         "[IAM users / roles / policies / access keys / EC2 instances / spot requests / Lambda "
         "functions, or \"none\"].\n\n"
      << "How we prevent a recurrence:\n"
      << "- Secret scanning on every commit (pre-commit hook) and every pull request (CI gate), "
         "and an audit of our repositories' full history.\n"
      << "- Moving our workloads from long-term access keys to IAM roles with short-lived "
         "credentials.\n"
      << "- [Anything else: least-privilege review, MFA, alerts on IAM changes.]\n\n"
      << "Please confirm that the account is secure and lift any restrictions.\n\n"
      << "Thank you.\n";
  return out.str();
}

std::string RenderRunbook(const ResponsePlan& plan) {
  std::ostringstream out;
  out << "# Response to exposed AWS access keys\n\n"
      << "Prepared by keysweep, offline (nothing was sent anywhere), following AWS's guidance for "
         "a compromised access key. Sessions issued before **" << plan.revoke_before
      << "** will be revoked. Work through the steps in order.\n\n";
  WriteKeyTable(plan, out);
  WriteRotateStep(plan, out);
  WriteRevokeStep(plan, out);
  WriteRegionsStep(plan, out);
  WriteProtectStep(out);
  out << "## 5. Update the support case\n\n"
      << "Fill in the bracketed parts and post it on the AWS support case. **Do not mark the case "
         "resolved until AWS confirms** the account is secure.\n\n```text\n"
      << RenderSupportCase(plan) << "```\n";
  if (!plan.evidence_markdown.empty()) out << "\n" << plan.evidence_markdown;
  return out.str();
}

std::string RenderShellScript(const ResponsePlan& plan) {
  std::ostringstream out;
  out << "#!/usr/bin/env bash\n"
      << "# Generated by keysweep: the commands of RUNBOOK.md. keysweep never runs it. Read it,\n"
      << "# then run it with working AWS credentials (not the exposed ones). It asks before every\n"
      << "# change.\n"
      << "set -euo pipefail\n\n"
      << "USER_NAME=\"${USER_NAME:-" << plan.user << "}\"\n"
      << "REVOKE_BEFORE='" << plan.revoke_before << "'\n"
      << "POLICY_FILE=\"$(dirname \"$0\")/" << kPolicyFile << "\"\n\n"
      << "confirm() { read -r -p \"$1 [y/N] \" answer; [ \"$answer\" = y ] || [ \"$answer\" = Y ]; }\n\n";
  for (const ExposedKey& key : plan.keys) {
    const std::string& id = key.key_id;
    out << "echo '== " << id << " (" << key.kind << ")'\n";
    if (key.kind == "temporary") {
      out << "aws cloudtrail lookup-events --region us-east-1 --lookup-attributes "
             "AttributeKey=AccessKeyId,AttributeValue=" << id
          << " --max-results 5 --query 'Events[].CloudTrailEvent' --output text\n"
          << "echo 'Attach the revoke policy (below) to the role or user named in userIdentity.arn.'\n\n";
      continue;
    }
    out << "owner=\"$USER_NAME\"\n"
        << "if [ -z \"$owner\" ]; then\n"
        << "  owner=$(aws iam get-access-key-last-used --access-key-id " << id
        << " --query UserName --output text)\n"
        << "fi\n"
        << "echo \"owner: $owner (None means the root user: delete its key in the console)\"\n"
        << "aws iam list-access-keys --user-name \"$owner\"\n"
        << "if confirm 'Create a new access key for '\"$owner\"'?'; then\n"
        << "  aws iam create-access-key --user-name \"$owner\"\n"
        << "fi\n"
        << "echo 'Move your applications to the new key before going on.'\n"
        << "aws iam get-access-key-last-used --access-key-id " << id << "\n"
        << "if confirm 'Deactivate " << id << "?'; then\n"
        << "  aws iam update-access-key --user-name \"$owner\" --access-key-id " << id << " --status Inactive\n"
        << "fi\n"
        << "if confirm 'Applications still work; delete " << id << " for good?'; then\n"
        << "  aws iam delete-access-key --user-name \"$owner\" --access-key-id " << id << "\n"
        << "fi\n"
        << "if confirm 'Revoke sessions issued before '\"$REVOKE_BEFORE\"' for '\"$owner\"'?'; then\n"
        << "  aws iam put-user-policy --user-name \"$owner\" --policy-name " << kRevokePolicyName
        << " --policy-document \"file://$POLICY_FILE\"\n"
        << "fi\n\n";
  }
  out << "echo 'For each role the keys assumed:'\n"
      << "echo \"  aws iam put-role-policy --role-name ROLE --policy-name " << kRevokePolicyName
      << " --policy-document file://$POLICY_FILE\"\n\n"
      << "# Every region: CloudTrail events by the keys, instances, spot requests, functions.\n"
      ;
  WriteRegionLoop(plan, /*announce_region=*/true, out);
  out << "echo 'Read the events offline: keysweep trail cloudtrail-*.json";
  for (const ExposedKey& key : plan.keys) out << " --key " << key.key_id;
  out << "'\n";
  return out.str();
}

std::string RenderResponseJson(const ResponsePlan& plan) {
  nlohmann::ordered_json doc;
  doc["revoke_before"] = plan.revoke_before;
  doc["policy_name"] = kRevokePolicyName;
  doc["policy"] = nlohmann::ordered_json::parse(plan.policy_json);
  doc["user"] = plan.user.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(plan.user);
  doc["keys"] = nlohmann::ordered_json::array();
  for (const ExposedKey& key : plan.keys) {
    nlohmann::ordered_json k;
    k["key_id"] = key.key_id;
    k["kind"] = key.kind;
    k["kind_meaning"] = KeyKindMeaning(key.kind);
    k["account_id"] = key.account_id ? nlohmann::ordered_json(*key.account_id) : nlohmann::ordered_json(nullptr);
    k["secret_exposed"] = key.secret_exposed;
    k["exposures"] = nlohmann::ordered_json::array();
    for (const Exposure& e : key.exposures) {
      k["exposures"].push_back({{"path", e.path},
                                {"line", e.line},
                                {"commit", e.commit ? nlohmann::ordered_json(*e.commit) : nlohmann::ordered_json(nullptr)},
                                {"date", e.date},
                                {"author", e.author}});
    }
    doc["keys"].push_back(std::move(k));
  }
  doc["runbook_markdown"] = RenderRunbook(plan);
  doc["support_case"] = RenderSupportCase(plan);
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// The directory is opened without following a symbolic link (a link there is
// refused), and each file is a new one created inside it through the directory
// descriptor, renamed over whatever was there (a link is replaced, never
// followed); only the files just created get their mode (atomic_file.h).
Status WriteResponseBundle(const ResponsePlan& plan, const std::string& dir) {
  std::string path = dir;
  while (path.size() > 1 && path.back() == '/') path.pop_back();  // "out/" would follow a link
  if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    return Status::Error("cannot create " + dir + ": " + strerror(errno));
  }
  int dir_fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir_fd < 0) {
    struct stat st;
    if (errno == ELOOP || (lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode))) {
      return Status::Error(dir + ": is a symbolic link: not followed (give the directory it points to)");
    }
    return Status::Error("cannot open " + dir + ": " + strerror(errno));
  }
  auto write = [&](const std::string& name, const std::string& content, mode_t mode) -> Status {
    AtomicFileOptions options;
    options.mode = mode;
    options.exact_mode = true;
    return WriteFileAtomicallyAt(dir_fd, dir, name, content, options);
  };
  Status status = write(kPolicyFile, plan.policy_json, 0644);
  if (status.ok()) status = write("RUNBOOK.md", RenderRunbook(plan), 0644);
  if (status.ok()) status = write("response.sh", RenderShellScript(plan), 0644);
  if (status.ok()) status = write("support-case.txt", RenderSupportCase(plan), 0644);
  if (status.ok() && !plan.evidence_markdown.empty()) status = write("evidence.md", plan.evidence_markdown, 0644);
  close(dir_fd);
  return status;
}

}  // namespace keysweep
