// Importers over the real published files in tests/data, asserting known values.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>

#include "core/value.h"
#include "test_util.h"

using namespace canvass::assessment;
using namespace canvass::assessment::testing;

TEST_CASE("ACS S1701 state table: poverty rate with MOE, 52 areas, year from file name") {
  auto r = Import(SourceKind::kAcs, "census_acs/state_ACSST5Y2023.S1701-Data.csv");
  CHECK(r.source.records == 52);
  CHECK(Count(r, "acs.poverty_rate_pct") == 52);
  const auto& tx = Find(r, "acs.poverty_rate_pct", "48", "2023");
  CHECK(tx.geo_level == "state");
  CHECK(tx.value == Approx(13.8));
  CHECK(tx.moe == Approx(0.1));
  CHECK(tx.unit == "percent");
  CHECK(tx.status == "ok");
  CHECK(Find(r, "acs.poverty_rate_pct", "72", "2023").value == Approx(41.6));
  CHECK(Find(r, "acs.child_poverty_rate_pct", "48", "2023").value == Approx(18.9));
  CHECK(Find(r, "acs.poverty_count", "48", "2023").value == Approx(4005417));
  CHECK(r.source.sha256.size() == 64);
  CHECK(r.skipped.empty());
}

TEST_CASE("ACS B01003 WA counties: controlled MOE ***** kept as status controlled, moe 0") {
  auto r = Import(SourceKind::kAcs, "census_acs/county_wa_ACSDT5Y2023.B01003-Data.csv");
  CHECK(Count(r, "acs.pop_total") == 39);
  const auto& king = Find(r, "acs.pop_total", "53033", "2023");
  CHECK(king.geo_level == "county");
  CHECK(king.value == Approx(2262713));
  CHECK(king.status == "controlled");
  REQUIRE(king.moe);
  CHECK(*king.moe == 0);
  CHECK(Find(r, "acs.pop_total", "53023", "2023").value == Approx(2326));  // Garfield
}

TEST_CASE("ACS DP03 tracts: annotation columns, label-matched industry shares, top-coded and N cells") {
  auto r = Import(SourceKind::kAcs, "census_acs/tract_bexar_tx_ACSDP5Y2021.DP03-Data.first60rows.csv");
  CHECK(r.source.records == 60);
  const auto& t = Find(r, "acs.unemployment_rate_pct", "48029110100", "2021");
  CHECK(t.geo_level == "tract");
  CHECK(t.value == Approx(2.2));
  CHECK(Find(r, "acs.emp_share_agriculture_pct", "48029110100", "2021").value == Approx(2.3));
  const auto& inc = Find(r, "acs.median_household_income_usd", "48029110100", "2021");
  CHECK(inc.value == Approx(48776));
  CHECK(inc.moe == Approx(16514));
  const auto& top = Find(r, "acs.median_household_income_usd", "48029120402", "2021");
  CHECK(top.status == "top_coded");
  CHECK(top.value == Approx(250000));
  CHECK_FALSE(top.moe.has_value());  // "***"
  ImportOptions o;
  o.acs_columns = {"DP03_0073E"};
  auto n = Import(SourceKind::kAcs, "census_acs/tract_bexar_tx_ACSDP5Y2021.DP03-Data.first60rows.csv", o);
  const auto& sup = Find(n, "acs.dp03_0073e", "48029110100", "2021");
  CHECK(sup.status == "suppressed");
  CHECK_FALSE(sup.value.has_value());  // "N" is never 0
}

TEST_CASE("PEP annres: NAME-only keys matched to FIPS via the gazetteer - growth derived") {
  auto gaz = Gazetteer();
  Crosswalks xw;
  xw.county_names = &gaz;
  auto r = Import(SourceKind::kPep, "census_pep/co-est2019-annres.header_simplified.csv", {}, xw);
  CHECK(Find(r, "pep.pop_estimate", "48163", "2019").value == Approx(20306));
  const auto& g = Find(r, "pep.pop_change_pct_1yr", "48163", "2019");
  CHECK(g.value == Approx((20306.0 - 20211.0) / 20211.0 * 100.0));
  CHECK(g.status == "derived");
  CHECK(Find(r, "pep.pop_estimate", "35013", "2019").status == "ok");  // Doña Ana vs gazetteer U+FFFD
  CHECK(Find(r, "pep.pop_estimate", "46102", "2019").value.has_value());  // Oglala Lakota
  CHECK(Count(r, "pep.pop_estimate") >= 3130 * 10);
  INFO(r.Preview());
  CHECK(r.skipped.size() < 10);
}

