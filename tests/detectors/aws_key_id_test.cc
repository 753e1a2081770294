#include "detectors/aws_key_id.h"

#include <doctest/doctest.h>

namespace keysweep {
namespace {

TEST_CASE("the account id is decoded from newer-format key ids") {
  CHECK(DecodeAwsAccountId("ASIAY34FZKBOKMUTVV7A") == std::optional<std::string>("609629065308"));
  // Fifth character Q-Z or 2-7 marks the newer format.
  CHECK(DecodeAwsAccountId("AKIAZFAKEKEY7TEST2ID") == std::optional<std::string>("629233963313"));
  CHECK(DecodeAwsAccountId("AKIA2FAKEKEY7TEST2ID").has_value());
  CHECK(DecodeAwsAccountId("AKIAQAAAAAAAAAAAAAAA") == std::optional<std::string>("000000000000"));
}

TEST_CASE("old-format and malformed ids have no account: never invented") {
  CHECK_FALSE(DecodeAwsAccountId("AKIAJFAKEOLDFORMAT22").has_value());  // J: old format
  CHECK_FALSE(DecodeAwsAccountId("AKIAIOSFODNN7EXAMPLE").has_value());  // I: old format
  CHECK_FALSE(DecodeAwsAccountId("AKIAZFAKEKEY").has_value());          // too short
  CHECK_FALSE(DecodeAwsAccountId("AKIAZFAKEKEY0TEST1ID").has_value());  // 0 and 1 are not base32
}

TEST_CASE("key kinds") {
  CHECK(AwsKeyKind("AKIAZFAKEKEY7TEST2ID") == "long-term");
  CHECK(AwsKeyKind("ASIAZFAKEKEY7TEST2ID") == "temporary");
  CHECK(AwsKeyKind("ABIAZFAKEKEY7TEST2ID") == "bearer");
  CHECK(AwsKeyKind("ACCAZFAKEKEY7TEST2ID") == "context");
  CHECK(AwsKeyKind("A3TXZFAKEKEY7TEST2ID") == "unknown");
}

}  // namespace
}  // namespace keysweep
