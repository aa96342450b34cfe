// Saved runs' JSON, deflated (run_codec.h).
#include "run_codec.h"

#include <zlib.h>

#include <cstring>

namespace canvass::storage::run_codec {

namespace {

constexpr char kMagic[4] = {'C', 'V', 'R', 'Z'};
constexpr size_t kHeader = 4 + 1 + 8;

core::Status Damaged(const char* what) {
  return core::Status::Corruption(std::string("a saved assessment run is damaged (") + what + "); run canvass-cli check");
}

}  // namespace

core::Result<std::string> Pack(std::string_view json) {
  if (json.size() > kMaxRunJson)  // Unpack would refuse it: never store what cannot be read back
    return core::Status::InvalidArgument("the run is larger than 1 GiB and cannot be saved");
  std::string out(kMagic, 4);
  out.push_back(1);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((static_cast<uint64_t>(json.size()) >> (8 * i)) & 0xff));
  uLongf room = compressBound(static_cast<uLong>(json.size()));
  out.resize(kHeader + room);
  // The fastest level: a run's JSON repeats its keys, so even that keeps about a seventh of it.
  int rc = compress2(reinterpret_cast<Bytef*>(&out[kHeader]), &room, reinterpret_cast<const Bytef*>(json.data()),
                     static_cast<uLong>(json.size()), Z_BEST_SPEED);
  if (rc != Z_OK) return core::Status::Internal("the run could not be packed (out of memory?)");
  out.resize(kHeader + room);
  return out;
}

core::Result<std::string> Unpack(std::string_view blob) {
  if (blob.size() < kHeader || std::memcmp(blob.data(), kMagic, 4) != 0) return Damaged("not a packed run");
  if (blob[4] != 1) return Damaged("an unknown packing");
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(blob[5 + static_cast<size_t>(i)]);
  if (n > kMaxRunJson) return Damaged("an impossible length");
  std::string out(static_cast<size_t>(n), '\0');
  uLongf got = static_cast<uLongf>(n);
  int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &got, reinterpret_cast<const Bytef*>(blob.data() + kHeader),
                      static_cast<uLong>(blob.size() - kHeader));
  if (rc != Z_OK || got != n) return Damaged("its compressed bytes do not expand to its length");
  return out;
}

}  // namespace canvass::storage::run_codec