// Issue 20 §2: "X city" was matched to "X County" (Fairfax County VA held Fairfax city's
// 24,019). Values checked by hand against the file's 2019 column.
TEST_CASE("PEP annres: a county and an independent city of one name are told apart, and no row fills another's county") {
  auto gaz = Gazetteer();
  Crosswalks xw;
  xw.county_names = &gaz;
  auto r = Import(SourceKind::kPep, "census_pep/co-est2019-annres.header_simplified.csv", {}, xw);
  const struct { const char* fips; double pop; } kHand[] = {
      {"51059", 1147532}, {"51600", 24019},   // Fairfax County, Fairfax city
      {"24005", 827370},  {"24510", 593490},  // Baltimore County, Baltimore city
      {"29189", 994205},                      // St. Louis County MO
      {"27137", 199070},                      // St. Louis County MN
      {"51067", 56042},   {"51159", 9023},  {"51161", 94186}};  // Franklin, Richmond, Roanoke counties VA
  for (const auto& h : kHand) {
    INFO(h.fips);
    CHECK(Find(r, "pep.pop_estimate", h.fips, "2019").value == Approx(h.pop));
  }
  for (const char* city : {"51620", "51760", "51770"}) {  // Franklin, Richmond, Roanoke cities: their own rows
    INFO(city);
    CHECK(Find(r, "pep.pop_estimate", city, "2019").value.has_value());
  }
  for (const auto& s : r.skipped) CHECK(s.reason.find("already given by line") == std::string::npos);
  // This gazetteer has no row for St. Louis city (29510): the city is reported unmatched,
  // never poured into St. Louis County.
  bool reported = false;
  for (const auto& s : r.skipped) reported = reported || s.reason.find("\"St. Louis city, Missouri\" not found") != std::string::npos;
  CHECK(reported);
  // One (county, year) is one observation: no row was written over another.
  std::set<std::string> keys;
  for (const auto& o : r.observations)
    if (o.indicator_id == "pep.pop_estimate") CHECK(keys.insert(o.geo_id + "|" + o.period).second);
}

TEST_CASE("county names: type must match, county-equivalents stand in for each other, bare names are flagged") {
  auto gaz = Gazetteer();
  bool amb = false;
  CHECK(gaz.Match("VA", "Fairfax city", &amb) == std::optional<std::string>("51600"));
  CHECK(gaz.Match("Virginia", "FAIRFAX COUNTY", &amb) == std::optional<std::string>("51059"));
  CHECK_FALSE(amb);
  CHECK(gaz.Match("VA", "FAIRFAX", &amb) == std::optional<std::string>("51059"));
  CHECK(amb);  // a bare name that fits a county and a city
  amb = false;
  CHECK(gaz.Match("TX", "FRIO", &amb) == std::optional<std::string>("48163"));
  CHECK_FALSE(amb);
  CHECK(gaz.Match("LA", "Franklin County") == std::optional<std::string>("22041"));  // the parish
  CHECK_FALSE(gaz.Match("TX", "Frio city").has_value());                            // no such city
  CHECK(gaz.Match("NV", "Carson City") == std::optional<std::string>("32510"));
  CHECK(gaz.Match("AK", "Juneau City and Borough") == std::optional<std::string>("02110"));
  CHECK(gaz.duplicates.empty());
  // The same matcher from a workspace's areas (names with or without the state).
  std::vector<Area> areas(3);
  areas[0].id = "51059", areas[0].name = "Fairfax County, Virginia", areas[0].level = "county";
  areas[1].id = "51600", areas[1].name = "Fairfax city", areas[1].level = "county";
  areas[2].id = "4816399", areas[2].name = "Pearsall", areas[2].level = "custom";
  auto idx = CountyNameIndexFromAreas(areas, "areas");
  CHECK(idx.size() == 2);
  CHECK(idx.Match("VA", "Fairfax city") == std::optional<std::string>("51600"));
  CHECK(idx.Match("51", "Fairfax County") == std::optional<std::string>("51059"));
}

