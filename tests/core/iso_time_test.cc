#include "core/iso_time.h"

#include <doctest/doctest.h>

namespace keysweep {
namespace {

TEST_CASE("ISO-8601 UTC times parse and format") {
  CHECK(ParseIsoUtc("1970-01-01T00:00:00Z") == std::optional<int64_t>(0));
  CHECK(ParseIsoUtc("2026-11-28T19:00:00Z") == std::optional<int64_t>(1795892400));
  CHECK(FormatIsoUtc(1795892400) == "2026-11-28T19:00:00Z");
  CHECK(ParseIsoUtc("2026-11-28T20:00:00+01:00") == ParseIsoUtc("2026-11-28T19:00:00Z"));
  CHECK(ParseIsoUtc("2026-11-28T19:00:00.123Z") == ParseIsoUtc("2026-11-28T19:00:00Z"));
  CHECK(ParseIsoUtc("2026-11-28T19:00Z") == ParseIsoUtc("2026-11-28T19:00:00Z"));
  CHECK(ParseIsoUtc("2026-11-28") == ParseIsoUtc("2026-11-28T00:00:00Z"));
  CHECK(ParseIsoUtc("2024-02-29T00:00:00Z").has_value());
}

TEST_CASE("malformed times are rejected") {
  for (const char* bad : {"", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                          "2025-02-29T00:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T19:00:00",
                          "2026-11-28T19:00:00+1", "2026/11/28", "2026-11-28T19:00:00Zjunk"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseIsoUtc(bad).has_value());
  }
}

}  // namespace
}  // namespace keysweep
