#include "detectors/matcher.h"

#include <algorithm>
#include <cstdlib>

#include <hs/hs.h>
#include <re2/re2.h>

#include "core/text.h"
#include "detectors/aws_key_id.h"
#include "detectors/placeholder.h"

namespace keysweep {
namespace {

// Hits held before a pass is confirmed and the scan resumes: bounds memory on
// inputs that match a rule millions of times.
constexpr size_t kDefaultHitLimit = 1 << 20;
// How far before a match keywords are looked for (and at most keyword_lines lines).
constexpr size_t kKeywordLookback = 1024;

// JSON may escape '/' as "\/"; the secret is the same.
std::string NormalizeSecret(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size() && raw[i + 1] == '/') continue;
    out.push_back(raw[i]);
  }
  return out;
}

// Offset of the start of the line `lines` lines before the line holding `pos`,
// but not before `floor`.
size_t LinesBefore(std::string_view data, size_t pos, int lines, size_t floor) {
  size_t p = pos;
  for (int seen = 0; p > floor; --p) {
    if (data[p - 1] == '\n' && ++seen > lines) break;
  }
  return p;
}

// Offset just past the end of the line `lines` lines after the line holding `pos`,
// but not after `ceiling`.
size_t LinesAfter(std::string_view data, size_t pos, int lines, size_t ceiling) {
  size_t p = pos;
  for (int seen = 0; p < ceiling; ++p) {
    if (data[p] == '\n' && ++seen > lines) break;
  }
  return p;
}

}  // namespace

Matcher::Matcher(std::shared_ptr<const Engine> engine)
    : engine_(std::move(engine)), hit_limit_(kDefaultHitLimit) {
  // One scratch serves every database: each call grows it to fit.
  bool ok = true;
  // The path database is loaded on first use: its share is added then (UsePathDatabase).
  for (const hs_database* db : {engine_->main_database(), engine_->gated_database()}) {
    if (db != nullptr && hs_alloc_scratch(db, &scratch_) != HS_SUCCESS) ok = false;
  }
  if (!ok) {
    // Only fails on allocation failure or a corrupt database.
    fprintf(stderr, "keysweep: cannot allocate Hyperscan scratch space\n");
    abort();
  }
}

const hs_database* Matcher::UsePathDatabase() {
  const hs_database* db = engine_->path_database();
  if (db != nullptr && !path_scratch_ready_) {
    if (hs_alloc_scratch(db, &scratch_) != HS_SUCCESS) {
      fprintf(stderr, "keysweep: cannot allocate Hyperscan scratch space\n");
      abort();
    }
    path_scratch_ready_ = true;
  }
  return db;
}

Matcher::~Matcher() {
  if (scratch_ != nullptr) hs_free_scratch(scratch_);
}

int Matcher::OnHit(unsigned id, unsigned long long /*from*/, unsigned long long to,
                   unsigned /*flags*/, void* context) {
  auto* self = static_cast<Matcher*>(context);
  uint64_t end = self->scan_base_ + to;
  if (id >= Engine::kKeywordIdBase) {
    // Keywords count anywhere in the buffer, context included.
    size_t length = self->engine_->keyword_lengths()[id - Engine::kKeywordIdBase];
    self->keyword_spans_.emplace_back(end >= length ? end - length : 0, end);
    return 0;
  }
  if (end <= self->accept_after_ || end > self->accept_upto_) return 0;
  if (self->rule_filter_ != nullptr && !(*self->rule_filter_)[id]) return 0;
  if (self->hits_.size() >= self->hit_limit_in_force_ && end > self->last_end_seen_) {
    self->stopped_at_ = end;  // every hit ending before `end` has been delivered
    return 1;
  }
  self->last_end_seen_ = end;
  self->hits_.push_back(Hit{id, end});
  return 0;
}