TEST_CASE("PEP annres without the gazetteer is a clear error") {
  ImportRequest req;
  req.kind = SourceKind::kPep;
  req.path = DataPath("census_pep/co-est2019-annres.header_simplified.csv");
  auto r = ImportIndicators(req);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("gazetteer") != std::string::npos);
}

TEST_CASE("SAIPE (ERS): preamble skipped, Frio County poverty rate with CI-based MOE") {
  auto r = Import(SourceKind::kSaipe, "usda_ers/PovertyEstimates_SAIPE2021.csv");
  const auto& frio = Find(r, "saipe.poverty_rate_pct", "48163", "2021");
  CHECK(frio.value == Approx(26.7));
  CHECK(frio.moe == Approx((32.4 - 21.0) / 2));
  CHECK(Find(r, "saipe.poverty_count", "48163", "2021").value == Approx(4124));
  CHECK(Find(r, "saipe.child_poverty_rate_pct", "48163", "2021").value == Approx(33.7));
  CHECK(Find(r, "saipe.median_household_income_usd", "48163", "2021").value == Approx(47833));
  CHECK(Find(r, "saipe.poverty_rate_pct", "US", "2021").geo_level == "nation");
  CHECK(Find(r, "saipe.poverty_rate_pct", "01", "2021").value == Approx(16.3));
}

TEST_CASE("RUCC 2023: Mac Roman byte does not abort - codes and 2020 population") {
  auto r = Import(SourceKind::kRucc, "usda_ers/Ruralurbancontinuumcodes2023.csv");
  CHECK(Find(r, "ers.rucc_code", "48163", "2023").value == Approx(6));
  CHECK(Find(r, "ers.pop_census", "48163", "2020").value == Approx(18385));
  CHECK(Find(r, "ers.rucc_code", "35013", "2023").value == Approx(3));  // Doña Ana (0x96 byte)
}

TEST_CASE("QCEW Frio 2016: suppressed N rows never become zero - quarterly and derived annual") {
  auto r = Import(SourceKind::kQcew, "bls_qcew/qcew_2016_q1-q4_48163_frio_county_tx.csv");
  CHECK(r.source.records == 2660);
  const auto& all = Find(r, "qcew.emp_10", "48163", "2016Q1");
  CHECK(all.value == Approx((6371 + 6395 + 6182) / 3.0));
  CHECK(Find(r, "qcew.estabs_10", "48163", "2016Q1").value == Approx(433));
  const auto& flc = Find(r, "qcew.emp_1151", "48163", "2016Q1");
  CHECK(flc.status == "suppressed");
  CHECK_FALSE(flc.value.has_value());
  CHECK(Find(r, "qcew.estabs_1151", "48163", "2016Q1").value == Approx(4));
  const auto& crops = Find(r, "qcew.emp_111", "48163", "2016");
  CHECK(crops.status == "derived");
  CHECK(crops.value == Approx((273.0 + 2 / 3.0 + 294 + 242 + 1 / 3.0 + 261 + 1 / 3.0) / 4));
  CHECK(Find(r, "qcew.emp_72", "48163", "2016").status == "suppressed");
  CHECK(Find(r, "qcew.emp_31_33", "48163", "2016Q4").value == Approx((107 + 112 + 109) / 3.0));
  for (const auto& o : r.observations)
    if (o.status == "suppressed") CHECK_FALSE(o.value.has_value());
}

