// canvass-cli end to end, through the real executable: exit codes, JSON output, bad input
// rejected with a one-line error and no change on disk, nothing in clear on disk.
#include <catch2/catch.hpp>

#include <regex>

#include "core/file_util.h"
#include "core/value.h"
#include "test_support.h"

using canvass::testing::Run;
using canvass::testing::TempDir;

namespace {

struct Cli {
  TempDir dir;
  std::string pass_file;
  Cli() {
    pass_file = dir.File("pass.txt");
    canvass::testing::WriteAll(pass_file, "correct horse battery staple\n");
  }
  int operator()(const std::string& args, std::string* out = nullptr) const {
    std::string o;
    int rc = Run(std::string(CANVASS_CLI) + " " + args, &o);
    if (out) *out = o;
    return rc;
  }
  std::string P() const { return " --passphrase-file " + pass_file; }
  std::string W() const { return dir.File("w.canvass"); }
  void Init() const { REQUIRE((*this)("init " + W() + " --role central --name \"Test TF\"" + P()) == 0); }
  std::string Digest() const {
    std::string out;
    REQUIRE((*this)("digest " + W() + P(), &out) == 0);
    return out;
  }
  std::string WriteJson(const std::string& name, const std::string& text) const {
    std::string f = dir.File(name);
    canvass::testing::WriteAll(f, text);
    return f;
  }
};

bool OneLineError(const std::string& out) {
  return out.find("canvass-cli: error: ") == 0 && std::count(out.begin(), out.end(), '\n') == 1;
}

}  // namespace

TEST_CASE("version, help and usage errors") {
  Cli cli;
  std::string out;
  CHECK(cli("--version", &out) == 0);
  CHECK(out.find("canvass-cli ") == 0);
  CHECK(cli("--help", &out) == 0);
  CHECK(out.find("interview add") != std::string::npos);
  CHECK(cli("interview add --help", &out) == 0);
  CHECK(out.find("ANSWERS.json") != std::string::npos);
  CHECK(cli("frobnicate", &out) == 2);
  CHECK(cli("init", &out) == 2);
  CHECK(cli("forms list a b c", &out) == 2);
  CHECK(cli("forms list x --bogus", &out) == 2);
  CHECK(cli("init x.canvass --role boss --name n" + cli.P(), &out) == 2);
  // An option where a value belongs is a forgotten value, not a file named "--json" (issue 18).
  CHECK(cli("sync export " + cli.W() + " --out --json" + cli.P(), &out) == 2);
  CHECK(out.find("--out needs a value, but the next word is the option --json") != std::string::npos);
  CHECK(cli("init " + cli.W() + " --role central --name --json" + cli.P(), &out) == 2);
  CHECK_FALSE(canvass::core::FileExists(cli.W()));
  CHECK_FALSE(canvass::core::FileExists("--json"));
}

TEST_CASE("wrong passphrase exits 3 and leaves the file as it was") {
  Cli cli;
  cli.Init();
  std::string before = canvass::testing::ReadAll(cli.W());
  std::string wrong = cli.WriteJson("wrong.txt", "nope nope nope nope\n");
  std::string out;
  CHECK(cli("interview list " + cli.W() + " --passphrase-file " + wrong, &out) == 3);
  CHECK(OneLineError(out));
  CHECK(out.find("wrong passphrase or not a Canvass file") != std::string::npos);
  CHECK(canvass::testing::ReadAll(cli.W()) == before);
  // The environment variable works too.
  CHECK(cli("digest " + cli.W() + " </dev/null", &out) == 1);  // no passphrase, no terminal
  CHECK(Run("CANVASS_PASSPHRASE='correct horse battery staple' " + std::string(CANVASS_CLI) + " digest " + cli.W(), &out) == 0);
}

TEST_CASE("forms list and show --json describe every protocol") {
  Cli cli;
  cli.Init();
  std::string out;
  REQUIRE(cli("forms list " + cli.W() + " --json" + cli.P(), &out) == 0);
  auto doc = canvass::core::ParseJson(out, "forms list");
  REQUIRE(doc.ok());
  const auto& forms = doc->Find("forms")->as_array();
  CHECK(forms.size() >= 7);
  for (const auto& f : forms) {
    std::string id = f.Find("id")->as_string();
    REQUIRE(cli("forms show " + cli.W() + " " + id + " --json" + cli.P(), &out) == 0);
    auto form = canvass::core::ParseJson(out, id);
    REQUIRE(form.ok());
    CHECK(form->Find("sections")->as_array().size() >= 1);
  }
  CHECK(cli("forms show " + cli.W() + " no_such_form" + cli.P(), &out) == 1);
  CHECK(OneLineError(out));
}

