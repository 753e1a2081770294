#include "cli/repository_list.h"

namespace keysweep::cli {

std::vector<std::string> ParseRepositoryList(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line[first] == '#') continue;
    size_t last = line.find_last_not_of(" \t\r");
    out.emplace_back(line.substr(first, last - first + 1));
  }
  return out;
}

}  // namespace keysweep::cli
