// The repository list of `keysweep git --repos-from FILE`: one path a line;
// blank lines and lines starting with '#' (after leading blanks) are skipped,
// and blanks around a path are dropped. Pure function: thread-safe.
#ifndef KEYSWEEP_CLI_REPOSITORY_LIST_H_
#define KEYSWEEP_CLI_REPOSITORY_LIST_H_

#include <string>
#include <string_view>
#include <vector>

namespace keysweep::cli {

std::vector<std::string> ParseRepositoryList(std::string_view text);

}  // namespace keysweep::cli

#endif  // KEYSWEEP_CLI_REPOSITORY_LIST_H_
