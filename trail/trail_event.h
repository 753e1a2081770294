// TrailEvent: the parts of one CloudTrail event that incident triage needs.
// Plain data: thread-safe as a value.
#ifndef KEYSWEEP_TRAIL_TRAIL_EVENT_H_
#define KEYSWEEP_TRAIL_TRAIL_EVENT_H_

#include <cstdint>
#include <string>

namespace keysweep {

struct TrailEvent {
  int64_t time = 0;            // seconds since the epoch (0 if unparsable)
  std::string time_text;       // eventTime as logged
  std::string name;            // eventName
  std::string source;          // eventSource, e.g. "iam.amazonaws.com"
  std::string region;          // awsRegion
  std::string source_ip;       // sourceIPAddress
  std::string user_agent;
  std::string access_key_id;   // userIdentity.accessKeyId
  std::string principal;       // userIdentity.arn (or type when there is no ARN)
  std::string error_code;      // errorCode: the call was refused or failed
  std::string minted_key_id;   // responseElements.credentials.accessKeyId (STS)
  std::string detail;          // a few telling request parameters: "userName=eve"
  std::string file;            // the log file it came from
};

}  // namespace keysweep

#endif  // KEYSWEEP_TRAIL_TRAIL_EVENT_H_
