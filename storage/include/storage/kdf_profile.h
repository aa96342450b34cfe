// Which key-derivation profile protects a workspace (docs/security.md, "The test profile").
//
// New files get Argon2id MODERATE (3 passes, 256 MiB). With the environment variable
// CANVASS_KDF_PROFILE=test-fast they get a cheap profile (1 pass, 8 MiB) instead, so that test
// suites and fuzzers run fast: such a file is "test only — not protected". A file records its
// profile in the last byte of its (plain) salt, so it can be told without the passphrase; a kit
// records its cost in its plain header (sync::KitIsTestOnly).
#pragma once

#include <string>

namespace canvass::storage {

// The words every screen and command uses for a file made with the cheap profile.
inline constexpr const char* kTestOnlyWords = "test only \xe2\x80\x94 not protected";

// True when CANVASS_KDF_PROFILE=test-fast is set: new workspaces and kits made by this
// process get the cheap profile.
bool NewFilesUseTestProfile();

// The note a program prints on stderr once at start when CANVASS_KDF_PROFILE is set ("" when
// it is not): what the variable does, or that an unknown value is ignored.
std::string KdfProfileNote(const std::string& program);

enum class KeyProtection {
  kNormal,    // Argon2id MODERATE
  kTestOnly,  // the cheap test profile: test only — not protected
  kUnknown,   // not readable, or not a Canvass file (no key needed to tell)
};
// Reads the file's profile from its first 16 bytes (no passphrase needed).
KeyProtection KeyProtectionOfFile(const std::string& path);

}  // namespace canvass::storage
