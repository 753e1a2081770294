// Rendering a TrailReport as text, JSON and Markdown.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "trail/trail.h"

namespace keysweep {
namespace {

constexpr size_t kTimelineShown = 200;

// "a (3), b (1)": the top entries of a count map, most frequent first.
std::string Top(const std::map<std::string, uint64_t>& counts, size_t limit) {
  std::vector<std::pair<std::string, uint64_t>> items(counts.begin(), counts.end());
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (size_t i = 0; i < items.size() && i < limit; ++i) {
    if (i > 0) out += ", ";
    out += EscapeForTerminal(items[i].first) + " (" + std::to_string(items[i].second) + ")";
  }
  if (items.size() > limit) out += ", ...";
  return out;
}

std::string EventLine(const TrailEvent& e) {
  std::string line = e.time_text + "  " + (e.region.empty() ? "-" : e.region) + "  " + e.name;
  if (!e.detail.empty()) line += " (" + e.detail + ")";
  if (!e.source_ip.empty()) line += " from " + e.source_ip;
  if (!e.error_code.empty()) line += " [refused: " + e.error_code + "]";
  if (!e.minted_key_id.empty()) line += " -> minted " + e.minted_key_id;
  return EscapeForTerminal(line);
}

nlohmann::ordered_json EventJson(const TrailEvent& e) {
  nlohmann::ordered_json out = {{"time", e.time_text},     {"event", e.name},
                                {"source", e.source},      {"region", e.region},
                                {"source_ip", e.source_ip}, {"user_agent", e.user_agent},
                                {"access_key_id", e.access_key_id}, {"principal", e.principal},
                                {"error_code", e.error_code}, {"detail", e.detail},
                                {"file", e.file}};
  if (!e.minted_key_id.empty()) out["minted_key_id"] = e.minted_key_id;
  std::string flag = EventFlag(e);
  out["flag"] = flag.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(flag);
  return out;
}

std::string Summary(const TrailReport& report) {
  std::ostringstream out;
  char size[32];
  snprintf(size, sizeof size, "%.1f MB", static_cast<double>(report.stats.bytes) / (1 << 20));
  out << "Read " << report.stats.events << " CloudTrail events from " << report.stats.files << " files ("
      << size << " of JSON)";
  if (!report.diagnostics.empty()) out << "; " << report.diagnostics.size() << " warnings on stderr";
  out << ".";
  return out.str();
}

}  // namespace

std::string RenderTrailText(const TrailReport& report) {
  std::ostringstream out;
  if (report.focused && std::all_of(report.keys.begin(), report.keys.end(),
                                    [](const KeyActivity& k) { return k.events == 0; })) {
    out << "No events by these keys in the logs.\n";
  }
  for (const KeyActivity& key : report.keys) {
    out << key.key_id << "  " << key.events << " events";
    if (key.errors > 0) out << " (" << key.errors << " refused or failed)";
    if (!key.origin.empty()) out << "  [" << key.origin << "]";
    out << "\n";
    if (key.events == 0) {
      out << "\n";
      continue;
    }
    out << "  first use   " << key.first_time << "\n  last use    " << key.last_time << "\n";
    for (const std::string& principal : key.principals) out << "  identity    " << EscapeForTerminal(principal) << "\n";
    out << "  regions     " << Top(key.regions, 20) << "\n"
        << "  events      " << Top(key.event_names, 15) << "\n"
        << "  source IPs  " << Top(key.source_ips, 10) << "\n"
        << "  user agents " << Top(key.user_agents, 5) << "\n";
    if (!key.flagged.empty()) {
      out << "  needs review (" << key.flagged.size() << "):\n";
      for (const TrailEvent& e : key.flagged) out << "    " << EventLine(e) << "  <- " << EventFlag(e) << "\n";
    }
    if (report.focused && !key.timeline.empty()) {
      out << "  timeline" << (key.timeline.size() > kTimelineShown ? " (first 200; --format json has all)" : "")
          << ":\n";
      for (size_t i = 0; i < key.timeline.size() && i < kTimelineShown; ++i) {
        out << "    " << EventLine(key.timeline[i]) << "\n";
      }
    }
    out << "\n";
  }
  out << Summary(report) << "\n";
  return out.str();
}

std::string RenderTrailJson(const TrailReport& report) {
  nlohmann::ordered_json doc;
  doc["keys"] = nlohmann::ordered_json::array();
  for (const KeyActivity& key : report.keys) {
    nlohmann::ordered_json k;
    k["key_id"] = key.key_id;
    k["origin"] = key.origin;
    k["events"] = key.events;
    k["errors"] = key.errors;
    k["first_use"] = key.first_time;
    k["last_use"] = key.last_time;
    k["principals"] = key.principals;
    k["regions"] = key.regions;
    k["event_names"] = key.event_names;
    k["source_ips"] = key.source_ips;
    k["user_agents"] = key.user_agents;
    k["flagged"] = nlohmann::ordered_json::array();
    for (const TrailEvent& e : key.flagged) k["flagged"].push_back(EventJson(e));
    if (report.focused) {
      k["timeline"] = nlohmann::ordered_json::array();
      for (const TrailEvent& e : key.timeline) k["timeline"].push_back(EventJson(e));
      k["timeline_truncated"] = key.timeline_truncated;
    }
    doc["keys"].push_back(std::move(k));
  }
  doc["diagnostics"] = nlohmann::ordered_json::array();
  for (const Diagnostic& d : report.diagnostics) {
    doc["diagnostics"].push_back({{"path", d.path}, {"message", d.message}});
  }
  doc["stats"] = {{"files", report.stats.files}, {"events", report.stats.events}, {"bytes", report.stats.bytes}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string RenderTrailMarkdown(const TrailReport& report) {
  std::ostringstream out;
  out << "## Evidence from CloudTrail\n\n" << Summary(report) << "\n\n";
  for (const KeyActivity& key : report.keys) {
    out << "### `" << key.key_id << "` (" << key.origin << ")\n\n";
    if (key.events == 0) {
      out << "No events in these logs.\n\n";
      continue;
    }
    out << "- " << key.events << " events, first " << key.first_time << ", last " << key.last_time << "\n"
        << "- regions: " << Top(key.regions, 20) << "\n"
        << "- events: " << Top(key.event_names, 15) << "\n"
        << "- source IPs: " << Top(key.source_ips, 10) << "\n"
        << "- user agents: " << Top(key.user_agents, 5) << "\n\n";
    if (!key.flagged.empty()) {
      out << "| time | region | event | detail | from | why it matters |\n| --- | --- | --- | --- | --- | --- |\n";
      for (const TrailEvent& e : key.flagged) {
        out << "| " << e.time_text << " | " << e.region << " | " << e.name << " | " << e.detail << " | "
            << e.source_ip << " | " << EventFlag(e) << (e.error_code.empty() ? "" : " (refused)") << " |\n";
      }
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace keysweep
