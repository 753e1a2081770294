#include "scanner/content_scanner.h"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "scanner/line_bounds.h"
#include "scanner/snippet.h"

namespace keysweep {
namespace {

// How far along a line inline allow markers are looked for.
constexpr size_t kAllowMarkerReach = 4096;

// How many bytes of `bytes` satisfy `test`. Counts in blocks of 255 with an
// 8-bit sum, which the compiler vectorizes 16 or 32 bytes at a time (a 64-bit
// counter per byte runs at a quarter of the speed): every chunk of every file
// goes through here.
template <typename Test>
uint64_t CountBytes(std::string_view bytes, Test test) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t left = bytes.size();
  uint64_t n = 0;
  while (left > 0) {
    size_t block = std::min<size_t>(left, 255);
    uint8_t partial = 0;
    for (size_t i = 0; i < block; ++i) partial += test(p[i]) ? 1 : 0;
    n += partial;
    p += block;
    left -= block;
  }
  return n;
}

uint64_t CountCodePoints(std::string_view bytes) {
  return CountBytes(bytes, [](unsigned char c) { return (c & 0xC0) != 0x80; });
}

uint64_t CountNewlines(std::string_view bytes) {
  return CountBytes(bytes, [](unsigned char c) { return c == '\n'; });
}

// Line and column (1-based, columns in code points) of each position, computed
// in one forward pass (LineColumnTracker). `positions` must be sorted.
std::vector<std::pair<uint64_t, uint64_t>> LinesAndColumns(std::string_view data,
                                                           const std::vector<size_t>& positions,
                                                           uint64_t base_line,
                                                           uint64_t base_column) {
  std::vector<std::pair<uint64_t, uint64_t>> out;
  out.reserve(positions.size());
  LineColumnTracker tracker(data, base_line, base_column);
  for (size_t target : positions) out.push_back(tracker.At(target));
  return out;
}

// The inline marker families that accept the match: a marker on a line holding
// part of it (its pattern match or one of its companions), or a next-line
// marker on the line above one. A pattern may start or end on the line break
// beside its line: that break does not put the neighbouring line in.
// `*marked_part` receives which part holds the marker (-1: the match itself,
// else the companion's index) and `*above` whether it is the line above.
InlineMarkerSet AllowMarkersOf(std::string_view data, const Match& match, int* marked_part, bool* above_part) {
  auto markers = [&](size_t begin, size_t end, bool* via_above) {
    while (begin < end && (data[begin] == '\n' || data[begin] == '\r')) ++begin;
    while (end > begin && (data[end - 1] == '\n' || data[end - 1] == '\r')) --end;
    size_t from = LineStart(data, begin, kAllowMarkerReach);
    size_t to = LineEnd(data, end, kAllowMarkerReach);
    InlineMarkerSet next_line = 0;
    InlineMarkerSet found = FindInlineMarkers(data.substr(from, to - from), &next_line);
    if (from > 0) {  // the line above: only its next-line markers count
      size_t above = LineStart(data, from - 1, kAllowMarkerReach);
      InlineMarkerSet above_next = 0;
      FindInlineMarkers(data.substr(above, from - 1 - above), &above_next);
      *via_above = found == 0 && above_next != 0;
      found |= above_next;
    }
    return found;
  };
  *marked_part = -1;
  *above_part = false;
  InlineMarkerSet found = markers(match.begin, match.end, above_part);
  for (size_t i = 0; i < match.companions.size(); ++i) {
    bool via_above = false;
    InlineMarkerSet part = markers(match.companions[i].begin, match.companions[i].end, &via_above);
    if (found == 0 && part != 0) {
      *marked_part = static_cast<int>(i);
      *above_part = via_above;
    }
    found |= part;
  }
  return found;
}

// One secret, one finding: when several rules report the very same bytes as
// their secret, only the best-placed rule's match is kept (the higher severity,
// then the one with more companions, then a path-limited rule, then the rule
// listed first). Returns, for each match, whether it is kept.
std::vector<bool> UnshadowedMatches(const std::vector<const Match*>& matches, const std::vector<Rule>& rules) {
  std::vector<size_t> order(matches.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto rank = [&](size_t i) {
    const Match& m = *matches[i];
    return std::make_tuple(m.secret_begin, m.secret_end, -static_cast<int>(m.severity),
                           -static_cast<ptrdiff_t>(m.companions.size()), rules[m.rule_index].paths.empty(),
                           m.rule_index);
  };
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rank(a) < rank(b); });
  std::vector<bool> kept(matches.size(), false);
  for (size_t k = 0; k < order.size(); ++k) {
    const Match& m = *matches[order[k]];
    kept[order[k]] = k == 0 || m.secret_begin != matches[order[k - 1]]->secret_begin ||
                     m.secret_end != matches[order[k - 1]]->secret_end;
  }
  return kept;
}

}  // namespace

