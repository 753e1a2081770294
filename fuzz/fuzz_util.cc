#include "fuzz/fuzz_util.h"

#include <stdlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>

namespace keysweep::fuzz {

std::string PrivateDir(const std::string& what) {
  const char* tmp = getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/keysweep-fuzz-" + what + "-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) abort();
  return pattern;
}

void WriteFile(const std::string& path, const uint8_t* data, size_t size) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), size);
}

bool ReadHexLength(const uint8_t** data, size_t* size, size_t* length) {
  if (*size < 8) return false;
  size_t value = 0;
  for (int i = 0; i < 8; ++i) {
    uint8_t c = (*data)[i];
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return false;
    value = value << 4 | static_cast<size_t>(digit);
  }
  *data += 8;
  *size -= 8;
  *length = value;
  return true;
}

bool SafePath(std::string_view path) {
  if (path.empty() || path.size() > 120 || path.front() == '/' || path.back() == '/') return false;
  size_t depth = 0;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == ".." || ++depth > 8) return false;
    for (char c : part) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                c == '_' || c == '-';
      if (!ok) return false;
    }
    start = end + 1;
  }
  return true;
}

bool ParentsAreFolders(const std::string& root, std::string_view name) {
  std::error_code error;
  for (size_t slash = name.find('/'); slash != std::string_view::npos; slash = name.find('/', slash + 1)) {
    const std::filesystem::path at = std::filesystem::path(root) / name.substr(0, slash);
    const std::filesystem::file_status status = std::filesystem::symlink_status(at, error);
    if (status.type() == std::filesystem::file_type::not_found) return true;  // nor anything below
    if (!std::filesystem::is_directory(status)) return false;
  }
  return true;
}

bool NextRecord(const uint8_t** data, size_t* size, Record* record) {
  const auto* nul = static_cast<const uint8_t*>(memchr(*data, 0, *size));
  if (nul == nullptr) return false;
  record->header = std::string_view(reinterpret_cast<const char*>(*data), nul - *data);
  *size -= nul - *data + 1;
  *data = nul + 1;
  size_t length = 0;
  if (!ReadHexLength(data, size, &length)) return false;
  if (length > *size) length = *size;
  record->content = std::string_view(reinterpret_cast<const char*>(*data), length);
  *data += length;
  *size -= length;
  return true;
}

void Consume(int type, std::string_view content) {
  static volatile size_t sink = 0;
  sink = sink + static_cast<size_t>(type) + content.size() + (content.empty() ? 0 : static_cast<uint8_t>(content.back()));
}

}  // namespace keysweep::fuzz
