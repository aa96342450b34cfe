// .cvbundle writer and reader: sealed data key, chunked secretstream, detached signature.
#include "sync/bundle.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <vector>

#include "helper_thread.h"
#include "little_endian.h"
#include "record_codec.h"

namespace canvass::sync {

using core::Result;
using core::Status;

namespace {

const char kMagic[8] = {'C', 'V', 'B', 'U', 'N', 'D', 'L', 'E'};
const char kSigContext[] = "canvass-bundle-v1";


std::string SignedMessage(const std::string& hash) { return std::string(kSigContext) + hash; }

// Reads exactly len bytes at offset.
Status ReadAt(int fd, uint64_t off, size_t len, std::string* out) {
  out->resize(len);
  size_t got = 0;
  while (got < len) {
    ssize_t n = ::pread(fd, &(*out)[got], len - got, static_cast<off_t>(off + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::Corruption("the bundle is damaged: shorter than its structure says (truncated?)");
    got += static_cast<size_t>(n);
  }
  return Status::Ok();
}

struct Fd {
  int fd = -1;
  ~Fd() { if (fd >= 0) ::close(fd); }
};

Result<uint64_t> OpenSized(const std::string& path, Fd* f) {
  f->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f->fd < 0) return Status::NotFound(path + ": cannot open the bundle");
  struct stat st;
  if (::fstat(f->fd, &st) != 0 || !S_ISREG(st.st_mode)) return Status::InvalidArgument(path + ": not a regular file");
  uint64_t size = static_cast<uint64_t>(st.st_size);
  const uint64_t min = kHeaderSize + kWrappedKeySize + kStreamHeaderSize + 4 + crypto_secretstream_xchacha20poly1305_ABYTES + kSignatureSize;
  if (size < min) return Status::Corruption("not a Canvass bundle, or a damaged one (too short)");
  if (size > (uint64_t{64} << 30)) return Status::InvalidArgument("the bundle is larger than 64 GiB");
  return size;
}

}  // namespace

std::string BundleHeader::Encode() const {
  std::string h(kMagic, 8);
  PutLE(h, kBundleFormat, 2);
  PutLE(h, kBundleSuite, 2);
  h.push_back(static_cast<char>(kind));
  h.append(3, '\0');
  h += bundle_id + project_id + sender_id + recipient_key_id;
  PutLE(h, seq, 8);
  PutLE(h, static_cast<uint64_t>(created_at_ms), 8);
  PutLE(h, 0, 8);  // reserved
  return h;
}

Result<BundleHeader> ReadBundleHeader(const std::string& path) {
  Fd f;
  CANVASS_ASSIGN_OR_RETURN(uint64_t size, OpenSized(path, &f));
  (void)size;
  std::string raw;
  CANVASS_RETURN_IF_ERROR(ReadAt(f.fd, 0, kHeaderSize, &raw));
  const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
  if (std::memcmp(p, kMagic, 8) != 0) return Status::Corruption("not a Canvass bundle, or a damaged one (bad magic bytes)");
  uint64_t format = GetLE(p + 8, 2), suite = GetLE(p + 10, 2);
  if (format < kOldestBundleFormat || format > kBundleFormat) return Status::Unsupported("unsupported bundle format v" + std::to_string(format) + ": a damaged bundle, or one from a newer Canvass (update Canvass)");
  if (suite != kBundleSuite) return Status::Unsupported("unsupported bundle cipher suite " + std::to_string(suite) + ": a damaged bundle, or one from a newer Canvass (update Canvass)");
  if (p[12] != 1 && p[12] != 2) return Status::Corruption("the bundle is damaged (unknown bundle kind)");
  if (p[13] || p[14] || p[15] || GetLE(p + 96, 8) != 0) return Status::Corruption("the bundle is damaged (reserved header bytes are not zero)");
  BundleHeader h;
  h.format = static_cast<uint16_t>(format);
  h.kind = static_cast<BundleKind>(p[12]);
  h.bundle_id = raw.substr(16, 16);
  h.project_id = raw.substr(32, 16);
  h.sender_id = raw.substr(48, 16);
  h.recipient_key_id = raw.substr(64, 16);
  h.seq = GetLE(p + 80, 8);
  h.created_at_ms = static_cast<int64_t>(GetLE(p + 88, 8));
  return h;
}

Status BundleWriter::Emit(std::string_view bytes) {
  hash_.Update(bytes);
  return file_.Write(bytes);
}

Status BundleWriter::Open(const std::string& path, const BundleHeader& header, const std::string& recipient_box_pk,
                          const core::SecureBytes& sign_sk) {
  static_assert(sizeof(crypto_secretstream_xchacha20poly1305_state) <= sizeof(state_), "state buffer");
  sign_sk_ = &sign_sk;
  CANVASS_RETURN_IF_ERROR(file_.Open(path, /*overwrite=*/false));
  std::string h = header.Encode();
  core::SecureBytes key(crypto_secretstream_xchacha20poly1305_KEYBYTES);
  crypto_secretstream_xchacha20poly1305_keygen(key.data());
  std::string wrapped(kWrappedKeySize, '\0');
  if (recipient_box_pk.size() != crypto_box_PUBLICKEYBYTES ||
      crypto_box_seal(reinterpret_cast<unsigned char*>(&wrapped[0]), key.data(), key.size(),
                      reinterpret_cast<const unsigned char*>(recipient_box_pk.data())) != 0)
    return Status::Internal("cannot seal the bundle key");
  ad_ = core::Blake2b(h + wrapped, 32);
  unsigned char ss_header[kStreamHeaderSize];
  crypto_secretstream_xchacha20poly1305_init_push(reinterpret_cast<crypto_secretstream_xchacha20poly1305_state*>(state_), ss_header, key.data());
  CANVASS_RETURN_IF_ERROR(Emit(h));
  CANVASS_RETURN_IF_ERROR(Emit(wrapped));
  return Emit(std::string_view(reinterpret_cast<char*>(ss_header), sizeof ss_header));
}

Status BundleWriter::PushChunk(bool final) {
  std::string c(pending_.size() + crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
  unsigned long long clen = 0;
  crypto_secretstream_xchacha20poly1305_push(
      reinterpret_cast<crypto_secretstream_xchacha20poly1305_state*>(state_), reinterpret_cast<unsigned char*>(&c[0]), &clen,
      reinterpret_cast<const unsigned char*>(pending_.data()), pending_.size(), reinterpret_cast<const unsigned char*>(ad_.data()),
      ad_.size(), final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
  sodium_memzero(&pending_[0], pending_.size());
  pending_.clear();
  std::string len;
  PutLE(len, clen, 4);
  CANVASS_RETURN_IF_ERROR(Emit(len));
  return Emit(std::string_view(c.data(), static_cast<size_t>(clen)));
}

Status BundleWriter::AddRecord(const core::Value& record) {
  std::string json = record.ToJson();
  if (json.size() > kMaxRecord) return Status::InvalidArgument("a record is larger than 16 MiB");
  std::string rec;
  PutLE(rec, json.size(), 4);
  rec += json;
  core::Wipe(json);
  Status st = AddRawBytes(rec);
  core::Wipe(rec);
  if (st.ok()) ++records_;
  return st;
}

Status BundleWriter::AddVersion(const storage::Version& v) {
  const std::string value_json = v.value.ToJson();
  std::string rec(4, '\0');
  if (!record_codec::EncodeVersion(v, value_json, &compact_, &rec)) {
    core::Value json = v.ToValue();
    json.mutable_object()["t"] = "version";
    return AddRecord(json);
  }
  const uint64_t len = rec.size() - 4;
  if (len > kMaxRecord) return Status::InvalidArgument("a record is larger than 16 MiB");
  for (int i = 0; i < 4; ++i) rec[static_cast<size_t>(i)] = static_cast<char>((len >> (8 * i)) & 0xff);
  Status st = AddRawBytes(rec);
  core::Wipe(rec);
  if (st.ok()) ++records_;
  return st;
}

Status BundleWriter::AddRawBytes(std::string_view rec) {
  size_t pos = 0;
  while (pos < rec.size()) {
    size_t take = std::min(kChunkPlain - pending_.size(), rec.size() - pos);
    pending_.append(rec.data() + pos, take);
    pos += take;
    if (pending_.size() == kChunkPlain) CANVASS_RETURN_IF_ERROR(PushChunk(false));
  }
  return Status::Ok();
}

Status BundleWriter::Finish() {
  CANVASS_RETURN_IF_ERROR(PushChunk(true));
  std::string msg = SignedMessage(hash_.Finish());
  unsigned char sig[kSignatureSize];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), sign_sk_->data());
  CANVASS_RETURN_IF_ERROR(file_.Write(std::string_view(reinterpret_cast<char*>(sig), sizeof sig)));
  return file_.Commit();
}

namespace {

// Pass 1: BLAKE2b-512 over everything but the signature, then verify the signature.
Result<std::string> VerifySignature(int fd, uint64_t size, const std::string& sender_pk) {
  core::Hasher h(64);
  std::string buf;
  uint64_t body = size - kSignatureSize;
  for (uint64_t off = 0; off < body;) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(1 << 20, body - off));
    CANVASS_RETURN_IF_ERROR(ReadAt(fd, off, n, &buf));
    h.Update(buf);
    off += n;
  }
  std::string sig;
  CANVASS_RETURN_IF_ERROR(ReadAt(fd, body, kSignatureSize, &sig));
  std::string digest = h.Finish();
  std::string msg = SignedMessage(digest);
  if (sender_pk.size() != crypto_sign_PUBLICKEYBYTES ||
      crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()), reinterpret_cast<const unsigned char*>(msg.data()),
                                  msg.size(), reinterpret_cast<const unsigned char*>(sender_pk.data())) != 0)
    return Status::Corruption("the bundle is damaged or was altered (its signature does not verify with the key of the device it names); it was not imported: ask for a fresh copy");
  return digest;
}

