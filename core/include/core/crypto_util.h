// Small crypto utilities over libsodium: hashing, hex, random bytes, UUIDs, and
// SecureBytes (locked, wiped-on-free memory for keys and passphrases).
//
// Core links libsodium (a deviation from "standard library only" in STYLE.md: a
// cryptographic RNG and guaranteed wiping are not in the standard library).
// Call InitCrypto() once before anything else (it is idempotent and thread-safe).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace canvass::core {

Status InitCrypto();

std::string ToHex(std::string_view bytes);
// Returns false on odd length or non-hex characters.
bool FromHex(std::string_view hex, std::string* out);

// BLAKE2b with `out_len` bytes of output (16..64).
std::string Blake2b(std::string_view data, size_t out_len = 32);
std::string Blake2bHex(std::string_view data, size_t out_len = 32);
std::string Sha256Hex(std::string_view data);
// SHA-256 of a file, read in 1 MiB blocks.
Result<std::string> Sha256File(const std::string& path);

// Incremental BLAKE2b, for digests over many rows.
class Hasher {
 public:
  explicit Hasher(size_t out_len = 32);
  void Update(std::string_view data);
  // Length-prefixed update: unambiguous concatenation of fields.
  void Field(std::string_view data);
  std::string FinishHex();
  std::string Finish();

 private:
  alignas(64) unsigned char state_[384];
  size_t out_len_;
};

// Randomness seam: production uses libsodium; tests may install a deterministic source.
class Random {
 public:
  virtual ~Random() = default;
  virtual void Fill(void* buf, size_t len) = 0;
};
Random& DefaultRandom();
// Replaces the process-wide source (tests only). Pass nullptr to restore.
void SetRandomForTesting(Random* r);

std::string RandomBytes(size_t len);
// RFC 4122 version-4 UUID, lower-case "8-4-4-4-12".
std::string NewUuid();
bool IsUuid(std::string_view s);

// Memory for secrets: allocated with sodium_malloc (guard pages, mlock where the
// limit allows), wiped with sodium_memzero when freed. Move-only.
class SecureBytes {
 public:
  SecureBytes() = default;
  explicit SecureBytes(size_t len);
  SecureBytes(const void* data, size_t len);
  ~SecureBytes();
  SecureBytes(SecureBytes&& o) noexcept;
  SecureBytes& operator=(SecureBytes&& o) noexcept;
  SecureBytes(const SecureBytes&) = delete;
  SecureBytes& operator=(const SecureBytes&) = delete;

  unsigned char* data() { return data_; }
  const unsigned char* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::string_view view() const { return {reinterpret_cast<const char*>(data_), size_}; }

 private:
  unsigned char* data_ = nullptr;
  size_t size_ = 0;
};

// Overwrites a std::string's bytes with zeros (for passphrases that passed through one).
void Wipe(std::string& s);

}  // namespace canvass::core
