// libFuzzer target: arbitrary bytes as the decrypted record stream of a validly sealed and
// signed bundle from an enrolled device: the record parser, the merge and its bounds.
#include "fuzz_common.h"
#include "sync/sync.h"

using namespace canvass;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fuzz::FixedKeys keys;
  static uint64_t seq = 0;
  storage::Workspace* central = fuzz::Central(keys);
  std::string path = fuzz::ScratchDir() + "/records.cvbundle";
  ::unlink(path.c_str());
  sync::BundleHeader h = fuzz::Header(central, keys, ++seq);
  sync::BundleWriter w;
  if (!w.Open(path, h, keys.central_box_pk, keys.device_sk).ok()) return 0;
  // A correct identity record first, so that the fuzzer explores what follows it.
  core::Value begin(core::Value::Object{{"t", "begin"}, {"bundle_id", core::ToHex(h.bundle_id)},
                                        {"project", central->info().project_id}, {"device", fuzz::kDeviceId},
                                        {"seq", core::Value(static_cast<int64_t>(h.seq))}});
  (void)w.AddRecord(begin);
  (void)w.AddRawBytes(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!w.Finish().ok()) return 0;
  (void)sync::ImportBundle(central, path);
  return 0;
}
