#include "trail/log_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

#include <simdjson.h>

#include "core/glob.h"
#include "core/iso_time.h"
#include "scanner/file_walker.h"
#include "trail/gzip.h"

namespace keysweep {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// Request parameters worth showing next to an event, in this order.
constexpr const char* kDetailFields[] = {"userName", "roleName", "roleArn", "policyArn",
                                         "policyName", "groupName", "functionName", "instanceType",
                                         "bucketName", "keyName", "trailName", "roleSessionName"};

std::string StringAt(const element& e, const char* key) {
  std::string_view value;
  if (e[key].get_string().get(value) == simdjson::SUCCESS) return std::string(value);
  return "";
}

// Fills `event` from a CloudTrail record; false if it is not one.
bool ParseRecord(const element& record, TrailEvent* event) {
  if (!record.is_object()) return false;
  event->name = StringAt(record, "eventName");
  if (event->name.empty()) return false;
  event->time_text = StringAt(record, "eventTime");
  event->time = ParseIsoUtc(event->time_text).value_or(0);
  event->source = StringAt(record, "eventSource");
  event->region = StringAt(record, "awsRegion");
  event->source_ip = StringAt(record, "sourceIPAddress");
  event->user_agent = StringAt(record, "userAgent");
  event->error_code = StringAt(record, "errorCode");
  element identity;
  if (record["userIdentity"].get(identity) == simdjson::SUCCESS) {
    event->access_key_id = StringAt(identity, "accessKeyId");
    event->principal = StringAt(identity, "arn");
    if (event->principal.empty()) event->principal = StringAt(identity, "type");
  }
  element credentials;
  if (record.at_pointer("/responseElements/credentials").get(credentials) == simdjson::SUCCESS) {
    event->minted_key_id = StringAt(credentials, "accessKeyId");
  }
  element parameters;
  if (record["requestParameters"].get(parameters) == simdjson::SUCCESS && parameters.is_object()) {
    int shown = 0;
    for (const char* field : kDetailFields) {
      std::string value = StringAt(parameters, field);
      if (value.empty()) continue;
      if (shown > 0) event->detail += ' ';
      event->detail += field;
      event->detail += '=';
      event->detail += value;
      if (++shown == 3) break;
    }
  }
  return true;
}

class FileReader {
 public:
  FileReader(const TrailReadOptions& options, const std::function<void(const TrailEvent&)>& on_event,
             std::vector<Diagnostic>* diagnostics, TrailReadStats* stats)
      : options_(options), on_event_(on_event), diagnostics_(diagnostics), stats_(stats) {}

  void Read(const std::string& path) {
    std::string raw;
    if (Status s = ReadWhole(path, &raw); !s.ok()) return Warn(path, s.message());
    std::string inflated;
    std::string_view text = raw;
    if (IsGzip(raw)) {
      Status s = Gunzip(raw, options_.max_file_bytes, &inflated);
      if (!s.ok()) return Warn(path, s.message() + ": file skipped");
      text = inflated;
    }
    ++stats_->files;
    stats_->bytes += text.size();
    uint64_t before = stats_->events;
    element doc;
    simdjson::error_code error = parser_.parse(text.data(), text.size()).get(doc);
    if (error == simdjson::SUCCESS) {
      ReadDocument(doc, path);
    } else {
      // JSON Lines: one record per line.
      simdjson::dom::document_stream stream;
      if (parser_.parse_many(reinterpret_cast<const uint8_t*>(text.data()), text.size()).get(stream) !=
          simdjson::SUCCESS) {
        return Warn(path, std::string("invalid JSON: ") + simdjson::error_message(error));
      }
      size_t documents = 0;
      for (auto item : stream) {
        element record;
        if (item.get(record) != simdjson::SUCCESS) {
          return Warn(path, std::string("invalid JSON: ") + simdjson::error_message(item.error()));
        }
        ++documents;
        Emit(record, path);
      }
      if (documents == 0) return Warn(path, std::string("invalid JSON: ") + simdjson::error_message(error));
    }
    if (stats_->events == before) Warn(path, "no CloudTrail events in this file");
  }

 private:
  Status ReadWhole(const std::string& path, std::string* out) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return Status::Error(std::string("cannot open: ") + strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      close(fd);
      return Status::Error("not a regular file");
    }
    if (static_cast<uint64_t>(st.st_size) > options_.max_file_bytes) {
      close(fd);
      return Status::Error("larger than " + std::to_string(options_.max_file_bytes >> 20) +
                           " MB: file skipped (split it to triage it)");
    }
    out->resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    while (done < out->size()) {
      ssize_t n = read(fd, out->data() + done, out->size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    close(fd);
    out->resize(done);
    return Status::Ok();
  }

  void ReadDocument(const element& doc, const std::string& path) {
    simdjson::dom::array items;
    if (doc["Records"].get_array().get(items) == simdjson::SUCCESS) {
      for (element record : items) Emit(record, path);
      return;
    }
    if (doc["Events"].get_array().get(items) == simdjson::SUCCESS) {  // aws cloudtrail lookup-events
      for (element item : items) {
        std::string_view embedded;
        if (item["CloudTrailEvent"].get_string().get(embedded) != simdjson::SUCCESS) continue;
        element record;
        if (inner_parser_.parse(embedded.data(), embedded.size()).get(record) != simdjson::SUCCESS) {
          Warn(path, "an event's CloudTrailEvent is not valid JSON: skipped");
          continue;
        }
        Emit(record, path);
      }
      return;
    }
    if (doc.get_array().get(items) == simdjson::SUCCESS) {
      for (element record : items) Emit(record, path);
      return;
    }
    Emit(doc, path);  // a single record
  }

  void Emit(const element& record, const std::string& path) {
    TrailEvent event;
    if (!ParseRecord(record, &event)) return;
    event.file = path;
    ++stats_->events;
    on_event_(event);
  }

  void Warn(const std::string& path, const std::string& message) {
    diagnostics_->push_back({DiagnosticLevel::kWarning, path, message});
  }

  const TrailReadOptions& options_;
  const std::function<void(const TrailEvent&)>& on_event_;
  std::vector<Diagnostic>* diagnostics_;
  TrailReadStats* stats_;
  simdjson::dom::parser parser_;
  simdjson::dom::parser inner_parser_;
};

bool LooksLikeLog(const std::string& path) {
  return path.ends_with(".json") || path.ends_with(".json.gz") || path.ends_with(".jsonl") ||
         path.ends_with(".gz");
}

}  // namespace

void ReadTrailLogs(const std::vector<std::string>& paths, const TrailReadOptions& options,
                   const std::function<void(const TrailEvent&)>& on_event,
                   std::vector<Diagnostic>* diagnostics, TrailReadStats* stats) {
  FileReader reader(options, on_event, diagnostics, stats);
  static const PathExcludes kNoExcludes;
  WalkCounters counters;
  for (const std::string& path : paths) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      diagnostics->push_back({DiagnosticLevel::kError, path, std::string("cannot access: ") + strerror(errno)});
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      reader.Read(path);  // a file named on the command line is read whatever its name
      continue;
    }
    std::vector<std::string> files;
    WalkFiles({path}, kNoExcludes, [&](FileEntry entry) {
      if (LooksLikeLog(entry.path)) files.push_back(std::move(entry.path));
    }, [&](Diagnostic d) { diagnostics->push_back(std::move(d)); }, &counters);
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) reader.Read(file);
  }
}

}  // namespace keysweep
