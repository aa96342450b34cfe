// LAUS and UCR importers on the real extracts in tests/data (values checked by hand against the
// named lines), and on damaged, re-encoded and hostile copies made at runtime.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "test_util.h"

using namespace canvass::assessment;
using namespace canvass::assessment::testing;

namespace {

const char* kLaus = "bls_laus/laucnty22.AL-GA.csv";
const char* kUcr = "fbi_ucr/HT_2013-2017.csv";

ImportResult Ucr(ImportOptions::MultiCounty policy, const CountyNameIndex& gaz, std::map<std::string, double> pop = {}) {
  ImportOptions o;
  o.multi_county = policy;
  o.county_population = std::move(pop);
  Crosswalks xw;
  xw.county_names = &gaz;
  return Import(SourceKind::kUcr, kUcr, o, xw);
}

std::string Utf16Le(const std::string& ascii) {
  std::string out = "\xFF\xFE";
  for (char ch : ascii) {
    out.push_back(ch);
    out.push_back('\0');
  }
  return out;
}

}  // namespace

// ---- LAUS --------------------------------------------------------------------------------

TEST_CASE("LAUS county annual averages: wrapped header, padded quoted numbers, footer - 547 counties") {
  auto r = Import(SourceKind::kLaus, kLaus);
  CHECK(r.source.records == 547);  // the spacer under the header and the 3 footer lines are not records
  CHECK(r.skipped.empty());
  for (const char* id : {"laus.labor_force", "laus.employed", "laus.unemployed", "laus.unemployment_rate_pct"}) CHECK(Count(r, id) == 547);
  // Line 7: CN0100100000000,01,001,"Autauga County, AL",2022,,"26,789     ","26,181     ",608     ,2.3
  const auto& lf = Find(r, "laus.labor_force", "01001", "2022");
  CHECK(lf.value == Approx(26789));
  CHECK(lf.unit == "persons");
  CHECK(lf.geo_level == "county");
  CHECK(lf.source_row == 7);
  CHECK(Find(r, "laus.employed", "01001", "2022").value == Approx(26181));
  CHECK(Find(r, "laus.unemployed", "01001", "2022").value == Approx(608));
  const auto& rate = Find(r, "laus.unemployment_rate_pct", "01001", "2022");
  CHECK(rate.value == Approx(2.3));
  CHECK(rate.unit == "percent");
  // Line 8: Baldwin "102,849     ","100,432     ","2,417     ",2.4
  CHECK(Find(r, "laus.labor_force", "01003", "2022").value == Approx(102849));
  CHECK(Find(r, "laus.unemployed", "01003", "2022").value == Approx(2417));
  // Line 268: "Denver County/city, CO" "436,588     ","423,094     ","13,494     ",3.1
  CHECK(Find(r, "laus.employed", "08031", "2022").value == Approx(423094));
  // Line 553, the last county before the footer: Worth County, GA 8,739 / 273 / 3.1
  CHECK(Find(r, "laus.labor_force", "13321", "2022").value == Approx(8739));
  CHECK(Find(r, "laus.unemployment_rate_pct", "13321", "2022").value == Approx(3.1));
  bool footer_noted = false;
  for (const auto& n : r.notes) footer_noted = footer_noted || n.find("3 lines after the last county") != std::string::npos;
  CHECK(footer_noted);
}

