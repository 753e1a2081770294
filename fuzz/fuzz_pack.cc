// A pack and its index, both hostile: the native pack reader (index parsing,
// entry headers, zlib, delta chains, the base cache) on mutated input. The
// input is the index length in 8 hex digits, the .idx, then the .pack;
// fuzz/seed_git.sh makes seeds from real repositories.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_util.h"
#include "git/pack_reader.h"

namespace {

const std::string& PackDir() {
  static const std::string dir = keysweep::fuzz::PrivateDir("pack");
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t idx_size = 0;
  if (!keysweep::fuzz::ReadHexLength(&data, &size, &idx_size)) return 0;
  if (idx_size > size) idx_size = size;
  const std::string idx = PackDir() + "/pack-fuzz.idx";
  keysweep::fuzz::WriteFile(idx, data, idx_size);
  keysweep::fuzz::WriteFile(PackDir() + "/pack-fuzz.pack", data + idx_size, size - idx_size);

  auto pack = keysweep::git::PackFile::Open(idx);
  if (!pack.ok()) return 0;
  const uint32_t count = static_cast<uint32_t>((*pack)->entries().size());
  auto visit = [](uint32_t, git_object_t type, std::string_view content) {
    keysweep::fuzz::Consume(type, content);
  };
  auto fail = [](uint32_t, keysweep::git::PackFailure, const std::string&) {};
  // A roomy cache in one range, then a tiny one over two ranges (bases decoded again).
  keysweep::git::PackDecoder(**pack, 64 << 20, 16 << 20).DecodeRange(0, count, visit, fail);
  keysweep::git::PackDecoder small(**pack, 1024, 16 << 20);
  small.DecodeRange(0, count / 2, visit, fail);
  small.DecodeRange(count / 2, count, visit, fail);
  return 0;
}
