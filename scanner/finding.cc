#include "scanner/finding.h"

#include <algorithm>
#include <tuple>

namespace keysweep {

bool Location::operator<(const Location& other) const {
  return std::tie(path, commit, line, column) <
         std::tie(other.path, other.commit, other.line, other.column);
}

bool Diagnostic::operator<(const Diagnostic& other) const {
  return std::tie(repository, path, message, level) <
         std::tie(other.repository, other.path, other.message, other.level);
}

std::optional<std::string> Finding::Attribute(const std::string& name) const {
  for (const auto& [key, value] : attributes) {
    if (key == name) return value;
  }
  return std::nullopt;
}

const char* DiagnosticLevelName(DiagnosticLevel level) {
  switch (level) {
    case DiagnosticLevel::kError: return "error";
    case DiagnosticLevel::kNote: return "note";
    default: return "warning";
  }
}

size_t CountProblems(const Report& report) {
  return static_cast<size_t>(std::count_if(report.diagnostics.begin(), report.diagnostics.end(),
                                            [](const Diagnostic& d) { return d.level != DiagnosticLevel::kNote; }));
}

void SortReport(Report* report) {
  for (Finding& finding : report->findings) {
    std::sort(finding.locations.begin(), finding.locations.end());
  }
  std::sort(report->findings.begin(), report->findings.end(),
            [](const Finding& a, const Finding& b) {
              if (a.severity != b.severity) return a.severity > b.severity;
              if (a.rule_id != b.rule_id) return a.rule_id < b.rule_id;
              if (a.repository != b.repository) return a.repository < b.repository;
              if (a.locations.front() < b.locations.front()) return true;
              if (b.locations.front() < a.locations.front()) return false;
              return a.fingerprint < b.fingerprint;
            });
  std::sort(report->diagnostics.begin(), report->diagnostics.end());
}

}  // namespace keysweep