TEST_CASE("LAUS damaged copies: missing and garbage cells, Excel-stripped codes, truncation") {
  ScratchDir tmp;
  std::string bytes = ReadBytes(DataPath(kLaus));
  std::string d = bytes;
  auto rep = [&d](const std::string& from, const std::string& to) { d.replace(d.find(from), from.size(), to); };
  rep(",608     ,2.3     ", ",608     ,");                   // Autauga: rate empty
  rep("\"102,849     \"", "N.A.");                          // Baldwin: labor force a code
  rep("CN0100500000000,01,005", "CN0100500000000,1,5");       // Barbour: Excel lost the zeros
  auto r = ImportBytes(SourceKind::kLaus, "laucnty22.csv", d);
  REQUIRE(r.ok());
  const auto& rate = Find(*r, "laus.unemployment_rate_pct", "01001", "2022");
  CHECK(rate.status == "not_available");
  CHECK_FALSE(rate.value.has_value());  // missing is never 0
  CHECK_FALSE(Has(*r, "laus.labor_force", "01003", "2022"));
  CHECK(Find(*r, "laus.employed", "01003", "2022").value == Approx(100432));  // the row's other cells are kept
  bool named = false;
  for (const auto& s : r->skipped) named = named || (s.line == 8 && s.reason.find("Labor Force") != std::string::npos && s.reason.find("N.A.") != std::string::npos);
  CHECK(named);
  CHECK(Find(*r, "laus.labor_force", "01005", "2022").value == Approx(8241));
  // Cut in the middle of a row: the rows before import, the cut row is skipped as truncated.
  size_t cut = bytes.find("\"Baldwin County, AL\",2022,,\"102,849     \"");
  auto t = ImportBytes(SourceKind::kLaus, "laucnty22.csv", bytes.substr(0, cut + 27));  // ends after ",2022,,"
  REQUIRE(t.ok());
  CHECK(Count(*t, "laus.labor_force") == 1);
  REQUIRE(t->skipped.size() == 1);
  CHECK(t->skipped[0].reason.find("truncated") != std::string::npos);
  // Cut inside a quoted number: one line naming file and line.
  auto q = ImportBytes(SourceKind::kLaus, "laucnty22.csv", bytes.substr(0, bytes.find("\"26,789") + 3));
  REQUIRE_FALSE(q.ok());
  CHECK(q.status().message().find("laucnty22.csv:7") != std::string::npos);
  CHECK(q.status().message().find('\n') == std::string::npos);
}

TEST_CASE("LAUS wrong layout and wrong encoding: one-line errors, UTF-16 with BOM reads the same") {
  std::string bytes = ReadBytes(DataPath(kLaus));
  auto as_saipe = ImportBytes(SourceKind::kSaipe, "laucnty22.csv", bytes);
  REQUIRE_FALSE(as_saipe.ok());
  CHECK(as_saipe.status().message().find("looks like BLS LAUS county annual averages") != std::string::npos);
  CHECK(as_saipe.status().message().find("--source laus") != std::string::npos);
  auto wrong = ImportBytes(SourceKind::kLaus, "x.csv", ReadBytes(DataPath("usda_ers/PovertyEstimates_SAIPE2021.csv")));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().message().find("looks like SAIPE") != std::string::npos);
  auto none = ImportBytes(SourceKind::kLaus, "x.csv", "a,b\n1,2\n");
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().message().find("no LAUS header") != std::string::npos);
  auto utf16 = ImportBytes(SourceKind::kLaus, "laucnty22.csv", Utf16Le(bytes));
  REQUIRE(utf16.ok());
  CHECK(Find(*utf16, "laus.labor_force", "01001", "2022").value == Approx(26789));
  auto nobom = ImportBytes(SourceKind::kLaus, "laucnty22.csv", Utf16Le(bytes).substr(2));
  REQUIRE_FALSE(nobom.ok());
  CHECK(nobom.status().message().find("UTF-16") != std::string::npos);
  auto xlsx = ImportBytes(SourceKind::kLaus, "laucnty22.xlsx", std::string("PK\x03\x04", 4) + "xl/workbook.xml");
  REQUIRE_FALSE(xlsx.ok());
  CHECK(xlsx.status().message().find("xlsx") != std::string::npos);
}

// ---- UCR ---------------------------------------------------------------------------------

