// libFuzzer target: arbitrary bytes as a .cvbundle file through the central's import.
#include "fuzz_common.h"
#include "sync/sync.h"

using namespace canvass;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fuzz::FixedKeys keys;
  storage::Workspace* central = fuzz::Central(keys);
  std::string path = fuzz::ScratchDir() + "/input.cvbundle";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  (void)sync::ReadBundleHeader(path);
  (void)sync::ImportBundle(central, path);
  return 0;
}
