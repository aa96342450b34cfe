// canvass-cli coding verbs end to end, through the real executable: a central and two enrolled
// reviewer laptops code the same answers, bundles merge at the central, agreement --json has
// the hand-computed figures, qdpx export validates (xmllint) and imports back, codebook verbs,
// exit codes and one-line errors; an export imported on both laptops and relayed back stays single.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/value.h"
#include "test_support.h"

using canvass::core::Value;
using canvass::testing::Run;

namespace {

struct Cli {
  canvass::testing::TempDir dir;
  std::string pass;
  Cli() {
    pass = dir.File("pass.txt");
    canvass::testing::WriteAll(pass, "correct horse battery staple\n");
  }
  int operator()(const std::string& args, std::string* out = nullptr) const {
    std::string o;
    int rc = Run("cd " + dir.path() + " && " + CANVASS_CLI + " " + args, &o);
    if (out) *out = o;
    return rc;
  }
  // Runs a verb that must succeed on a workspace; returns its output.
  std::string Ok(const std::string& args) const {
    std::string out;
    int rc = (*this)(args + " --passphrase-file " + pass, &out);
    INFO(args << "\n" << out);
    REQUIRE(rc == 0);
    return out;
  }
  Value Json(const std::string& args) const {
    std::string out = Ok(args + " --json");
    auto v = canvass::core::ParseJson(out, "cli output");
    INFO(out);
    REQUIRE(v.ok());
    return *v;
  }
};

std::string AddInterview(const Cli& cli, const std::string& text) {
  canvass::testing::WriteAll(cli.dir.File("a.json"), "{\"consent\": true, \"anything_else\": \"" + text + "\"}");
  return cli.Json("interview add c.canvass --form community_member --answers a.json").Find("uuid")->as_string();
}

double Num(const Value& v, const char* key) {
  const Value* f = v.Find(key);
  REQUIRE(f);
  REQUIRE(f->is_number());
  return f->as_number();
}

}  // namespace