TEST_CASE("UCR human trafficking by agency: sex vs labor, actual and cleared, per county and year") {
  auto gaz = Gazetteer();
  auto r = Ucr(ImportOptions::MultiCounty::kSplit, gaz);
  CHECK(r.source.records == 858);
  // Line 2: 2013 MO0950000 St. Louis County Police Department, ST LOUIS, HTCSA 384 actual, 384 cleared.
  const auto& stl = Find(r, "ucr.ht_offenses_sex_count", "29189", "2013");
  CHECK(stl.value == Approx(384));
  CHECK(stl.status == "ok");
  CHECK(stl.unit == "count");
  CHECK(Find(r, "ucr.ht_cleared_sex_count", "29189", "2013").value == Approx(384));
  CHECK_FALSE(Has(r, "ucr.ht_offenses_labor_count", "29189", "2013"));  // no HTIS row: not a zero
  // Lines 17-19, CO 2014: Aurora (ADAMS, ARAPAHOE, DOUGLAS) HTCSA 192/192 split three ways;
  // Arapahoe County Sheriff HTCSA 128/128 and HTIS 128/0.
  const auto& adams = Find(r, "ucr.ht_offenses_sex_count", "08001", "2014");
  CHECK(adams.value == Approx(64));
  CHECK(adams.status == "apportioned");
  CHECK(Find(r, "ucr.ht_offenses_sex_count", "08005", "2014").value == Approx(64 + 128));
  CHECK(Find(r, "ucr.ht_offenses_labor_count", "08005", "2014").value == Approx(128));
  CHECK(Find(r, "ucr.ht_offenses_count", "08005", "2014").value == Approx(64 + 128 + 128));
  CHECK(Find(r, "ucr.ht_cleared_sex_count", "08005", "2014").value == Approx(64 + 128));
  CHECK(Find(r, "ucr.ht_cleared_labor_count", "08005", "2014").value == Approx(0));
  CHECK(Find(r, "ucr.ht_offenses_sex_count", "08035", "2014").value == Approx(64));
  // Every agency counts in its state's total: CO 2014 HTCSA 694, HTIS 128 (all rows of that year).
  const auto& co = Find(r, "ucr.ht_offenses_sex_count", "08", "2014");
  CHECK(co.geo_level == "state");
  CHECK(co.value == Approx(694));
  CHECK(Find(r, "ucr.ht_offenses_labor_count", "08", "2014").value == Approx(128));
}

TEST_CASE("UCR: agencies no county takes are listed and kept in the state total - nothing is dropped") {
  auto gaz = Gazetteer();
  auto r = Ucr(ImportOptions::MultiCounty::kSplit, gaz);
  // 28 rows say NOT SPECIFIED or UNMAPPED COUNTY; 3 St. Louis city rows (the 2016 gazetteer
  // copy has no St. Louis city, and the county is never given its city's offenses).
  REQUIRE(r.skipped.size() == 31);
  std::set<size_t> skipped_lines;
  for (const auto& s : r.skipped) {
    skipped_lines.insert(s.line);
    CHECK(s.reason.find("counted in the state total only") != std::string::npos);
  }
  CHECK(skipped_lines.count(9));  // 2014 AKAST0100 Alaska State Troopers, NOT SPECIFIED
  bool stl_city = false;
  for (const auto& s : r.skipped) stl_city = stl_city || (s.line == 80 && s.reason.find("ST LOUIS CITY") != std::string::npos);
  CHECK(stl_city);
  // Conservation, from the file itself: per state and year, the state total = all its rows,
  // and = the county sums + the rows given to no county.
  auto t = ReadCsvFile(DataPath(kUcr));
  REQUIRE(t.ok());
  const auto& h = t->rows[0];
  int y = ColumnIndex(h, "DATA_YEAR"), st = ColumnIndex(h, "STATE_ABBR"), a = ColumnIndex(h, "ACTUAL_COUNT");
  std::map<std::pair<std::string, std::string>, double> all, unplaced, counties;
  for (size_t i = 1; i < t->rows.size(); ++i) {
    const auto& row = t->rows[i];
    auto key = std::make_pair(StateFips(row[st]), row[y]);
    all[key] += std::stod(row[a]);
    if (skipped_lines.count(t->lines[i])) unplaced[key] += std::stod(row[a]);
  }
  for (const auto& o : r.observations)
    if (o.indicator_id == "ucr.ht_offenses_count" && o.geo_level == "county") counties[{o.geo_id.substr(0, 2), o.period}] += *o.value;
  REQUIRE(all.size() > 50);
  for (const auto& [key, total] : all) {
    INFO(key.first << " " << key.second);
    CHECK(Find(r, "ucr.ht_offenses_count", key.first, key.second).value == Approx(total));
    CHECK(counties[key] + unplaced[key] == Approx(total));
  }
}

