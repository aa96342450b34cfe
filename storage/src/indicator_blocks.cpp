// Packed per-import indicator blocks: encoding, decoding and packing (the database side, resolution
// and the v1 -> v2 migration, is indicator_blocks_db.cpp).
#include "indicator_blocks.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>

#include "core/crypto_util.h"
#include "core/varint.h"

namespace canvass::storage::indicator_blocks {

using assessment::Observation;
using core::Result;
using core::Status;

namespace {

constexpr char kMagic[4] = {'C', 'V', 'I', 'B'};
constexpr unsigned char kFormat = 1;
constexpr int kDictColumns = 7;   // indicator_id, geo_level, period, unit, status, source_kind, source_file
constexpr uint64_t kMaxDict = 1u << 20, kMaxRows = 1u << 22;

using core::PutVarint;

void PutDouble(std::string* s, double d) {
  uint64_t u;
  std::memcpy(&u, &d, 8);
  for (int i = 0; i < 8; ++i) s->push_back(static_cast<char>((u >> (8 * i)) & 0xff));
}

// A value that is exactly m / 10^k (k <= 4, |m| < 2^53) -- what a decimal in a CSV parses
// to -- is stored as a zigzag varint of m and a scale byte; m / 10^k rounds to the same
// double on decoding (both exact, one correctly rounded division). Anything else: 8 bytes.
constexpr double kPow10[] = {1, 10, 100, 1000, 10000};

bool AsDecimal(double v, int64_t* m, unsigned* k) {
  if (!std::isfinite(v) || std::fabs(v) >= 9e15 || (v == 0 && std::signbit(v))) return false;  // -0 keeps its sign
  for (unsigned s = 0; s < 5; ++s) {
    const double scaled = v * kPow10[s];
    if (std::fabs(scaled) >= 9007199254740992.0) return false;
    const double r = std::nearbyint(scaled);
    const double back = r / kPow10[s];
    if (std::memcmp(&back, &v, sizeof v) == 0) {
      *m = static_cast<int64_t>(r);
      *k = s;
      return true;
    }
  }
  return false;
}

void PutNumber(std::string* out, double v, bool decimal, int64_t m, unsigned k) {
  if (!decimal) return PutDouble(out, v);
  out->push_back(static_cast<char>(k));
  PutVarint(out, (static_cast<uint64_t>(m) << 1) ^ static_cast<uint64_t>(m >> 63));
}

const std::string& Column(const Observation& o, int c) {
  switch (c) {
    case 0: return o.indicator_id;
    case 1: return o.geo_level;
    case 2: return o.period;
    case 3: return o.unit;
    case 4: return o.status;
    case 5: return o.source_kind;
    default: return o.source_file;
  }
}

std::string& MutableColumn(Observation& o, int c) { return const_cast<std::string&>(Column(o, c)); }

// Bounds-checked reader over one block.
class Reader {
 public:
  explicit Reader(std::string_view b) : p_(b.data()), end_(b.data() + b.size()) {}
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return false;
      auto byte = static_cast<unsigned char>(*p_++);
      *v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }
  bool Bytes(size_t n, std::string_view* out) {
    if (static_cast<size_t>(end_ - p_) < n) return false;
    *out = std::string_view(p_, n);
    p_ += n;
    return true;
  }
  bool String(std::string_view* out) {
    uint64_t n;
    return Varint(&n) && n <= remaining() && Bytes(static_cast<size_t>(n), out);
  }
  // A number written by PutNumber: a scale byte and zigzag mantissa, or 8 bytes.
  bool Number(bool decimal, double* d) {
    if (!decimal) return Double(d);
    std::string_view k;
    uint64_t z;
    if (!Bytes(1, &k) || static_cast<unsigned char>(k[0]) > 4 || !Varint(&z)) return false;
    const int64_t m = static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
    if (m >= (int64_t{1} << 53) || m <= -(int64_t{1} << 53)) return false;
    *d = static_cast<double>(m) / kPow10[static_cast<unsigned char>(k[0])];
    return true;
  }
  bool Double(double* d) {
    std::string_view b;
    if (!Bytes(8, &b)) return false;
    uint64_t u = 0;
    for (int i = 0; i < 8; ++i) u |= static_cast<uint64_t>(static_cast<unsigned char>(b[i])) << (8 * i);
    std::memcpy(d, &u, 8);
    return true;
  }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }

