// Internal to git/: the files of an object database, read directly:
// version-2 pack indexes, the pack directories of a repository and its
// alternates, loose object names. Pure functions and an immutable map:
// thread-safe.
#ifndef KEYSWEEP_GIT_PACK_FILES_H_
#define KEYSWEEP_GIT_PACK_FILES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/mapped_file.h"
#include "git/libgit2_util.h"

namespace keysweep::git {


struct PackIndexEntry {
  uint64_t offset;  // of the object's entry in the .pack
  git_oid id;
};

// The entries of a version-2 pack index, in index (object id) order; empty
// when the file is not a v2 index.
std::vector<PackIndexEntry> ReadPackIndex(const MappedFile& idx);

// The offset of `id`'s entry, by binary search in a version-2 pack index;
// false when it is not there or the index is not a readable v2 index.
bool FindInPackIndex(const MappedFile& idx, const git_oid& id, uint64_t* offset);

// One pack entry's header, as git writes it: the kind (1-4 objects, 6
// OFS_DELTA, 7 REF_DELTA; others are not valid), the inflated size, and for a
// delta where its base is.
struct PackEntryHeader {
  unsigned char kind = 0;
  uint64_t size = 0;
  uint64_t base_distance = 0;              // OFS_DELTA: how far before the entry its base starts (> 0)
  const unsigned char* base_id = nullptr;  // REF_DELTA: the base's raw object id
  const unsigned char* data = nullptr;     // where the compressed data starts
};

// Parses the entry header at [p, end); false when it is cut short or
// malformed (an oversized varint, a zero OFS_DELTA distance).
bool ReadPackEntryHeader(const unsigned char* p, const unsigned char* end, PackEntryHeader* out);

// The object directory and its alternates, as git reads them: each
// objects/info/alternates line names another objects directory (a relative
// one relative to the objects directory whose file names it), whose own
// alternates are read in turn, depth first, at most 5 levels below the
// first (git's limit), each directory once (cycles and duplicates skipped),
// at most 64 in all. What keeps part of the chain from being read (an
// alternates file that is a FIFO or unreadable, a directory that does not
// exist, nesting too deep) goes to `problems`, naming the file, when not null.
std::vector<std::string> ObjectDirectories(const std::string& objects_dir,
                                           std::vector<std::string>* problems = nullptr);

// The .idx files of one object directory's pack/ folder, biggest first.
std::vector<std::string> PackIndexes(const std::string& objects_dir);

// The loose objects of one object directory (objects/xx/<38 hex digits>).
std::vector<git_oid> LooseObjects(const std::string& objects_dir);

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_PACK_FILES_H_