TEST_CASE("WHD WHISARD: cases land in counties through the ZIP crosswalk, splits apportioned") {
  auto zx = ZipCounty();
  Crosswalks xw;
  xw.zip_county = &zx;
  auto r = Import(SourceKind::kWhd, "dol_whd/whd_whisard_sample_2013_laborsight.csv", {}, xw);
  CHECK(r.source.records == 24);
  CHECK(r.skipped.empty());
  // Case 1439574, Corpus Christi TX 78413 -> Nueces County 48355.
  const auto& bw = Find(r, "whd.backwages_usd", "48355", "2006");
  CHECK(bw.value == Approx(3625.51));
  CHECK(bw.status == "ok");
  CHECK(Find(r, "whd.violations_count", "48355", "2006").value == Approx(12));
  CHECK(Find(r, "whd.employees_owed_count", "48355", "2006").value == Approx(12));
  // Case 1450215, Java VA 24565: 10 H-2A violations split by BUS_RATIO over 51143 / 51083.
  const auto& pitt = Find(r, "whd.h2a_violations_count", "51143", "2006");
  CHECK(pitt.status == "apportioned");
  CHECK(pitt.value == Approx(10 * 0.8571428571428571));
  CHECK(Find(r, "whd.h2a_violations_count", "51083", "2006").value == Approx(10 * 0.14285714285714285));
  // Pago Pago 96799 has BUS_RATIO 0: falls back to TOT_RATIO.
  CHECK(Find(r, "whd.backwages_usd", "60010", "2006").value == Approx(7004.61));
  CHECK(Find(r, "whd.cases_count", "06001", "2006").value == Approx(1));
  bool noted = false;
  for (const auto& n : r.notes) noted = noted || n.find("ZIP_COUNTY_032023") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("OFLC H-2A FY17: certified workers by worksite county - association masters not double-counted") {
  auto gaz = Gazetteer();
  Crosswalks xw;
  xw.county_names = &gaz;
  auto r = Import(SourceKind::kOflc, "dol_oflc/H-2A_Disclosure_Data_FY17.first300rows.csv", {}, xw);
  const auto& frio = Find(r, "oflc.h2a_workers_certified", "48163", "FY2017");
  CHECK(frio.value == Approx(38));
  CHECK(Find(r, "oflc.h2a_workers_certified_naics_111", "48163", "FY2017").value == Approx(38));
  CHECK(Find(r, "oflc.h2a_employers_count", "48163", "FY2017").value == Approx(1));
  CHECK(Find(r, "oflc.h2a_workers_certified", "37125", "FY2017").value == Approx(1790));  // Moore NC, sub rows only
  size_t masters = 0, withdrawn = 0;
  for (const auto& s : r.skipped) {
    masters += s.reason.find("association master") != std::string::npos;
    withdrawn += s.reason.find("WITHDRAWN") != std::string::npos;
  }
  CHECK(masters == 8);
  CHECK(withdrawn == 1);
}

TEST_CASE("HUD PIT 2017: per CoC, and apportioned to counties by population share") {
  auto coc = CocCounty();
  Crosswalks xw;
  xw.coc_county = &coc;
  ImportOptions opts;
  auto rucc = Import(SourceKind::kRucc, "usda_ers/Ruralurbancontinuumcodes2023.csv");
  for (const auto& o : rucc.observations)
    if (o.indicator_id == "ers.pop_census" && o.value) opts.county_population[o.geo_id] = *o.value;
  auto r = Import(SourceKind::kPit, "hud_pit/2017_pit_byrne.csv", opts, xw);
  CHECK(Count(r, "hud.pit_homeless_total") >= 399);
  CHECK(Find(r, "hud.pit_homeless_total", "TX-607", "2017").value == Approx(7153));
  CHECK(Find(r, "hud.pit_unsheltered", "TX-700", "2017").value == Approx(1128));
  const auto& la = Find(r, "hud.pit_homeless_total", "06037", "2017");  // 4 CoCs wholly inside LA County
  CHECK(la.value == Approx(55188 + 1863 + 575 + 168));
  CHECK(la.status == "ok");
  const auto& frio = Find(r, "hud.pit_homeless_total", "48163", "2017");
  CHECK(frio.status == "apportioned");
  CHECK(frio.value == Approx(11.6855616517));
  auto bare = Import(SourceKind::kPit, "hud_pit/2017_pit_byrne.csv", {}, xw);
  CHECK(Find(bare, "hud.pit_homeless_total", "06037", "2017").value == Approx(57794));
  for (const auto& o : bare.observations) CHECK(o.geo_id != "48163");  // not apportioned without populations
}

TEST_CASE("Gazetteer: land area as an indicator") {
  auto r = Import(SourceKind::kGazetteer, "geo/2016_Gaz_counties_national.txt");
  CHECK(Count(r, "gazetteer.land_area_sq_mi") == 3219);  // 3,220 lines incl. the header
  CHECK(r.skipped.empty());
  const auto& frio = Find(r, "gazetteer.land_area_sq_mi", "48163", "2016");
  CHECK(frio.value == Approx(1133.501));
  CHECK(frio.unit == "sq_mi");
}

TEST_CASE("Frio County 48163 appears consistently across QCEW, SAIPE, H-2A, gazetteer and GeoJSON") {
  auto gaz = Gazetteer();
  Crosswalks xw;
  xw.county_names = &gaz;
  auto has = [](const ImportResult& r) {
    for (const auto& o : r.observations)
      if (o.geo_id == "48163" && o.geo_level == "county") return true;
    return false;
  };
  CHECK(has(Import(SourceKind::kQcew, "bls_qcew/qcew_2016_q1-q4_48163_frio_county_tx.csv")));
  CHECK(has(Import(SourceKind::kSaipe, "usda_ers/PovertyEstimates_SAIPE2021.csv")));
  CHECK(has(Import(SourceKind::kOflc, "dol_oflc/H-2A_Disclosure_Data_FY17.first300rows.csv", {}, xw)));
  CHECK(has(Import(SourceKind::kGazetteer, "geo/2016_Gaz_counties_national.txt")));
  auto geo = canvass::core::ParseJsonFile(DataPath("geo/geojson-counties-fips.subset_AK_CT_SD_TX_VA.json"));
  REQUIRE(geo.ok());
  bool found = false;
  for (const auto& f : geo->Find("features")->as_array())
    if (f.Find("id") && f.Find("id")->as_string() == "48163") found = f.Find("properties")->Find("NAME")->as_string() == "Frio";
  CHECK(found);
}

TEST_CASE("Generic importer: header found past the preamble - profile JSON round-trips") {
  ImportOptions o;
  o.generic.id_column = "FIPS_Code";
  o.generic.value_column = "PCTPOVALL_2021";
  o.generic.indicator = "local.poverty_pct";
  o.generic.period = "2021";
  o.generic.unit = "percent";
  auto r = Import(SourceKind::kGeneric, "usda_ers/PovertyEstimates_SAIPE2021.csv", o);
  CHECK(Find(r, "local.poverty_pct", "48163", "2021").value == Approx(26.7));
  CHECK(Find(r, "local.poverty_pct", "48163", "2021").source_row > 5);
  auto json = o.generic.ToProfileJson();
  auto back = GenericMapping::FromProfileJson(canvass::core::ParseJson(json.ToJson(), "profile").value(), "profile");
  REQUIRE(back.ok());
  CHECK(back->value_column == "PCTPOVALL_2021");
  CHECK(back->ToProfileJson() == json);
  auto bad = GenericMapping::FromProfileJson(canvass::core::ParseJson("{\"format\":\"x\"}", "p").value(), "p");
  CHECK_FALSE(bad.ok());
}

TEST_CASE("Source kinds round-trip by name and the preview lists counts and skips") {
  for (const char* name : {"acs", "pep", "saipe", "rucc", "qcew", "whd", "oflc", "pit", "gazetteer", "generic"}) {
    SourceKind k;
    REQUIRE(ParseSourceKind(name, &k));
    CHECK(std::string(SourceKindName(k)) == name);
  }
  SourceKind k;
  CHECK_FALSE(ParseSourceKind("xlsx", &k));
  auto r = Import(SourceKind::kQcew, "bls_qcew/qcew_2016_q1-q4_48163_frio_county_tx.csv");
  std::string p = r.Preview();
  CHECK(p.find("qcew.emp_1151:") != std::string::npos);
  CHECK(p.find("suppressed=") != std::string::npos);
  CHECK(r.observations[0].ToValue().Find("geo_id")->as_string() == "48163");
}

namespace {
// The number parsing as it was before the plain-decimal fast path (reference).
bool RefParseNumber(const std::string& raw, double* out) {
  std::string s;
  for (char ch : raw)
    if (ch != ',' && ch != ' ' && ch != '\t' && ch != '$') s.push_back(ch);
  if (!s.empty() && s.back() == '%') s.pop_back();
  if (!s.empty() && s[0] == '+') s.erase(0, 1);
  if (s.empty() || s.size() > 64) return false;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !std::isfinite(d)) return false;
  if (s.find_first_of("xXnN") != std::string::npos) return false;
  *out = d;
  return true;
}
}  // namespace

