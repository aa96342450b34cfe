// Opening a workspace file under a key derived from a passphrase with Argon2id.
//
// Where things live (docs/security.md repeats this):
//  * The 16-byte Argon2id salt is SQLCipher's own file salt: bytes 0–15 of the file,
//    which SQLCipher keeps in clear anyway. No sidecar file.
//  * The last salt byte names the KDF profile (parameters) the file was made with, so
//    parameters can change in a later version without guessing; 120 bits stay random.
//  * The 32-byte key goes to SQLCipher as a raw key (x'…'), skipping its PBKDF2-SHA1.
#pragma once

#include <string>
#include <string_view>

#include "core/crypto_util.h"
#include "core/status.h"
#include "db.h"

namespace canvass::storage {

struct KdfProfile {
  unsigned char id;
  unsigned long long opslimit;
  size_t memlimit;
  const char* name;
};

// The profile for new files: MODERATE by default; CANVASS_KDF_PROFILE=test-fast selects
// a cheap profile for test suites (storage/kdf_profile.h: such files are "test only — not
// protected", and `check`, `digest` and the desktop app's unlock screen say so).
const KdfProfile& ProfileForNewFiles();
const KdfProfile* ProfileById(unsigned char id);

core::Status CheckNewPassphrase(std::string_view passphrase);

// Creates a new keyed database at `path` (must not exist). Sets the per-connection pragmas.
core::Status CreateKeyed(Db* db, const std::string& path, std::string_view passphrase);
// Opens an existing keyed database; WrongKey on a wrong passphrase or a non-Canvass file.
core::Status OpenKeyed(Db* db, const std::string& path, std::string_view passphrase);
// Rekeys in place (same salt and profile), closes, reopens with the new passphrase and
// verifies; on any failure the file still opens with the old passphrase.
core::Status RekeyFile(const std::string& path, std::string_view old_pass, std::string_view new_pass);

// Reads the KDF profile name of a file without the key ("" if unknown).
std::string ProfileNameOfFile(const std::string& path);

}  // namespace canvass::storage