// Splits decrypted bytes into length-prefixed records and hands each one's bytes over.
class RecordSplitter {
 public:
  explicit RecordSplitter(const std::function<Status(std::string_view)>& cb) : cb_(cb) {}
  Status Feed(const unsigned char* p, size_t n) {
    buf_.append(reinterpret_cast<const char*>(p), n);
    while (buf_.size() - pos_ >= 4) {
      uint64_t len = GetLE(reinterpret_cast<const unsigned char*>(buf_.data() + pos_), 4);
      if (len == 0 || len > kMaxRecord) return Status::Corruption("a bundle record has an impossible length");
      if (buf_.size() - pos_ - 4 < len) break;
      std::string_view rec(buf_.data() + pos_ + 4, static_cast<size_t>(len));
      pos_ += 4 + static_cast<size_t>(len);
      CANVASS_RETURN_IF_ERROR(cb_(rec));
    }
    if (pos_ > (1u << 20)) {
      sodium_memzero(&buf_[0], pos_);
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    return Status::Ok();
  }
  bool empty() const { return pos_ == buf_.size(); }
  ~RecordSplitter() {
    if (!buf_.empty()) sodium_memzero(&buf_[0], buf_.size());
  }

 private:
  const std::function<Status(std::string_view)>& cb_;
  std::string buf_;
  size_t pos_ = 0;
};

// Decodes each record's bytes: a JSON object, or in format 2 a compact version record. A
// compact record's fields are read in order (it may repeat the record before's subject,
// device and author). What costs — parsing values and checking them canonical, hashing the
// version ids, parsing JSON records — is done a batch at a time on a helper thread while this
// one decrypts the next batch, and this one joins in when it is done; the records are handed
// over in their order, on this thread. Memory: two batches of records.
class RecordDecoder {
 public:
  RecordDecoder(uint64_t format, const std::function<Status(const BundleRecord&)>& cb, int threads)
      : format_(format), cb_(cb), job_([this] { DecodeSome(&batches_[inflight_]); }), helper_(threads >= 2) {}
  ~RecordDecoder() {
    if (busy_) helper_.Wait();
    for (Batch& b : batches_)
      for (Pending& p : b.items) core::Wipe(p.bytes);
  }
  // Takes one record; when a batch is full, hands the one before over and starts this one.
  Status operator()(std::string_view rec) {
    Batch& b = batches_[filling_];
    if (b.n == b.items.size()) b.items.emplace_back();
    Pending& p = b.items[b.n];
    p.compact = format_ >= 2 && rec[0] == record_codec::kCompactVersion;
    p.size = rec.size();
    p.status = Status::Ok();
    if (p.compact) {
      Status st = record_codec::ReadVersionFields(rec, &ctx_, &p.version, &p.value_json);
      if (!st.ok()) {
        CANVASS_RETURN_IF_ERROR(Flush());  // the records before it first, as they came
        return st;
      }
    } else {
      p.bytes.assign(rec);
    }
    if (++b.n < kBatch) return Status::Ok();
    CANVASS_RETURN_IF_ERROR(HandOverInflight());
    inflight_ = filling_;
    filling_ ^= 1;
    b.next = 0;
    busy_ = true;
    helper_.Start(&job_);
    return Status::Ok();
  }
  // Decodes and hands over everything still waiting; the first error stops the hand-over.
  Status Flush() {
    CANVASS_RETURN_IF_ERROR(HandOverInflight());
    Batch& b = batches_[filling_];
    b.next = 0;
    DecodeSome(&b);
    return HandOver(&b);
  }