TEST_CASE("generic import reads every random number exactly as strtod does") {
  std::mt19937 rng(99);
  const char* shapes[] = {"", "-", "+", "$"};
  std::string csv = "id,v\n";
  std::vector<std::string> raws;
  for (int i = 0; i < 20000; ++i) {
    std::string r = shapes[rng() % 4];
    size_t digits = 1 + rng() % 19, dot = rng() % (digits + 2);
    for (size_t k = 0; k < digits; ++k) {
      if (k == dot) r += '.';
      r += static_cast<char>('0' + rng() % 10);
    }
    if (rng() % 9 == 0) r += '%';
    if (rng() % 13 == 0) r = "1,2" + r;
    raws.push_back(r);
    char id[8];
    std::snprintf(id, sizeof id, "%05d", 10000 + i);
    csv += std::string(id) + ",\"" + r + "\"\n";
  }
  ImportRequest req;
  req.kind = SourceKind::kGeneric;
  req.bytes = csv;
  req.name = "numbers.csv";
  req.options.generic.id_column = "id";
  req.options.generic.value_column = "v";
  req.options.generic.indicator = "t.v";
  req.options.generic.period = "2024";
  auto r = ImportIndicators(req);
  REQUIRE(r.ok());
  size_t parsed = 0;
  for (size_t i = 0, o = 0; i < raws.size(); ++i) {
    double want = 0;
    bool ok = RefParseNumber(raws[i], &want);
    if (!ok) continue;  // skipped by the importer (not a number)
    REQUIRE(o < r->observations.size());
    INFO(raws[i]);
    REQUIRE(r->observations[o].value.has_value());
    CHECK(*r->observations[o].value == want);
    CHECK(std::signbit(*r->observations[o].value) == std::signbit(want));
    ++o;
    ++parsed;
  }
  CHECK(parsed == r->observations.size());
  CHECK(parsed > 15000);
}