ContentScanner::ContentScanner(std::shared_ptr<const Engine> engine, size_t chunk_size)
    : engine_(engine), matcher_(std::move(engine)), chunk_size_(std::max<size_t>(chunk_size, 4096)) {}

Status ContentScanner::ReadMore(ByteSource& source, size_t want, StreamingHasher* hasher) {
  // Raw bytes land in work_ directly, or in raw_ first when they must be decoded.
  size_t start = work_.size();
  char* dst;
  if (decoder_) {
    raw_.resize(want);
    dst = raw_.data();
  } else {
    dst = work_.Extend(want);
  }
  size_t got = 0;
  Status status;
  while (got < want) {
    Result<size_t> n = source.Read(dst + got, want - got);
    if (!n.ok()) {
      status = n.status();
      break;
    }
    if (*n == 0) {
      eof_ = true;
      break;
    }
    got += *n;
  }
  raw_size_ += got;
  std::string_view raw(dst, got);
  if (hasher) hasher->Update(raw);
  if (decoder_) {
    decoded_.clear();
    decoder_->Decode(raw, &decoded_);
    work_.Append(decoded_);
  } else {
    work_.Truncate(start + got);
  }
  return status;
}

Status ContentScanner::ScanBytes(std::string_view bytes, std::string_view path, ContentResult* result) {
  // In-memory bytes that fit in one chunk are scanned where they are, uncopied.
  if (bytes.size() <= chunk_size_ && DetectEncoding(bytes) == TextEncoding::kBytes) {
    *result = ContentResult{};
    result->matches = LocatedMatches(keep_repeat_places_);
    result->size = bytes.size();
    result->hash = HashBytes(bytes);
    path_rules_ = engine_->PathRulesFor(path);
    groups_.clear();
    matches_.clear();
    KS_RETURN_IF_ERROR(matcher_.Scan(bytes, ScanWindow{}, &matches_, path_rules_));
    reported_.clear();
    for (const Match& match : matches_) reported_.push_back(&match);
    Locate(bytes, reported_, matches_, 1, 0, &result->matches);
    return Status::Ok();
  }
  StringByteSource source(bytes);
  return Scan(source, path, nullptr, result);
}

Status ContentScanner::Scan(ByteSource& source, std::string_view path,
                            const std::function<bool(const Hash128&)>& claim, ContentResult* result) {
  *result = ContentResult{};
  result->matches = LocatedMatches(keep_repeat_places_);
  // What path-limited rules find depends on the path, not just the content: no dedup then.
  path_rules_ = engine_->PathRulesFor(path);
  groups_.clear();
  work_.clear();
  decoder_.reset();
  eof_ = false;
  raw_size_ = 0;

  // First read: one chunk and one byte, to learn whether the input fits.
  Status status = ReadMore(source, chunk_size_ + 1, nullptr);
  result->size = raw_size_;
  result->encoding = DetectEncoding(work_.view());
  std::unique_ptr<StreamingHasher> hasher;
  if (eof_ && status.ok()) {
    result->hash = HashBytes(work_.view());
    if (claim && path_rules_.empty() && !claim(result->hash)) {
      result->duplicate = true;
      return Status::Ok();
    }
  } else {
    hasher = std::make_unique<StreamingHasher>();
    hasher->Update(work_.view());
  }
  if (result->encoding != TextEncoding::kBytes) {
    decoder_ = std::make_unique<Utf16Decoder>(result->encoding);
    decoded_.clear();
    decoder_->Decode(work_.view(), &decoded_);
    work_.clear();
    work_.Append(decoded_);
  }

  const size_t keep = engine_->context_width();
  const size_t lookahead = engine_->context_width();
  uint64_t base_line = 1;
  uint64_t base_column = 0;
  size_t accept_after = 0;
  for (;;) {
    while (status.ok() && !eof_ && work_.size() < keep + chunk_size_ + lookahead) {
      status = ReadMore(source, keep + chunk_size_ + lookahead - work_.size(), hasher.get());
    }
    bool final = eof_ || !status.ok();
    size_t upto = final ? work_.size() : work_.size() - lookahead;
    // The whole buffer is matched: the matches in the context (reported by the
    // chunk before) and in the lookahead (by the next) are secrets the
    // snippets here must mask; only those ending in this chunk's part are reported.
    matches_.clear();
    if (Status s = matcher_.Scan(work_.view(), ScanWindow{}, &matches_, path_rules_); !s.ok()) return s;
    reported_.clear();
    for (const Match& match : matches_) {
      if (match.end > accept_after && match.end <= upto) reported_.push_back(&match);
    }
    Locate(work_.view(), reported_, matches_, base_line, base_column, &result->matches);
    if (final) break;
    // Keep `keep` bytes of context before the next chunk's part.
    size_t drop = upto - keep;
    std::string_view dropped = work_.view().substr(0, drop);
    // memrchr, not string_view::rfind: a byte-at-a-time loop in libstdc++, slow
    // on a chunk without a newline (binary data, minified code).
    const void* last_newline = memrchr(dropped.data(), '\n', dropped.size());
    base_line += CountNewlines(dropped);
    base_column = last_newline == nullptr
                      ? base_column + CountCodePoints(dropped)
                      : CountCodePoints(dropped.substr(static_cast<const char*>(last_newline) - dropped.data() + 1));
    work_.EraseFront(drop);
    accept_after = keep;
  }
  result->size = raw_size_;
  if (hasher) result->hash = hasher->Digest();
  return status;
}

