// Internal to git/: the one place that knows which libgit2 release keysweep is
// compiled against (1.1 to 1.9). Each shim below names the release that changed
// what it covers; the rest of git/ uses these names and the API common to all
// those releases. The build defines GIT_DEPRECATE_HARD (git/CMakeLists.txt), so
// anything a release deprecates is a compile error, not a silent fallback.
#ifndef KEYSWEEP_GIT_LIBGIT2_COMPAT_H_
#define KEYSWEEP_GIT_LIBGIT2_COMPAT_H_

#include <git2.h>

// 1.9 renamed LIBGIT2_VER_MAJOR/MINOR/REVISION to LIBGIT2_VERSION_* and
// deprecated the old names.
#ifdef LIBGIT2_VERSION_MAJOR
#define KEYSWEEP_LIBGIT2_VERSION (LIBGIT2_VERSION_MAJOR * 10000 + LIBGIT2_VERSION_MINOR * 100 + LIBGIT2_VERSION_REVISION)
#else
#define KEYSWEEP_LIBGIT2_VERSION (LIBGIT2_VER_MAJOR * 10000 + LIBGIT2_VER_MINOR * 100 + LIBGIT2_VER_REVISION)
#endif
#define KEYSWEEP_LIBGIT2_AT_LEAST(major, minor, revision) \
  (KEYSWEEP_LIBGIT2_VERSION >= (major) * 10000 + (minor) * 100 + (revision))

// The top-level CMakeLists.txt refuses older releases at configure time already.
#if !KEYSWEEP_LIBGIT2_AT_LEAST(1, 1, 0)
#error "keysweep needs libgit2 1.1 or newer"
#endif
// 1.6 can be built with experimental SHA-256 object ids, which changes git_oid
// and the signatures of the oid and object database functions.
#ifdef GIT_EXPERIMENTAL_SHA256
#error "keysweep needs a libgit2 built without GIT_EXPERIMENTAL_SHA256"
#endif

// 1.8 moved git_error_set_str from git2/errors.h to git2/sys/errors.h.
#if KEYSWEEP_LIBGIT2_AT_LEAST(1, 8, 0)
#include <git2/sys/errors.h>
#endif

namespace keysweep::git {

// 1.6 named the SHA-1 sizes GIT_OID_SHA1_SIZE and GIT_OID_SHA1_HEXSIZE and
// deprecated GIT_OID_RAWSZ and GIT_OID_HEXSZ (int, as those macros are).
#if KEYSWEEP_LIBGIT2_AT_LEAST(1, 6, 0)
inline constexpr int kOidRawSize = GIT_OID_SHA1_SIZE;
inline constexpr int kOidHexSize = GIT_OID_SHA1_HEXSIZE;
#else
inline constexpr int kOidRawSize = GIT_OID_RAWSZ;
inline constexpr int kOidHexSize = GIT_OID_HEXSZ;
#endif

// 1.2 renamed the git_revspec flags GIT_REVPARSE_* to GIT_REVSPEC_*.
#if KEYSWEEP_LIBGIT2_AT_LEAST(1, 2, 0)
inline constexpr unsigned kRevspecRange = GIT_REVSPEC_RANGE;
inline constexpr unsigned kRevspecMergeBase = GIT_REVSPEC_MERGE_BASE;
#else
inline constexpr unsigned kRevspecRange = GIT_REVPARSE_RANGE;
inline constexpr unsigned kRevspecMergeBase = GIT_REVPARSE_MERGE_BASE;
#endif

// Lets libgit2 open repositories other users own. 1.3.1 and 1.4.3 started
// refusing them, together with GIT_OPT_SET_OWNER_VALIDATION to turn that off;
// older releases (1.4.0 to 1.4.2 included) open any repository, so there is
// nothing to turn off.
inline void DisableOwnerValidation() {
#if KEYSWEEP_LIBGIT2_AT_LEAST(1, 4, 3) || (KEYSWEEP_LIBGIT2_AT_LEAST(1, 3, 1) && !KEYSWEEP_LIBGIT2_AT_LEAST(1, 4, 0))
  git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
#endif
}

}  // namespace keysweep::git

#endif  // KEYSWEEP_GIT_LIBGIT2_COMPAT_H_
