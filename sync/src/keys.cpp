// Project key material: creation, loading and conversions.
#include "sync/keys.h"

#include <sodium.h>

namespace canvass::sync {

using core::Result;
using core::SecureBytes;
using core::Status;

namespace {
Result<std::string> MetaHex(storage::Workspace* ws, const std::string& key, size_t bytes) {
  auto hex = ws->GetMeta(key);
  if (!hex.ok()) return hex.status();
  std::string raw;
  if (!core::FromHex(*hex, &raw) || raw.size() != bytes) return Status::Corruption("stored key \"" + key + "\" is damaged");
  return raw;
}
Result<SecureBytes> MetaSecret(storage::Workspace* ws, const std::string& key, size_t bytes) {
  auto hex = ws->GetMeta(key);
  if (!hex.ok()) return hex.status();
  SecureBytes out(bytes);
  size_t len = 0;
  if (sodium_hex2bin(out.data(), bytes, hex->data(), hex->size(), nullptr, &len, nullptr) != 0 || len != bytes)
    return Status::Corruption("stored key \"" + key + "\" is damaged");
  core::Wipe(*hex);
  return out;
}
}  // namespace

Result<CentralKeys> EnsureCentralKeys(storage::Workspace* ws) {
  if (ws->info().role != storage::Role::kCentral) return Status::InvalidArgument("only a central workspace holds the project's receiving keys");
  if (!ws->GetMeta("central_box_pk").ok()) {
    unsigned char bpk[crypto_box_PUBLICKEYBYTES], spk[crypto_sign_PUBLICKEYBYTES];
    SecureBytes bsk(crypto_box_SECRETKEYBYTES), ssk(crypto_sign_SECRETKEYBYTES);
    crypto_box_keypair(bpk, bsk.data());
    crypto_sign_keypair(spk, ssk.data());
    std::string bsk_hex = core::ToHex(bsk.view()), ssk_hex = core::ToHex(ssk.view());
    const std::pair<const char*, std::string> rows[] = {
        {"central_box_pk", core::ToHex(std::string(reinterpret_cast<char*>(bpk), sizeof bpk))},
        {"central_box_sk", bsk_hex},
        {"central_sign_pk", core::ToHex(std::string(reinterpret_cast<char*>(spk), sizeof spk))},
        {"central_sign_sk", ssk_hex}};
    for (const auto& [k, v] : rows) CANVASS_RETURN_IF_ERROR(ws->SetMeta(k, v));
    core::Wipe(bsk_hex);
    core::Wipe(ssk_hex);
    CANVASS_RETURN_IF_ERROR(ws->AppendAudit("keys.create", "central receiving and signing keys created"));
  }
  CentralKeys k;
  CANVASS_ASSIGN_OR_RETURN(k.box_pk, MetaHex(ws, "central_box_pk", crypto_box_PUBLICKEYBYTES));
  CANVASS_ASSIGN_OR_RETURN(k.sign_pk, MetaHex(ws, "central_sign_pk", crypto_sign_PUBLICKEYBYTES));
  CANVASS_ASSIGN_OR_RETURN(k.box_sk, MetaSecret(ws, "central_box_sk", crypto_box_SECRETKEYBYTES));
  CANVASS_ASSIGN_OR_RETURN(k.sign_sk, MetaSecret(ws, "central_sign_sk", crypto_sign_SECRETKEYBYTES));
  return k;
}

Result<FieldKeys> LoadFieldKeys(storage::Workspace* ws) {
  FieldKeys k;
  auto pk = MetaHex(ws, "device_sign_pk", crypto_sign_PUBLICKEYBYTES);
  if (!pk.ok()) return Status::InvalidArgument("this workspace is not enrolled: create it with `canvass-cli device join` from a kit");
  k.device_sign_pk = *pk;
  CANVASS_ASSIGN_OR_RETURN(k.device_sign_sk, MetaSecret(ws, "device_sign_sk", crypto_sign_SECRETKEYBYTES));
  CANVASS_ASSIGN_OR_RETURN(k.central_box_pk, MetaHex(ws, "central_box_pk", crypto_box_PUBLICKEYBYTES));
  CANVASS_ASSIGN_OR_RETURN(k.central_sign_pk, MetaHex(ws, "central_sign_pk", crypto_sign_PUBLICKEYBYTES));
  CANVASS_ASSIGN_OR_RETURN(k.central_device_id, ws->GetMeta("central_device_id"));
  return k;
}

std::string BoxPublicFromSign(const std::string& sign_pk) {
  unsigned char out[crypto_box_PUBLICKEYBYTES];
  if (sign_pk.size() != crypto_sign_PUBLICKEYBYTES ||
      crypto_sign_ed25519_pk_to_curve25519(out, reinterpret_cast<const unsigned char*>(sign_pk.data())) != 0)
    return "";
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

SecureBytes BoxSecretFromSign(const SecureBytes& sign_sk) {
  SecureBytes out(crypto_box_SECRETKEYBYTES);
  crypto_sign_ed25519_sk_to_curve25519(out.data(), sign_sk.data());
  return out;
}

std::string KeyId(const std::string& public_key) { return core::Blake2b("canvass-key-id\n" + public_key, 16); }

std::string Fingerprint(const std::string& public_key) {
  std::string hex = core::ToHex(core::Blake2b(public_key, 32)).substr(0, 20);
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 4) out += (out.empty() ? "" : " ") + hex.substr(i, 4);
  return out;
}

std::string UuidToBytes(const std::string& uuid) {
  std::string hex;
  for (char c : uuid)
    if (c != '-') hex.push_back(c);
  std::string raw;
  if (!core::FromHex(hex, &raw) || raw.size() != 16) return std::string(16, '\0');
  return raw;
}

std::string UuidFromBytes(const std::string& b) {
  std::string h = core::ToHex(b);
  if (h.size() != 32) return "";
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

}  // namespace canvass::sync