 private:
  const char* p_;
  const char* end_;
};

}  // namespace

uint32_t GroupNumbers::Of(const Observation& o) {
  if (have_last_ && last_indicator_ == o.indicator_id && last_level_ == o.geo_level && last_period_ == o.period)
    return last_number_;
  have_last_ = true;
  last_indicator_ = o.indicator_id;
  last_level_ = o.geo_level;
  last_period_ = o.period;
  auto it = numbers_.emplace(GroupKey(o), static_cast<uint32_t>(numbers_.size())).first;
  return last_number_ = it->second;
}

uint32_t GroupNumbers::OfKey(const std::string& key) {
  return numbers_.emplace(key, static_cast<uint32_t>(numbers_.size())).first->second;
}

KeyTable::KeyTable(size_t expected) {
  size_t cap = 16;
  while (cap < expected + expected / 2) cap <<= 1;
  slots_.resize(cap);
}

uint64_t KeyTable::Hash(uint32_t group, std::string_view geo) {
  uint64_t h = 1469598103934665603ull ^ (static_cast<uint64_t>(group) * 0x9e3779b97f4a7c15ull);
  for (unsigned char c : geo) h = (h ^ c) * 1099511628211ull;
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 32;
  return h | 1;  // never 0 (0 marks an empty slot)
}

void KeyTable::Grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (!s.hash) continue;
    size_t i = s.hash & mask;
    while (slots_[i].hash) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

uint32_t* KeyTable::Insert(uint32_t group, std::string_view geo, uint32_t payload, bool* fresh) {
  if ((used_ + 1) * 3 > slots_.size() * 2) Grow();
  const uint64_t h = Hash(group, geo);
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  for (; slots_[i].hash; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.hash == h && s.group == group && s.geo == geo) {
      *fresh = false;
      return &s.payload;
    }
  }
  slots_[i] = Slot{geo, group, payload, h};
  ++used_;
  *fresh = true;
  return &slots_[i].payload;
}

const uint32_t* KeyTable::Find(uint32_t group, std::string_view geo) const {
  const uint64_t h = Hash(group, geo);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask; slots_[i].hash; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.hash == h && s.group == group && s.geo == geo) return &s.payload;
  }
  return nullptr;
}

std::string GroupKey(const Observation& o) { return o.indicator_id + '\x1f' + o.geo_level + '\x1f' + o.period; }

