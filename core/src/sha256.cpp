// Incremental SHA-256 over libsodium.
#include "core/sha256.h"

#include <sodium.h>

#include "core/crypto_util.h"

namespace canvass::core {

static_assert(sizeof(crypto_hash_sha256_state) <= 128, "Sha256::state_ is too small");

Sha256::Sha256() { crypto_hash_sha256_init(reinterpret_cast<crypto_hash_sha256_state*>(state_)); }

void Sha256::Update(std::string_view data) {
  crypto_hash_sha256_update(reinterpret_cast<crypto_hash_sha256_state*>(state_),
                            reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

std::string Sha256::FinishHex() {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(reinterpret_cast<crypto_hash_sha256_state*>(state_), h);
  return ToHex(std::string_view(reinterpret_cast<const char*>(h), sizeof h));
}

}  // namespace canvass::core