TEST_CASE("cli: two reviewers code blind on two laptops, merge, agreement and qdpx", "[coding][cli]") {
  Cli cli;
  cli.Ok("init c.canvass --role central --name TF");
  std::string a1 = AddInterview(cli, "abcdefghijklmnopqrst"), a2 = AddInterview(cli, "uvwxyzABCD");
  for (const char* who : {"ana", "ben"}) {
    std::string w = who;
    cli.Ok("device enroll c.canvass --device-name " + w + " --out " + w + ".cvkit --code-file " + w + ".code");
    cli.Ok("device join " + w + ".canvass --kit " + w + ".cvkit --code-file " + w + ".code");
    cli.Ok("sync update-kit c.canvass --device " + w + " --out u-" + w + ".cvbundle --with-interviews");
    cli.Ok("sync import " + w + ".canvass u-" + w + ".cvbundle");
  }
  const std::string q = " --question anything_else --code Places";
  cli.Ok("code add ana.canvass --interview " + a1 + q + " --start 0 --end 10 --coder ana");
  cli.Ok("code add ben.canvass --interview " + a1 + q + " --start 5 --end 15 --coder ben");
  cli.Ok("code done ana.canvass --coder ana --all");
  cli.Ok("code done ben.canvass --coder ben --all");
  // Blind: ben's laptop holds none of ana's codings.
  CHECK(cli.Json("code list ben.canvass --coder ana").Find("codings")->as_array().empty());
  cli.Ok("sync export ana.canvass --out ana1.cvbundle");
  cli.Ok("sync export ben.canvass --out ben1.cvbundle");
  cli.Ok("sync import c.canvass ana1.cvbundle ben1.cvbundle");
  CHECK(cli.Json("code list c.canvass --coder ana").Find("codings")->as_array().size() == 1);
  CHECK(cli.Json("code list c.canvass --coder ben").Find("codings")->as_array().size() == 1);

  Value ag = cli.Json("agreement c.canvass --coders ana,ben");
  CHECK(Num(ag, "answers") == 2);
  const Value& pooled = *ag.Find("character")->Find("pooled");
  CHECK(Num(pooled, "units") == 30);
  CHECK(std::abs(Num(pooled, "percent_agreement") - 2.0 / 3.0) < 1e-9);
  CHECK(std::abs(Num(pooled, "cohen_kappa") - 0.25) < 1e-9);
  CHECK(std::abs(Num(pooled, "krippendorff_alpha") - 0.2625) < 1e-9);
  CHECK(std::abs(Num(*ag.Find("segment")->Find("pooled"), "cohen_kappa") - 1.0) < 1e-9);
  CHECK(ag.Find("disagreements")->as_array().size() == 2);
  std::string text = cli.Ok("agreement c.canvass --coders ana,ben --disagreements");
  CHECK(text.find("applied by ana, not by ben") != std::string::npos);

  // Consensus, counts, export and import.
  cli.Ok("code add c.canvass --interview " + a1 + q + " --start 0 --end 15 --coder consensus");
  Value counts = cli.Json("code counts c.canvass --basis consensus");
  REQUIRE(counts.Find("by_role")->as_array().size() == 1);
  CHECK(Num(counts.Find("by_role")->as_array()[0], "interviews") == 1);
  std::string out = cli.Ok("export qdpx c.canvass --out p.qdpx");
  CHECK(out.find("3 codings") != std::string::npos);
  cli.Ok("codebook export c.canvass cb.qdc");
  {  // xmllint and unzip are installed by scripts/deps.sh (checked by scripts/check-deps.sh)
    std::string log;
    CHECK(Run("cd " + cli.dir.path() + " && unzip -p p.qdpx project.qde > project.qde && xmllint --noout --schema " +
                  CANVASS_TEST_DATA "/refi-qda/Project-mrt.xsd project.qde",
              &log) == 0);
    CHECK(Run("xmllint --noout --schema " CANVASS_TEST_DATA "/refi-qda/Codebook.xsd " + cli.dir.File("cb.qdc"), &log) == 0);
  }
  Value imp = cli.Json("import qdpx ana.canvass p.qdpx");  // ana's laptop gets ben's and the consensus work
  CHECK(Num(imp, "codings_added") == 2);
  CHECK(Num(imp, "codings_known") == 1);
  CHECK(Num(cli.Json("import qdpx ana.canvass p.qdpx"), "codings_added") == 0);
  // Ben imports the same file; both laptops send their copies back: still one coding each,
  // no conflict (the imported codings are the central's own, by content).
  CHECK(Num(cli.Json("import qdpx ben.canvass p.qdpx"), "codings_added") == 2);
  cli.Ok("sync export ana.canvass --out ana2.cvbundle");
  cli.Ok("sync export ben.canvass --out ben2.cvbundle");
  cli.Ok("sync import c.canvass ana2.cvbundle ben2.cvbundle");
  CHECK(cli.Json("code list c.canvass").Find("codings")->as_array().size() == 3);
  CHECK(cli.Json("conflicts list c.canvass").Find("conflicts")->as_array().empty());

  // Issue 21 §1: a laptop is enrolled for one person. Ben's laptop cannot code, mark done or
  // write memos as ana, nor remove ana's codings (it holds them since the qdpx import); without
  // --coder the work is ben's. The central names the coder and must be told who.
  std::string err;
  CHECK(cli("code add ben.canvass --interview " + a2 + q + " --start 0 --end 3 --coder ana --passphrase-file " + cli.pass, &err) != 0);
  CHECK(err.find("this laptop is enrolled for \"ben\"") != std::string::npos);
  CHECK(cli("code done ben.canvass --coder ana --all --passphrase-file " + cli.pass, &err) != 0);
  CHECK(cli("code memo ben.canvass --interview " + a2 + " --question anything_else --coder ana --text x --passphrase-file " + cli.pass,
            &err) != 0);
  std::string anas;
  const Value listed = cli.Json("code list ben.canvass --coder ana");
  for (const Value& c : listed.Find("codings")->as_array()) anas = c.Find("id")->as_string();
  REQUIRE(!anas.empty());
  CHECK(cli("code remove ben.canvass " + anas + " --passphrase-file " + cli.pass, &err) != 0);
  CHECK(err.find("only your own codings can be removed here") != std::string::npos);
  CHECK(cli.Json("code list ben.canvass --coder ana").Find("codings")->as_array().size() == 1);
  cli.Ok("code add ben.canvass --interview " + a2 + q + " --start 0 --end 3");
  CHECK(cli.Json("code list ben.canvass --coder ben --interview " + a2).Find("codings")->as_array().size() == 1);
  CHECK(cli("code add c.canvass --interview " + a2 + q + " --start 0 --end 3 --passphrase-file " + cli.pass, &err) != 0);
  CHECK(err.find("--coder NAME is required on the central workspace") != std::string::npos);
}