TEST_CASE("forms check reports the position of the mistake") {
  Cli cli;
  std::string out;
  std::string bad = cli.WriteJson("bad.json", "{\n  \"canvass_form\": 1,\n  \"id\": \"x\",\n  oops\n}\n");
  CHECK(cli("forms check " + bad, &out) == 1);
  CHECK(out.find("bad.json:4:") != std::string::npos);
  CHECK(OneLineError(out));
  std::string sem = cli.WriteJson("sem.json", R"({"canvass_form":1,"id":"x","version":1,"title":{"en":"X"},"languages":["en"],
    "sections":[{"id":"s","title":{"en":"S"},"questions":[{"id":"q","type":"multi","label":{"en":"Q"}}]}]})");
  CHECK(cli("forms check " + sem, &out) == 1);
  CHECK(out.find("$.sections[0].questions[0].type") != std::string::npos);
  std::string built = std::string(CANVASS_SOURCE_DIR) + "/forms/protocols/community_member.json";
  CHECK(cli("forms check " + built, &out) == 0);
}

TEST_CASE("areas import from the gazetteer and a CSV - bad tables change nothing") {
  Cli cli;
  cli.Init();
  std::string out;
  std::string gaz = std::string(CANVASS_SOURCE_DIR) + "/app/demo/gazetteer_2016_tx_counties.tsv";
  REQUIRE(cli("areas import " + cli.W() + " " + gaz + cli.P(), &out) == 0);
  CHECK(out.find("254 added") != std::string::npos);
  REQUIRE(cli("areas list " + cli.W() + " --json" + cli.P(), &out) == 0);
  CHECK(out.find("\"48163\"") != std::string::npos);
  CHECK(out.find("Frio County") != std::string::npos);
  // Excel stripped the zero of Autauga County: restored as text.
  std::string csv = cli.WriteJson("a.csv", "FIPS,County\r\n1001,Autauga County\r\n");
  REQUIRE(cli("areas import " + cli.W() + " " + csv + " --id-column FIPS --name-column County --level county" + cli.P(), &out) == 0);
  REQUIRE(cli("areas list " + cli.W() + cli.P(), &out) == 0);
  CHECK(out.find("01001") != std::string::npos);
  std::string d = cli.Digest();
  std::string broken = cli.WriteJson("b.csv", "GEOID,NAME\n48001,\"Anderson\n");
  CHECK(cli("areas import " + cli.W() + " " + broken + cli.P(), &out) == 1);
  CHECK(OneLineError(out));
  std::string dup = cli.WriteJson("d.csv", "GEOID,NAME\n48001,A\n48001,B\n");
  CHECK(cli("areas import " + cli.W() + " " + dup + cli.P(), &out) == 1);
  CHECK(cli.Digest() == d);
}

TEST_CASE("interview add validates - rejected input leaves the digest unchanged") {
  Cli cli;
  cli.Init();
  std::string out;
  std::string d = cli.Digest();
  struct Bad { const char* json; const char* expect; };
  const Bad cases[] = {
      {"{\"broken\": ", "invalid JSON"},
      {"[1,2]", "one JSON object"},
      {"{\"consent\": true, \"ghost\": 1}", "ghost"},
      {"{\"consent\": \"yes\"}", "consent"},
      {"{\"consent\": null}", "null"},
  };
  for (const auto& b : cases) {
    std::string f = cli.WriteJson("bad.json", b.json);
    CHECK(cli("interview add " + cli.W() + " --form community_member --answers " + f + cli.P(), &out) == 1);
    CHECK(out.find(b.expect) != std::string::npos);
    CHECK(OneLineError(out));
  }
  std::string good = cli.WriteJson("good.json", "{\"consent\": true}");
  CHECK(cli("interview add " + cli.W() + " --form no_such --answers " + good + cli.P(), &out) == 1);
  CHECK(cli("interview add " + cli.W() + " --form community_member --answers " + good + " --final" + cli.P(), &out) == 1);
  CHECK(out.find("required") != std::string::npos);
  CHECK(cli.Digest() == d);
  REQUIRE(cli("interview add " + cli.W() + " --form community_member --answers " + good + " --json" + cli.P(), &out) == 0);
  auto doc = canvass::core::ParseJson(out, "add");
  REQUIRE(doc.ok());
  std::string uuid = doc->Find("uuid")->as_string();
  CHECK(cli.Digest() != d);
  REQUIRE(cli("interview show " + cli.W() + " " + uuid + " --json" + cli.P(), &out) == 0);
  auto show = canvass::core::ParseJson(out, "show");
  REQUIRE(show.ok());
  CHECK(show->Find("status")->as_string() == "draft");
  CHECK(*show->Find("answers")->Find("consent") == canvass::core::Value(true));
  CHECK(cli("interview show " + cli.W() + " 00000000-0000-4000-8000-000000000000" + cli.P(), &out) == 1);
  CHECK(cli("interview finalize " + cli.W() + " " + uuid + cli.P(), &out) == 1);
  CHECK(cli("check " + cli.W() + cli.P(), &out) == 0);
}

