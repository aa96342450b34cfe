// Incremental SHA-256 (the hash indicator imports record for a source file), for files read
// in pieces: the streaming importers hash each piece as they parse it.
#pragma once

#include <string>
#include <string_view>

namespace canvass::core {

class Sha256 {
 public:
  Sha256();  // core::InitCrypto() must have run
  void Update(std::string_view data);
  std::string FinishHex();  // lowercase hex; call once

 private:
  alignas(16) unsigned char state_[128];  // crypto_hash_sha256_state (104 bytes in libsodium 1.0.18)
};

}  // namespace canvass::core
