#include "scanner/config_source.h"

#include <sys/stat.h>
#include <unistd.h>

#include <vector>

#include "core/regular_file.h"
#include "scanner/file_walker.h"

namespace keysweep {
namespace {

class CommandLineSource : public ConfigSource {
 public:
  Result<std::string> Read(const std::string& path) const override { return ReadRegularFile(path); }
  bool Exists(const std::string& path) const override {
    struct stat st;
    return lstat(path.c_str(), &st) == 0;
  }
  bool repository_controlled() const override { return false; }
};

// Under `root_`, by real path: what a repository's config may name.
class RepositorySource : public ConfigSource {
 public:
  explicit RepositorySource(const std::string& root) : root_(RealPath(root)) {
    if (root_.empty()) root_ = root;
  }
  Result<std::string> Read(const std::string& path) const override {
    std::string real = RealPath(path);
    if (real.empty()) return ReadRegularFile(path);  // says why (missing, unreadable)
    if (real != root_ && !real.starts_with(root_ == "/" ? root_ : root_ + "/")) {
      return Status::Error(path + ": lies outside the repository (" + root_ +
                           "); a repository's config may only name files inside it");
    }
    return ReadRegularFile(real);
  }
  bool Exists(const std::string& path) const override {
    struct stat st;
    return lstat(path.c_str(), &st) == 0;
  }
  bool repository_controlled() const override { return true; }

 private:
  std::string root_;
};

std::string CurrentDirectory() {
  std::vector<char> buffer(4096);
  if (getcwd(buffer.data(), buffer.size()) == nullptr) return "";
  return buffer.data();
}

}  // namespace

std::shared_ptr<const ConfigSource> CommandLineFiles() {
  static const std::shared_ptr<const ConfigSource> source = std::make_shared<CommandLineSource>();
  return source;
}

std::shared_ptr<const ConfigSource> RepositoryFiles(const std::string& root) {
  return std::make_shared<RepositorySource>(root);
}

std::optional<std::string> NormalizeRelativePath(const std::string& path) {
  if (path.empty() || path.front() == '/') return std::nullopt;
  std::vector<std::string> parts;
  size_t begin = 0;
  while (begin <= path.size()) {
    size_t end = path.find('/', begin);
    if (end == std::string::npos) end = path.size();
    std::string part = path.substr(begin, end - begin);
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(std::move(part));
    }
    begin = end + 1;
  }
  if (parts.empty()) return std::nullopt;
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "/") + part;
  return out;
}

std::optional<std::string> PathInsideTree(const std::string& path, const std::string& root) {
  std::string real_root = RealPath(root);
  if (real_root.empty()) return std::nullopt;
  auto relative_to = [&](const std::string& absolute, const std::string& base) -> std::optional<std::string> {
    std::string prefix = base == "/" ? base : base + "/";
    if (!absolute.starts_with(prefix)) return std::nullopt;
    return NormalizeRelativePath(absolute.substr(prefix.size()));
  };
  // Lexically first: a symlink in the work tree is the repository's too,
  // wherever it points.
  std::string absolute = path.starts_with('/') ? path : JoinPath(CurrentDirectory(), path);
  std::string lexical_root = root.starts_with('/') ? root : JoinPath(CurrentDirectory(), root);
  if (std::optional<std::string> rel = NormalizeRelativePath(absolute.substr(1))) {
    for (const std::string& base : {real_root, lexical_root}) {
      std::optional<std::string> norm_base = NormalizeRelativePath(base.substr(1));
      if (!norm_base) continue;
      if (auto inside = relative_to("/" + *rel, "/" + *norm_base)) return inside;
    }
  }
  std::string real = RealPath(path);
  if (!real.empty()) return relative_to(real, real_root);
  return std::nullopt;
}

std::string CannotOpen(const Status& error, const std::string& path, const std::string& what) {
  std::string why = error.message();
  if (why.starts_with(path + ": ")) why = why.substr(path.size() + 2);
  return path + ": cannot open " + what + ": " + why;
}

}  // namespace keysweep
