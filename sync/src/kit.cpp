// Enrollment kits: a device's identity and keys, the project's public keys, forms and
// areas, sealed with XChaCha20-Poly1305 under Argon2id(one-time code).
#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <fstream>

#include "little_endian.h"

#include "core/file_util.h"
#include "storage/kdf_profile.h"
#include "sync/keys.h"
#include "sync/sync.h"

namespace canvass::sync {

using core::Result;
using core::SecureBytes;
using core::Status;
using core::Value;

namespace {

const char kKitMagic[8] = {'C', 'V', 'K', 'I', 'T', '\0', '\0', '\1'};
constexpr size_t kKitHeader = 8 + 2 + 2 + 16 + 4 + 4 + 24 + 8;  // = 68
constexpr uint64_t kMaxKit = 256u << 20;
const char kCodeAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford base32


std::string NewCode() {
  unsigned char r[20];
  randombytes_buf(r, sizeof r);
  std::string code;
  for (int i = 0; i < 20; ++i) {
    if (i && i % 4 == 0) code.push_back('-');
    code.push_back(kCodeAlphabet[r[i] & 31]);
  }
  sodium_memzero(r, sizeof r);
  return code;
}

constexpr uint32_t kModerateMib = static_cast<uint32_t>(crypto_pwhash_MEMLIMIT_MODERATE >> 20);

// KDF cost of the kit: moderate, or cheap under CANVASS_KDF_PROFILE=test-fast (tests; such a
// kit is "test only — not protected", and KitIsTestOnly says so at join).
void KitCost(uint32_t* ops, uint32_t* mem_mib) {
  bool fast = storage::NewFilesUseTestProfile();
  *ops = fast ? 1 : crypto_pwhash_OPSLIMIT_MODERATE;
  *mem_mib = fast ? 8 : kModerateMib;
}

Status DeriveKitKey(const std::string& code, const std::string& salt, uint32_t ops, uint32_t mem_mib, SecureBytes* key) {
  *key = SecureBytes(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  if (crypto_pwhash(key->data(), key->size(), code.data(), code.size(), reinterpret_cast<const unsigned char*>(salt.data()), ops,
                    static_cast<size_t>(mem_mib) << 20, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Status::Internal("key derivation for the kit ran out of memory");
  return Status::Ok();
}

Value StringArray(const std::vector<std::string>& v) {
  Value::Array a;
  for (const auto& s : v) a.emplace_back(s);
  return Value(std::move(a));
}

}  // namespace

std::string NormalizeCode(const std::string& typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (u == 'O') u = '0';
    if (u == 'I' || u == 'L') u = '1';
    if (!std::strchr(kCodeAlphabet, u) || u == '\0') return "";
    out.push_back(u);
  }
  if (out.size() != 20) return "";
  std::string grouped;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i && i % 4 == 0) grouped.push_back('-');
    grouped.push_back(out[i]);
  }
  return grouped;
}

namespace {

// The kit file's bytes: the plain header (KDF cost, salt, nonce) and the payload sealed under
// Argon2id(code). Wipes `plain`.
Result<std::string> SealKit(const std::string& code, std::string* plain) {
  uint32_t ops, mem;
  KitCost(&ops, &mem);
  std::string salt = core::RandomBytes(16), nonce = core::RandomBytes(24);
  std::string header(kKitMagic, 8);
  PutLE(header, 1, 2);
  PutLE(header, 1, 2);
  header += salt;
  PutLE(header, ops, 4);
  PutLE(header, mem, 4);
  header += nonce;
  PutLE(header, plain->size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, 8);
  SecureBytes key;
  std::string norm = NormalizeCode(code);
  if (Status st = DeriveKitKey(norm, salt, ops, mem, &key); !st.ok()) {
    core::Wipe(*plain);
    return st;
  }
  std::string ct(plain->size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(&ct[0]), &clen, reinterpret_cast<const unsigned char*>(plain->data()),
                                             plain->size(), reinterpret_cast<const unsigned char*>(header.data()), header.size(), nullptr,
                                             reinterpret_cast<const unsigned char*>(nonce.data()), key.data());
  core::Wipe(*plain);
  return header + ct;
}

// The sealed kit for a new device (header + ciphertext) and its registry row; writes nothing.
Status BuildKit(storage::Workspace* ws, const CentralKeys& keys, const std::string& device_name, EnrollResult* r,
                std::string* kit_bytes, storage::DeviceRow* row) {
  unsigned char dpk[crypto_sign_PUBLICKEYBYTES];
  SecureBytes dsk(crypto_sign_SECRETKEYBYTES);
  crypto_sign_keypair(dpk, dsk.data());
  r->device_id = core::NewUuid();
  r->code = NewCode();
  r->fingerprint = Fingerprint(keys.sign_pk);
  // Payload: identity, keys, and the project's current forms and areas.
  std::vector<std::string> forms;
  Value::Array areas;
  storage::Workspace::ExportSink sink;
  sink.form = [&](const std::string& j) { forms.push_back(j); return Status::Ok(); };
  sink.area = [&](const storage::Area& a) { areas.push_back(a.ToValue()); return Status::Ok(); };
  sink.interview = [](const storage::InterviewHeader&) { return Status::Ok(); };
  sink.version = [](const storage::Version&) { return Status::Ok(); };
  int64_t hw = 0;
  storage::Workspace::ExportScope scope;
  scope.all_forms = true;
  scope.areas = true;
  scope.versions = false;
  CANVASS_RETURN_IF_ERROR(ws->ExportChanges(0, scope, sink, &hw));
  std::string dsk_hex = core::ToHex(dsk.view());
  Value payload(Value::Object{{"format", Value(1)},
                              {"project_id", ws->info().project_id},
                              {"project_name", ws->info().name},
                              {"central_device_id", ws->info().device_id},
                              {"central_box_pk", core::ToHex(keys.box_pk)},
                              {"central_sign_pk", core::ToHex(keys.sign_pk)},
                              {"device_id", r->device_id},
                              {"device_name", device_name},
                              {"device_sign_pk", core::ToHex(std::string(reinterpret_cast<char*>(dpk), sizeof dpk))},
                              {"device_sign_sk", dsk_hex},
                              {"forms", StringArray(forms)},
                              {"areas", Value(std::move(areas))}});
  core::Wipe(dsk_hex);
  std::string plain = payload.ToJson();
  payload = Value();
  CANVASS_ASSIGN_OR_RETURN(*kit_bytes, SealKit(r->code, &plain));
  row->device_id = r->device_id;
  row->name = device_name;
  row->sign_pk = std::string(reinterpret_cast<char*>(dpk), sizeof dpk);
  row->status = "active";
  row->enrolled_at = core::FormatIsoUtc(ws->clock()->NowMillis());
  return Status::Ok();
}

// Everything an enrollment can be refused for, checked before anything is written.
Status CheckEnrollment(storage::Workspace* ws, const std::string& device_name, const std::string& kit_path,
                       const std::string& code_path) {
  if (device_name.empty() || device_name.size() > 100) return Status::InvalidArgument("the device name must be 1 to 100 characters");
  if (ws->info().role != storage::Role::kCentral) return Status::InvalidArgument("devices are enrolled on the central workspace");
  if (kit_path.empty()) return Status::InvalidArgument("no file name given for the kit");
  if (core::FileExists(kit_path)) return Status::AlreadyExists(kit_path + ": file exists; choose a new kit file name");
  if (!code_path.empty()) {
    if (code_path == kit_path) return Status::InvalidArgument("the code and the kit must go to different files (and places)");
    if (core::FileExists(code_path))
      return Status::AlreadyExists(code_path + ": file exists; choose a new file name for the code");
  }
  CANVASS_ASSIGN_OR_RETURN(auto devices, ws->ListDevices());
  for (const auto& d : devices)
    if (d.name == device_name && d.status == "active")
      return Status::AlreadyExists("a device named \"" + device_name + "\" is already enrolled; pick another name or revoke it first");
  return Status::Ok();
}

}  // namespace

Result<EnrollResult> EnrollDevice(storage::Workspace* ws, const std::string& device_name, const std::string& kit_path,
                                  const std::string& code_path) {
  CANVASS_RETURN_IF_ERROR(CheckEnrollment(ws, device_name, kit_path, code_path));
  // One transaction (the central's keys at the first enrollment, the device row, the audit
  // entry) committed only once the kit and the code file are written; on any failure the
  // files written so far are removed and the transaction rolls back: nothing changes.
  EnrollResult r;
  bool kit_written = false, code_written = false;
  Status st = ws->InTransaction([&]() -> Status {
    CANVASS_ASSIGN_OR_RETURN(CentralKeys keys, EnsureCentralKeys(ws));
    std::string kit_bytes;
    storage::DeviceRow row;
    CANVASS_RETURN_IF_ERROR(BuildKit(ws, keys, device_name, &r, &kit_bytes, &row));
    CANVASS_RETURN_IF_ERROR(ws->PutDevice(row));
    CANVASS_RETURN_IF_ERROR(ws->AppendAudit("device.enroll", "device=" + r.device_id + " name=" + device_name));
    CANVASS_RETURN_IF_ERROR(core::WriteFileAtomic(kit_path, kit_bytes, false));
    kit_written = true;
    if (!code_path.empty()) {
      CANVASS_RETURN_IF_ERROR(core::WriteFileAtomic(code_path, r.code + "\n", false));
      code_written = true;
    }
    return Status::Ok();
  });
  if (!st.ok()) {
    if (kit_written) ::remove(kit_path.c_str());
    if (code_written) ::remove(code_path.c_str());
    core::Wipe(r.code);
    return st;
  }
  return r;
}

Result<bool> KitIsTestOnly(const std::string& kit_path) {
  std::ifstream in(kit_path, std::ios::binary);
  if (!in) return Status::NotFound(kit_path + ": cannot open the kit file");
  std::string head(kKitHeader, '\0');
  in.read(&head[0], static_cast<std::streamsize>(kKitHeader));
  if (static_cast<size_t>(in.gcount()) < kKitHeader || std::memcmp(head.data(), kKitMagic, 8) != 0)
    return Status::Corruption(kit_path + ": not a Canvass enrollment kit");
  const auto* p = reinterpret_cast<const unsigned char*>(head.data());
  return GetLE(p + 28, 4) < crypto_pwhash_OPSLIMIT_MODERATE || GetLE(p + 32, 4) < kModerateMib;
}

namespace {

Result<Value> OpenKit(const std::string& kit_path, const std::string& code) {
  std::string norm = NormalizeCode(code);
  if (norm.empty()) return Status::InvalidArgument("the enrollment code is not valid: it has 20 letters and digits, like ABCD-EFGH-JKMN-PQRS-TVWX");
  CANVASS_ASSIGN_OR_RETURN(std::string bytes, core::ReadFileBounded(kit_path, kMaxKit));
  if (bytes.size() < kKitHeader + crypto_aead_xchacha20poly1305_ietf_ABYTES || std::memcmp(bytes.data(), kKitMagic, 8) != 0)
    return Status::Corruption(kit_path + ": not a Canvass enrollment kit");
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  if (GetLE(p + 8, 2) != 1 || GetLE(p + 10, 2) != 1) return Status::Unsupported(kit_path + ": unsupported kit format; update Canvass");
  std::string salt = bytes.substr(12, 16);
  uint32_t ops = static_cast<uint32_t>(GetLE(p + 28, 4)), mem = static_cast<uint32_t>(GetLE(p + 32, 4));
  std::string nonce = bytes.substr(36, 24);
  uint64_t clen = GetLE(p + 60, 8);
  if (ops < 1 || ops > 4 || mem < 8 || mem > 256) return Status::Corruption(kit_path + ": kit key-derivation settings are out of range");
  if (clen != bytes.size() - kKitHeader) return Status::Corruption(kit_path + ": the kit is truncated or has extra bytes");
  SecureBytes key;
  CANVASS_RETURN_IF_ERROR(DeriveKitKey(norm, salt, ops, mem, &key));
  SecureBytes plain(static_cast<size_t>(clen));
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &mlen, nullptr, p + kKitHeader, clen, p, kKitHeader,
                                                 reinterpret_cast<const unsigned char*>(nonce.data()), key.data()) != 0)
    return Status::WrongKey("wrong enrollment code, or the kit was altered");
  core::JsonLimits lim;
  lim.max_bytes = kMaxKit;
  lim.max_depth = 16;
  auto v = core::ParseJson(std::string_view(reinterpret_cast<const char*>(plain.data()), static_cast<size_t>(mlen)), "kit", lim);
  if (!v.ok() || !v->is_object()) return Status::Corruption(kit_path + ": the kit's content is damaged");
  return v;
}

