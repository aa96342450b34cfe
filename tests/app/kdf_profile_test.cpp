// The cheap test key profile (storage/kdf_profile.h) through the real canvass-cli: every
// command run under CANVASS_KDF_PROFILE=test-fast says so once on stderr; `check`, `check
// --json` and `digest` flag a file made with it as "test only — not protected"; a kit made with
// it says so at join; without the variable none of this appears and the file is protected.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/value.h"
#include "test_support.h"

using canvass::testing::RunKeepingKdfWarnings;
using canvass::testing::TempDir;

namespace {

const std::string kTestOnly = "test only \xe2\x80\x94 not protected";

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

struct Cli {
  TempDir dir;
  std::string pass_file = dir.File("pass.txt");
  Cli() { canvass::testing::WriteAll(pass_file, "correct horse battery staple\n"); }
  // `env` goes before the binary: "" keeps the suite's CANVASS_KDF_PROFILE=test-fast.
  // `redirect` (e.g. "2>/dev/null") applies inside; what is left of stdout+stderr is returned.
  int Run(const std::string& env, const std::string& args, std::string* out, const std::string& redirect = "") const {
    return RunKeepingKdfWarnings("( " + env + " " + CANVASS_CLI + " " + args + " --passphrase-file " + pass_file + " " + redirect + " )",
                                 out);
  }
};

constexpr const char* kNormal = "env -u CANVASS_KDF_PROFILE";

static bool TestOnlyFlag(const canvass::core::Value& doc) {
  const canvass::core::Value* f = doc.Find("test_only_key");
  REQUIRE(f != nullptr);
  return f->as_bool();
}

}  // namespace

TEST_CASE("test-fast: every command says so once, and check, check --json and digest flag the file", "[cli][kdf]") {
  Cli cli;
  const std::string w = cli.dir.File("fast.canvass");
  std::string out;
  REQUIRE(cli.Run("", "init " + w + " --role central --name TF", &out) == 0);
  CHECK(Count(out, "canvass-cli: warning: CANVASS_KDF_PROFILE=test-fast is set") == 1);
  CHECK(Count(out, kTestOnly) == 1);

  REQUIRE(cli.Run("", "check " + w + " --json", &out) == 0);
  auto note_end = out.find('\n');
  REQUIRE(note_end != std::string::npos);
  CHECK(out.substr(0, note_end).find("CANVASS_KDF_PROFILE=test-fast") != std::string::npos);
  auto doc = canvass::core::ParseJson(out.substr(note_end + 1), "check --json");
  REQUIRE(doc.ok());
  CHECK(TestOnlyFlag(*doc));
  bool warned = false;
  for (const auto& wv : doc->Find("warnings")->as_array()) warned |= wv.as_string().rfind(kTestOnly, 0) == 0;
  CHECK(warned);

  REQUIRE(cli.Run("", "check " + w, &out) == 0);
  CHECK(out.find("TEST ONLY \xe2\x80\x94 NOT PROTECTED") != std::string::npos);
  CHECK(out.find("warning: " + kTestOnly) != std::string::npos);

  // digest: stdout stays the digest alone; the flag goes to stderr.
  REQUIRE(cli.Run("", "digest " + w, &out, "2>/dev/null") == 0);
  CHECK(out.size() == 65);
  REQUIRE(cli.Run("", "digest " + w, &out, "2>&1 >/dev/null") == 0);
  CHECK(out.find(w + " is " + kTestOnly) != std::string::npos);
  REQUIRE(cli.Run("", "digest " + w + " --json", &out, "2>/dev/null") == 0);
  auto dj = canvass::core::ParseJson(out, "digest --json");
  REQUIRE(dj.ok());
  CHECK(TestOnlyFlag(*dj));

  // A kit sealed under the test profile says so at join (even when the laptop's run is normal).
  const std::string kit = cli.dir.File("l.cvkit"), code = cli.dir.File("code.txt");
  REQUIRE(cli.Run("", "device enroll " + w + " --device-name L --out " + kit + " --code-file " + code, &out) == 0);
  REQUIRE(cli.Run(kNormal, "device join " + cli.dir.File("field.canvass") + " --kit " + kit + " --code-file " + code, &out) == 0);
  CHECK(out.find("the kit " + kit + " is " + kTestOnly) != std::string::npos);
  CHECK(out.find("CANVASS_KDF_PROFILE=test-fast is set") == std::string::npos);  // this run was normal
}

TEST_CASE("without the variable: no note, the file and its kits are protected", "[cli][kdf]") {
  Cli cli;
  const std::string w = cli.dir.File("real.canvass");
  std::string out;
  REQUIRE(cli.Run(kNormal, "init " + w + " --role central --name TF", &out) == 0);
  CHECK(out.find("warning") == std::string::npos);
  REQUIRE(cli.Run(kNormal, "check " + w + " --json", &out) == 0);
  auto doc = canvass::core::ParseJson(out, "check --json");
  REQUIRE(doc.ok());
  CHECK_FALSE(TestOnlyFlag(*doc));
  CHECK(doc->Find("kdf_profile")->as_string().rfind("argon2id-moderate", 0) == 0);
  CHECK(doc->Find("warnings")->as_array().empty());
  // Opened by a run under the variable, the file still reads as protected: the flag is the file's.
  REQUIRE(cli.Run("", "digest " + w, &out, "2>&1 >/dev/null") == 0);
  CHECK(out.find(w + " is " + kTestOnly) == std::string::npos);
  CHECK(Count(out, "CANVASS_KDF_PROFILE=test-fast is set") == 1);
  const std::string kit = cli.dir.File("l.cvkit"), code = cli.dir.File("code.txt");
  REQUIRE(cli.Run(kNormal, "device enroll " + w + " --device-name L --out " + kit + " --code-file " + code, &out) == 0);
  REQUIRE(cli.Run("", "device join " + cli.dir.File("field.canvass") + " --kit " + kit + " --code-file " + code, &out) == 0);
  CHECK(out.find("the kit") == std::string::npos);
  // An unknown value is named and ignored: the file gets the normal profile.
  REQUIRE(cli.Run("CANVASS_KDF_PROFILE=fast", "init " + cli.dir.File("b.canvass") + " --role central --name TF", &out) == 0);
  CHECK(out.find("CANVASS_KDF_PROFILE=\"fast\" is not a known setting and is ignored") != std::string::npos);
  REQUIRE(cli.Run(kNormal, "check " + cli.dir.File("b.canvass") + " --json", &out) == 0);
  auto b = canvass::core::ParseJson(out, "check --json");
  REQUIRE(b.ok());
  CHECK_FALSE(TestOnlyFlag(*b));
}