TEST_CASE("a large generic file read on two threads gives the rows, skips and order of one pass") {
  // 150,000 records (above the two-thread threshold) with bad rows in both halves.
  std::string csv = "note: preamble line\nid,v,moe\n";
  std::vector<int> expect_skip;  // record numbers (0-based) that must be skipped
  for (int i = 0; i < 150000; ++i) {
    char line[64];
    if (i % 9973 == 0) { std::snprintf(line, sizeof line, "%05d,abc,1\n", i % 100000); expect_skip.push_back(i); }
    else if (i % 7919 == 0) { std::snprintf(line, sizeof line, "%05d\n", i % 100000); expect_skip.push_back(i); }
    else if (i % 5003 == 0) std::snprintf(line, sizeof line, "%05d,(X),\n", i % 100000);
    else std::snprintf(line, sizeof line, "%05d,%d.5,%d\n", i % 100000, i, i % 7);
    csv += line;
  }
  ImportRequest req;
  req.kind = SourceKind::kGeneric;
  req.bytes = csv;
  req.name = "big.csv";
  req.options.generic.id_column = "id";
  req.options.generic.value_column = "v";
  req.options.generic.moe_column = "moe";
  req.options.generic.indicator = "t.v";
  req.options.generic.period = "2024";
  req.options.generic.missing_codes = {"(X)"};
  auto r = ImportIndicators(req);
  REQUIRE(r.ok());
  CHECK(r->source.records == 150000);
  REQUIRE(r->skipped.size() == expect_skip.size());
  for (size_t k = 0; k < expect_skip.size(); ++k) CHECK(r->skipped[k].line == static_cast<size_t>(expect_skip[k]) + 3);
  REQUIRE(r->observations.size() == 150000 - expect_skip.size());
  bool ordered = true;
  for (size_t k = 1; k < r->observations.size(); ++k) ordered = ordered && r->observations[k - 1].source_row < r->observations[k].source_row;
  CHECK(ordered);
  // Record 120001 (second half): line 120004, value 120001.5, moe 120001 % 7.
  const Observation* o = nullptr;
  for (const auto& x : r->observations) if (x.source_row == 120004) o = &x;
  REQUIRE(o);
  CHECK(o->geo_id == "20001");
  CHECK(*o->value == 120001.5);
  CHECK(*o->moe == 120001 % 7);
  int missing = 0;
  for (const auto& x : r->observations)
    if (x.source_row == 5003 * 20 + 3 && x.status == obs_status::kNotAvailable && !x.value) ++missing;
  CHECK(missing == 1);
  // The observation limit holds across both halves.
  req.max_observations = 120000;
  auto over = ImportIndicators(req);
  REQUIRE_FALSE(over.ok());
  CHECK(over.status().message().find("more than 120000 observations") != std::string::npos);
}
