#include "detectors/placeholder.h"

#include "core/text.h"

namespace keysweep {

bool LooksLikePlaceholder(std::string_view value) {
  if (ContainsIgnoreCase(value, "example")) return true;
  for (std::string_view sequence : {"abcdefgh", "12345678", "01234567", "qwertyui"}) {
    if (ContainsIgnoreCase(value, sequence)) return true;
  }
  for (std::string_view marker : {"${", "{{", "<", ">"}) {
    if (value.find(marker) != std::string_view::npos) return true;
  }
  size_t run = 1;
  for (size_t i = 1; i < value.size(); ++i) {
    run = value[i] == value[i - 1] ? run + 1 : 1;
    if (run >= 6) return true;
  }
  return false;
}

}  // namespace keysweep
