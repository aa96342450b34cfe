// Crypto utilities over libsodium: hashing, hex, randomness seam, UUIDs, secure memory.
#include "core/crypto_util.h"

#include <sodium.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace canvass::core {

Status InitCrypto() {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  return Status::Ok();
}

std::string ToHex(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  char* o = &out[0];
  for (unsigned char c : bytes) {
    *o++ = kDigits[c >> 4];
    *o++ = kDigits[c & 15];
  }
  return out;
}

bool FromHex(std::string_view hex, std::string* out) {
  if (hex.size() % 2) return false;
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string r;
  r.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int a = nib(hex[i]), b = nib(hex[i + 1]);
    if (a < 0 || b < 0) return false;
    r.push_back(static_cast<char>(a * 16 + b));
  }
  *out = std::move(r);
  return true;
}

std::string Blake2b(std::string_view data, size_t out_len) {
  std::string out(out_len, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(&out[0]), out_len,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  return out;
}

std::string Blake2bHex(std::string_view data, size_t out_len) {
  unsigned char h[crypto_generichash_BYTES_MAX];
  if (out_len > sizeof h) return ToHex(Blake2b(data, out_len));
  crypto_generichash(h, out_len, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  return ToHex(std::string_view(reinterpret_cast<const char*>(h), out_len));
}

std::string Sha256Hex(std::string_view data) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return ToHex(std::string_view(reinterpret_cast<char*>(h), sizeof h));
}

Result<std::string> Sha256File(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError(path + ": cannot read");
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  std::string buf(1 << 20, '\0');
  ssize_t n;
  while ((n = ::read(fd, &buf[0], buf.size())) > 0)
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(buf.data()), static_cast<size_t>(n));
  ::close(fd);
  if (n < 0) return Status::IOError(path + ": read failed");
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, h);
  return ToHex(std::string_view(reinterpret_cast<char*>(h), sizeof h));
}

static_assert(sizeof(crypto_generichash_state) <= 384, "Hasher state buffer too small");

Hasher::Hasher(size_t out_len) : out_len_(out_len) {
  crypto_generichash_init(reinterpret_cast<crypto_generichash_state*>(state_), nullptr, 0, out_len);
}
void Hasher::Update(std::string_view data) {
  crypto_generichash_update(reinterpret_cast<crypto_generichash_state*>(state_),
                            reinterpret_cast<const unsigned char*>(data.data()), data.size());
}
void Hasher::Field(std::string_view data) {
  unsigned char len[8];
  uint64_t n = data.size();
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
  Update(std::string_view(reinterpret_cast<char*>(len), 8));
  Update(data);
}
std::string Hasher::Finish() {
  std::string out(out_len_, '\0');
  crypto_generichash_final(reinterpret_cast<crypto_generichash_state*>(state_),
                           reinterpret_cast<unsigned char*>(&out[0]), out_len_);
  return out;
}
std::string Hasher::FinishHex() { return ToHex(Finish()); }

namespace {
class SodiumRandom : public Random {
 public:
  void Fill(void* buf, size_t len) override { randombytes_buf(buf, len); }
};
SodiumRandom g_sodium_random;
std::atomic<Random*> g_random{nullptr};
}  // namespace

Random& DefaultRandom() {
  Random* r = g_random.load();
  return r ? *r : g_sodium_random;
}
void SetRandomForTesting(Random* r) { g_random.store(r); }

std::string RandomBytes(size_t len) {
  std::string out(len, '\0');
  DefaultRandom().Fill(&out[0], len);
  return out;
}

std::string NewUuid() {
  unsigned char b[16];
  DefaultRandom().Fill(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  std::string hex = ToHex(std::string_view(reinterpret_cast<char*>(b), 16));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

SecureBytes::SecureBytes(size_t len) : size_(len) {
  if (len) {
    (void)InitCrypto();  // sodium_malloc aborts before sodium_init; init is idempotent
    data_ = static_cast<unsigned char*>(sodium_malloc(len));
    if (!data_) { size_ = 0; return; }
    sodium_memzero(data_, len);
  }
}
SecureBytes::SecureBytes(const void* src, size_t len) : SecureBytes(len) {
  if (data_ && len) std::memcpy(data_, src, len);
}
SecureBytes::~SecureBytes() {
  if (data_) sodium_free(data_);  // sodium_free wipes before freeing
}
SecureBytes::SecureBytes(SecureBytes&& o) noexcept : data_(o.data_), size_(o.size_) {
  o.data_ = nullptr;
  o.size_ = 0;
}
SecureBytes& SecureBytes::operator=(SecureBytes&& o) noexcept {
  if (this != &o) {
    if (data_) sodium_free(data_);
    data_ = o.data_;
    size_ = o.size_;
    o.data_ = nullptr;
    o.size_ = 0;
  }
  return *this;
}

void Wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(&s[0], s.size());
  s.clear();
}

}  // namespace canvass::core
