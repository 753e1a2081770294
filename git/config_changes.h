// Internal to git/: keysweep.config-changed findings (scanner/trust_findings.h)
// for scans of what a change adds: a commit, or the index, that changes one of
// the files configuring the gate (ScanSetup::config_files). A merge is blamed
// only when the file differs from every parent's. Linear: one tree lookup per
// file per commit. Stateless: thread-safe as far as the libgit2 objects are.
#ifndef KEYSWEEP_GIT_CONFIG_CHANGES_H_
#define KEYSWEEP_GIT_CONFIG_CHANGES_H_

#include <string>
#include <vector>

#include "git/added_lines.h"
#include "scanner/finding.h"

namespace keysweep::git {

// The findings for `commit` (its id in `where.commit`); `added` (what it adds)
// gives each one's line: the first added line of that file, else 1.
Result<std::vector<Finding>> CommitConfigChanges(git_repository* repo, const git_oid& commit,
                                                 const std::vector<std::string>& paths,
                                                 const std::vector<AddedFile>& added, const Location& where);

// The same for what is staged: `index` against `head` (null: no commits yet).
std::vector<Finding> StagedConfigChanges(git_tree* head, git_index* index, const std::vector<std::string>& paths,
                                         const std::vector<AddedFile>& added);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_CONFIG_CHANGES_H_
