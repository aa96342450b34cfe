// Shared setup of the fuzz targets: fixed keys (so seeds can be valid), a scratch dir in
// memory, and a central workspace with one enrolled device under those keys.
#pragma once

#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "core/crypto_util.h"
#include "storage/workspace.h"
#include "sync/bundle.h"
#include "sync/keys.h"

namespace canvass::fuzz {

struct FixedKeys {
  std::string device_pk, central_box_pk, central_sign_pk;
  core::SecureBytes device_sk{crypto_sign_SECRETKEYBYTES}, central_box_sk{crypto_box_SECRETKEYBYTES},
      central_sign_sk{crypto_sign_SECRETKEYBYTES};
  FixedKeys() {
    unsigned char seed[32], pk[32];
    for (int i = 0; i < 32; ++i) seed[i] = static_cast<unsigned char>(i);
    crypto_sign_seed_keypair(pk, device_sk.data(), seed);
    device_pk.assign(reinterpret_cast<char*>(pk), 32);
    seed[0] = 100;
    crypto_box_seed_keypair(pk, central_box_sk.data(), seed);
    central_box_pk.assign(reinterpret_cast<char*>(pk), 32);
    seed[0] = 200;
    crypto_sign_seed_keypair(pk, central_sign_sk.data(), seed);
    central_sign_pk.assign(reinterpret_cast<char*>(pk), 32);
  }
};

inline const char* kDeviceId = "11111111-2222-4333-8444-555555555555";
inline const char* kPass = "fuzzing passphrase";

inline std::string ScratchDir() {
  static std::string dir = [] {
    std::string base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    std::string t = base + "/canvass-fuzz-XXXXXX";
    char* p = mkdtemp(t.data());
    return std::string(p ? p : "/tmp");
  }();
  return dir;
}

// A central workspace that knows the fixed keys and the fixed device.
inline storage::Workspace* Central(const FixedKeys& k) {
  static std::unique_ptr<storage::Workspace> ws = [&] {
    setenv("CANVASS_KDF_PROFILE", "test-fast", 1);
    (void)core::InitCrypto();
    std::string path = ScratchDir() + "/central.canvass";
    ::unlink(path.c_str());
    auto w = storage::Workspace::Create(path, kPass, storage::Role::kCentral, "Fuzz");
    if (!w.ok()) {
      std::fprintf(stderr, "fuzz setup: %s\n", w.status().message().c_str());
      std::abort();
    }
    (*w)->SetMeta("central_box_pk", core::ToHex(k.central_box_pk)).ok();
    (void)(*w)->SetMeta("central_box_sk", core::ToHex(k.central_box_sk.view()));
    (void)(*w)->SetMeta("central_sign_pk", core::ToHex(k.central_sign_pk));
    (void)(*w)->SetMeta("central_sign_sk", core::ToHex(k.central_sign_sk.view()));
    storage::DeviceRow d{kDeviceId, "Fuzz laptop", k.device_pk, "active", "2026-01-01T00:00:00Z", "", 0};
    auto st = (*w)->PutDevice(d);
    if (!st.ok()) {
      std::fprintf(stderr, "fuzz setup: %s\n", st.message().c_str());
      std::abort();
    }
    return std::move(*w);
  }();
  return ws.get();
}

inline sync::BundleHeader Header(storage::Workspace* central, const FixedKeys& k, uint64_t seq) {
  sync::BundleHeader h;
  h.kind = sync::BundleKind::kData;
  h.bundle_id = core::RandomBytes(16);
  h.project_id = sync::UuidToBytes(central->info().project_id);
  h.sender_id = sync::UuidToBytes(kDeviceId);
  h.recipient_key_id = sync::KeyId(k.central_box_pk);
  h.seq = seq;
  return h;
}

}  // namespace canvass::fuzz
