// ParseUntrustedJson: nlohmann::json parsing for text keysweep did not write
// (rule files, configs, baselines, reports handed back to it). Every problem —
// bad syntax, a number too large for its type, nesting deeper than a limit —
// becomes an error message: never an exception escaping, and never a nesting
// so deep that destroying the document overflows the stack. Header-only, for
// the libraries that already link nlohmann_json; thread-safe.
#ifndef KEYSWEEP_CORE_UNTRUSTED_JSON_H_
#define KEYSWEEP_CORE_UNTRUSTED_JSON_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace keysweep {

inline constexpr int kMaxUntrustedJsonDepth = 256;

// "invalid JSON: <why>" on failure.
template <typename Json = nlohmann::json>
Result<Json> ParseUntrustedJson(std::string_view text) {
  struct TooDeep {};
  auto limit_depth = [](int depth, typename Json::parse_event_t, Json&) {
    if (depth > kMaxUntrustedJsonDepth) throw TooDeep{};
    return true;
  };
  try {
    return Json::parse(text.begin(), text.end(), limit_depth);
  } catch (const typename Json::exception& e) {
    return Status::Error(std::string("invalid JSON: ") + e.what());
  } catch (const TooDeep&) {
    return Status::Error("invalid JSON: nested more than " + std::to_string(kMaxUntrustedJsonDepth) + " levels deep");
  }
}

}  // namespace keysweep

#endif  // KEYSWEEP_CORE_UNTRUSTED_JSON_H_