TEST_CASE("cli: codebook verbs, code remove, errors and exit codes", "[coding][cli]") {
  Cli cli;
  cli.Ok("init c.canvass --role central --name TF");
  std::string iv = AddInterview(cli, "Recruited with a fake job offer.");
  std::string guid = cli.Json("codebook add c.canvass Recruitment --color '#123456'").Find("guid")->as_string();
  cli.Ok("codebook add c.canvass \"Fake job offers\" --parent Recruitment");
  cli.Ok("codebook rename c.canvass Recruitment Recruiting");
  cli.Ok("codebook move c.canvass Recruiting --parent \"Indicators and signs\"");
  std::string list = cli.Ok("codebook list c.canvass");
  CHECK(list.find("Fake job offers") != std::string::npos);
  std::string id = cli.Json("code add c.canvass --interview " + iv +
                            " --question anything_else --start 17 --end 31 --code \"Indicators and signs/Recruiting/Fake job offers\" --coder ana")
                       .Find("id")->as_string();
  cli.Ok("codebook merge-codes c.canvass \"Indicators and signs/Recruiting/Fake job offers\" \"Indicators and signs/Recruiting\"");
  Value codings = cli.Json("code list c.canvass");
  REQUIRE(codings.Find("codings")->as_array().size() == 1);
  CHECK(codings.Find("codings")->as_array()[0].Find("code")->as_string() == guid);
  CHECK(codings.Find("codings")->as_array()[0].Find("text")->as_string() == "fake job offer");
  cli.Ok("codebook export c.canvass cb.qdc");
  cli.Ok("codebook import c.canvass cb.qdc");
  cli.Ok("code remove c.canvass " + id);
  CHECK(cli.Json("code list c.canvass").Find("codings")->as_array().empty());

  std::string out;
  const std::string p = " --passphrase-file " + cli.pass;
  CHECK(cli("code add c.canvass --interview " + iv + " --question anything_else --start 0 --end 999 --code Places --coder a" + p, &out) == 1);
  CHECK(out.rfind("canvass-cli: error: ", 0) == 0);
  CHECK(std::count(out.begin(), out.end(), '\n') == 1);
  CHECK(cli("code add c.canvass --interview " + iv + " --question anything_else --start 0 --end 3 --code Nope --coder a" + p, &out) == 1);
  CHECK(out.find("no code \"Nope\"") != std::string::npos);
  CHECK(cli("code add c.canvass --interview " + iv + " --question anything_else --start x --end 3 --code Places --coder a" + p, &out) == 2);
  CHECK(cli("code remove c.canvass 00000000-0000-0000-0000-000000000000" + p, &out) == 1);
  CHECK(cli("agreement c.canvass --coders ana" + p, &out) == 2);
  CHECK(cli("codebook rename c.canvass Places \"A/B\"" + p, &out) == 1);
  canvass::testing::WriteAll(cli.dir.File("wrong.txt"), "nope nope nope nope\n");
  CHECK(cli("code list c.canvass --passphrase-file " + cli.dir.File("wrong.txt"), &out) == 3);
}

// Issue 18 §3: a .qdpx none of whose codings can land here is refused with nothing changed,
// and skipped codings are summarised in one line per reason, not one line each.
TEST_CASE("cli: import qdpx exits 1 when nothing can be imported and summarises what it skipped", "[coding][cli]") {
  Cli cli;
  cli.Ok("init c.canvass --role central --name TF");
  std::vector<std::string> ivs;
  for (int i = 0; i < 6; ++i) ivs.push_back(AddInterview(cli, "answer number " + std::to_string(i) + " with words"));
  // A reviewer's laptop receives the first six interviews only.
  cli.Ok("device enroll c.canvass --device-name rev --out rev.cvkit --code-file rev.code");
  cli.Ok("device join rev.canvass --kit rev.cvkit --code-file rev.code");
  cli.Ok("sync update-kit c.canvass --device rev --out u.cvbundle --with-interviews");
  cli.Ok("sync import rev.canvass u.cvbundle");
  for (int i = 6; i < 18; ++i) ivs.push_back(AddInterview(cli, "answer number " + std::to_string(i) + " with words"));
  for (const auto& iv : ivs)
    cli.Ok("code add c.canvass --interview " + iv + " --question anything_else --code \"Indicators and signs\" --coder ana --start 0 --end 6");
  cli.Ok("codebook add c.canvass \"Only in the file\"");
  cli.Ok("export qdpx c.canvass --out p.qdpx");

  // A workspace without any of these interviews: exit 1, one line, nothing changed.
  cli.Ok("init other.canvass --role central --name TF2");
  std::string digest = cli.Ok("digest other.canvass");
  std::string out;
  CHECK(cli("import qdpx other.canvass p.qdpx --passphrase-file " + cli.pass, &out) == 1);
  INFO(out);
  CHECK(out.find("canvass-cli: error: nothing was imported: 18 codings skipped: their interviews are not in this workspace; "
                 "import the interviews first") == 0);
  CHECK(std::count(out.begin(), out.end(), '\n') == 1);
  CHECK(cli.Ok("digest other.canvass") == digest);  // not even the file's new code

  // The laptop has six of them: those six are imported, exit 0, one warning for the twelve.
  CHECK(cli("import qdpx rev.canvass p.qdpx --passphrase-file " + cli.pass, &out) == 0);
  CHECK(out.find("6 new coding(s) (0 already here, 12 skipped)") != std::string::npos);
  CHECK(out.find("canvass-cli: warning: 12 codings skipped: their interviews are not in this workspace") != std::string::npos);
  CHECK(std::count(out.begin(), out.end(), '\n') == 2);

  // On the central itself everything is known: a no-op, exit 0, no warning.
  CHECK(cli("import qdpx c.canvass p.qdpx --passphrase-file " + cli.pass, &out) == 0);
  CHECK(out.find("warning") == std::string::npos);
  CHECK(out.find("(18 already here, 0 skipped)") != std::string::npos);
}