 private:
  static constexpr size_t kBatch = 1024;
  struct Pending {
    bool compact = false;
    size_t size = 0;
    storage::Version version;  // compact: fields read, then value and id
    std::string value_json;
    std::string bytes;         // JSON record: its text (wiped once parsed)
    core::Value json;
    Status status;
  };
  struct Batch {
    std::vector<Pending> items;
    size_t n = 0;                    // records in it
    std::atomic<size_t> next{0};     // the next one to decode, for whichever thread is free
  };

  static void Decode(Pending* p) {
    if (p->compact) {
      p->status = record_codec::FinishVersion(p->size, &p->version, p->value_json);
      return;
    }
    core::JsonLimits lim;
    lim.max_bytes = kMaxRecord;
    lim.max_depth = 24;
    auto v = core::ParseJson(p->bytes, "bundle record", lim);
    core::Wipe(p->bytes);
    if (!v.ok()) p->status = Status::Corruption("a bundle record is not valid: " + v.status().message());
    else if (!v->is_object()) p->status = Status::Corruption("a bundle record is not an object");
    else p->json = std::move(*v);
  }
  static void DecodeSome(Batch* b) {
    for (size_t i = b->next.fetch_add(1); i < b->n; i = b->next.fetch_add(1)) Decode(&b->items[i]);
  }
  // The batch on the helper: decoded by both threads, then handed over.
  Status HandOverInflight() {
    if (!busy_) return Status::Ok();
    Batch& b = batches_[inflight_];
    DecodeSome(&b);
    helper_.Wait();
    busy_ = false;
    return HandOver(&b);
  }
  Status HandOver(Batch* b) {
    const size_t n = b->n;
    b->n = 0;
    for (size_t i = 0; i < n; ++i) {
      Pending& p = b->items[i];
      CANVASS_RETURN_IF_ERROR(p.status);
      BundleRecord r;
      if (p.compact) {
        r.version = &p.version;
        r.value_json = &p.value_json;
      } else {
        r.json = &p.json;
      }
      CANVASS_RETURN_IF_ERROR(cb_(r));
    }
    return Status::Ok();
  }