Result<std::string> HexField(const Value& v, const char* key, size_t bytes) {
  std::string hex, err, raw;
  if (!core::ReadStringField(v, key, &hex, &err) || !core::FromHex(hex, &raw) || raw.size() != bytes)
    return Status::Corruption(std::string("the kit's \"") + key + "\" is missing or damaged");
  return raw;
}

// Forms and areas of the kit, merged in one transaction.
Status MergeKitContent(storage::Workspace* ws, const Value& forms, const Value& areas, const std::string& kit_path) {
  CANVASS_ASSIGN_OR_RETURN(auto session, ws->BeginMerge());
  for (const Value& f : forms.as_array()) {
    if (!f.is_string()) return Status::Corruption(kit_path + ": a form in the kit is damaged");
    CANVASS_RETURN_IF_ERROR(session->AddForm(f.as_string()));
  }
  std::string err;
  for (const Value& a : areas.as_array()) {
    storage::Area area;
    if (!storage::Area::FromValue(a, &area, &err)) return Status::Corruption(kit_path + ": an area in the kit is damaged: " + err);
    CANVASS_RETURN_IF_ERROR(session->AddArea(area));
  }
  return session->Commit(nullptr, "").status();
}

}  // namespace

Result<std::unique_ptr<storage::Workspace>> JoinWithKit(const std::string& field_path, std::string_view passphrase,
                                                        const std::string& kit_path, const std::string& code) {
  CANVASS_RETURN_IF_ERROR(core::InitCrypto());
  if (core::FileExists(field_path)) return Status::AlreadyExists(field_path + ": file exists; choose a new file name");
  CANVASS_ASSIGN_OR_RETURN(Value kit, OpenKit(kit_path, code));
  std::string project_id, project_name, central_device, device_id, device_name, err;
  if (!core::ReadStringField(kit, "project_id", &project_id, &err) || !core::ReadStringField(kit, "project_name", &project_name, &err) ||
      !core::ReadStringField(kit, "central_device_id", &central_device, &err) ||
      !core::ReadStringField(kit, "device_id", &device_id, &err) || !core::ReadStringField(kit, "device_name", &device_name, &err) ||
      !core::IsUuid(project_id) || !core::IsUuid(device_id) || !core::IsUuid(central_device))
    return Status::Corruption(kit_path + ": the kit's identity fields are damaged");
  CANVASS_ASSIGN_OR_RETURN(std::string box_pk, HexField(kit, "central_box_pk", crypto_box_PUBLICKEYBYTES));
  CANVASS_ASSIGN_OR_RETURN(std::string sign_pk, HexField(kit, "central_sign_pk", crypto_sign_PUBLICKEYBYTES));
  CANVASS_ASSIGN_OR_RETURN(std::string dpk, HexField(kit, "device_sign_pk", crypto_sign_PUBLICKEYBYTES));
  CANVASS_ASSIGN_OR_RETURN(std::string dsk, HexField(kit, "device_sign_sk", crypto_sign_SECRETKEYBYTES));
  if (std::memcmp(dsk.data() + 32, dpk.data(), 32) != 0) return Status::Corruption(kit_path + ": the kit's device keys do not match");
  core::Wipe(dsk);
  const Value* forms = kit.Find("forms");
  const Value* areas = kit.Find("areas");
  if (!forms || !forms->is_array() || !areas || !areas->is_array()) return Status::Corruption(kit_path + ": the kit has no forms or areas list");
  CANVASS_ASSIGN_OR_RETURN(auto ws, storage::Workspace::Create(field_path, passphrase, storage::Role::kField, project_name));
  auto fail = [&](const Status& st) -> Status {
    ws.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) ::remove((field_path + suffix).c_str());
    return st;
  };
  Status st = ws->AdoptIdentity(project_id, project_name, device_id, device_name);
  std::string dsk_hex;
  if (st.ok() && core::ReadStringField(kit, "device_sign_sk", &dsk_hex, &err)) {
    const std::pair<const char*, std::string> rows[] = {{"central_box_pk", core::ToHex(box_pk)}, {"central_sign_pk", core::ToHex(sign_pk)},
                                                        {"central_device_id", central_device}, {"device_sign_pk", core::ToHex(dpk)},
                                                        {"device_sign_sk", dsk_hex}};
    for (const auto& [k, v] : rows)
      if (st.ok()) st = ws->SetMeta(k, v);
    core::Wipe(dsk_hex);
  }
  if (!st.ok()) return fail(st);
  if (!(st = MergeKitContent(ws.get(), *forms, *areas, kit_path)).ok()) return fail(st);
  return ws;
}

}  // namespace canvass::sync
