// Internal to git/: loose objects (objects/xx/<38 hex digits>) read without
// libgit2. libgit2 1.5 loops forever on a truncated loose object (libgit2
// issue #7342) and writes out of bounds on one whose header understates its
// size (#7177); a hostile repository can hold either. Here every length is
// checked: the header must parse, and the zlib stream must end exactly where
// the header says. Pure functions: thread-safe.
#ifndef KEYSWEEP_GIT_LOOSE_READER_H_
#define KEYSWEEP_GIT_LOOSE_READER_H_

#include <cstdint>
#include <string>

#include "core/status.h"
#include "git/libgit2_util.h"

namespace keysweep::git {

struct LooseObject {
  git_object_t type = GIT_OBJECT_INVALID;
  uint64_t size = 0;  // from the header
  std::string data;   // the body (empty when only the header was asked for)
};

// The path of `id` under an objects directory.
std::string LooseObjectPath(const std::string& objects_dir, const git_oid& id);

// Reads the loose object file at `path`: only its header, or its whole body.
// An error names what is wrong (unreadable, not zlib, truncated, a header
// that does not parse, a body longer or shorter than the header says).
Result<LooseObject> ReadLooseObject(const std::string& path, bool header_only);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_LOOSE_READER_H_
