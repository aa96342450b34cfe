// Key material of a project, kept in the (encrypted) workspace's meta table:
//  central: X25519 box key pair (receives bundles), Ed25519 signing pair (signs kits, updates);
//  field:   its own Ed25519 signing pair (issued in the kit), the central's public keys.
// Secret keys are loaded into SecureBytes (locked, wiped) only while needed.
#pragma once

#include <string>

#include "core/crypto_util.h"
#include "core/status.h"
#include "storage/workspace.h"

namespace canvass::sync {

struct CentralKeys {
  std::string box_pk, sign_pk;          // public, raw bytes
  core::SecureBytes box_sk, sign_sk;    // secret
};

// Creates the central's key pairs on first use; loads them afterwards.
core::Result<CentralKeys> EnsureCentralKeys(storage::Workspace* central);

struct FieldKeys {
  std::string device_sign_pk, central_box_pk, central_sign_pk, central_device_id;
  core::SecureBytes device_sign_sk;
};
core::Result<FieldKeys> LoadFieldKeys(storage::Workspace* field);

// X25519 keys derived from an Ed25519 pair (update bundles are sealed to the device this way).
std::string BoxPublicFromSign(const std::string& sign_pk);
core::SecureBytes BoxSecretFromSign(const core::SecureBytes& sign_sk);

// 16-byte key id used in bundle headers: BLAKE2b-128 of a public key.
std::string KeyId(const std::string& public_key);
// Human-comparable fingerprint "ab12 cd34 …" (first 10 bytes of BLAKE2b of the key).
std::string Fingerprint(const std::string& public_key);

// UUID text <-> 16 raw bytes.
std::string UuidToBytes(const std::string& uuid);
std::string UuidFromBytes(const std::string& bytes);

}  // namespace canvass::sync
