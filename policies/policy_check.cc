#include "policies/policy_check.h"

namespace keysweep {

const PolicyCheckInfo* FindPolicyCheck(const std::string& id) {
  for (const PolicyCheck& check : AllPolicyChecks()) {
    for (const PolicyCheckInfo& info : check.infos) {
      if (info.id == id) return &info;
    }
  }
  return nullptr;
}

}  // namespace keysweep
