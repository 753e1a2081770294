#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <stdlib.h>

#include "tests/test_util.h"

int main(int argc, char** argv) {
  // Compiled-rule caches written by tests go to a directory removed afterwards.
  keysweep::testing::TempDir cache;
  setenv("KEYSWEEP_CACHE_DIR", cache.path().c_str(), 1);
  setenv("NO_COLOR", "1", 1);
  // CLI tests run git commands through the module, as the binary does.
  setenv("KEYSWEEP_GIT_MODULE", KEYSWEEP_GIT_MODULE_PATH, 1);
  doctest::Context context(argc, argv);
  return context.run();
}
