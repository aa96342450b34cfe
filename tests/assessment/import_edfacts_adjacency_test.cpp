// EDFacts (homeless students by district, joined to counties) and county adjacency (border
// flags and neighbour lists for spill-over) on the real extracts in tests/data.
#include <catch2/catch.hpp>

#include <algorithm>

#include "assessment/border.h"
#include "test_util.h"

using namespace canvass::assessment;
using namespace canvass::assessment::testing;

namespace {

const char* kEd = "ed_edfacts/lea-homeless-enrolled-sy2018-19-wide.AL-CT.csv";
const char* kAdj = "geo/county_adjacency_2010era.AL-GA.txt";

// No real NCES EDGE geocode file is at hand (SOURCES.md §11): this is one BUILT to the
// EDGE_GEOCODE_PUBLICLEA layout (LEAID, NAME, OPSTFIPS, STREET, CITY, STATE, ZIP, STFIP, CNTY,
// NMCNTY, LOCALE, LAT, LON), with the real counties of six Alabama districts' offices. Leeds
// City is listed with a blank county, as EDGE does for a few agencies.
const char* kEdge =
    "LEAID,NAME,OPSTFIPS,STREET,CITY,STATE,ZIP,STFIP,CNTY,NMCNTY,LOCALE,LAT,LON\n"
    "0100005,Albertville City,01,107 W Main St,Albertville,AL,35950,01,01095,Marshall County,32,34.27,-86.21\n"
    "0100006,Marshall County,01,12380 US Highway 431,Guntersville,AL,35976,01,01095,Marshall County,42,34.35,-86.29\n"
    "0100100,Arab City,01,750 Arabian Dr NE,Arab,AL,35016,01,01095,Marshall County,32,34.33,-86.49\n"
    "0100007,Hoover City,01,2810 Metropolitan Way,Hoover,AL,35243,01,01073,Jefferson County,21,33.41,-86.79\n"
    "100060,Andalusia City,01,1 Bulldog Blvd,Andalusia,AL,36420,01,1039,Covington County,32,31.31,-86.48\n"
    "0100480,Bullock County,01,108 Hardaway Ave,Union Springs,AL,36089,01,01011,Bullock County,33,32.14,-85.71\n"
    "0100011,Leeds City,01,1000 Corporate Dr,Leeds,AL,35094,01,,,21,33.55,-86.55\n";

LeaCountyCrosswalk Edge(const std::string& text = kEdge) {
  auto t = ParseCsv(text, "EDGE_GEOCODE_PUBLICLEA_1819.csv");
  REQUIRE(t.ok());
  auto x = LeaCountyFromTable(*t, "EDGE_GEOCODE_PUBLICLEA_1819.csv");
  INFO(x.status().ToString());
  REQUIRE(x.ok());
  return *x;
}

}  // namespace

// ---- EDFacts -----------------------------------------------------------------------------

TEST_CASE("EDFacts homeless students: districts summed per county - S suppressed, '.' as documented") {
  auto edge = Edge();
  CHECK(edge.county_of.size() == 6);
  CHECK(edge.blank_county == 1);
  CHECK(edge.county_of.at("0100060") == "01039");  // Excel-stripped zeros re-padded
  Crosswalks xw;
  xw.lea_county = &edge;
  auto r = Import(SourceKind::kEdfacts, kEd, {}, xw);
  CHECK(r.source.records == 2492);
  // Lines 2, 3, 12 (Marshall County, 01095): Albertville TOTAL 101 DOUBLED_UP 98 UHY S;
  // Marshall County 196 / 190 / 46; Arab City 24 / S / S.
  const auto& total = Find(r, "ed.homeless_students_count", "01095", "SY2018-19");
  CHECK(total.value == Approx(101 + 196 + 24));
  CHECK(total.status == "ok");
  CHECK(total.unit == "persons");
  const auto& doubled = Find(r, "ed.homeless_students_doubled_up_count", "01095", "SY2018-19");
  CHECK(doubled.value == Approx(98 + 190));
  CHECK(doubled.status == "partial");  // Arab City's S: at least 288
  const auto& uhy = Find(r, "ed.unaccompanied_homeless_youth_count", "01095", "SY2018-19");
  CHECK(uhy.value == Approx(46));
  CHECK(uhy.status == "partial");
  // Line 4: Hoover City 51 / 36 / 12, alone in Jefferson County.
  CHECK(Find(r, "ed.unaccompanied_homeless_youth_count", "01073", "SY2018-19").value == Approx(12));
  CHECK(Find(r, "ed.unaccompanied_homeless_youth_count", "01073", "SY2018-19").status == "ok");
  // Line 10: Andalusia City TOTAL S, DOUBLED_UP '.', UHY S.
  const auto& sup = Find(r, "ed.homeless_students_count", "01039", "SY2018-19");
  CHECK(sup.status == "suppressed");
  CHECK_FALSE(sup.value.has_value());  // S is never a number
  const auto& dot = Find(r, "ed.homeless_students_doubled_up_count", "01039", "SY2018-19");
  CHECK(dot.status == "zero_or_not_reported");
  CHECK(dot.value == Approx(0));
  // Line 29: Bullock County 7 / 7 / '.'.
  CHECK(Find(r, "ed.homeless_students_count", "01011", "SY2018-19").value == Approx(7));
  CHECK(Find(r, "ed.unaccompanied_homeless_youth_count", "01011", "SY2018-19").status == "zero_or_not_reported");
  // Every other district is listed as unmatched, Leeds City (line 6, blank county) among them.
  CHECK(r.skipped.size() == 2492 - 6);
  bool leeds = false;
  for (const auto& s : r.skipped) leeds = leeds || (s.line == 6 && s.reason.find("0100011 (Leeds City)") != std::string::npos);
  CHECK(leeds);
  CHECK(r.observations.size() == 4 * 3);  // 4 counties x 3 indicators
}

