// Writes the seed corpus of the fuzz targets (run once; the output is checked in).
#include <cstdio>

#include "fuzz_common.h"
#include "sync/sync.h"

using namespace canvass;

namespace {
void Put(const std::string& path, const std::string& data) {
  FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(data.data(), 1, data.size(), f);
  std::fclose(f);
}
std::string Slurp(const std::string& path) {
  std::string out;
  FILE* f = std::fopen(path.c_str(), "rb");
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}
std::string Rec(const core::Value& v) {
  std::string j = v.ToJson(), out;
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((j.size() >> (8 * i)) & 0xff));
  return out + j;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  std::string out = argv[1];
  fuzz::FixedKeys keys;
  storage::Workspace* central = fuzz::Central(keys);
  // records: a tiny form, an interview, two versions, the end record.
  const char* form = R"({"canvass_form":1,"id":"tiny","version":1,"title":{"en":"T","es":"T"},"languages":["en","es"],"sections":[{"id":"s","title":{"en":"S","es":"S"},"questions":[{"id":"q","type":"text","label":{"en":"Q","es":"Q"}}]}]})";
  storage::InterviewHeader ih{"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", "tiny", 1, fuzz::kDeviceId, "t", "unspecified", "en", "0000000000010000"};
  storage::Version v;
  v.kind = "answer"; v.subject = ih.uuid; v.field = "q"; v.value = core::Value("hello"); v.hlc = "0000000000010001";
  v.device_id = fuzz::kDeviceId; v.author = "t";
  v.id = storage::ComputeVersionId(v);
  storage::Version v2 = v;
  v2.value = core::Value("edited"); v2.hlc = "0000000000010002"; v2.parents = {v.id};
  v2.id = storage::ComputeVersionId(v2);
  auto with_t = [](core::Value x, const char* t) { x.mutable_object()["t"] = t; return x; };
  std::string recs = Rec(core::Value(core::Value::Object{{"t", "form"}, {"json", form}})) + Rec(with_t(ih.ToValue(), "interview")) +
                     Rec(with_t(v.ToValue(), "version")) + Rec(with_t(v2.ToValue(), "version")) +
                     Rec(core::Value(core::Value::Object{{"t", "end"}, {"records", core::Value(6)}}));
  Put(out + "/records/valid", recs);
  Put(out + "/records/empty_end", Rec(core::Value(core::Value::Object{{"t", "end"}, {"records", core::Value(2)}})));
  // bundle: the same records as a real signed bundle.
  std::string b = fuzz::ScratchDir() + "/seed.cvbundle";
  ::unlink(b.c_str());
  sync::BundleHeader h = fuzz::Header(central, keys, 1);
  sync::BundleWriter w;
  if (!w.Open(b, h, keys.central_box_pk, keys.device_sk).ok()) return 1;
  (void)w.AddRecord(core::Value(core::Value::Object{{"t", "begin"}, {"bundle_id", core::ToHex(h.bundle_id)}, {"project", central->info().project_id},
                                                    {"device", fuzz::kDeviceId}, {"seq", core::Value(1)}}));
  (void)w.AddRawBytes(recs);
  if (!w.Finish().ok()) return 1;
  Put(out + "/bundle/valid", Slurp(b));
  // kit: a real kit under the fixed code.
  std::string kit = fuzz::ScratchDir() + "/seed.cvkit";
  ::unlink(kit.c_str());
  auto e = sync::EnrollDevice(central, "Seed laptop", kit);
  if (!e.ok()) return 1;
  Put(out + "/kit/valid_other_code", Slurp(kit));
  std::printf("seeds written to %s\n", out.c_str());
  return 0;
}
