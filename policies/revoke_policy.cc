#include "policies/revoke_policy.h"

namespace keysweep {

std::string RevokeOlderSessionsPolicy(const std::string& revoke_before) {
  return "{\n"
         "  \"Version\": \"2012-10-17\",\n"
         "  \"Statement\": {\n"
         "    \"Effect\": \"Deny\",\n"
         "    \"Action\": \"*\",\n"
         "    \"Resource\": \"*\",\n"
         "    \"Condition\": {\n"
         "      \"DateLessThan\": {\n"
         "        \"aws:TokenIssueTime\": \"" + revoke_before + "\"\n"
         "      }\n"
         "    }\n"
         "  }\n"
         "}\n";
}

}  // namespace keysweep
