#include "scanner/report_reader.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/untrusted_json.h"
#include "scanner/redact.h"
#include "scanner/report_merge.h"

namespace keysweep {
namespace {

using json = nlohmann::json;

// Reads one finding object; the error says which field is wrong.
class FindingReader {
 public:
  explicit FindingReader(const json& object) : object_(object) {}

  Result<Finding> Read() {
    if (!object_.is_object()) return Status::Error("a finding is not an object");
    Finding finding;
    KS_RETURN_IF_ERROR(String(object_, "rule_id", &finding.rule_id));
    KS_RETURN_IF_ERROR(String(object_, "rule_name", &finding.rule_name));
    KS_RETURN_IF_ERROR(String(object_, "fingerprint", &finding.fingerprint));
    if (auto parts = object_.find("fingerprint_parts"); parts != object_.end()) {
      if (!parts->is_array()) return Status::Error("\"fingerprint_parts\" is not an array");
      for (const json& part : *parts) {
        if (!part.is_string()) return Status::Error("\"fingerprint_parts\" holds a non-string");
        finding.part_fingerprints.push_back(part.get<std::string>());
      }
    }
    std::string severity;
    KS_RETURN_IF_ERROR(String(object_, "severity", &severity));
    std::optional<Severity> parsed = ParseSeverity(severity);
    if (!parsed) return Status::Error("unknown severity '" + severity + "'");
    finding.severity = *parsed;
    KS_RETURN_IF_ERROR(OptionalString(object_, "repository", &finding.repository));
    if (object_.contains("message")) {
      KS_RETURN_IF_ERROR(String(object_, "message", &finding.message));
      KS_RETURN_IF_ERROR(OptionalString(object_, "subject", &finding.subject));
      finding.redact = false;
    } else {
      KS_RETURN_IF_ERROR(ReadSecret(&finding));
    }
    KS_RETURN_IF_ERROR(ReadLocations(finding, &finding.locations));
    // A finding that listed only its first locations says how many there were.
    if (auto total = object_.find("total_locations"); total != object_.end() && total->is_number_unsigned()) {
      finding.total_locations = total->get<uint64_t>();
    }
    return finding;
  }