TEST_CASE("UCR multi-county policy: first, state, and split by population when known") {
  auto gaz = Gazetteer();
  auto first = Ucr(ImportOptions::MultiCounty::kFirst, gaz);
  const auto& adams = Find(first, "ucr.ht_offenses_sex_count", "08001", "2014");
  CHECK(adams.value == Approx(192));  // all of Aurora's to the first county listed
  CHECK(adams.status == "ok");
  CHECK_FALSE(Has(first, "ucr.ht_offenses_sex_count", "08035", "2014"));
  auto state = Ucr(ImportOptions::MultiCounty::kState, gaz);
  CHECK_FALSE(Has(state, "ucr.ht_offenses_sex_count", "08001", "2014"));
  CHECK(Find(state, "ucr.ht_offenses_sex_count", "08005", "2014").value == Approx(128));
  CHECK(Find(state, "ucr.ht_offenses_sex_count", "08", "2014").value == Approx(694));
  bool listed = false;
  for (const auto& s : state.skipped) listed = listed || (s.line == 17 && s.reason.find("--multi-county state") != std::string::npos);
  CHECK(listed);
  // PEP 2019 (co-est2019-annres lines 246, 248, 264): Adams 517,421, Arapahoe 656,590, Douglas 351,154.
  auto pop = Ucr(ImportOptions::MultiCounty::kSplit, gaz, {{"08001", 517421}, {"08005", 656590}, {"08035", 351154}});
  CHECK(Find(pop, "ucr.ht_offenses_sex_count", "08001", "2014").value == Approx(192.0 * 517421 / (517421 + 656590 + 351154)));
  CHECK(Find(pop, "ucr.ht_offenses_sex_count", "08035", "2014").value == Approx(192.0 * 351154 / (517421 + 656590 + 351154)));
}

TEST_CASE("UCR bad input: no names, missing column, negative and huge counts, cp1252 names") {
  std::string bytes = ReadBytes(DataPath(kUcr));
  auto nonames = ImportBytes(SourceKind::kUcr, "HT.csv", bytes);
  REQUIRE_FALSE(nonames.ok());
  CHECK(nonames.status().message().find("--gazetteer 2016_Gaz_counties_national.txt") != std::string::npos);
  auto gaz = Gazetteer();
  Crosswalks xw;
  xw.county_names = &gaz;
  std::string nocol = bytes;
  nocol.replace(nocol.find("\"CLEARED_COUNT\""), 15, "\"CLEARED\"");
  auto m = ImportBytes(SourceKind::kUcr, "HT.csv", nocol, {}, xw);
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().message().find("HT.csv:1: no column CLEARED_COUNT") != std::string::npos);
  const std::string head = bytes.substr(0, bytes.find('\n') + 1);
  const std::string row = "2017,NM0070000,Dona Ana County Sheriff,,County,NM,New Mexico,Mountain,DO\xD1" "A ANA,West,\"9A\",\"x\",HTIS,Human Trafficking,Involuntary Servitude,";
  auto r = ImportBytes(SourceKind::kUcr, "HT.csv", head + row + "5,,2,0\n" + row + "-3,,0,0\n", {}, xw);
  REQUIRE(r.ok());  // a Windows-1252 Ñ in the county name still matches Doña Ana
  CHECK(Find(*r, "ucr.ht_offenses_labor_count", "35013", "2017").value == Approx(5));
  REQUIRE(r->skipped.size() == 1);
  CHECK(r->skipped[0].line == 3);
  CHECK(r->skipped[0].reason.find("not a count") != std::string::npos);
  auto huge = ImportBytes(SourceKind::kUcr, "HT.csv", head + row + "1e308,,0,0\n" + row + "1e308,,0,0\n", {}, xw);
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.status().message().find("beyond any real number") != std::string::npos);
}