void ContentScanner::Locate(std::string_view data, const std::vector<const Match*>& matches,
                            const std::vector<Match>& known, uint64_t base_line, uint64_t base_column,
                            LocatedMatches* out) {
  if (matches.empty()) return;
  std::vector<size_t> positions;
  for (const Match* match : matches) {
    positions.push_back(match->secret_begin);
    positions.push_back(match->secret_end);
    for (const CompanionMatch& c : match->companions) positions.push_back(c.begin);
  }
  std::sort(positions.begin(), positions.end());
  positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
  std::vector<std::pair<uint64_t, uint64_t>> coordinates =
      LinesAndColumns(data, positions, base_line, base_column);
  auto at = [&](size_t pos) {
    return coordinates[static_cast<size_t>(
        std::lower_bound(positions.begin(), positions.end(), pos) - positions.begin())];
  };
  const std::vector<bool> kept = UnshadowedMatches(matches, engine_->rules());
  const SnippetMaker snippets(data, known, engine_->rules());
  std::string key;
  std::vector<uint64_t> part_lines;
  for (size_t i = 0; i < matches.size(); ++i) {
    if (!kept[i]) continue;
    const Match& match = *matches[i];
    MatchPlace place;
    std::tie(place.line, place.column) = at(match.secret_begin);
    std::tie(place.end_line, place.end_column) = at(match.secret_end);
    part_lines.assign(1, place.line);
    for (const CompanionMatch& c : match.companions) part_lines.push_back(at(c.begin).first);
    std::sort(part_lines.begin(), part_lines.end());
    int marked_part = -1;
    bool above = false;
    const InlineMarkerSet markers = AllowMarkersOf(data, match, &marked_part, &above);
    if (markers != 0) {
      uint64_t line = marked_part < 0 ? place.line : at(match.companions[static_cast<size_t>(marked_part)].begin).first;
      place.allow_marker_line = above && line > 1 ? line - 1 : line;
    }
    // Occurrences of one match share a key; each part is length-prefixed.
    key.clear();
    auto append = [&key](std::string_view part) {
      key += std::to_string(part.size());
      key += ':';
      key += part;
    };
    append(std::to_string(match.rule_index) + "/" + std::to_string(markers));
    append(match.secret);
    for (const CompanionMatch& c : match.companions) {
      append(c.name);
      append(c.value);
    }
    auto [group, first] = groups_.try_emplace(key, 0, 0);
    if (++group->second.second > kMaxLocationsKept) {
      out->AddRepeat(group->second.first, place, part_lines);
      continue;
    }
    ContentMatch located;
    located.rule_index = match.rule_index;
    located.secret = match.secret;
    located.severity = match.severity;
    located.attributes = match.attributes;
    located.line = place.line;
    located.column = place.column;
    located.end_line = place.end_line;
    located.end_column = place.end_column;
    located.part_lines = part_lines;
    for (const CompanionMatch& c : match.companions) located.companions.push_back(CompanionValue{c.name, c.value});
    located.snippet = snippets.SnippetOf(match);
    located.allow_markers = markers;
    located.allow_marker_line = place.allow_marker_line;
    uint32_t index = out->AddFull(std::move(located));
    if (first) group->second.first = index;
  }
}

}  // namespace keysweep