 private:
  static Status String(const json& object, const char* key, std::string* out) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return Status::Error(std::string("\"") + key + "\" is not a string");
    *out = it->get<std::string>();
    return Status::Ok();
  }
  static Status OptionalString(const json& object, const char* key, std::string* out) {
    return object.contains(key) ? String(object, key, out) : Status::Ok();
  }
  static Status Number(const json& object, const char* key, uint64_t* out) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_number_unsigned()) {
      return Status::Error(std::string("\"") + key + "\" is not a count");
    }
    *out = it->get<uint64_t>();
    return Status::Ok();
  }

  // A value as a redacting writer leaves it: a short prefix and "****".
  static bool LooksRedacted(const std::string& value) {
    return value.size() <= 8 && value.ends_with("****");
  }

  Status ReadSecret(Finding* finding) {
    KS_RETURN_IF_ERROR(String(object_, "secret", &finding->secret));
    auto redacted = object_.find("redacted");
    if (redacted == object_.end() || !redacted->is_boolean()) return Status::Error("\"redacted\" is not a boolean");
    for (const char* key : {"key_id", "account_id", "key_kind"}) {
      auto it = object_.find(key);
      if (it != object_.end() && it->is_string()) finding->attributes.emplace_back(key, it->get<std::string>());
    }
    std::optional<std::string> key_id = finding->Attribute("key_id");
    finding->redact = !(key_id && *key_id == finding->secret);  // a key id is public
    auto companions = object_.find("companions");
    if (companions == object_.end() || !companions->is_array()) return Status::Error("\"companions\" is not a list");
    bool companions_redacted = true;
    for (const json& companion : *companions) {
      if (!companion.is_object()) return Status::Error("a companion is not an object");
      CompanionValue value;
      KS_RETURN_IF_ERROR(String(companion, "name", &value.name));
      KS_RETURN_IF_ERROR(String(companion, "value", &value.value));
      companions_redacted = companions_redacted && LooksRedacted(value.value);
      finding->companions.push_back(std::move(value));
    }
    // A key id's finding says "redacted": false either way: its companions tell.
    finding->from_redacted_report = finding->redact ? redacted->get<bool>() : companions_redacted;
    return Status::Ok();
  }

  // The secrets an input that showed them left in its snippets, to mask again.
  static std::vector<RedactSpan> SecretSpans(const Finding& finding, const std::string& text) {
    std::vector<std::string> secrets;
    if (finding.from_redacted_report) return {};
    if (finding.redact) secrets.push_back(finding.secret);
    for (const CompanionValue& companion : finding.companions) secrets.push_back(companion.value);
    std::vector<RedactSpan> spans;
    for (const std::string& secret : secrets) {
      if (secret.empty()) continue;
      for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 1)) {
        spans.push_back({at, at + secret.size(), ShownPrefixLength(secret.size())});
      }
    }
    return spans;
  }

  Status ReadLocations(const Finding& finding, std::vector<Location>* out) {
    auto locations = object_.find("locations");
    if (locations == object_.end() || !locations->is_array() || locations->empty()) {
      return Status::Error("\"locations\" is not a non-empty list");
    }
    for (const json& entry : *locations) {
      if (!entry.is_object()) return Status::Error("a location is not an object");
      Location location;
      KS_RETURN_IF_ERROR(String(entry, "path", &location.path));
      KS_RETURN_IF_ERROR(Number(entry, "line", &location.line));
      KS_RETURN_IF_ERROR(Number(entry, "column", &location.column));
      KS_RETURN_IF_ERROR(Number(entry, "end_line", &location.end_line));
      KS_RETURN_IF_ERROR(Number(entry, "end_column", &location.end_column));
      if (auto commit = entry.find("commit"); commit != entry.end() && commit->is_string()) {
        location.commit = commit->get<std::string>();
      }
      KS_RETURN_IF_ERROR(String(entry, "snippet", &location.snippet.text));
      location.snippet.redact_spans = SecretSpans(finding, location.snippet.text);
      KS_RETURN_IF_ERROR(OptionalString(entry, "pointer", &location.pointer));
      if (entry.contains("author")) {
        GitOrigin git;
        KS_RETURN_IF_ERROR(String(entry, "author", &git.author_name));
        KS_RETURN_IF_ERROR(String(entry, "email", &git.author_email));
        KS_RETURN_IF_ERROR(String(entry, "date", &git.date));
        KS_RETURN_IF_ERROR(Number(entry, "commits_containing", &git.commits_containing));
        KS_RETURN_IF_ERROR(Number(entry, "refs_containing_count", &git.refs_containing_count));
        auto refs = entry.find("refs_containing");
        if (refs == entry.end() || !refs->is_array()) return Status::Error("\"refs_containing\" is not a list");
        for (const json& ref : *refs) {
          if (!ref.is_string()) return Status::Error("a ref name is not a string");
          git.refs_containing.push_back(ref.get<std::string>());
        }
        location.git = std::move(git);
      }
      out->push_back(std::move(location));
    }
    return Status::Ok();
  }

  const json& object_;
};

Status AddFinding(const json& object, Report* report) {
  Result<Finding> finding = FindingReader(object).Read();
  if (!finding.ok()) return finding.status();
  report->policy_lint = report->policy_lint || !finding->message.empty();
  report->findings.push_back(std::move(*finding));
  return Status::Ok();
}

