// PathExcludes: the exclude globs of a directory scan, each matched against
// the path it is written for. The config's exclude_paths are relative to the
// config's folder, so they match a file's path below that folder wherever the
// scan started (`keysweep scan fixtures/sub` or `cd sub && keysweep scan .`
// with `fixtures/**` in the repository's config); files outside the folder
// are not matched by them. --exclude globs match the path below the scanned
// root or the path as shown. Matches() is const and thread-safe.
#ifndef KEYSWEEP_SCANNER_PATH_EXCLUDES_H_
#define KEYSWEEP_SCANNER_PATH_EXCLUDES_H_

#include <string>
#include <string_view>

#include "core/glob.h"
#include "core/status.h"

namespace keysweep {

class PathExcludes {
 public:
  // A --exclude glob.
  Status AddScanGlob(std::string_view glob) { return scan_globs_.Add(glob); }
  // A glob of the config in `config_dir` (any spelling of the folder).
  Status AddConfigGlob(std::string_view glob, const std::string& config_dir);

  bool empty() const { return scan_globs_.empty() && config_globs_.empty(); }
  bool has_config_globs() const { return !config_globs_.empty(); }

  // Whether the file or folder `relative` below a scanned root is excluded;
  // `root_real` is RealPath(root) ("" if unknown), `shown` the path as reported.
  bool Matches(const std::string& root_real, const std::string& relative, const std::string& shown) const;

 private:
  GlobSet scan_globs_;
  GlobSet config_globs_;
  std::string config_dir_;  // real path
};

}  // namespace keysweep

#endif  // KEYSWEEP_SCANNER_PATH_EXCLUDES_H_
