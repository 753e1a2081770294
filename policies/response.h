// `keysweep respond`: the response to exposed AWS access keys, following AWS's
// guidance for a compromised key (rotate it, revoke the sessions minted from
// it, review every region, prevent recurrence, report on the support case).
// BuildResponsePlan gathers the facts (offline: key kind, account decoded from
// the key id, where and when it was exposed); the Render* functions turn the
// plan into a runbook, a shell script (never run by keysweep), the
// support-case update, and JSON. Pure functions of their input: thread-safe.
#ifndef KEYSWEEP_POLICIES_RESPONSE_H_
#define KEYSWEEP_POLICIES_RESPONSE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace keysweep {

// One place a key was found, from a keysweep findings report.
struct Exposure {
  std::string path;
  uint64_t line = 0;
  std::optional<std::string> commit;
  std::string date;    // of the commit, if known
  std::string author;  // of the commit, if known
};

struct ExposedKey {
  std::string key_id;
  std::string kind;                       // long-term, temporary, bearer, context, unknown
  std::optional<std::string> account_id;  // decoded offline; nullopt for old-format ids
  bool secret_exposed = false;            // its secret or session token was found with it
  std::vector<Exposure> exposures;
};

struct ResponseRequest {
  std::vector<std::string> key_ids;  // --key
  std::string findings_path;         // --findings: a keysweep JSON or JSON Lines report
  std::string user;                  // --user: the IAM user that owns the keys, if known
  std::string revoke_before;         // --revoke-before, ISO-8601 UTC; empty: now
  std::string evidence_markdown;     // --trail: the CloudTrail evidence, already rendered
};

struct ResponsePlan {
  std::string revoke_before;  // normalized "YYYY-MM-DDTHH:MM:SSZ"
  std::string user;
  std::vector<ExposedKey> keys;  // sorted by key id
  std::string policy_json;
  std::string evidence_markdown;
};

// Errors: a malformed key id or time, an unreadable or non-keysweep findings file.
Result<ResponsePlan> BuildResponsePlan(const ResponseRequest& request);

// What a key kind means for the responder, in one sentence.
std::string KeyKindMeaning(const std::string& kind);

std::string RenderRunbook(const ResponsePlan& plan);       // Markdown, also the text output
std::string RenderShellScript(const ResponsePlan& plan);   // bash; asks before each change
std::string RenderSupportCase(const ResponsePlan& plan);   // the support-case update
std::string RenderResponseJson(const ResponsePlan& plan);

// Writes the bundle into `dir` (created if needed): revoke-older-sessions.json,
// RUNBOOK.md, response.sh, support-case.txt, and evidence.md when there is evidence.
Status WriteResponseBundle(const ResponsePlan& plan, const std::string& dir);

}  // namespace keysweep

#endif  // KEYSWEEP_POLICIES_RESPONSE_H_
