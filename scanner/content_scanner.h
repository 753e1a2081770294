// ContentScanner: scans one input (a file, a blob, standard input) of any size
// and returns its matches located by line and column, with a snippet.
//
// Inputs that fit in one chunk (8 MiB by default) are read whole, hashed, and
// scanned once per unique content. Larger inputs are scanned chunk by chunk in
// bounded memory: each chunk carries the previous chunk's tail as context and
// a little of the next as lookahead (Engine::context_width()), and accepts only
// matches that end in its own part, so a secret straddling a chunk boundary is
// found once. UTF-16 text is decoded to UTF-8 first; line numbers then refer
// to the decoded text, which has the same lines.
//
// Not thread-safe: one ContentScanner per worker thread (it owns a Matcher and
// reusable buffers). Many may share one Engine.
#ifndef KEYSWEEP_SCANNER_CONTENT_SCANNER_H_
#define KEYSWEEP_SCANNER_CONTENT_SCANNER_H_

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/hash.h"
#include "core/status.h"
#include "detectors/engine.h"
#include "detectors/match.h"
#include "detectors/matcher.h"
#include "scanner/byte_buffer.h"
#include "scanner/byte_source.h"
#include "scanner/encoding.h"
#include "scanner/finding.h"
#include "scanner/inline_markers.h"
#include "scanner/located_matches.h"

namespace keysweep {

struct ContentResult {
  Hash128 hash;        // of the raw bytes
  uint64_t size = 0;   // raw bytes read
  TextEncoding encoding = TextEncoding::kBytes;
  bool duplicate = false;  // the claim callback said this content was already scanned
  LocatedMatches matches;
};

class ContentScanner {
 public:
  static constexpr size_t kDefaultChunkSize = 8 << 20;

  explicit ContentScanner(std::shared_ptr<const Engine> engine,
                          size_t chunk_size = kDefaultChunkSize);

  // Reads `source` to its end and scans it. `path` (relative, '/'-separated;
  // may be empty) decides which path-limited rules apply. For an input that
  // fits in one chunk and to which no path-limited rule applies, `claim(hash)`
  // is called before scanning; if it returns false the content was scanned
  // elsewhere and `result->duplicate` is set instead.
  // Errors: read failures (the result then holds what was found before).
  Status Scan(ByteSource& source, std::string_view path,
              const std::function<bool(const Hash128&)>& claim, ContentResult* result);

  // Results keep the place of every repeated occurrence (LocatedMatches), for
  // scans that filter occurrences by line before reporting them.
  void KeepRepeatPlaces() { keep_repeat_places_ = true; }

  // Convenience for in-memory content (git blobs, tests): no dedup.
  Status ScanBytes(std::string_view bytes, std::string_view path, ContentResult* result);

 private:
  // Appends up to `want` more raw bytes (decoded if UTF-16) to work_; sets eof_.
  Status ReadMore(ByteSource& source, size_t want, StreamingHasher* hasher);
  // Turns matches in `data` into ContentMatches, given the line/column of data[0].
  // `known`: every match in `data` (those of the chunks beside it too), whose
  // secrets every snippet masks.
  // An occurrence past its match's first kMaxLocationsKept is added as a
  // repeat (LocatedMatches), without a snippet.
  void Locate(std::string_view data, const std::vector<const Match*>& matches, const std::vector<Match>& known,
              uint64_t base_line, uint64_t base_column, LocatedMatches* out);

  std::shared_ptr<const Engine> engine_;
  Matcher matcher_;
  size_t chunk_size_;
  std::string raw_;   // raw bytes of UTF-16 input before decoding
  std::string decoded_;
  ByteBuffer work_;   // bytes being scanned (raw, or decoded UTF-8)
  std::unique_ptr<Utf16Decoder> decoder_;
  bool eof_ = false;
  uint64_t raw_size_ = 0;
  std::vector<Match> matches_;   // every match in work_, context and lookahead included
  std::vector<const Match*> reported_;  // into matches_: those this chunk reports (ending in its own part)
  std::vector<bool> path_rules_;  // Engine::PathRulesFor the current input
  // The current input's distinct matches (rule, markers, secret, companions):
  // the index of the full occurrence in the result and how many there were.
  std::unordered_map<std::string, std::pair<uint32_t, size_t>> groups_;
  bool keep_repeat_places_ = false;
};

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_CONTENT_SCANNER_H_
