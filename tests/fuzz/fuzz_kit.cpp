// libFuzzer target: arbitrary bytes as an enrollment kit, joined with a fixed code.
#include "fuzz_common.h"
#include "sync/sync.h"

using namespace canvass;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool init = [] { setenv("CANVASS_KDF_PROFILE", "test-fast", 1); return core::InitCrypto().ok(); }();
  (void)init;
  std::string dir = fuzz::ScratchDir();
  std::string kit = dir + "/input.cvkit", ws = dir + "/joined.canvass";
  FILE* f = std::fopen(kit.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  auto r = sync::JoinWithKit(ws, fuzz::kPass, kit, "AAAA-BBBB-CCCC-DDDD-EEEE");
  if (r.ok()) {
    r->reset();
    for (const char* s : {"", "-wal", "-shm"}) ::unlink((ws + s).c_str());
  }
  return 0;
}
