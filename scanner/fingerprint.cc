#include "scanner/fingerprint.h"

#include <argon2.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <thread>
#include <tuple>

#include "core/hash.h"
#include "core/text.h"

namespace keysweep {
namespace {

// OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
constexpr uint32_t kArgonPasses = 2;
constexpr uint32_t kArgonKibibytes = 19 * 1024;

// Read from the environment on first use, in each copy of this library (the
// git module carries its own), so every fingerprint of a process agrees.
std::string& Key() {
  static std::string key = [] {
    const char* value = std::getenv("KEYSWEEP_FINGERPRINT_KEY");
    return std::string(value != nullptr ? value : "");
  }();
  return key;
}

std::string Hex(const unsigned char* bytes, size_t size) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

std::string FastHash(std::string_view domain, const std::string& rule_id, std::string_view value) {
  std::string material(domain);
  material += '\0';
  material += rule_id;
  material += '\0';
  material += value;
  return HashBytes(material).Hex();
}

// Argon2id of `secret`, salted with `salt_material` (the rule id, and the
// companion's name) and keyed with the fingerprint key when there is one.
std::string SlowHash(const std::string& salt_material, const std::string& secret) {
  Hash128 salt_hash = HashBytes(std::string("keysweep fingerprint salt v2") + '\0' + salt_material);
  unsigned char salt[16];
  for (int i = 0; i < 8; ++i) {
    salt[i] = static_cast<unsigned char>(salt_hash.high >> (8 * i));
    salt[8 + i] = static_cast<unsigned char>(salt_hash.low >> (8 * i));
  }
  unsigned char out[16] = {};
  const std::string& key = Key();
  argon2_context context{};
  context.out = out;
  context.outlen = sizeof(out);
  context.pwd = reinterpret_cast<uint8_t*>(const_cast<char*>(secret.data()));
  context.pwdlen = static_cast<uint32_t>(secret.size());
  context.salt = salt;
  context.saltlen = sizeof(salt);
  context.secret = key.empty() ? nullptr : reinterpret_cast<uint8_t*>(const_cast<char*>(key.data()));
  context.secretlen = static_cast<uint32_t>(key.size());
  context.t_cost = kArgonPasses;
  context.m_cost = kArgonKibibytes;
  context.lanes = 1;
  context.threads = 1;
  context.version = ARGON2_VERSION_13;
  context.flags = ARGON2_DEFAULT_FLAGS;
  if (argon2_ctx(&context, Argon2_id) != ARGON2_OK) {
    // Only an allocation failure gets here: fall back to a keyed fast hash
    // rather than lose the finding; the prefix keeps it distinct.
    return FastHash("keysweep fingerprint fallback v2", salt_material, key + '\0' + secret);
  }
  return Hex(out, sizeof(out));
}

std::string ValueFingerprint(const std::string& salt_material, const std::string& value, bool is_public) {
  if (!is_public && IsGuessable(value)) return SlowHash(salt_material, value);
  std::string material = salt_material;
  material += '\0';
  material += value;
  return HashBytes(material).Hex();
}

}  // namespace

bool IsGuessable(std::string_view secret) {
  return static_cast<double>(secret.size()) * ShannonEntropy(secret) < kGuessableBits;
}

void SetFingerprintKey(std::string key) { Key() = std::move(key); }

std::string Fingerprint(const std::string& rule_id, const std::string& secret, bool is_public) {
  return ValueFingerprint(rule_id, secret, is_public);
}

std::string LegacyFingerprint(const std::string& rule_id, const std::string& secret) {
  std::string material = rule_id;
  material += '\0';
  material += secret;
  return HashBytes(material).Hex();
}

void AssignFingerprints(Finding* finding) {
  if (!finding->message.empty()) return;  // keysweep's own findings carry their fingerprint
  std::string value_part = Fingerprint(finding->rule_id, finding->secret, !finding->redact);
  finding->part_fingerprints.clear();
  if (finding->companions.empty()) {
    finding->fingerprint = std::move(value_part);
    return;
  }
  std::sort(finding->companions.begin(), finding->companions.end(),
            [](const CompanionValue& a, const CompanionValue& b) {
              return std::tie(a.name, a.value) < std::tie(b.name, b.value);
            });
  std::string whole = value_part;
  finding->part_fingerprints.push_back(std::move(value_part));
  for (const CompanionValue& companion : finding->companions) {
    // The companion's part binds it to this value: the same secret key beside
    // another key id is another part.
    std::string salt = finding->rule_id + '\0' + companion.name + '\0' + finding->secret;
    std::string part = ValueFingerprint(salt, companion.value, false);
    whole += ':' + part;
    finding->part_fingerprints.push_back(std::move(part));
  }
  finding->fingerprint = FastHash("keysweep finding v2", finding->rule_id, whole);
}

void AssignFingerprints(std::vector<Finding>* findings) {
  size_t guessable = std::count_if(findings->begin(), findings->end(), [](const Finding& f) {
    return f.redact && IsGuessable(f.secret);
  });
  unsigned threads = std::min<unsigned>(std::max(1u, std::thread::hardware_concurrency()), 8);
  if (guessable < 4 || threads < 2) {
    for (Finding& finding : *findings) AssignFingerprints(&finding);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < findings->size(); i = next++) AssignFingerprints(&(*findings)[i]);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
}

AllowedBy CheckAllowed(const Finding& finding, const std::set<std::string>& allowed) {
  if (allowed.empty()) return AllowedBy::kNothing;
  if (allowed.count(finding.fingerprint)) return AllowedBy::kFingerprint;
  if (!finding.part_fingerprints.empty() &&
      std::all_of(finding.part_fingerprints.begin(), finding.part_fingerprints.end(),
                  [&](const std::string& part) { return allowed.count(part) != 0; })) {
    return AllowedBy::kFingerprint;
  }
  if (finding.from_redacted_report || finding.secret.empty()) return AllowedBy::kNothing;
  // Before parts existed, a finding's fingerprint was its value's alone.
  std::string legacy = LegacyFingerprint(finding.rule_id, finding.secret);
  if (!allowed.count(legacy)) return AllowedBy::kNothing;
  if (!finding.companions.empty()) return AllowedBy::kNothingButItsKey;
  return legacy == finding.fingerprint ? AllowedBy::kFingerprint : AllowedBy::kLegacyFingerprint;
}

}  // namespace keysweep
