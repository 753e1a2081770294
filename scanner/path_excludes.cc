#include "scanner/path_excludes.h"

#include "scanner/file_walker.h"

namespace keysweep {

Status PathExcludes::AddConfigGlob(std::string_view glob, const std::string& config_dir) {
  std::string real = RealPath(config_dir);
  if (real.empty()) return Status::Error(config_dir + ": cannot resolve the config's folder");
  config_dir_ = real == "/" ? "" : real;
  return config_globs_.Add(glob);
}

bool PathExcludes::Matches(const std::string& root_real, const std::string& relative,
                           const std::string& shown) const {
  if (!scan_globs_.empty() && (scan_globs_.Matches(relative) || (shown != relative && scan_globs_.Matches(shown)))) {
    return true;
  }
  if (config_globs_.empty() || root_real.empty()) return false;
  std::string path = JoinPath(root_real, relative);
  if (path.size() <= config_dir_.size() + 1 || !path.starts_with(config_dir_) || path[config_dir_.size()] != '/') {
    return false;  // outside the config's folder
  }
  return config_globs_.Matches(std::string_view(path).substr(config_dir_.size() + 1));
}

}  // namespace keysweep
