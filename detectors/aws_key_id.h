// Offline facts about an AWS access key id. Pure functions: thread-safe.
#ifndef KEYSWEEP_DETECTORS_AWS_KEY_ID_H_
#define KEYSWEEP_DETECTORS_AWS_KEY_ID_H_

#include <optional>
#include <string>
#include <string_view>

namespace keysweep {

// The 12-digit AWS account id encoded in a newer-format access key id, or
// nullopt when the id is of the older format (fifth character not Q-Z or 2-7)
// or is not a 20-character key id. Never guesses.
//
//   DecodeAwsAccountId("ASIAY34FZKBOKMUTVV7A") == "609629065308"  // keysweep:allow
//
// Method: base32-decode the 16 characters after the 4-character prefix into
// 10 bytes; the first 6 bytes as a big-endian integer z give
// account = (z & 0x7FFFFFFFFF80) >> 7.
std::optional<std::string> DecodeAwsAccountId(std::string_view key_id);

// What kind of credential the prefix denotes:
//   "long-term" (AKIA: an IAM user's or root's access key),
//   "temporary" (ASIA: STS session credentials),
//   "bearer" (ABIA: service bearer token), "context" (ACCA: context-specific),
//   "unknown" for anything else (the legacy A3T form included).
std::string_view AwsKeyKind(std::string_view key_id);

}  // namespace keysweep

#endif  // KEYSWEEP_DETECTORS_AWS_KEY_ID_H_