TEST_CASE("check and passwd through the CLI - truncated files fail cleanly") {
  Cli cli;
  cli.Init();
  std::string out;
  REQUIRE(cli("check " + cli.W() + " --json" + cli.P(), &out) == 0);
  auto rep = canvass::core::ParseJson(out, "check");
  REQUIRE(rep.ok());
  CHECK(*rep->Find("ok") == canvass::core::Value(true));
  CHECK(rep->Find("cipher_version")->as_string() == "3.4.1");
  std::string np = cli.WriteJson("new.txt", "a different passphrase here\n");
  std::string shortp = cli.WriteJson("short.txt", "short\n");
  CHECK(cli("passwd " + cli.W() + " --new-passphrase-file " + shortp + cli.P(), &out) == 1);
  REQUIRE(cli("passwd " + cli.W() + " --new-passphrase-file " + np + cli.P(), &out) == 0);
  CHECK(cli("digest " + cli.W() + cli.P(), &out) == 3);
  CHECK(cli("digest " + cli.W() + " --passphrase-file " + np, &out) == 0);
  std::string bytes = canvass::testing::ReadAll(cli.W());
  std::string cut = cli.dir.File("cut.canvass");
  canvass::testing::WriteAll(cut, bytes.substr(0, bytes.size() / 3));
  int rc = cli("check " + cut + " --passphrase-file " + np, &out);
  CHECK((rc == 1 || rc == 3));
  CHECK(out.find("canvass-cli: error: ") != std::string::npos);
}

TEST_CASE("demo workspace builds, checks out, and stores nothing in clear") {
  Cli cli;
  std::string out;
  std::string demo = cli.dir.File("demo");
  REQUIRE(cli("demo " + demo, &out) == 0);
  std::string p = " --passphrase-file " + demo + "/demo-passphrase.txt";
  REQUIRE(cli("check " + demo + "/demo.canvass" + p, &out) == 0);
  REQUIRE(cli("interview list " + demo + "/demo.canvass --json" + p, &out) == 0);
  auto doc = canvass::core::ParseJson(out, "list");
  REQUIRE(doc.ok());
  CHECK(doc->Find("interviews")->as_array().size() == 79);  // 60 synthetic + 6 agencies x 3 years + 1 sheet entered twice
  // A phrase from the synthetic narratives must not be readable in any file.
  CHECK(canvass::testing::FilesContaining(demo, "crew leader holds their passports").empty());
  CHECK(cli("demo " + demo, &out) == 1);  // refuses to overwrite
}

TEST_CASE("sync import: a damaged copy of an imported bundle exits 1, says damaged, and changes nothing") {
  Cli cli;
  cli.Init();
  std::string out, dir = cli.dir.path() + "/";
  REQUIRE(cli("device enroll " + cli.W() + " --device-name L1 --out " + dir + "l1.cvkit --code-file " + dir + "l1.code" + cli.P()) == 0);
  REQUIRE(cli("device join " + dir + "f.canvass --kit " + dir + "l1.cvkit --code-file " + dir + "l1.code" + cli.P()) == 0);
  std::string good = cli.WriteJson("good.json", "{\"consent\": true}");
  REQUIRE(cli("interview add " + dir + "f.canvass --form community_member --answers " + good + cli.P()) == 0);
  REQUIRE(cli("sync export " + dir + "f.canvass --out " + dir + "b.cvbundle" + cli.P()) == 0);
  REQUIRE(cli("sync import " + cli.W() + " " + dir + "b.cvbundle" + cli.P(), &out) == 0);
  const std::string d = cli.Digest();
  REQUIRE(cli("sync import " + cli.W() + " " + dir + "b.cvbundle" + cli.P(), &out) == 0);
  CHECK(out.find("already imported") != std::string::npos);
  const std::string bytes = canvass::testing::ReadAll(dir + "b.cvbundle");
  std::vector<std::string> copies;
  for (size_t at : {size_t{3}, bytes.size() / 2, bytes.size() - 2}) {
    std::string c = bytes;
    c[at] = static_cast<char>(c[at] ^ 0x04);
    copies.push_back(c);
  }
  copies.push_back(bytes.substr(0, bytes.size() - 1));
  copies.push_back(bytes.substr(0, bytes.size() / 3));
  copies.push_back(bytes + "junk");
  for (size_t i = 0; i < copies.size(); ++i) {
    INFO("copy " << i);
    canvass::testing::WriteAll(dir + "x.cvbundle", copies[i]);
    CHECK(cli("sync import " + cli.W() + " " + dir + "x.cvbundle" + cli.P(), &out) == 1);
    INFO(out);
    CHECK(OneLineError(out));
    CHECK(out.find("damaged") != std::string::npos);
    CHECK(out.find("already imported") == std::string::npos);
    CHECK(cli.Digest() == d);
  }
}

