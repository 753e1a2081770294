// The scan pipeline on arbitrary bytes: UTF-16 detection, chunking, every
// rule's Hyperscan pass and RE2 confirmation, line and column, snippets. The
// first byte picks the path, so path-limited rules (.env, .netrc, tfstate) run too.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "detectors/engine.h"
#include "detectors/rule_loader.h"
#include "scanner/byte_source.h"
#include "scanner/content_scanner.h"

namespace {

// Built once, before the first input: compiling every database (the path one
// too, normally compiled on first use) takes seconds under the sanitizers.
std::shared_ptr<const keysweep::Engine> engine;

const std::shared_ptr<const keysweep::Engine>& Engine() { return engine; }

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auto created = keysweep::Engine::Create(keysweep::BuiltinRules(), {});
  if (!created.ok()) abort();
  engine = *created;
  (void)engine->path_database();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kPaths[] = {"src/app.py", "project/.env", "home/u/.netrc", "infra/prod.tfstate",
                                       "home/u/.docker/config.json", "wp-config.php", "etc/shadow", ""};
  if (size == 0) return 0;
  const char* path = kPaths[data[0] % (sizeof kPaths / sizeof kPaths[0])];
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  // A small chunk size exercises the chunk overlap on small inputs.
  static keysweep::ContentScanner chunked(Engine(), 4096);
  static keysweep::ContentScanner whole(Engine());
  keysweep::ContentResult result;
  (void)whole.ScanBytes(bytes, path, &result);
  keysweep::StringByteSource source(bytes);
  (void)chunked.Scan(source, path, nullptr, &result);
  return 0;
}
