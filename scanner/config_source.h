// ConfigSource: where a scan reads the files that configure it (the config,
// the rule files, baseline and .gitleaksignore the config names). The trust
// model (README "Trust model") picks one per scan:
//
//   * CommandLineFiles(): files named on the command line, anywhere on disk;
//     they must still be regular files of bounded size (a FIFO is an error,
//     never a hang).
//   * RepositoryFiles(root): a work tree on disk, for a config found in it
//     (`keysweep scan`, history scans): only regular files whose real path
//     lies inside `root` (no absolute names, no `..` or symlink leading out).
//   * git/tree_config_source.h: a commit's tree (the base side of --range,
//     HEAD for --staged), read from git's objects, never from the work tree.
//
// Paths are as the config writes them once joined to its folder; each source
// says in its errors where it read from. Implementations are immutable after
// construction; the disk ones are thread-safe, the git one is used by one
// thread at a time (libgit2 objects).
#ifndef KEYSWEEP_SCANNER_CONFIG_SOURCE_H_
#define KEYSWEEP_SCANNER_CONFIG_SOURCE_H_

#include <memory>
#include <optional>
#include <string>

#include "core/status.h"

namespace keysweep {

class ConfigSource {
 public:
  virtual ~ConfigSource() = default;
  // The file's bytes (bounded by kMaxConfigFileBytes), or an error naming it.
  virtual Result<std::string> Read(const std::string& path) const = 0;
  virtual bool Exists(const std::string& path) const = 0;
  // Whether files are confined to a repository (false: the command line's).
  virtual bool repository_controlled() const = 0;
};

std::shared_ptr<const ConfigSource> CommandLineFiles();
std::shared_ptr<const ConfigSource> RepositoryFiles(const std::string& root);

// "a/./b/../c" -> "a/c"; nullopt for an absolute path or one whose `..` leaves
// the root. For paths inside a git tree (repository-relative, '/'-separated).
std::optional<std::string> NormalizeRelativePath(const std::string& path);

// `path` (as given on the command line) relative to the work tree `root`
// when it lies inside it, lexically or once symlinks are resolved; nullopt
// when it lies outside.
std::optional<std::string> PathInsideTree(const std::string& path, const std::string& root);

// "<path>: cannot open <what>: <why>" from a read error that names `path`.
std::string CannotOpen(const Status& error, const std::string& path, const std::string& what);

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_CONFIG_SOURCE_H_