// Block format 1:
//   "CVIB" 0x01, varint n, n strings (varint length + bytes): the dictionary,
//   varint rows, then per row:
//     flags: bit0 value follows, bit1 margin follows, bit2 dictionary columns change,
//            bit3 the value is a decimal, bit4 the margin is a decimal (AsDecimal)
//     [if bit2: a mask byte (bit c = column c) then a varint index per set bit]
//     area id: varint bytes shared with the previous row's, varint length + the rest
//     [value] [margin]: 8 bytes LE IEEE-754, or a scale byte + zigzag varint mantissa
//     source row: zigzag varint of (row - previous row - 1)
// so a run of one indicator from consecutive lines costs about 10 bytes a row.
std::string Encode(const std::vector<Observation>& obs, const uint32_t* idx, size_t n) {
  std::vector<const std::string*> dict;
  std::unordered_map<std::string_view, uint32_t> index;
  const std::string* last[kDictColumns] = {};
  uint32_t last_id[kDictColumns] = {};
  uint32_t ids[kDictColumns];
  std::string_view prev_geo;
  int64_t prev_row = 0;
  std::string rows;
  rows.reserve(n * 16 + 64);
  for (size_t i = 0; i < n; ++i) {
    const Observation& o = obs[idx ? idx[i] : i];
    unsigned mask = 0;
    for (int c = 0; c < kDictColumns; ++c) {
      const std::string& s = Column(o, c);
      if (last[c] && (last[c] == &s || *last[c] == s)) continue;
      auto it = index.find(s);
      if (it == index.end()) {
        it = index.emplace(std::string_view(s), static_cast<uint32_t>(dict.size())).first;
        dict.push_back(&s);
      }
      last[c] = &s;
      if (i > 0 && it->second == last_id[c]) continue;
      last_id[c] = ids[c] = it->second;
      mask |= 1u << c;
    }
    int64_t vm = 0, mm = 0;
    unsigned vk = 0, mk = 0;
    const bool vdec = o.value && AsDecimal(*o.value, &vm, &vk), mdec = o.moe && AsDecimal(*o.moe, &mm, &mk);
    rows.push_back(static_cast<char>((o.value ? 1 : 0) | (o.moe ? 2 : 0) | (mask ? 4 : 0) | (vdec ? 8 : 0) | (mdec ? 16 : 0)));
    if (mask) {
      rows.push_back(static_cast<char>(mask));
      for (int c = 0; c < kDictColumns; ++c)
        if (mask & (1u << c)) PutVarint(&rows, ids[c]);
    }
    size_t shared = 0;
    while (shared < prev_geo.size() && shared < o.geo_id.size() && prev_geo[shared] == o.geo_id[shared]) ++shared;
    PutVarint(&rows, shared);
    PutVarint(&rows, o.geo_id.size() - shared);
    rows.append(o.geo_id, shared, std::string::npos);
    prev_geo = o.geo_id;
    if (o.value) PutNumber(&rows, *o.value, vdec, vm, vk);
    if (o.moe) PutNumber(&rows, *o.moe, mdec, mm, mk);
    int64_t delta = static_cast<int64_t>(o.source_row) - prev_row - 1;
    PutVarint(&rows, (static_cast<uint64_t>(delta) << 1) ^ static_cast<uint64_t>(delta >> 63));
    prev_row = static_cast<int64_t>(o.source_row);
  }
  std::string out(kMagic, sizeof kMagic);
  out.push_back(static_cast<char>(kFormat));
  PutVarint(&out, dict.size());
  for (const std::string* s : dict) {
    PutVarint(&out, s->size());
    out += *s;
  }
  PutVarint(&out, n);
  out += rows;
  return out;
}