Status Matcher::RunPass(const hs_database* database, std::string_view data, std::vector<Match>* out) {
  scan_base_ = 0;
  hit_limit_in_force_ = hit_limit_;
  while (accept_after_ < accept_upto_) {
    hits_.clear();
    last_end_seen_ = 0;
    stopped_at_ = 0;
    // Scan to the end of the data, past accept_upto_: matches need their trailing context.
    std::string_view pass = data.substr(scan_base_);
    if (pass.size() > UINT32_MAX) return Status::Error("buffer too large for one Hyperscan scan");
    hs_error_t err = hs_scan(database, pass.data(), static_cast<unsigned>(pass.size()),
                             0, scratch_, &Matcher::OnHit, this);
    if (err != HS_SUCCESS && err != HS_SCAN_TERMINATED) {
      return Status::Error("Hyperscan scan failed with error " + std::to_string(err));
    }
    ConfirmHits(data, out);
    if (err == HS_SUCCESS || stopped_at_ == 0) break;
    // Resume at the end offset where the hit buffer filled up.
    accept_after_ = stopped_at_ - 1;
    size_t lookback = engine_->max_match_width() + 2;
    scan_base_ = stopped_at_ > lookback ? stopped_at_ - lookback : 0;
  }
  return Status::Ok();
}

Status Matcher::ScanGated(std::string_view data, std::vector<Match>* out) {
  // A gated match lies within max_gated_width of its keyword on one side and
  // within the keyword lookback on the other: scan only those windows.
  std::sort(keyword_spans_.begin(), keyword_spans_.end());
  const size_t width = engine_->max_gated_width() + 1;
  std::vector<std::pair<size_t, size_t>> windows;
  for (const auto& [begin, end] : keyword_spans_) {
    size_t from = begin > width ? begin - width : 0;
    size_t to = std::min(data.size(), end + kKeywordLookback + width);
    if (!windows.empty() && from <= windows.back().second) {
      windows.back().second = std::max(windows.back().second, to);
    } else {
      windows.emplace_back(from, to);
    }
  }
  hits_.clear();
  hit_limit_in_force_ = SIZE_MAX;  // the windows bound the hits
  for (const auto& [from, to] : windows) {
    scan_base_ = from;
    std::string_view window = data.substr(from, to - from);
    hs_error_t err = hs_scan(engine_->gated_database(), window.data(),
                             static_cast<unsigned>(window.size()), 0, scratch_, &Matcher::OnHit, this);
    if (err != HS_SUCCESS) return Status::Error("Hyperscan scan failed with error " + std::to_string(err));
  }
  ConfirmHits(data, out);
  return Status::Ok();
}

Status Matcher::Scan(std::string_view data, const ScanWindow& window, std::vector<Match>* out,
                     const std::vector<bool>& path_rules) {
  accept_after_ = window.accept_end_after;
  accept_upto_ = std::min<uint64_t>(window.accept_end_upto, data.size());
  keyword_spans_.clear();
  rule_filter_ = nullptr;
  size_t first_new = out->size();
  if (engine_->main_database() != nullptr) KS_RETURN_IF_ERROR(RunPass(engine_->main_database(), data, out));
  if (engine_->gated_database() != nullptr && !keyword_spans_.empty()) {
    accept_after_ = window.accept_end_after;
    KS_RETURN_IF_ERROR(ScanGated(data, out));
  }
  if (const hs_database* path_db = path_rules.empty() ? nullptr : UsePathDatabase(); path_db != nullptr) {
    accept_after_ = window.accept_end_after;
    rule_filter_ = &path_rules;
    Status status = RunPass(path_db, data, out);
    rule_filter_ = nullptr;
    KS_RETURN_IF_ERROR(status);
  }
  // Drop matches that are another match's companion (the secret access key
  // beside a key id is reported with the key id, not a second time): their
  // secret starts where the companion does, even if it runs on (a
  // credentials-file rule takes the whole value, "<secret> # prod").
  std::vector<size_t> companion_starts;
  for (size_t i = first_new; i < out->size(); ++i) {
    for (const CompanionMatch& c : (*out)[i].companions) companion_starts.push_back(c.begin);
  }
  if (!companion_starts.empty()) {
    // Sorted once, searched by halving: O(n log n) in the matches of the chunk.
    std::sort(companion_starts.begin(), companion_starts.end());
    auto is_companion = [&](const Match& m) {
      return m.companions.empty() &&
             std::binary_search(companion_starts.begin(), companion_starts.end(), m.secret_begin);
    };
    out->erase(std::remove_if(out->begin() + static_cast<ptrdiff_t>(first_new), out->end(),
                              is_companion),
               out->end());
  }
  std::sort(out->begin() + static_cast<ptrdiff_t>(first_new), out->end(),
            [](const Match& a, const Match& b) {
              return std::tie(a.begin, a.end, a.rule_index) < std::tie(b.begin, b.end, b.rule_index);
            });
  return Status::Ok();
}