  uint64_t format_;
  const std::function<Status(const BundleRecord&)>& cb_;
  record_codec::Context ctx_;
  Batch batches_[2];
  int filling_ = 0, inflight_ = 0;
  bool busy_ = false;  // batches_[inflight_] is with the helper
  const std::function<void()> job_;
  Helper helper_;      // last: stopped before the batches go
};

}  // namespace

Result<std::string> VerifyBundle(const std::string& path, const std::string& sender_sign_pk) {
  Fd f;
  CANVASS_ASSIGN_OR_RETURN(uint64_t size, OpenSized(path, &f));
  return VerifySignature(f.fd, size, sender_sign_pk);
}

Status ReadBundle(const std::string& path, const ReaderKeys& keys, const std::function<Status(const core::Value&)>& on_record) {
  CANVASS_ASSIGN_OR_RETURN(std::string signed_digest, VerifyBundle(path, keys.sender_sign_pk));
  return DecryptBundle(path, keys, signed_digest, on_record);
}

Status DecryptBundle(const std::string& path, const ReaderKeys& keys, const std::string& signed_digest,
                     const std::function<Status(const core::Value&)>& on_record) {
  return DecryptBundleRecords(path, keys, signed_digest, [&](const BundleRecord& r) -> Status {
    if (r.json) return on_record(*r.json);
    core::Value json = r.version->ToValue();
    json.mutable_object()["t"] = "version";
    return on_record(json);
  });
}

