// Compact version records of bundle format 2: encoding and strict decoding.
#include "record_codec.h"

#include <cstring>

#include "core/clock.h"
#include "core/crypto_util.h"
#include "core/varint.h"
#include "storage/workspace.h"

namespace canvass::sync::record_codec {

using core::Status;

namespace {

// Numbered in this order in the records: new kinds go at the end.
constexpr const char* kKinds[] = {"answer", "status", "coding", "memo", "code", "coded", "coding_set", "decision", "setting"};
constexpr int kKindCount = 9;
constexpr int kMaxParents = 64;  // the merge refuses more (storage/src/merge_session.cpp)

using core::PutVarint;

void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

bool IsLowerHex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// Bounds-checked reading of one payload.
class Reader {
 public:
  explicit Reader(std::string_view b) : p_(b.data()), end_(b.data() + b.size()) {}
  bool Byte(unsigned char* c) {
    if (p_ == end_) return false;
    *c = static_cast<unsigned char>(*p_++);
    return true;
  }
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      unsigned char b;
      if (!Byte(&b)) return false;
      *v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return shift < 63 || b <= 1;
    }
    return false;
  }
  bool Bytes(size_t n, std::string_view* out) {
    if (static_cast<size_t>(end_ - p_) < n) return false;
    *out = std::string_view(p_, n);
    p_ += n;
    return true;
  }
  bool String(std::string* out) {
    uint64_t n;
    std::string_view v;
    if (!Varint(&n) || n > static_cast<uint64_t>(end_ - p_) || !Bytes(static_cast<size_t>(n), &v)) return false;
    out->assign(v);
    return true;
  }
  bool done() const { return p_ == end_; }

 private:
  const char* p_;
  const char* end_;
};

Status Bad(const char* what) { return Status::Corruption(std::string("a bundle record is not valid: compact version record (") + what + ")"); }

}  // namespace

bool EncodeVersion(const storage::Version& v, const std::string& value_json, Context* ctx, std::string* out) {
  int kind = -1;
  for (int k = 0; k < kKindCount; ++k)
    if (v.kind == kKinds[k]) kind = k;
  uint64_t hlc = 0;
  if (kind < 0 || !core::Hlc::FromText(v.hlc, &hlc) || v.parents.size() > kMaxParents) return false;
  std::string parents;
  for (const std::string& p : v.parents) {
    std::string raw;
    if (p.size() != 64 || !IsLowerHex(p) || !core::FromHex(p, &raw) || raw.size() != 32) return false;
    parents += raw;
  }
  const bool same_subject = ctx->any && v.subject == ctx->subject, same_device = ctx->any && v.device_id == ctx->device,
             same_author = ctx->any && v.author == ctx->author;
  out->push_back(kCompactVersion);
  out->push_back(static_cast<char>(kind + 1));
  out->push_back(static_cast<char>((same_subject ? 1 : 0) | (same_device ? 2 : 0) | (same_author ? 4 : 0)));
  if (!same_subject) PutString(out, v.subject);
  PutString(out, v.field);
  PutString(out, value_json);
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((hlc >> (8 * i)) & 0xff));
  if (!same_device) PutString(out, v.device_id);
  if (!same_author) PutString(out, v.author);
  PutString(out, v.note);
  PutVarint(out, v.parents.size());
  out->append(parents);
  ctx->subject = v.subject;
  ctx->device = v.device_id;
  ctx->author = v.author;
  ctx->any = true;
  return true;
}

Status DecodeVersion(std::string_view payload, Context* ctx, storage::Version* v, std::string* value_json) {
  Context next = *ctx;
  CANVASS_RETURN_IF_ERROR(ReadVersionFields(payload, &next, v, value_json));
  CANVASS_RETURN_IF_ERROR(FinishVersion(payload.size(), v, *value_json));
  *ctx = std::move(next);
  return Status::Ok();
}

Status ReadVersionFields(std::string_view payload, Context* ctx, storage::Version* v, std::string* value_json) {
  Reader r(payload);
  unsigned char tag = 0, kind = 0, flags = 0;
  if (!r.Byte(&tag) || tag != static_cast<unsigned char>(kCompactVersion)) return Bad("tag");
  if (!r.Byte(&kind) || kind < 1 || kind > kKindCount) return Bad("kind");
  if (!r.Byte(&flags) || (flags & ~7u)) return Bad("flags");
  if (flags && !ctx->any) return Bad("a repeated field with nothing before it");
  v->kind = kKinds[kind - 1];
  if (flags & 1) v->subject = ctx->subject;
  else if (!r.String(&v->subject)) return Bad("subject");
  if (!r.String(&v->field)) return Bad("field");
  if (!r.String(value_json)) return Bad("value");
  std::string_view hlc;
  if (!r.Bytes(8, &hlc)) return Bad("clock");
  uint64_t t = 0;
  for (int i = 7; i >= 0; --i) t = (t << 8) | static_cast<unsigned char>(hlc[i]);
  v->hlc = core::Hlc::ToText(t);
  if (flags & 2) v->device_id = ctx->device;
  else if (!r.String(&v->device_id)) return Bad("device");
  if (flags & 4) v->author = ctx->author;
  else if (!r.String(&v->author)) return Bad("author");
  if (!r.String(&v->note)) return Bad("note");
  uint64_t n = 0;
  if (!r.Varint(&n) || n > kMaxParents) return Bad("parent count");
  v->parents.clear();
  for (uint64_t i = 0; i < n; ++i) {
    std::string_view raw;
    if (!r.Bytes(32, &raw)) return Bad("parent");
    v->parents.push_back(core::ToHex(raw));
  }
  if (!r.done()) return Bad("bytes after its end");
  ctx->subject = v->subject;
  ctx->device = v->device_id;
  ctx->author = v->author;
  ctx->any = true;
  return Status::Ok();
}

Status FinishVersion(size_t payload_size, storage::Version* v, const std::string& value_json) {
  // The value must be the canonical JSON of a value, as a JSON record's value would re-serialize.
  core::JsonLimits lim;
  lim.max_bytes = payload_size;
  lim.max_depth = 24;
  auto value = core::ParseJson(value_json, "a version's value", lim);
  if (!value.ok()) return Status::Corruption("a bundle record is not valid: " + value.status().message());
  if (value->ToJson() != value_json) return Bad("a value not in canonical form");
  v->value = std::move(*value);
  v->id = storage::ComputeVersionId(*v, value_json);
  return Status::Ok();
}

}  // namespace canvass::sync::record_codec