TEST_CASE("device enroll: when the code file exists nothing is enrolled and nothing is written") {
  Cli cli;
  cli.Init();
  std::string out, dir = cli.dir.path() + "/";
  std::string devices_before, audit_before;
  REQUIRE(cli("device list " + cli.W() + " --json" + cli.P(), &devices_before) == 0);
  REQUIRE(cli("audit " + cli.W() + " --json" + cli.P(), &audit_before) == 0);
  canvass::testing::WriteAll(dir + "l1.code", "keep me\n");
  CHECK(cli("device enroll " + cli.W() + " --device-name L1 --out " + dir + "l1.cvkit --code-file " + dir + "l1.code" + cli.P(), &out) == 1);
  INFO(out);
  CHECK(OneLineError(out));
  CHECK(out.find("file exists") != std::string::npos);
  CHECK(out.find("nothing was enrolled") != std::string::npos);
  CHECK_FALSE(canvass::core::FileExists(dir + "l1.cvkit"));
  CHECK(canvass::testing::ReadAll(dir + "l1.code") == "keep me\n");
  std::string devices_after, audit_after;
  REQUIRE(cli("device list " + cli.W() + " --json" + cli.P(), &devices_after) == 0);
  REQUIRE(cli("audit " + cli.W() + " --json" + cli.P(), &audit_after) == 0);
  CHECK(devices_after == devices_before);
  CHECK(audit_after == audit_before);
  // The same name then enrolls (it was never left active).
  CHECK(cli("device enroll " + cli.W() + " --device-name L1 --out " + dir + "l1.cvkit --code-file " + dir + "l1b.code" + cli.P()) == 0);
}

TEST_CASE("sync export: nothing to send writes nothing unless --allow-empty, a resend says so") {
  Cli cli;
  cli.Init();
  std::string out, dir = cli.dir.path() + "/";
  REQUIRE(cli("device enroll " + cli.W() + " --device-name L1 --out " + dir + "l1.cvkit --code-file " + dir + "l1.code" + cli.P()) == 0);
  REQUIRE(cli("device join " + dir + "f.canvass --kit " + dir + "l1.cvkit --code-file " + dir + "l1.code" + cli.P()) == 0);
  CHECK(cli("sync export " + dir + "f.canvass --out " + dir + "b0.cvbundle" + cli.P(), &out) == 0);
  CHECK(out.rfind("Nothing to send: ", 0) == 0);
  CHECK_FALSE(canvass::core::FileExists(dir + "b0.cvbundle"));
  CHECK(cli("sync export " + dir + "f.canvass --out " + dir + "b0.cvbundle --json" + cli.P(), &out) == 0);
  auto ex = canvass::core::ParseJson(out, "export");
  REQUIRE(ex.ok());
  REQUIRE(ex->Find("nothing_to_send") != nullptr);
  CHECK(ex->Find("nothing_to_send")->as_bool());
  CHECK(cli("sync export " + dir + "f.canvass --out " + dir + "b1.cvbundle --allow-empty" + cli.P(), &out) == 0);
  CHECK(out.find("bundle #1, 0 interviews") != std::string::npos);
  CHECK(canvass::core::FileExists(dir + "b1.cvbundle"));
  std::string good = cli.WriteJson("good.json", "{\"consent\": true}");
  REQUIRE(cli("interview add " + dir + "f.canvass --form community_member --answers " + good + cli.P()) == 0);
  CHECK(cli("sync export " + dir + "f.canvass --out " + dir + "b2.cvbundle" + cli.P(), &out) == 0);
  CHECK(out.rfind("Wrote ", 0) == 0);
  CHECK(out.find("bundle #2, 1 interviews") != std::string::npos);
  CHECK(cli("sync export " + dir + "f.canvass --out " + dir + "b3.cvbundle" + cli.P(), &out) == 0);
  CHECK(out.rfind("Resending 1 interview not yet acknowledged by the coordinator.\n", 0) == 0);
  CHECK(out.find("bundle #3") != std::string::npos);
}
