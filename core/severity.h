// Severity of a finding, ordered from least to most severe. Plain enum: thread-safe.
#ifndef KEYSWEEP_CORE_SEVERITY_H_
#define KEYSWEEP_CORE_SEVERITY_H_

#include <optional>
#include <string_view>

namespace keysweep {

enum class Severity { kInfo = 0, kLow, kMedium, kHigh, kCritical };

// "info", "low", "medium", "high", "critical".
std::string_view SeverityName(Severity severity);
// Parses the names above (case-insensitive); nullopt for anything else.
std::optional<Severity> ParseSeverity(std::string_view name);

}  // namespace keysweep

#endif  // KEYSWEEP_CORE_SEVERITY_H_