Status Matcher::ScanRaw(std::string_view data, std::vector<std::pair<uint32_t, uint64_t>>* hits) {
  accept_after_ = 0;
  accept_upto_ = data.size();
  scan_base_ = 0;
  hits_.clear();
  last_end_seen_ = 0;
  stopped_at_ = 0;
  hit_limit_in_force_ = SIZE_MAX;
  for (const hs_database* db : {engine_->main_database(), engine_->gated_database(), UsePathDatabase()}) {
    if (db == nullptr) continue;
    hs_error_t err = hs_scan(db, data.data(), static_cast<unsigned>(data.size()), 0, scratch_,
                             &Matcher::OnHit, this);
    if (err != HS_SUCCESS) return Status::Error("Hyperscan scan failed with error " + std::to_string(err));
  }
  for (const Hit& hit : hits_) hits->emplace_back(hit.rule, hit.end);
  return Status::Ok();
}

void Matcher::ConfirmHits(std::string_view data, std::vector<Match>* out) {
  std::sort(hits_.begin(), hits_.end(), [](const Hit& a, const Hit& b) {
    return a.rule != b.rule ? a.rule < b.rule : a.end > b.end;
  });
  size_t i = 0;
  while (i < hits_.size()) {
    uint32_t rule_index = hits_[i].rule;
    const CompiledRule& rule = engine_->compiled(rule_index);
    uint64_t covered_from = UINT64_MAX;  // ends above this lie inside a confirmed secret
    for (; i < hits_.size() && hits_[i].rule == rule_index; ++i) {
      uint64_t end = hits_[i].end;
      if (end > covered_from || (i > 0 && hits_[i - 1].rule == rule_index &&
                                 hits_[i - 1].end == end)) {
        continue;
      }
      Match match;
      if (!Confirm(data, rule, rule_index, end, &match)) continue;
      // Not match.begin: a boundary character consumed before the secret may
      // also end the previous match of the same rule.
      covered_from = match.secret_begin;
      if (!PassesFilters(data, rule, match)) continue;
      FindCompanions(data, rule, &match);
      out->push_back(std::move(match));
    }
  }
}

bool Matcher::Confirm(std::string_view data, const CompiledRule& rule, size_t rule_index,
                      size_t end, Match* match) const {
  if (rule.confirm == nullptr) return false;
  size_t start = end > rule.max_width + 1 ? end - rule.max_width - 1 : 0;
  std::string_view text = data.substr(0, end);  // "\z" anchors at the candidate end
  // The secret is the first capture group that took part in the match (field
  // rules have one group per syntax), or the whole match without groups.
  constexpr int kMaxGroups = 8;
  re2::StringPiece groups[kMaxGroups + 1];
  int ngroups = 1 + std::min(rule.confirm->NumberOfCapturingGroups(), kMaxGroups);
  if (!rule.confirm->Match(text, start, end, RE2::UNANCHORED, groups, ngroups)) return false;
  re2::StringPiece secret = groups[0];
  for (int g = 1; g < ngroups; ++g) {
    if (groups[g].data() != nullptr) {
      secret = groups[g];
      break;
    }
  }
  if (secret.empty()) return false;
  match->rule_index = rule_index;
  match->begin = static_cast<size_t>(groups[0].data() - data.data());
  match->end = match->begin + groups[0].size();
  match->secret_begin = static_cast<size_t>(secret.data() - data.data());
  match->secret_end = match->secret_begin + secret.size();
  match->secret = NormalizeSecret(std::string_view(secret.data(), secret.size()));
  match->severity = rule.rule->severity;
  if (rule.rule->decoder == "aws-access-key-id") {
    match->attributes.emplace_back("key_id", match->secret);
    match->attributes.emplace_back("key_kind", std::string(AwsKeyKind(match->secret)));
    if (auto account = DecodeAwsAccountId(match->secret)) {
      match->attributes.emplace_back("account_id", *account);
    }
  }
  return true;
}