// A whole JSON report: {"tool": {"name": "keysweep"}, "findings": [...], ...}.
Status ReadJsonReport(const json& doc, Report* report) {
  auto tool = doc.find("tool");
  if (tool == doc.end() || !tool->is_object() || tool->value("name", json()) != "keysweep") {
    return Status::Error("not a keysweep report (no \"tool\": {\"name\": \"keysweep\"})");
  }
  auto findings = doc.find("findings");
  if (findings == doc.end() || !findings->is_array()) return Status::Error("\"findings\" is not a list");
  for (size_t i = 0; i < findings->size(); ++i) {
    Status status = AddFinding((*findings)[i], report);
    if (!status.ok()) return Status::Error("finding " + std::to_string(i + 1) + ": " + status.message());
  }
  if (auto diagnostics = doc.find("diagnostics"); diagnostics != doc.end() && diagnostics->is_array()) {
    for (const json& d : *diagnostics) {
      if (!d.is_object()) continue;
      std::string level = d.value("level", "warning");
      report->diagnostics.push_back({level == "error" ? DiagnosticLevel::kError
                                     : level == "note" ? DiagnosticLevel::kNote
                                                       : DiagnosticLevel::kWarning,
                                     d.value("path", ""), d.value("message", ""), d.value("repository", "")});
    }
  }
  if (auto stats = doc.find("stats"); stats != doc.end() && stats->is_object()) {
    auto count = [&](const char* key) -> uint64_t {
      auto it = stats->find(key);
      return it != stats->end() && it->is_number_unsigned() ? it->get<uint64_t>() : 0;
    };
    report->stats.files = count("files");
    report->stats.bytes = count("bytes");
    report->stats.unique_contents = count("unique_contents");
    report->stats.skipped = count("skipped");
    report->stats.suppressed = count("suppressed");
    report->stats.rules = count("rules");
  }
  return Status::Ok();
}

// JSON Lines: one finding object per line (blank lines allowed).
Status ReadJsonLines(std::string_view text, Report* report) {
  size_t line_number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Result<json> object = ParseUntrustedJson(line);
    Status status = object.ok() ? AddFinding(*object, report) : object.status();
    if (!status.ok()) return Status::Error("line " + std::to_string(line_number) + ": " + status.message());
  }
  return Status::Ok();
}

// The rules the findings name, for SARIF's rule list (reports do not carry one).
void DescribeFindingRules(Report* report) {
  for (const Finding& finding : report->findings) {
    bool known = false;
    for (const RuleInfo& rule : report->rules) known = known || rule.id == finding.rule_id;
    if (!known) report->rules.push_back({finding.rule_id, finding.rule_name, finding.rule_name, finding.severity, {}});
  }
  std::sort(report->rules.begin(), report->rules.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
}

}  // namespace

Result<Report> ReadReport(const std::string& name, std::string_view text) {
  Report report;
  Result<json> doc = ParseUntrustedJson(text);
  Status status = Status::Ok();
  if (doc.ok() && doc->is_object() && !doc->contains("rule_id")) {
    status = ReadJsonReport(*doc, &report);
  } else if (!doc.ok() && text.starts_with("{\n")) {
    status = doc.status();  // a JSON report (they are indented) cut short
  } else {
    status = ReadJsonLines(text, &report);  // an empty file: a JSON Lines report of a clean scan
  }
  if (!status.ok()) return Status::Error(name + ": " + status.message());
  DescribeFindingRules(&report);
  SortReport(&report);
  return report;
}

Result<Report> MergeReportFiles(const std::vector<std::string>& paths, int stdin_fd) {
  Report merged;
  for (const std::string& path : paths) {
    std::string text;
    if (path == "-") {
      char buffer[65536];
      ssize_t n;
      while ((n = read(stdin_fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR)) {
        if (n > 0) text.append(buffer, static_cast<size_t>(n));
      }
      if (n < 0) return Status::Error("-: cannot read standard input: " + std::string(strerror(errno)));
    } else {
      std::ifstream file(path, std::ios::binary);
      std::ostringstream buffer;
      if (file) buffer << file.rdbuf();
      if (!file) return Status::Error(path + ": cannot read");
      text = buffer.str();
    }
    Result<Report> report = ReadReport(path, text);
    if (!report.ok()) return report.status();
    MergeReport(std::move(*report), &merged);
  }
  return merged;
}

}  // namespace keysweep
