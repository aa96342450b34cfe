// Argon2id key derivation, raw-key SQLCipher open/create, per-connection pragmas, rekey.
#include "keyed_open.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "core/file_util.h"
#include "storage/kdf_profile.h"

namespace canvass::storage {

using core::SecureBytes;
using core::Result;
using core::Status;

namespace {

const KdfProfile kModerate{0x01, crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE,
                           "argon2id-moderate (3 passes, 256 MiB)"};
const KdfProfile kTestFast{0x7e, 1, 8u << 20, "argon2id-test-fast (1 pass, 8 MiB; for test suites only)"};

constexpr size_t kSaltBytes = 16;
// Canvass files use 4 KiB cipher pages (SQLCipher 3 defaults to 1 KiB): a quarter of the
// per-page AES/HMAC calls. SQLCipher 3 does not store it, so every open sets it.
const char* kPageSizePragma = "PRAGMA cipher_page_size = 4096";
static_assert(crypto_pwhash_SALTBYTES == kSaltBytes, "Argon2 salt must fit SQLCipher's 16-byte salt");

Status DeriveKeySql(std::string_view pass, const std::string& salt, const KdfProfile& p,
                    bool with_salt, SecureBytes* sql) {
  SecureBytes key(32);
  if (key.empty()) return Status::Internal("cannot allocate secure memory for the key");
  if (crypto_pwhash(key.data(), key.size(), pass.data(), pass.size(),
                    reinterpret_cast<const unsigned char*>(salt.data()), p.opslimit, p.memlimit,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("key derivation ran out of memory (needs " +
                            std::to_string(p.memlimit >> 20) + " MiB free)");
  }
  // "x'" + hex(key) [+ hex(salt)] + "'" built inside secure memory.
  size_t hex_len = 64 + (with_salt ? 32 : 0);
  SecureBytes out(hex_len + 3);
  char* o = reinterpret_cast<char*>(out.data());
  o[0] = 'x';
  o[1] = '\'';
  sodium_bin2hex(o + 2, 65, key.data(), 32);
  if (with_salt) {
    sodium_bin2hex(o + 2 + 64, 33, reinterpret_cast<const unsigned char*>(salt.data()), kSaltBytes);
  }
  o[2 + hex_len] = '\'';
  *sql = std::move(out);
  return Status::Ok();
}

Result<std::string> ReadSalt(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NotFound(path + ": no such workspace file");
  char buf[kSaltBytes];
  ssize_t n = ::read(fd, buf, kSaltBytes);
  ::close(fd);
  if (n != static_cast<ssize_t>(kSaltBytes))
    return Status::WrongKey("wrong passphrase or not a Canvass file (" + path + " is too short)");
  return std::string(buf, kSaltBytes);
}

// Sets and reads back the settings every connection must have; fails closed.
Status ConfigureConnection(Db* db) {
  auto ps = db->QueryInt("PRAGMA cipher_page_size");
  if (!ps.ok() || *ps != 4096) return Status::Internal("SQLCipher did not accept the page size");
  auto cv = db->QueryText("PRAGMA cipher_version");
  if (!cv.ok() || cv->empty())
    return Status::Internal("this build is not using SQLCipher (PRAGMA cipher_version gave no answer); refusing to write data in clear");
  CANVASS_RETURN_IF_ERROR(db->Exec(
      "PRAGMA temp_store=MEMORY; PRAGMA secure_delete=ON; PRAGMA foreign_keys=ON;"
      "PRAGMA cell_size_check=ON; PRAGMA mmap_size=0; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;"));
  auto mode = db->QueryText("PRAGMA journal_mode=WAL");
  if (!mode.ok()) return mode.status();
  if (*mode != "wal") return Status::IOError("cannot switch the workspace to WAL mode (got " + *mode + ")");
  auto ts = db->QueryInt("PRAGMA temp_store");
  auto fk = db->QueryInt("PRAGMA foreign_keys");
  auto sd = db->QueryInt("PRAGMA secure_delete");
  if (!ts.ok() || *ts != 2 || !fk.ok() || *fk != 1 || !sd.ok() || *sd != 1)
    return Status::Internal("SQLCipher did not accept the required settings (temp_store, foreign_keys, secure_delete)");
  return Status::Ok();
}

}  // namespace

const KdfProfile& ProfileForNewFiles() { return NewFilesUseTestProfile() ? kTestFast : kModerate; }

bool NewFilesUseTestProfile() {
  const char* env = std::getenv("CANVASS_KDF_PROFILE");
  return env && std::strcmp(env, "test-fast") == 0;
}

std::string KdfProfileNote(const std::string& program) {
  const char* env = std::getenv("CANVASS_KDF_PROFILE");
  if (!env) return "";
  if (NewFilesUseTestProfile())
    return program + ": warning: CANVASS_KDF_PROFILE=test-fast is set: workspaces and kits made now are " + kTestOnlyWords +
           " (a cheap key derivation: 1 pass over 8 MiB instead of 3 over 256 MiB). It is for test suites; unset it for real use.";
  return program + ": warning: CANVASS_KDF_PROFILE=\"" + std::string(env).substr(0, 40) +
         "\" is not a known setting and is ignored; new files get the normal key protection.";
}

KeyProtection KeyProtectionOfFile(const std::string& path) {
  auto salt = ReadSalt(path);
  if (!salt.ok()) return KeyProtection::kUnknown;
  const KdfProfile* p = ProfileById(static_cast<unsigned char>((*salt)[kSaltBytes - 1]));
  if (!p) return KeyProtection::kUnknown;
  return p == &kTestFast ? KeyProtection::kTestOnly : KeyProtection::kNormal;
}

const KdfProfile* ProfileById(unsigned char id) {
  if (id == kModerate.id) return &kModerate;
  if (id == kTestFast.id) return &kTestFast;
  return nullptr;
}

Status CheckNewPassphrase(std::string_view p) {
  size_t chars = 0;
  for (unsigned char c : p)
    if ((c & 0xC0) != 0x80) ++chars;  // count code points, not bytes
  if (chars < 12)
    return Status::InvalidArgument("the passphrase is too short: use at least 12 characters (a few words is easiest to remember)");
  if (p.size() > 1024) return Status::InvalidArgument("the passphrase is longer than 1024 bytes");
  if (p.find('\0') != std::string_view::npos) return Status::InvalidArgument("the passphrase contains a NUL byte");
  return Status::Ok();
}

Status CreateKeyed(Db* db, const std::string& path, std::string_view passphrase) {
  CANVASS_RETURN_IF_ERROR(CheckNewPassphrase(passphrase));
  if (core::FileExists(path)) return Status::AlreadyExists(path + ": file exists; choose a new file name");
  const KdfProfile& p = ProfileForNewFiles();
  std::string salt = core::RandomBytes(kSaltBytes);
  salt[kSaltBytes - 1] = static_cast<char>(p.id);
  SecureBytes key_sql;
  CANVASS_RETURN_IF_ERROR(DeriveKeySql(passphrase, salt, p, /*with_salt=*/true, &key_sql));
  // Create the file ourselves, 0600 and exclusive, so it is never world-readable.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Status::IOError(path + ": cannot create: " + std::strerror(errno));
  ::close(fd);
  Status st = db->Open(path, SQLITE_OPEN_READWRITE);
  if (st.ok()) st = db->Key(key_sql.view());
  if (st.ok()) st = db->Exec(kPageSizePragma);
  if (st.ok()) st = db->Exec("SELECT count(*) FROM sqlite_master");
  if (st.ok()) st = ConfigureConnection(db);
  if (!st.ok()) {
    db->Close();
    ::unlink(path.c_str());
    ::unlink((path + "-wal").c_str());
    ::unlink((path + "-shm").c_str());
  }
  return st;
}

Status OpenKeyed(Db* db, const std::string& path, std::string_view passphrase) {
  CANVASS_ASSIGN_OR_RETURN(std::string salt, ReadSalt(path));
  const KdfProfile* p = ProfileById(static_cast<unsigned char>(salt[kSaltBytes - 1]));
  if (!p) return Status::WrongKey("wrong passphrase or not a Canvass file");
  SecureBytes key_sql;
  CANVASS_RETURN_IF_ERROR(DeriveKeySql(passphrase, salt, *p, /*with_salt=*/false, &key_sql));
  CANVASS_RETURN_IF_ERROR(db->Open(path, SQLITE_OPEN_READWRITE));
  Status st = db->Key(key_sql.view());
  if (st.ok()) st = db->Exec(kPageSizePragma);
  if (st.ok()) st = db->Exec("SELECT count(*) FROM sqlite_master");
  if (st.ok()) st = ConfigureConnection(db);
  if (!st.ok()) db->Close();
  return st;
}

Status RekeyFile(const std::string& path, std::string_view old_pass, std::string_view new_pass) {
  CANVASS_RETURN_IF_ERROR(CheckNewPassphrase(new_pass));
  CANVASS_ASSIGN_OR_RETURN(std::string salt, ReadSalt(path));
  const KdfProfile* p = ProfileById(static_cast<unsigned char>(salt[kSaltBytes - 1]));
  if (!p) return Status::WrongKey("wrong passphrase or not a Canvass file");
  {
    Db db;
    CANVASS_RETURN_IF_ERROR(OpenKeyed(&db, path, old_pass));
    SecureBytes new_sql;
    CANVASS_RETURN_IF_ERROR(DeriveKeySql(new_pass, salt, *p, /*with_salt=*/false, &new_sql));
    // sqlite3_rekey returns SQLITE_OK even when it failed (SECURITY.md §1.5): never use this
    // connection again after it; close and verify from a fresh one.
    (void)sqlite3_rekey(db.raw(), new_sql.data(), static_cast<int>(new_sql.size()));
    db.Close();
  }
  Db check;
  Status st = OpenKeyed(&check, path, new_pass);
  if (st.ok()) {
    auto ic = check.QueryText("PRAGMA integrity_check");
    if (!ic.ok() || *ic != "ok") st = Status::Corruption("integrity check failed after the passphrase change");
  }
  check.Close();
  if (!st.ok()) {
    Db old;
    if (OpenKeyed(&old, path, old_pass).ok())
      return Status::IOError("the passphrase could not be changed (" + st.message() + "); the old passphrase still opens the workspace");
    return st;
  }
  Db old;
  if (OpenKeyed(&old, path, old_pass).ok())
    return Status::Internal("the old passphrase still opens the workspace after the change");
  return Status::Ok();
}

std::string ProfileNameOfFile(const std::string& path) {
  auto salt = ReadSalt(path);
  if (!salt.ok()) return "";
  const KdfProfile* p = ProfileById(static_cast<unsigned char>((*salt)[kSaltBytes - 1]));
  return p ? p->name : "";
}

}  // namespace canvass::storage
