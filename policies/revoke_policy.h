// The policy that revokes temporary credentials issued before a time: AWS's
// "revoke active sessions" (AWSRevokeOlderSessions). Attached to a user or a
// role, it denies every action to sessions whose token was issued before
// `revoke_before`; sessions issued later are unaffected. It does not stop a
// long-term access key itself: deactivating the key does.
// Pure function: thread-safe; byte-for-byte stable for the same input.
#ifndef KEYSWEEP_POLICIES_REVOKE_POLICY_H_
#define KEYSWEEP_POLICIES_REVOKE_POLICY_H_

#include <string>

namespace keysweep {

inline constexpr const char* kRevokePolicyName = "AWSRevokeOlderSessions";

// `revoke_before` is an ISO-8601 UTC time such as "2026-11-28T19:00:00Z".
std::string RevokeOlderSessionsPolicy(const std::string& revoke_before);

}  // namespace keysweep

#endif  // KEYSWEEP_POLICIES_REVOKE_POLICY_H_
