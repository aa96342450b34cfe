// export stata / export spss through the real executable on the demo workspace: refused without
// --restricted and beside the shareable tables; every file read back with ReadStat and checked
// value by value against export microdata's CSV of the same interviews (a separate code path).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "stat_read.h"
#include "demo_cli.h"
#include "test_support.h"

using canvass::testing::DemoCli;
using canvass::testing::ReadAll;
using canvass::testing::ReadStatFile;
using canvass::testing::Run;
using canvass::testing::TempDir;

namespace {

using Ws = DemoCli;

std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') rows.back().back() += text[++i];
      else if (c == '"') quoted = false;
      else rows.back().back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string part; std::getline(ss, part, sep);) out.push_back(part);
  return out;
}

bool IsMissing(const canvass::testing::ReadValue& v) { return v.tag != 0 || v.system_missing || v.defined_missing; }

bool DontKnow(const std::string& v) { return v == "unsure" || v == "dont_know" || v == "not_sure"; }
bool Refused(const std::string& v) { return v == "refused" || v == "prefer_not_to_say"; }

// The codebook: (file, question, part) -> variable name.
std::map<std::string, std::string> Codebook(const std::string& path) {
  std::map<std::string, std::string> out;
  auto rows = ParseCsv(ReadAll(path));
  REQUIRE(rows.at(0) == std::vector<std::string>{"file", "variable", "question", "part", "kind", "label", "code", "code_label"});
  for (size_t r = 1; r < rows.size(); ++r) out[rows[r][0] + "|" + rows[r][2] + "|" + rows[r][3]] = rows[r][1];
  return out;
}

// Compares one form's Stata file with the microdata CSV: same rows in the same order, every
// column of the CSV, value by value (the codebook names the variable of each question, choice
// and cell). Returns the cells compared.
size_t CompareWithCsv(const std::string& file, const canvass::testing::ReadFile& dta, const std::vector<std::vector<std::string>>& csv,
                      const std::map<std::string, std::string>& codebook) {
  REQUIRE(csv.size() >= 1);
  const auto& header = csv[0];
  REQUIRE(dta.rows.size() == csv.size() - 1);
  auto var_of = [&](const std::string& question, const std::string& part) -> int {
    auto it = codebook.find(file + "|" + question + "|" + part);
    return it == codebook.end() ? -1 : dta.Var(it->second);
  };
  size_t compared = 0;
  for (size_t r = 1; r < csv.size(); ++r) {
    const size_t row = r - 1;
    for (size_t c = 0; c < header.size(); ++c) {
      const std::string& want = csv[r][c];
      INFO("row " << row + 1 << " column " << header[c] << " csv '" << want << "'");
      auto parts = Split(header[c], '.');  // question[.row[.column]]
      int var = c < 4 ? dta.Var(header[c]) : var_of(parts[0], parts.size() == 1 ? "" : parts.size() == 2 ? parts[1] : parts[1] + "|" + parts[2]);
      if (var < 0) {
        // A multiple choice: one 0/1 variable per choice, the CSV's "a;b".
        REQUIRE(var_of(parts[0], "") < 0);
        for (const std::string& choice : Split(want, ';')) {
          const int v = var_of(parts[0], choice);
          REQUIRE(v >= 0);
          CHECK(dta.rows[row][static_cast<size_t>(v)].number == 1);
          ++compared;
        }
        continue;
      }
      const auto& got = dta.rows[row][static_cast<size_t>(var)];
      const auto& meta = dta.vars[static_cast<size_t>(var)];
      ++compared;
      if (got.is_string) {
        CHECK(got.text == want);
      } else if (want.empty()) {
        CHECK(IsMissing(got));
      } else if (want == "withheld") {
        CHECK(got.tag == 'w');
      } else if (DontKnow(want) || Refused(want)) {
        CHECK(got.tag == (DontKnow(want) ? 'c' : 'd'));
      } else if (want == "true" || want == "false") {
        CHECK(got.number == (want == "true" ? 1 : 0));
      } else if (meta.format == "%tm") {
        int y = 0, m = 0;
        REQUIRE(std::sscanf(want.c_str(), "%d-%d", &y, &m) == 2);
        CHECK(got.number == (y - 1960) * 12 + (m - 1));
      } else if (!dta.LabelOf(meta.name, 1).empty()) {
        // A single choice: the CSV has the choice's value, the file a code labelled with its text.
        CHECK_FALSE(IsMissing(got));
        CHECK_FALSE(dta.LabelOf(meta.name, got.number).empty());
      } else {
        CHECK(got.number == std::stod(want));
      }
    }
  }
  return compared;
}

}  // namespace

