#include "scanner/baseline.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/untrusted_json.h"

namespace keysweep {

void WriteBaseline(const Report& report, std::ostream& out) {
  nlohmann::ordered_json doc;
  doc["keysweep_baseline"] = 1;
  doc["findings"] = nlohmann::ordered_json::array();
  for (const Finding& finding : report.findings) {
    nlohmann::ordered_json item;
    item["fingerprint"] = finding.fingerprint;
    item["rule_id"] = finding.rule_id;
    item["path"] = finding.locations.front().path;
    item["line"] = finding.locations.front().line;
    doc["findings"].push_back(std::move(item));
  }
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

Result<std::set<std::string>> LoadBaseline(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open baseline file");
  std::ostringstream text;
  text << in.rdbuf();
  Result<nlohmann::json> parsed = ParseUntrustedJson(text.str());
  if (!parsed.ok()) return Status::Error(path + ": " + parsed.status().message());
  nlohmann::json doc = std::move(*parsed);
  if (!doc.is_object() || !doc.contains("findings") || !doc["findings"].is_array()) {
    return Status::Error(path + ": not a keysweep baseline (expected a \"findings\" array)");
  }
  std::set<std::string> fingerprints;
  for (const auto& item : doc["findings"]) {
    if (!item.is_object() || !item.contains("fingerprint") || !item["fingerprint"].is_string()) {
      return Status::Error(path + ": every finding needs a \"fingerprint\" string");
    }
    fingerprints.insert(item["fingerprint"].get<std::string>());
  }
  return fingerprints;
}

}  // namespace keysweep
