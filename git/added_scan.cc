#include "git/added_scan.h"

#include <algorithm>

#include "git/blob_scan.h"

namespace keysweep::git {

AddedContentScanner::AddedContentScanner(git_repository* repo, std::shared_ptr<const Engine> engine,
                                         const GlobSet& excludes, uint64_t max_blob_bytes,
                                         Report* report)
    : repo_(repo),
      engine_(engine),
      excludes_(excludes),
      max_blob_bytes_(max_blob_bytes),
      report_(report),
      scanner_(std::move(engine)) {
  scanner_.KeepRepeatPlaces();  // occurrences are filtered by their lines
}

const LocatedMatches* AddedContentScanner::MatchesOf(const AddedFile& file) {
  if (auto it = cache_.find(file.blob); it != cache_.end()) return &it->second;
  git_odb* raw_odb = nullptr;
  git_odb_object* raw_object = nullptr;
  if (git_repository_odb(&raw_odb, repo_) != 0) {
    report_->diagnostics.push_back({DiagnosticLevel::kError, file.path, GitError("cannot open the object database").message()});
    return nullptr;
  }
  OdbPtr odb(raw_odb);
  // The diff skipped a blob this large; checked again before the read, which allocates it whole.
  size_t size = 0;
  git_object_t type;
  if (git_odb_read_header(&size, &type, odb.get(), &file.blob) == 0 && size > max_blob_bytes_) {
    report_->diagnostics.push_back({DiagnosticLevel::kWarning, file.path, TooLargeMessage(file.blob, size)});
    return nullptr;
  }
  if (git_odb_read(&raw_object, odb.get(), &file.blob) != 0) {
    report_->diagnostics.push_back(
        {DiagnosticLevel::kWarning, file.path, GitError("cannot read blob " + OidHex(file.blob)).message()});
    return nullptr;
  }
  OdbObjectPtr object(raw_object);
  std::string_view content(static_cast<const char*>(git_odb_object_data(object.get())),
                           git_odb_object_size(object.get()));
  ContentResult result;
  if (Status s = scanner_.ScanBytes(content, file.path, &result); !s.ok()) {
    report_->diagnostics.push_back({DiagnosticLevel::kWarning, file.path, s.message()});
  }
  ++report_->stats.files;
  ++report_->stats.unique_contents;
  report_->stats.bytes += content.size();
  return &cache_.emplace(file.blob, std::move(result.matches)).first->second;
}

void AddedContentScanner::ScanMessage(std::string_view message, const Location& where,
                                      FindingBuilder* builder) {
  ContentResult result;
  if (!scanner_.ScanBytes(message, "", &result).ok()) return;
  report_->stats.bytes += message.size();
  builder->AddAll(engine_->rules(), result.matches, where);
}

void AddedContentScanner::Scan(const std::vector<AddedFile>& files, const Location& where,
                               FindingBuilder* builder) {
  for (const AddedFile& file : files) {
    if (!excludes_.empty() && excludes_.Matches(file.path)) {
      ++report_->stats.skipped;
      continue;
    }
    const LocatedMatches* matches = MatchesOf(file);
    if (matches == nullptr) continue;
    Location location = where;
    location.path = file.path;
    matches->ForEach([&](const ContentMatch& match, const MatchPlace& place, std::span<const uint64_t> part_lines) {
      // New if any part is: a rotated secret beside an unchanged key id too.
      if (std::any_of(part_lines.begin(), part_lines.end(), [&](uint64_t line) { return Contains(file.lines, line); })) {
        builder->Add(engine_->rules()[match.rule_index], match, place, location);
      }
    });
  }
}

}  // namespace keysweep::git