TEST_CASE("EDFacts bad input: no crosswalk, bad crosswalk, garbage and negative cells, wrong layout") {
  auto nox = ImportBytes(SourceKind::kEdfacts, "lea-homeless-enrolled-sy2018-19-wide.csv", ReadBytes(DataPath(kEd)));
  REQUIRE_FALSE(nox.ok());
  const std::string& m = nox.status().message();
  CHECK(m.find("--crosswalk") != std::string::npos);
  CHECK(m.find("EDGE_GEOCODE_PUBLICLEA") != std::string::npos);
  CHECK(m.find('\n') == std::string::npos);
  auto t = ParseCsv("LEAID,NAME,STATE\n0100005,Albertville City,AL\n", "edge.csv");
  auto nocnty = LeaCountyFromTable(*t, "edge.csv");
  REQUIRE_FALSE(nocnty.ok());
  CHECK(nocnty.status().message().find("no column CNTY") != std::string::npos);
  auto t2 = ParseCsv("LEAID,CNTY\n0100005,01095\n01000X6,Marshall\n", "edge.csv");
  auto bad = LeaCountyFromTable(*t2, "edge.csv");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("edge.csv:3") != std::string::npos);
  auto edge = Edge();
  Crosswalks xw;
  xw.lea_county = &edge;
  std::string d = ReadBytes(DataPath(kEd));
  auto rep = [&d](const std::string& from, const std::string& to) { d.replace(d.find(from), from.size(), to); };
  rep("Hoover City,Yes,51,,12,S,S,36", "Hoover City,Yes,51,,12,S,S,-3");
  rep("Bullock County,No,7,,.,.,.,7", "Bullock County,No,x,,.,.,.,7");
  auto g = ImportBytes(SourceKind::kEdfacts, "lea-homeless-enrolled-sy2018-19-wide.csv", d, {}, xw);
  REQUIRE(g.ok());
  CHECK(Find(*g, "ed.homeless_students_doubled_up_count", "01073", "SY2018-19").status == "not_available");
  CHECK(Find(*g, "ed.homeless_students_count", "01011", "SY2018-19").status == "not_available");
  size_t named = 0;
  for (const auto& s : g->skipped) named += s.reason.find("is not a count, S or .") != std::string::npos ? 1 : 0;
  CHECK(named == 2);
  auto wrong = ImportBytes(SourceKind::kEdfacts, "HT.csv", ReadBytes(DataPath("fbi_ucr/HT_2013-2017.csv")), {}, xw);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().message().find("looks like FBI UCR") != std::string::npos);
}

// ---- County adjacency ----------------------------------------------------------------------

TEST_CASE("adjacency: border flags and neighbour pairs from the Census file, read back as lists") {
  auto r = Import(SourceKind::kAdjacency, kAdj);
  CHECK(r.skipped.empty());
  CHECK(Count(r, "border.any") == 546);
  CHECK(Count(r, kNeighborIndicator) == 3125);  // ordered pairs, a county never its own neighbour
  // Lines 1-6: Autauga County, AL and its neighbours Chilton, Dallas, Elmore, Lowndes, Montgomery.
  const auto& pair = Find(r, kNeighborIndicator, "01001:01021", "2010");
  CHECK(pair.geo_level == kNeighborLevel);
  CHECK(pair.source_row == 2);
  CHECK(pair.source_kind == "adjacency");
  CHECK(Find(r, "border.state_line", "01001", "2010").value == Approx(0));
  CHECK(Find(r, "border.state_line", "13051", "2010").value == Approx(1));   // Chatham GA, next to Jasper SC
  CHECK(Find(r, "border.international", "04003", "2010").value == Approx(1));  // Cochise AZ
  NeighborMap n = NeighborsFromObservations(r.observations);
  CHECK(n.size() == 546);
  CHECK(n.at("01001") == std::vector<std::string>{"01021", "01047", "01051", "01085", "01101"});
  CHECK(n.at("13051") == std::vector<std::string>{"13029", "13103", "13179", "45053"});
  CHECK(n.count("45053") == 0);  // SC is outside the extract: listed only as a neighbour
  std::map<std::string, double> risk = {{"01021", 80}, {"01047", 40}, {"01085", 90}, {"99999", 100}};
  NeighborSummary s = SummarizeNeighbors(n, "01001", risk);
  CHECK(s.neighbors == 5);
  CHECK(s.with_value == 3);
  CHECK(*s.mean == Approx(70));
  CHECK(*s.max == Approx(90));
  CHECK_FALSE(SummarizeNeighbors(n, "48163", risk).mean.has_value());
}

