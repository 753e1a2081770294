// Fingerprints: the stable id of a finding, the same on every machine and in
// every run, so baselines and allow-lists can name a finding without holding
// its secret. Reports and baselines are public (CI logs, SARIF uploads,
// committed baselines), so a fingerprint must not let anyone test guesses of
// the secret cheaply:
//   - a secret that could be guessed (under kGuessableBits by its Shannon
//     estimate: passwords, PINs, passphrases, short tokens) is hashed with
//     Argon2id at OWASP's minimum cost (19 MiB, 2 passes), salted with the rule
//     id: each guess costs tens of milliseconds and 19 MiB, per rule. With a
//     fingerprint key (SetFingerprintKey, from KEYSWEEP_FINGERPRINT_KEY) the
//     hash is also keyed and no guess can be tested without the key; every
//     machine that must agree on fingerprints needs the same key.
//   - a high-entropy secret (an API token: at least kGuessableBits) cannot be
//     guessed, and a public id (an AWS key id) needs no protection: XXH3-128,
//     as before, so their fingerprints did not change.
// A finding with companions (a key id and its secret access key, a session
// token) has parts: one for the value and one for each companion; its
// fingerprint covers them all, so a new secret beside a known key id is a new
// finding. An allow-list or baseline hides a finding when it lists the
// fingerprint, or every part of it (a baseline records the parts).
//
// Pure functions, except the process-wide key: set it before scans start;
// reading it is then thread-safe.
#ifndef KEYSWEEP_SCANNER_FINGERPRINT_H_
#define KEYSWEEP_SCANNER_FINGERPRINT_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/finding.h"

namespace keysweep {

// Below this many bits (length × Shannon entropy per byte) a secret is treated
// as guessable.
inline constexpr double kGuessableBits = 100.0;

bool IsGuessable(std::string_view secret);

// Sets the key that makes guessable secrets' fingerprints keyed (empty: none);
// by default it is $KEYSWEEP_FINGERPRINT_KEY. For tests.
void SetFingerprintKey(std::string key);

// The fingerprint of `secret` found by `rule_id`: 32 hex digits. `is_public`:
// the value is a public identifier (never slow-hashed).
std::string Fingerprint(const std::string& rule_id, const std::string& secret, bool is_public = false);

// The fingerprint keysweep 0.1 gave every secret (XXH3-128 of rule and
// secret). Still accepted in allow-lists and baselines, with a warning, for
// secrets whose fingerprint changed.
std::string LegacyFingerprint(const std::string& rule_id, const std::string& secret);

// Fills finding->fingerprint and finding->part_fingerprints from its rule,
// secret, `redact` flag and companions (sorted). Findings with a `message`
// (policy and trust findings, which hold no secret) keep the fingerprint they have.
void AssignFingerprints(Finding* finding);
// The same for each finding, on several threads when many need Argon2id.
void AssignFingerprints(std::vector<Finding>* findings);

enum class AllowedBy {
  kNothing,
  kFingerprint,        // the fingerprint, or every part, is listed
  kLegacyFingerprint,  // only keysweep 0.1's fingerprint of a guessable secret is listed
  kNothingButItsKey,   // only the value's part is listed: its companions are new
};

AllowedBy CheckAllowed(const Finding& finding, const std::set<std::string>& allowed);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_FINGERPRINT_H_
