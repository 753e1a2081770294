#include "scanner/config.h"

#include <sys/stat.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/untrusted_json.h"
#include "scanner/file_walker.h"

namespace keysweep {
namespace {

using json = nlohmann::json;

Status ReadStrings(const json& doc, const char* field, const std::string& path,
                   std::vector<std::string>* out) {
  auto it = doc.find(field);
  if (it == doc.end()) return Status::Ok();
  if (!it->is_array()) {
    return Status::Error(path + ": \"" + field + "\" must be an array of strings");
  }
  for (const json& item : *it) {
    if (!item.is_string()) {
      return Status::Error(path + ": \"" + field + "\" must be an array of strings");
    }
    out->push_back(item.get<std::string>());
  }
  return Status::Ok();
}

std::string DirectoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}


bool Exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

}  // namespace

Result<Config> ParseConfig(std::string_view json_text, const std::string& path) {
  Result<json> parsed = ParseUntrustedJson(json_text);
  if (!parsed.ok()) return Status::Error(path + ": " + parsed.status().message());
  json doc = std::move(*parsed);
  if (!doc.is_object()) return Status::Error(path + ": the config must be a JSON object");
  static const char* kKnown[] = {"rules",   "enable_rules", "disable_rules", "exclude_paths", "allow_fingerprints",
                                 "baseline", "gitleaks_ignore", "inline_markers", "policy", "comment"};
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (std::find(std::begin(kKnown), std::end(kKnown), it.key()) == std::end(kKnown)) {
      return Status::Error(path + ": unknown field \"" + it.key() +
                           "\" (known: rules, enable_rules, disable_rules, exclude_paths, "
                           "allow_fingerprints, baseline, gitleaks_ignore, inline_markers, policy)");
    }
  }
  Config config;
  config.path = path;
  config.dir = DirectoryOf(path);
  auto resolve = [&](const std::string& file) { return file[0] == '/' ? file : JoinPath(config.dir, file); };
  std::vector<std::string> rule_files;
  KS_RETURN_IF_ERROR(ReadStrings(doc, "rules", path, &rule_files));
  for (const std::string& file : rule_files) {
    if (file.empty()) return Status::Error(path + ": \"rules\" holds an empty path");
    config.rule_files.push_back(resolve(file));
  }
  KS_RETURN_IF_ERROR(ReadStrings(doc, "enable_rules", path, &config.enable_rules));
  KS_RETURN_IF_ERROR(ReadStrings(doc, "disable_rules", path, &config.disable_rules));
  KS_RETURN_IF_ERROR(ReadStrings(doc, "exclude_paths", path, &config.exclude_paths));
  KS_RETURN_IF_ERROR(ReadStrings(doc, "allow_fingerprints", path, &config.allow_fingerprints));
  if (auto baseline = doc.find("baseline"); baseline != doc.end()) {
    if (!baseline->is_string() || baseline->get<std::string>().empty()) {
      return Status::Error(path + ": \"baseline\" must be a file name");
    }
    config.baseline = resolve(baseline->get<std::string>());
  }
  if (auto ignore = doc.find("gitleaks_ignore"); ignore != doc.end()) {
    if (ignore->is_boolean()) {
      config.read_gitleaks_ignore = ignore->get<bool>();
    } else if (ignore->is_string() && !ignore->get<std::string>().empty()) {
      config.gitleaks_ignore = resolve(ignore->get<std::string>());
    } else {
      return Status::Error(path + ": \"gitleaks_ignore\" must be a file name, true or false");
    }
  }
  if (doc.contains("inline_markers")) {
    std::vector<std::string> families;
    KS_RETURN_IF_ERROR(ReadStrings(doc, "inline_markers", path, &families));
    config.inline_markers = 0;
    for (const std::string& family : families) {
      std::optional<InlineMarkerSet> marker = ParseInlineMarkerFamily(family);
      if (!marker) {
        return Status::Error(path + ": \"inline_markers\": unknown marker family \"" + family +
                             "\" (known: keysweep, gitleaks, detect-secrets)");
      }
      config.inline_markers |= *marker;
    }
  }
  if (auto policy = doc.find("policy"); policy != doc.end()) {
    std::string where = path + ": \"policy\"";
    if (!policy->is_object()) return Status::Error(where + " must be an object");
    for (auto it = policy->begin(); it != policy->end(); ++it) {
      if (it.key() != "disable_checks" && it.key() != "severity" && it.key() != "ignore") {
        return Status::Error(where + ": unknown field \"" + it.key() + "\" (known: disable_checks, severity, ignore)");
      }
    }
    KS_RETURN_IF_ERROR(ReadStrings(*policy, "disable_checks", where, &config.policy_disable_checks));
    KS_RETURN_IF_ERROR(ReadStrings(*policy, "ignore", where, &config.policy_ignore));
    if (auto severity = policy->find("severity"); severity != policy->end()) {
      if (!severity->is_object()) return Status::Error(where + ": \"severity\" must map check ids to severities");
      for (auto it = severity->begin(); it != severity->end(); ++it) {
        if (!it->is_string()) return Status::Error(where + ": severity of \"" + it.key() + "\" must be a string");
        config.policy_severity.emplace_back(it.key(), it->get<std::string>());
      }
    }
  }
  return config;
}

Result<Config> LoadConfigFrom(std::shared_ptr<const ConfigSource> source, const std::string& path) {
  Result<std::string> text = source->Read(path);
  if (!text.ok()) return Status::Error(CannotOpen(text.status(), path, "config file"));
  Result<Config> config = ParseConfig(*text, path);
  if (config.ok()) config->files = std::move(source);
  return config;
}

Result<Config> LoadConfig(const std::string& path) { return LoadConfigFrom(CommandLineFiles(), path); }

Result<Config> FindConfig(const std::string& explicit_path, const std::string& start_dir) {
  if (!explicit_path.empty()) return LoadConfig(explicit_path);
  // start_dir is named as given (messages then say ".keysweep.json"); its
  // parents by their real paths.
  std::vector<std::string> folders{start_dir};
  std::string dir = RealPath(start_dir);
  while (!dir.empty() && !Exists(JoinPath(dir, ".git")) && dir != "/") {
    dir = DirectoryOf(dir);
    folders.push_back(dir);
  }
  if (dir.empty() || !Exists(JoinPath(dir, ".git"))) folders.resize(1);  // not in a work tree
  bool in_work_tree = !dir.empty() && Exists(JoinPath(dir, ".git"));
  std::shared_ptr<const ConfigSource> repository = RepositoryFiles(in_work_tree ? dir : start_dir);
  for (const std::string& folder : folders) {
    std::string candidate = JoinPath(folder, kConfigFileName);
    if (Exists(candidate)) return LoadConfigFrom(repository, candidate);
  }
  Config none;
  none.files = std::move(repository);
  return none;
}

}  // namespace keysweep