Status DecryptBundleRecords(const std::string& path, const ReaderKeys& keys, const std::string& signed_digest,
                            const std::function<Status(const BundleRecord&)>& on_record, int threads) {
  Fd f;
  CANVASS_ASSIGN_OR_RETURN(uint64_t size, OpenSized(path, &f));
  // Re-hash every byte so that a file swapped or changed since VerifyBundle is caught.
  core::Hasher h(64);
  std::string header, wrapped, ssh;
  CANVASS_RETURN_IF_ERROR(ReadAt(f.fd, 0, kHeaderSize, &header));
  CANVASS_RETURN_IF_ERROR(ReadAt(f.fd, kHeaderSize, kWrappedKeySize, &wrapped));
  CANVASS_RETURN_IF_ERROR(ReadAt(f.fd, kHeaderSize + kWrappedKeySize, kStreamHeaderSize, &ssh));
  h.Update(header);
  h.Update(wrapped);
  h.Update(ssh);
  core::SecureBytes key(crypto_secretstream_xchacha20poly1305_KEYBYTES);
  if (keys.box_pk.size() != crypto_box_PUBLICKEYBYTES || !keys.box_sk ||
      crypto_box_seal_open(key.data(), reinterpret_cast<const unsigned char*>(wrapped.data()), wrapped.size(),
                           reinterpret_cast<const unsigned char*>(keys.box_pk.data()), keys.box_sk->data()) != 0)
    return Status::Corruption("the bundle cannot be opened with this workspace's key (sealed for another workspace?)");
  std::string ad = core::Blake2b(header + wrapped, 32);
  crypto_secretstream_xchacha20poly1305_state st;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&st, reinterpret_cast<const unsigned char*>(ssh.data()), key.data()) != 0)
    return Status::Corruption("the bundle's stream header is damaged");
  const uint64_t format = GetLE(reinterpret_cast<const unsigned char*>(header.data()) + 8, 2);
  RecordDecoder decode(format, on_record, threads);
  const std::function<Status(std::string_view)> split_cb = std::ref(decode);
  RecordSplitter split(split_cb);
  uint64_t off = kHeaderSize + kWrappedKeySize + kStreamHeaderSize, end = size - kSignatureSize;
  bool final_seen = false;
  std::string len_bytes, chunk;
  core::SecureBytes plain(kChunkPlain);
  while (off < end) {
    if (final_seen) return Status::Corruption("the bundle has data after its final chunk");
    if (end - off < 4) return Status::Corruption("the bundle ends inside a chunk (truncated?)");
    CANVASS_RETURN_IF_ERROR(ReadAt(f.fd, off, 4, &len_bytes));
    uint64_t clen = GetLE(reinterpret_cast<const unsigned char*>(len_bytes.data()), 4);
    if (clen < crypto_secretstream_xchacha20poly1305_ABYTES || clen > kChunkPlain + crypto_secretstream_xchacha20poly1305_ABYTES ||
        clen > end - off - 4)
      return Status::Corruption("a bundle chunk has an impossible length");
    CANVASS_RETURN_IF_ERROR(ReadAt(f.fd, off + 4, static_cast<size_t>(clen), &chunk));
    h.Update(len_bytes);
    h.Update(chunk);
    unsigned long long mlen = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&st, plain.data(), &mlen, &tag, reinterpret_cast<const unsigned char*>(chunk.data()), clen,
                                                   reinterpret_cast<const unsigned char*>(ad.data()), ad.size()) != 0)
      return Status::Corruption("a bundle chunk fails authentication (altered or damaged)");
    final_seen = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    CANVASS_RETURN_IF_ERROR(split.Feed(plain.data(), static_cast<size_t>(mlen)));
    off += 4 + clen;
  }
  if (!final_seen) return Status::Corruption("the bundle was cut short (no final chunk)");
  if (!split.empty()) return Status::Corruption("the bundle ends inside a record");
  CANVASS_RETURN_IF_ERROR(decode.Flush());
  if (h.Finish() != signed_digest) return Status::Corruption("the bundle file changed while it was being read");
  return Status::Ok();
}

}  // namespace canvass::sync