TEST_CASE("export stata and spss: restricted, apart from the shareable tables, the same values as export microdata") {
  Ws d;
  std::string out;
  // Explicit: refused without --restricted, nothing written.
  CHECK(d("export stata " + d.ws + " --out " + d.dir.File("st"), &out) == 2);
  CHECK(out.find("--restricted") != std::string::npos);
  CHECK(canvass::testing::ListDir(d.dir.File("st")).empty());
  CHECK(d("export spss " + d.ws + " --out " + d.dir.File("st") + " --restricted --lang fr", &out) == 2);
  // Never beside the shareable tables, and the shareable tables never beside them.
  REQUIRE(d("export dataset " + d.ws + " --out " + d.dir.File("ds"), &out) == 0);
  CHECK(d("export stata " + d.ws + " --out " + d.dir.File("ds") + " --restricted", &out) == 1);
  CHECK(out.find("holds the shareable tables (") != std::string::npos);
  CHECK(canvass::testing::ListDir(d.dir.File("ds")).size() == 4);
  REQUIRE(d("export microdata " + d.ws + " --out " + d.dir.File("md") + " --restricted", &out) == 0);
  CHECK(d("export dataset " + d.ws + " --out " + d.dir.File("md"), &out) == 1);
  CHECK(out.find("holds restricted microdata") != std::string::npos);

  REQUIRE(d("export stata " + d.ws + " --out " + d.dir.File("st") + " --restricted", &out) == 0);
  CHECK(out.find("RESTRICTED: ") != std::string::npos);
  const auto files = canvass::testing::ListDir(d.dir.File("st"));
  CHECK(std::count(files.begin(), files.end(), "RESTRICTED-README.txt") == 1);
  for (const auto& f : files) CHECK(f.rfind("RESTRICTED-", 0) == 0);
  const std::string readme = ReadAll(d.dir.File("st/RESTRICTED-README.txt"));
  CHECK(readme.find("free-text answers are left out") != std::string::npos);
  CHECK(readme.find("resp_name (identifying)") != std::string::npos);
  const auto codebook = Codebook(d.dir.File("st/RESTRICTED-codebook.csv"));
  size_t compared = 0;
  for (const char* form : {"advocacy_group", "community_member", "legal_service_provider", "outreach_provider", "regulatory_agency",
                           "taskforce_data_sheet"}) {
    INFO(form);
    auto dta = ReadStatFile(d.dir.File(std::string("st/RESTRICTED-") + form + ".dta"));
    INFO(dta.error);
    REQUIRE(dta.error.empty());
    compared += CompareWithCsv(std::string("RESTRICTED-") + form + ".dta", dta,
                               ParseCsv(ReadAll(d.dir.File(std::string("md/RESTRICTED-interviews_") + form + ".csv"))), codebook);
    CHECK(dta.Var("resp_name") < 0);
    CHECK(dta.Var("anything_else") < 0);
  }
  CHECK(compared > 2000);
  // The repeats of the data sheet: long files keyed by the form file's row.
  auto years = ReadStatFile(d.dir.File("st/RESTRICTED-taskforce_data_sheet-served_by_year.dta"));
  REQUIRE(years.error.empty());
  REQUIRE_FALSE(years.rows.empty());
  CHECK(years.At(0, "row").text.rfind("R000", 0) == 0);
  CHECK(years.At(0, "item").number == 1);

  // SPSS, in Spanish: the same rows, labels in Spanish, missing codes declared.
  REQUIRE(d("export spss " + d.ws + " --out " + d.dir.File("sav") + " --restricted --lang es", &out) == 0);
  auto sav = ReadStatFile(d.dir.File("sav/RESTRICTED-outreach_provider.sav"));
  auto dta = ReadStatFile(d.dir.File("st/RESTRICTED-outreach_provider.dta"));
  REQUIRE(sav.error.empty());
  REQUIRE(sav.rows.size() == dta.rows.size());
  REQUIRE(sav.vars.size() == dta.vars.size());
  size_t spanish = 0;
  for (size_t v = 0; v < sav.vars.size(); ++v) {
    INFO(sav.vars[v].name);
    CHECK(sav.vars[v].name == dta.vars[v].name);
    spanish += sav.vars[v].label != dta.vars[v].label;
    for (size_t r = 0; r < sav.rows.size(); ++r) {
      const auto &s = sav.rows[r][v], &t = dta.rows[r][v];
      if (t.is_string) CHECK(s.text == t.text);
      else if (t.tag) CHECK(s.defined_missing);
      else if (sav.vars[v].format.rfind("MOYR", 0) != 0) CHECK(s.number == t.number);
    }
  }
  CHECK(spanish > sav.vars.size() / 2);
}
