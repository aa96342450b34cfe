// forms print, forms export --xlsform and forms import through the real executable: the printed
// questionnaire of a built-in protocol, an XLSForm round trip through a workspace, bad input
// refused in one line with nothing written.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "test_support.h"

using canvass::testing::ReadAll;
using canvass::testing::Run;
using canvass::testing::TempDir;

namespace {

struct Ws {
  TempDir dir;
  std::string pass;
  Ws() {
    canvass::testing::WriteAll(dir.File("pass.txt"), "correct horse battery staple\n");
    pass = " --passphrase-file " + dir.File("pass.txt");
    REQUIRE((*this)("init " + W() + " --role central --name \"Test TF\"") == 0);
  }
  std::string W() const { return dir.File("w.canvass"); }
  int operator()(const std::string& args, std::string* out = nullptr) const {
    std::string o;
    int rc = Run(std::string(CANVASS_CLI) + " " + args + pass, &o);
    if (out) *out = o;
    return rc;
  }
};

bool OneLineError(const std::string& out) {
  return out.find("canvass-cli: error: ") == 0 && std::count(out.begin(), out.end(), '\n') == 1;
}

}  // namespace

TEST_CASE("forms print: a printable questionnaire of a built-in protocol, in English and Spanish") {
  Ws w;
  std::string out;
  const std::string html = w.dir.File("outreach.html"), es = w.dir.File("outreach-es.html");
  REQUIRE(w("forms print " + w.W() + " outreach_provider --out " + html, &out) == 0);
  CHECK(out.find("outreach_provider version 2 (en)") != std::string::npos);
  const std::string h = ReadAll(html);
  CHECK(h.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(h.find("If 2 (consent) is not Yes, go to ") != std::string::npos);
  CHECK(h.find("Read to the respondent: Thank you for meeting with us.") != std::string::npos);
  CHECK(h.find("The interview takes about 30 to 45 minutes.") != std::string::npos);  // the consent text to its end
  CHECK(h.find("[street_outreach]") != std::string::npos);
  struct stat st{};
  REQUIRE(stat(html.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(w("forms print " + w.W() + " outreach_provider --lang es --out " + es, &out) == 0);
  CHECK(ReadAll(es).find("Si 2 (consent) no es Sí, pase a ") != std::string::npos);
  // Bad input: one line, nothing written.
  const std::string none = w.dir.File("none.html");
  CHECK(w("forms print " + w.W() + " outreach_provider --lang fr --out " + none, &out) == 1);
  CHECK(OneLineError(out));
  CHECK(out.find("has no texts in 'fr' (it has: en, es)") != std::string::npos);
  CHECK(w("forms print " + w.W() + " no_such_form --out " + none, &out) == 1);
  CHECK(OneLineError(out));
  CHECK(w("forms print " + w.W() + " outreach_provider", &out) == 2);
  CHECK(canvass::testing::ListDir(w.dir.path()) == std::vector<std::string>{"outreach-es.html", "outreach.html", "pass.txt", "w.canvass"});
}

TEST_CASE("forms export --xlsform and forms import: a built-in protocol round-trips through a workspace") {
  Ws w;
  std::string out;
  const std::string xlsx = w.dir.File("outreach.xlsx");
  REQUIRE(w("forms export " + w.W() + " outreach_provider --xlsform " + xlsx, &out) == 0);
  CHECK(out.find("forms import") != std::string::npos);
  // The same form again: nothing to import (the version exists with the same questions).
  REQUIRE(w("forms import " + w.W() + " " + xlsx + " --dry-run", &out) == 0);
  CHECK(out.find("Form outreach_provider version 2 is already in the workspace with the same questions; nothing changed.") !=
        std::string::npos);
  const std::string bad = w.dir.File("bad.xlsx");
  canvass::testing::WriteAll(bad, "PK\x03\x04 not really a workbook");
  CHECK(w("forms import " + w.W() + " " + bad, &out) == 1);
  CHECK(OneLineError(out));
}