bool Matcher::PassesFilters(std::string_view data, const CompiledRule& rule,
                            const Match& match) const {
  const Rule& spec = *rule.rule;
  if (spec.min_entropy > 0 && ShannonEntropy(match.secret) < spec.min_entropy) return false;
  if (spec.placeholder_check && LooksLikePlaceholder(match.secret)) return false;
  if (spec.stopwords && LooksLikePlaceholderValue(match.secret)) return false;
  for (const auto& ignore : rule.ignore_secrets) {
    if (RE2::PartialMatch(match.secret, *ignore)) return false;
  }
  if (!rule.keywords_lower.empty()) {
    size_t floor = match.begin > kKeywordLookback ? match.begin - kKeywordLookback : 0;
    size_t from = LinesBefore(data, match.begin, spec.keyword_lines, floor);
    std::string_view context = data.substr(from, match.end - from);
    bool found = false;
    for (const std::string& keyword : rule.keywords_lower) {
      if (ContainsIgnoreCase(context, keyword)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

void Matcher::FindCompanions(std::string_view data, const CompiledRule& rule, Match* match) const {
  const Rule& spec = *rule.rule;
  for (size_t c = 0; c < spec.companions.size(); ++c) {
    const CompanionSpec& companion = spec.companions[c];
    // Several patterns may look for the same companion; the first one found wins.
    if (std::any_of(match->companions.begin(), match->companions.end(),
                    [&](const CompanionMatch& m) { return m.name == companion.name; })) {
      continue;
    }
    const RE2& re = *rule.companions[c];
    size_t bytes = static_cast<size_t>(companion.within_bytes);
    size_t lo = LinesBefore(data, match->begin, companion.within_lines,
                            match->begin > bytes ? match->begin - bytes : 0);
    size_t hi = LinesAfter(data, match->end, companion.within_lines,
                           std::min(data.size(), match->end + bytes));
    std::optional<CompanionMatch> best;
    size_t best_distance = SIZE_MAX;
    re2::StringPiece groups[2];
    for (size_t pos = lo; pos < hi;) {
      if (!re.Match(data, pos, hi, RE2::UNANCHORED, groups, 2)) break;
      re2::StringPiece value = groups[1].data() != nullptr ? groups[1] : groups[0];
      size_t vbegin = static_cast<size_t>(value.data() - data.data());
      size_t vend = vbegin + value.size();
      size_t next = std::max(vend, static_cast<size_t>(groups[0].data() - data.data()) + 1);
      pos = std::max(next, pos + 1);
      if (value.empty() || (vbegin < match->end && vend > match->begin)) continue;
      std::string normalized = NormalizeSecret(std::string_view(value.data(), value.size()));
      if (companion.min_entropy > 0 && ShannonEntropy(normalized) < companion.min_entropy) continue;
      if (spec.placeholder_check && LooksLikePlaceholder(normalized)) continue;
      size_t distance = vbegin >= match->end ? vbegin - match->end : match->begin - vend;
      if (distance < best_distance) {
        best_distance = distance;
        best = CompanionMatch{companion.name, std::move(normalized), vbegin, vend};
      }
    }
    if (best) {
      if (companion.severity && *companion.severity > match->severity) {
        match->severity = *companion.severity;
      }
      match->companions.push_back(std::move(*best));
    }
  }
}

}  // namespace keysweep