TEST_CASE("adjacency: the latest vintage wins - the 2020s pipe layout - malformed lines are errors") {
  auto old = Import(SourceKind::kAdjacency, kAdj);
  // Built to the newer Census layout (pipe-separated, a header, one line per pair; not
  // checked against a real download here).
  auto now = ImportBytes(SourceKind::kAdjacency, "county_adjacency2023.txt",
                         "County Name|County GEOID|Neighbor Name|Neighbor GEOID\n"
                         "Autauga County, AL|01001|Autauga County, AL|01001\n"
                         "Autauga County, AL|01001|Chilton County, AL|01021\n"
                         "Autauga County, AL|01001|Elmore County, AL|01051\n");
  REQUIRE(now.ok());
  CHECK(Count(*now, kNeighborIndicator) == 2);
  std::vector<Observation> both = old.observations;
  both.insert(both.end(), now->observations.begin(), now->observations.end());
  NeighborMap n = NeighborsFromObservations(both);
  CHECK(n.size() == 1);
  CHECK(n.at("01001") == std::vector<std::string>{"01021", "01051"});
  auto noyear = ImportBytes(SourceKind::kAdjacency, "adjacency.txt", ReadBytes(DataPath(kAdj)));
  REQUIRE_FALSE(noyear.ok());
  CHECK(noyear.status().message().find("--period") != std::string::npos);
  std::string d = ReadBytes(DataPath(kAdj));
  const std::string dallas = "\t\t\"Dallas County, AL\"\t01047";
  d.replace(d.find(dallas), dallas.size(), "\t\t\"Dallas County, AL\"");
  auto bad = ImportBytes(SourceKind::kAdjacency, "county_adjacency2010.txt", d);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("county_adjacency2010.txt:3") != std::string::npos);
  auto wrong = ImportBytes(SourceKind::kAdjacency, "laucnty22.csv", ReadBytes(DataPath("bls_laus/laucnty22.AL-GA.csv")), [] {
    ImportOptions o;
    o.period = "2010";
    return o;
  }());
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().message().find("looks like BLS LAUS") != std::string::npos);
}

// Hostile files for every new kind: binary, a field over the cap, too many columns, more
// observations than allowed, a county list of 100,000 names. A clear error or a bounded result.
TEST_CASE("new importers: hostile input is refused or bounded, never a crash or an unbounded result") {
  auto gaz = Gazetteer();
  auto edge = Edge();
  Crosswalks xw;
  xw.county_names = &gaz;
  xw.lea_county = &edge;
  for (SourceKind k : {SourceKind::kLaus, SourceKind::kUcr, SourceKind::kEdfacts, SourceKind::kAdjacency, SourceKind::kAuto}) {
    INFO(SourceKindName(k));
    ImportRequest req;
    req.kind = k;
    req.name = "hostile_2010.csv";
    req.crosswalks = xw;
    req.options.period = "2010";
    for (const std::string& bytes : {std::string("LAUS\0\x01\x02", 7), "\"" + std::string(2u << 20, 'x') + "\"", std::string(30000, ','),
                                     std::string("\xEF\xBB\xBF"), std::string("PK\x03\x04", 4)}) {
      req.bytes = bytes;
      auto r = ImportIndicators(req);
      REQUIRE_FALSE(r.ok());
      CHECK(r.status().message().find("hostile_2010.csv") != std::string::npos);
      CHECK(r.status().message().find('\n') == std::string::npos);
    }
  }
  ImportRequest cap;
  cap.kind = SourceKind::kAdjacency;
  cap.path = DataPath(kAdj);
  cap.max_observations = 10;
  auto many = ImportIndicators(cap);
  REQUIRE_FALSE(many.ok());
  CHECK(many.status().message().find("more than 10 observations") != std::string::npos);
  std::string names = "ADAMS";
  for (int i = 0; i < 100000; ++i) names += ", NOWHERE" + std::to_string(i % 7);
  std::string ucr = ReadBytes(DataPath("fbi_ucr/HT_2013-2017.csv"));
  ucr = ucr.substr(0, ucr.find('\n') + 1) + "2014,CO0010100,Aurora,,City,CO,Colorado,Mountain,\"" + names +
        "\",West,\"1C\",\"x\",HTCSA,Human Trafficking,Commercial Sex Acts,192,0,192,0\n";
  auto r = ImportBytes(SourceKind::kUcr, "HT.csv", ucr, {}, xw);
  REQUIRE(r.ok());
  REQUIRE(r->skipped.size() == 1);  // NOWHERE0 is no Colorado county: the row goes to the state total only
  CHECK(r->skipped[0].reason.find("\"NOWHERE0\" not found in CO") != std::string::npos);
  CHECK(Find(*r, "ucr.ht_offenses_sex_count", "08", "2014").value == Approx(192));
  CHECK(r->observations.size() == 4);  // the state's sex, cleared-sex, total and cleared counts
}
