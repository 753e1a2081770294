// ReadRegularFile: reads a whole file that must be a regular file of bounded
// size, without ever blocking: the open uses O_NONBLOCK (a FIFO or a device
// does not hang the open), and anything but a regular file (FIFO, socket,
// device, directory) is refused after fstat, before a byte is read. For files
// a scanned repository controls (configs, rule files, baselines, git's own
// files), so a hostile layout yields a clear error instead of a hang or an
// unbounded allocation. Stateless: thread-safe.
#ifndef KEYSWEEP_CORE_REGULAR_FILE_H_
#define KEYSWEEP_CORE_REGULAR_FILE_H_

#include <cstdint>
#include <string>

#include "core/status.h"

namespace keysweep {

// The default size limit for configuration-like files (configs, rule files,
// baselines, ignore files): far above any real one.
inline constexpr uint64_t kMaxConfigFileBytes = 64ull << 20;

enum class Symlinks { kFollow, kRefuse };

// The file's bytes, or an error naming `path` and the reason ("is a FIFO",
// "is larger than 64 MiB", "is a symbolic link" with Symlinks::kRefuse, the
// errno text).
Result<std::string> ReadRegularFile(const std::string& path, uint64_t max_bytes = kMaxConfigFileBytes,
                                    Symlinks symlinks = Symlinks::kFollow);

// Opens `path` read-only without blocking and checks it is a regular file;
// returns the descriptor (the caller closes it), or an error as above.
// `size` receives its size when not null.
Result<int> OpenRegularFile(const std::string& path, Symlinks symlinks = Symlinks::kFollow,
                            uint64_t* size = nullptr);

// What a non-regular file is, for messages: "a FIFO", "a directory" ...
const char* FileKindName(unsigned mode);

}  // namespace keysweep

#endif  // KEYSWEEP_CORE_REGULAR_FILE_H_