Status Decode(std::string_view block, std::vector<Observation>* out) {
  auto bad = [](const char* what) { return Status::Corruption(std::string("a stored indicator block is damaged (") + what + ")"); };
  if (block.size() < 5 || std::memcmp(block.data(), kMagic, 4) != 0) return bad("no block header");
  if (static_cast<unsigned char>(block[4]) != kFormat) return bad("unknown block format");
  Reader r(block.substr(5));
  uint64_t ndict = 0;
  if (!r.Varint(&ndict) || ndict > kMaxDict || ndict > r.remaining()) return bad("dictionary size");
  std::vector<std::string> dict(static_cast<size_t>(ndict));
  for (auto& s : dict) {
    std::string_view v;
    if (!r.String(&v)) return bad("dictionary entry");
    s.assign(v);
  }
  uint64_t nrows = 0;
  // A row takes at least 4 bytes: the bound keeps a damaged count from reserving memory.
  if (!r.Varint(&nrows) || nrows > kMaxRows || nrows > r.remaining() / 4) return bad("row count");
  out->reserve(out->size() + static_cast<size_t>(nrows));
  uint64_t ids[kDictColumns];
  for (auto& id : ids) id = ndict;  // unset
  std::string geo;
  int64_t prev_row = 0;
  for (uint64_t i = 0; i < nrows; ++i) {
    std::string_view b;
    if (!r.Bytes(1, &b)) return bad("row flags");
    const auto flags = static_cast<unsigned char>(b[0]);
    if ((flags & ~31u) || ((flags & 8) && !(flags & 1)) || ((flags & 16) && !(flags & 2))) return bad("row flags");
    if (flags & 4) {
      if (!r.Bytes(1, &b) || (static_cast<unsigned char>(b[0]) & 0x80)) return bad("column mask");
      const auto mask = static_cast<unsigned char>(b[0]);
      for (int c = 0; c < kDictColumns; ++c)
        if ((mask & (1u << c)) && (!r.Varint(&ids[c]) || ids[c] >= ndict)) return bad("string index");
    }
    Observation o;
    for (int c = 0; c < kDictColumns; ++c) {
      if (ids[c] >= ndict) return bad("string index");
      MutableColumn(o, c) = dict[static_cast<size_t>(ids[c])];
    }
    uint64_t shared = 0;
    std::string_view rest;
    if (!r.Varint(&shared) || shared > geo.size() || !r.String(&rest)) return bad("area id");
    geo.resize(static_cast<size_t>(shared));
    geo.append(rest);
    o.geo_id = geo;
    double d;
    if (flags & 1) {
      if (!r.Number(flags & 8, &d)) return bad("value");
      o.value = d;
    }
    if (flags & 2) {
      if (!r.Number(flags & 16, &d)) return bad("margin of error");
      o.moe = d;
    }
    uint64_t z;
    if (!r.Varint(&z)) return bad("source row");
    const int64_t delta = static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
    constexpr int64_t kMaxLine = int64_t{1} << 48;  // no file has more lines; keeps the sum in range
    if (delta > kMaxLine || delta < -kMaxLine) return bad("source row");
    const int64_t row = prev_row + 1 + delta;
    if (row < 0 || row > kMaxLine) return bad("source row");
    o.source_row = static_cast<size_t>(row);
    prev_row = row;
    out->push_back(std::move(o));
  }
  if (r.remaining() != 0) return bad("trailing bytes");
  return Status::Ok();
}

Packed Pack(const std::vector<Observation>& obs, const std::vector<uint32_t>& keep, const std::string& source_hash) {
  Packed p;
  p.row.source_hash = source_hash;
  p.row.observations = static_cast<int64_t>(keep.size());
  const size_t nblocks = (keep.size() + kBlockRows - 1) / kBlockRows;
  p.blocks.resize(nblocks);
  std::vector<std::string> digests(nblocks);
  // Blocks are independent: a second thread encodes every other one (2 cores here).
  auto work = [&](size_t first) {
    for (size_t b = first; b < nblocks; b += 2) {
      const size_t at = b * kBlockRows;
      p.blocks[b] = Encode(obs, keep.data() + at, std::min(kBlockRows, keep.size() - at));
      core::Hasher h;
      h.Update(p.blocks[b]);
      digests[b] = h.Finish();
    }
  };
  if (nblocks > 1) {
    std::thread second(work, 1);
    work(0);
    second.join();
  } else {
    work(0);
  }
  std::map<std::string, int64_t> groups;
  GroupCursor cur;
  int64_t* count = nullptr;
  for (uint32_t i : keep) {
    const Observation& o = obs[i];
    if (!cur.Same(o)) count = &groups[GroupKey(o)];
    cur.last = &o;
    ++*count;
  }
  p.groups.assign(groups.begin(), groups.end());
  core::Hasher h;
  h.Field("canvass-indicator-import-v1");
  h.Field(source_hash);
  for (const std::string& d : digests) h.Field(d);
  p.row.import_id = h.FinishHex();
  return p;
}

}  // namespace canvass::storage::indicator_blocks
