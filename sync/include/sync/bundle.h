// The .cvbundle file format (docs/formats.md) and its streaming writer and reader.
//
//   header (104 bytes, plain) | wrapped key (80) | secretstream header (24) |
//   chunks: [u32 length | XChaCha20-Poly1305 secretstream chunk]... (last one TAG_FINAL) |
//   signature (64): Ed25519 over "canvass-bundle-v1" || BLAKE2b-512(everything before it)
//
// The payload is a stream of records (u32 length | JSON object, or in format 2 a compact
// version record: sync/src/record_codec.h), at most 16 MiB each, so bundles of any size are
// written and read in bounded memory. Format 1 bundles (JSON records only) still import.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/crypto_util.h"
#include "core/file_util.h"
#include "core/status.h"
#include "core/value.h"
#include "storage/types.h"

namespace canvass::sync {

enum class BundleKind : uint8_t { kData = 1, kUpdate = 2 };

constexpr uint16_t kBundleFormat = 2;       // written; 1 and 2 are read
constexpr uint16_t kOldestBundleFormat = 1;
constexpr uint16_t kBundleSuite = 1;  // X25519 sealed box + secretstream XChaCha20-Poly1305 + Ed25519
constexpr size_t kHeaderSize = 104;
constexpr size_t kWrappedKeySize = 80;
constexpr size_t kStreamHeaderSize = 24;
constexpr size_t kSignatureSize = 64;
constexpr size_t kChunkPlain = 64 * 1024;
constexpr uint32_t kMaxRecord = 16u << 20;

// The fields a compact version record may take from the previous one (the writer and the
// reader each keep one; sync/src/record_codec.h).
struct CompactContext {
  std::string subject, device, author;
  bool any = false;
};

struct BundleHeader {
  BundleKind kind = BundleKind::kData;
  std::string bundle_id;         // 16 random bytes
  std::string project_id;        // 16 bytes (UUID)
  std::string sender_id;         // 16 bytes (device UUID)
  std::string recipient_key_id;  // 16 bytes: KeyId(recipient X25519 public key)
  uint64_t seq = 0;
  int64_t created_at_ms = 0;
  uint16_t format = kBundleFormat;  // as read (Encode writes kBundleFormat)
  std::string Encode() const;
};

// Reads and checks only the plain header and the file's size (no key needed).
core::Result<BundleHeader> ReadBundleHeader(const std::string& path);

class BundleWriter {
 public:
  // Starts a new private file at `path` (refuses to overwrite).
  core::Status Open(const std::string& path, const BundleHeader& header, const std::string& recipient_box_pk,
                    const core::SecureBytes& sign_sk);
  core::Status AddRecord(const core::Value& record);
  // A version record: compact (format 2) when it can be, else the JSON record of format 1.
  core::Status AddVersion(const storage::Version& v);
  // Appends raw plaintext to the record stream (fuzzing and hostile-input tests only).
  core::Status AddRawBytes(std::string_view bytes);
  // Ends the stream (TAG_FINAL), appends the signature and moves the file into place.
  core::Status Finish();
  uint64_t records() const { return records_; }

 private:
  core::Status PushChunk(bool final);
  core::AtomicFileWriter file_;
  core::Hasher hash_{64};
  const core::SecureBytes* sign_sk_ = nullptr;
  alignas(16) unsigned char state_[64];
  std::string ad_, pending_;
  uint64_t records_ = 0;
  CompactContext compact_;
  core::Status Emit(std::string_view bytes);
};

struct ReaderKeys {
  std::string sender_sign_pk;          // the signature must verify with this
  const core::SecureBytes* box_sk = nullptr;  // recipient's X25519 secret key
  std::string box_pk;                  // and public key
};

// Pass 1 alone: the file's size is plausible and the Ed25519 signature over every byte
// before it verifies with sender_sign_pk, so any flipped bit, cut or appended byte fails.
// Returns the signed BLAKE2b-512 digest, which DecryptBundle checks again.
core::Result<std::string> VerifyBundle(const std::string& path, const std::string& sender_sign_pk);

// Pass 2 alone, after VerifyBundle: decrypts the stream and calls on_record for each record
// in order, re-hashing every byte. Fails on a chunk that does not authenticate, a missing
// final tag, data after it, an oversize record, or bytes that differ from `signed_digest`
// (the file changed between the two passes). A compact version record arrives as the JSON
// object format 1 wrote for it ({"t":"version", "id", ...}).
core::Status DecryptBundle(const std::string& path, const ReaderKeys& keys, const std::string& signed_digest,
                           const std::function<core::Status(const core::Value&)>& on_record);

// One record of a bundle as DecryptBundleRecords hands it over: a JSON object, or a version
// from a compact record (its id computed, its value checked canonical) with its value's JSON.
// The receiver may move from `version` and `value_json`.
struct BundleRecord {
  const core::Value* json = nullptr;
  storage::Version* version = nullptr;
  std::string* value_json = nullptr;  // with version
};
// DecryptBundle without turning compact version records into JSON objects (the import path).
// Records are decoded (values parsed and checked, ids hashed) a batch at a time; with
// threads = 2 a helper thread decodes one batch while this one decrypts the next. Records
// reach on_record in their order, on the calling thread, either way. Use 1 where something
// else sets the pace (the import's merge), 2 where reading is all there is.
core::Status DecryptBundleRecords(const std::string& path, const ReaderKeys& keys, const std::string& signed_digest,
                                  const std::function<core::Status(const BundleRecord&)>& on_record, int threads = 2);

// Both passes: VerifyBundle with keys.sender_sign_pk, then DecryptBundle.
core::Status ReadBundle(const std::string& path, const ReaderKeys& keys,
                        const std::function<core::Status(const core::Value&)>& on_record);

}  // namespace canvass::sync
