// ISO-8601 UTC timestamps ("2026-11-28T19:00:00Z"), the form AWS policies and
// CloudTrail use. Pure functions: thread-safe.
#ifndef KEYSWEEP_CORE_ISO_TIME_H_
#define KEYSWEEP_CORE_ISO_TIME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keysweep {

// Seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatIsoUtc(int64_t seconds);

// Parses "YYYY-MM-DDTHH:MM:SSZ" (also with fractional seconds, or with a
// "+HH:MM"/"-HH:MM" offset, or a date alone meaning midnight UTC); nullopt if
// malformed or out of range.
std::optional<int64_t> ParseIsoUtc(std::string_view text);

// The current time, whole seconds.
int64_t NowSeconds();

}  // namespace keysweep

#endif  // KEYSWEEP_CORE_ISO_TIME_H_
