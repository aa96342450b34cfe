// --source auto over every file in tests/data; the wrong-source refusal; H-1B through the OFLC
// importer and NAICS sector names; KIDS COUNT and highway tables through the shipped generic
// profiles; the QCEW temporary-help share; the new indicators in the default profile.
#include <catch2/catch.hpp>

#include <map>

#include "assessment/naics.h"
#include "assessment/scoring_profile.h"
#include "core/value.h"
#include "test_util.h"

using namespace canvass::assessment;
using namespace canvass::assessment::testing;

namespace {

std::string ProfilePath(const std::string& name) {
  return std::string(CANVASS_ASSESSMENT_TEST_DIR) + "/../../docs/profiles/" + name;
}

GenericMapping Profile(const std::string& name) {
  auto v = canvass::core::ParseJsonFile(ProfilePath(name));
  INFO(name << ": " << v.status().ToString());
  REQUIRE(v.ok());
  auto m = GenericMapping::FromProfileJson(*v, name);
  INFO(m.status().ToString());
  REQUIRE(m.ok());
  return *m;
}

}  // namespace

TEST_CASE("auto: every importable file in tests/data is recognised as its kind, the others are not") {
  const std::map<std::string, const char*> expect = {
      {"bls_laus/laucnty22.AL-GA.csv", "laus"},
      {"fbi_ucr/HT_2013-2017.csv", "ucr"},
      {"ed_edfacts/lea-homeless-enrolled-sy2018-19-wide.AL-CT.csv", "edfacts"},
      {"geo/county_adjacency_2010era.AL-GA.txt", "adjacency"},
      {"bls_qcew/qcew_2016_q1-q4_48163_frio_county_tx.csv", "qcew"},
      {"census_acs/state_ACSST5Y2023.S1701-Data.csv", "acs"},
      {"census_acs/county_wa_ACSDT5Y2023.B01003-Data.csv", "acs"},
      {"census_acs/tract_bexar_tx_ACSDP5Y2021.DP03-Data.first60rows.csv", "acs"},
      {"census_pep/co-est2019-annres.header_simplified.csv", "pep"},
      {"dol_oflc/H-2A_Disclosure_Data_FY17.first300rows.csv", "oflc"},
      {"dol_whd/whd_whisard_sample_2013_laborsight.csv", "whd"},
      {"hud_pit/2017_pit_byrne.csv", "pit"},
      {"usda_ers/PovertyEstimates_SAIPE2021.csv", "saipe"},
      {"usda_ers/Ruralurbancontinuumcodes2023.csv", "rucc"},
      {"geo/2016_Gaz_counties_national.txt", "gazetteer"},
      {"census_acs/state_ACSST5Y2023.S1701-Column-Metadata.csv", ""},
      {"dol_whd/whd_data_dictionary.csv", ""},
      {"geo/ZIP_COUNTY_032023.TX_plus_whd_sample_zips.csv", ""},
      {"hud_pit/county_coc_match_2017_byrne.csv", ""}};
  for (const auto& [rel, kind] : expect) {
    INFO(rel);
    auto head = DetectSourceFile(DataPath(rel));  // the CLI's look at the first MiB
    REQUIRE(head.ok());
    auto t = ReadCsvFile(DataPath(rel));
    REQUIRE(t.ok());
    SourceGuess whole = DetectSource(*t);
    CHECK(whole.candidates == head->candidates);
    auto k = ResolveSource(whole, rel);
    if (*kind) {
      REQUIRE(k.ok());
      CHECK(std::string(SourceKindName(*k)) == kind);
    } else {
      REQUIRE_FALSE(k.ok());
      CHECK(k.status().message().find("not one Canvass recognises") != std::string::npos);
      CHECK(k.status().message().find("--source generic") != std::string::npos);
    }
  }
}

TEST_CASE("auto: imports as the kind recognised and says so - refuses with the candidates when unsure") {
  auto explicit_laus = Import(SourceKind::kLaus, "bls_laus/laucnty22.AL-GA.csv");
  auto autod = Import(SourceKind::kAuto, "bls_laus/laucnty22.AL-GA.csv");
  CHECK(autod.source.kind == "laus");
  CHECK(autod.observations.size() == explicit_laus.observations.size());
  CHECK(autod.observations[0].source_kind == "laus");
  REQUIRE_FALSE(autod.notes.empty());
  CHECK(autod.notes[0] == "recognised as BLS LAUS county annual averages (header on line 5); imported as --source laus");
  // A header that fits two layouts (ACS and SAIPE names together): the candidates, no guess.
  auto two = ImportBytes(SourceKind::kAuto, "odd.csv", "GEO_ID,NAME,FIPS_Code,PCTPOVALL_2021\n0500000US48163,Frio,48163,26.7\n");
  REQUIRE_FALSE(two.ok());
  const std::string& m = two.status().message();
  CHECK(m.find("more than one layout") != std::string::npos);
  CHECK(m.find("acs (Census ACS") != std::string::npos);
  CHECK(m.find("saipe (SAIPE") != std::string::npos);
  CHECK(m.find('\n') == std::string::npos);
  // KIDS COUNT (layout of SOURCES.md §12, built here): pointed at the profiles.
  auto kc = ImportBytes(SourceKind::kAuto, "kc.csv", "LocationType,Location,TimeFrame,DataFormat,Data\nCounty,Cass,2019,Number,412\n");
  REQUIRE_FALSE(kc.ok());
  CHECK(kc.status().message().find("KIDS COUNT") != std::string::npos);
  CHECK(kc.status().message().find("docs/profiles/") != std::string::npos);
  // Hostile: the detector reads at most 60 records of a file and never the rest.
  std::string many = "x\n";
  for (int i = 0; i < 100; ++i) many += "1\n";
  many += "area_fips,own_code,industry_code\n";
  CHECK(DetectSource(*ParseCsv(many, "m.csv")).candidates.empty());
  CHECK_FALSE(DetectSourceFile("/nonexistent/x.csv").ok());
}

TEST_CASE("H-1B labor condition applications through the OFLC importer, by county and sector") {
  // No real LCA disclosure file is at hand (SOURCES.md §9, from loader code): this one is BUILT
  // to the FY2020+ LCA layout (a subset of its columns, in its order), with invented cases.
  const std::string hdr =
      "CASE_NUMBER,CASE_STATUS,RECEIVED_DATE,DECISION_DATE,VISA_CLASS,JOB_TITLE,SOC_CODE,FULL_TIME_POSITION,"
      "TOTAL_WORKER_POSITIONS,EMPLOYER_NAME,EMPLOYER_STATE,NAICS_CODE,WORKSITE_CITY,WORKSITE_COUNTY,WORKSITE_STATE,"
      "WORKSITE_POSTAL_CODE,WAGE_RATE_OF_PAY_FROM,WAGE_UNIT_OF_PAY\n";
  const std::string rows =
      "I-200-22001-000001,Certified,2022-01-03,2022-01-07,H-1B,Engineer,15-1252,Y,3,A Corp,CA,541511,San Jose,SANTA CLARA,CA,95110,120000,Year\n"
      "I-200-22001-000002,Certified - Withdrawn,2022-01-03,2022-01-07,H-1B,Engineer,15-1252,Y,5,A Corp,CA,541511,San Jose,SANTA CLARA,CA,95110,120000,Year\n"
      "I-200-22001-000003,Denied,2022-01-03,2022-01-07,H-1B,Analyst,15-2041,Y,2,B Corp,CA,5415,San Jose,SANTA CLARA,CA,95110,90000,Year\n"
      "I-200-22001-000004,Certified,2022-02-01,2022-02-07,E-3 Australian,Nurse,29-1141,Y,1,C Health,TX,622110,Austin,TRAVIS,TX,78701,70000,Year\n"
      "I-200-22001-000005,Certified,2022-02-01,2022-02-07,H-1B1 Chile,Nurse,29-1141,Y,2,C Health,TX,622110,Austin,TRAVIS,TX,78701,70000,Year\n"
      "I-200-22001-000006,Certified,2022-03-01,2022-03-07,H-1B,Developer,15-1252,Y,4,D Inc,CA,5415,Santa Clara,Santa Clara,California,95050,130000,Year\n"
      "I-200-22001-000007,Certified,2022-04-01,2022-04-07,H-1B,Manager,11-9111,Y,1,E Farms,TX,62,Pearsall,FRIO,TX,78061,80000,Year\n";
  auto gaz = Gazetteer();
  Crosswalks xw;
  xw.county_names = &gaz;
  auto r = ImportBytes(SourceKind::kAuto, "LCA_Disclosure_Data_FY2022_Q4.csv", hdr + rows, {}, xw);
  REQUIRE(r.ok());
  CHECK(r->source.kind == "oflc");
  CHECK(Find(*r, "oflc.h1b_positions_certified", "06085", "FY2022").value == Approx(3 + 4));
  CHECK(Find(*r, "oflc.h1b_positions_certified", "48453", "FY2022").value == Approx(2));  // H-1B1 counts as H-1B
  CHECK(Find(*r, "oflc.h1b_positions_certified", "48163", "FY2022").value == Approx(1));
  CHECK(Find(*r, "oflc.h1b_employers_count", "06085", "FY2022").value == Approx(2));
  CHECK(Find(*r, "oflc.h1b_positions_certified_naics_541", "06085", "FY2022").value == Approx(7));
  CHECK(Find(*r, "oflc.h1b_positions_certified_naics_622", "48453", "FY2022").value == Approx(2));
  CHECK(Find(*r, "oflc.h1b_positions_certified_naics_62", "48163", "FY2022").value == Approx(1));
  CHECK(Count(*r, "oflc.h2a_workers_certified") == 0);
  REQUIRE(r->skipped.size() == 3);  // withdrawn, denied, and the E-3 visa: each with its reason
  CHECK(r->skipped[0].reason.find("Certified - Withdrawn") != std::string::npos);
  CHECK(r->skipped[2].reason.find("E-3 Australian") != std::string::npos);
  // The sector names the report shows for those codes.
  CHECK(NaicsSectorName("541") == "Professional, Scientific, and Technical Services");
  CHECK(NaicsSectorName("622") == "Hospitals");
  CHECK(NaicsSectorName("62") == "Health Care and Social Assistance");
  CHECK(NaicsSectorName("111") == "Crop Production");
  CHECK(NaicsSectorName("72") == "Accommodation and Food Services");
  CHECK(NaicsSectorName("31-33") == "Manufacturing");
  CHECK(NaicsSectorName("541511") == "Professional, Scientific, and Technical Services");
  CHECK(NaicsSectorName("5613") == "Administrative and Support Services");
  for (const char* none : {"", "5", "99", "999", "abc", "54a"}) CHECK(NaicsSectorName(none).empty());
}

TEST_CASE("KIDS COUNT long table through the shipped profile: names, period column, filters, codes") {
  // The KIDS COUNT download layout of SOURCES.md §12 is UNVERIFIED (no real file found): this
  // table is BUILT to it, with invented North Dakota figures.
  const std::string text =
      "LocationType,Location,TimeFrame,DataFormat,Data\n"
      "State,North Dakota,2019,Number,1400\n"
      "County,Cass,2019,Number,412\n"
      "County,Cass,2019,Percent,0.01\n"
      "County,Burleigh,2019,Number,S\n"
      "County,Grand Forks,2020,Number,\"1,021\"\n"
      "County,Ward,2019,Number,N.A.\n"
      "County,Nowhere,2019,Number,5\n";
  auto gaz = Gazetteer();
  Crosswalks xw;
  xw.county_names = &gaz;
  ImportOptions o;
  o.generic = Profile("kidscount_children_in_foster_care.json");
  auto nostate = ImportBytes(SourceKind::kGeneric, "kc.csv", text, o, xw);
  REQUIRE_FALSE(nostate.ok());
  CHECK(nostate.status().message().find("--state") != std::string::npos);
  o.generic.state = "ND";
  auto r = ImportBytes(SourceKind::kGeneric, "kc.csv", text, o, xw);
  REQUIRE(r.ok());
  const auto& cass = Find(*r, "cw.children_in_foster_care_count", "38017", "2019");
  CHECK(cass.value == Approx(412));
  CHECK(cass.unit == "persons");
  CHECK(cass.source_row == 3);
  CHECK(Find(*r, "cw.children_in_foster_care_count", "38015", "2019").status == "suppressed");
  CHECK(Find(*r, "cw.children_in_foster_care_count", "38035", "2020").value == Approx(1021));
  CHECK(Find(*r, "cw.children_in_foster_care_count", "38101", "2019").status == "not_available");
  CHECK(r->observations.size() == 4);
  REQUIRE(r->skipped.size() == 1);
  CHECK(r->skipped[0].reason.find("\"Nowhere\" not found in ND") != std::string::npos);
  bool filtered = false;
  for (const auto& n : r->notes) filtered = filtered || n.find("2 rows left out by the profile's filters") != std::string::npos;
  CHECK(filtered);
  // The other shipped profiles load and name their own indicator ids.
  CHECK(Profile("kidscount_youth_in_placement.json").indicator == "jj.youth_in_placement_count");
  CHECK(Profile("kidscount_juvenile_court_referrals.json").indicator == "jj.juvenile_court_referrals_count");
  CHECK(Profile("kidscount_foster_care_entries_rate.json").indicator == "cw.entries_per_1000_children");
  // Profile version 2 round-trips; version 1 profiles still load; both key kinds is an error.
  auto again = GenericMapping::FromProfileJson(o.generic.ToProfileJson(), "p.json");
  REQUIRE(again.ok());
  CHECK(again->ToProfileJson() == o.generic.ToProfileJson());
  CHECK(o.generic.ToProfileJson().Find("version")->as_number() == 2);
  auto both = canvass::core::ParseJson(R"({"format":"canvass.indicator_profile","version":2,"id_column":"FIPS","name_column":"Location",
      "value_column":"Data","indicator":"x.y","period":"2019"})", "p.json");
  CHECK_FALSE(GenericMapping::FromProfileJson(*both, "p.json").ok());
}

TEST_CASE("highways: a per-county table through the shipped profiles, with the period given") {
  const std::string text = "GEOID,NAME,highway_present,miles_per_100_sq_mi\n48163,Frio,1,4.2\n48013,Atascosa,1,3.1\n48311,McMullen,0,0\n";
  ImportOptions o;
  o.generic = Profile("highways_present.json");
  o.generic.period = "2023";
  auto r = ImportBytes(SourceKind::kGeneric, "roads.csv", text, o);
  REQUIRE(r.ok());
  CHECK(Find(*r, "geo.highway_present", "48163", "2023").value == Approx(1));
  CHECK(Find(*r, "geo.highway_present", "48311", "2023").value == Approx(0));
  o.generic = Profile("highways_miles.json");
  auto m = ImportBytes(SourceKind::kGeneric, "roads.csv", text, o);
  REQUIRE(m.ok());
  CHECK(Find(*m, "geo.highway_miles_per_100_sq_mi", "48013", "2024").value == Approx(3.1));
}

TEST_CASE("QCEW temporary-help share: NAICS 5613 jobs over all jobs, suppressed when a part is") {
  // Built to the QCEW by_area layout (columns by name); the Q1 all-industry row is Frio
  // County's real one (tests/data, line 2); the 5613 rows are invented.
  const std::string text =
      "area_fips,own_code,industry_code,year,qtr,disclosure_code,qtrly_estabs_count,month1_emplvl,month2_emplvl,month3_emplvl,avg_wkly_wage\n"
      "48163,0,10,2016,1,,433,6371,6395,6182,816\n"
      "48163,5,5613,2016,1,,3,120,126,132,500\n"
      "48163,0,10,2016,2,,430,6000,6000,6000,800\n"
      "48163,5,5613,2016,2,N,2,0,0,0,0\n";
  auto r = ImportBytes(SourceKind::kQcew, "qcew_2016.csv", text);
  REQUIRE(r.ok());
  const auto& q1 = Find(*r, "qcew.temp_help_share_pct", "48163", "2016Q1");
  CHECK(q1.value == Approx((120 + 126 + 132) / 3.0 / ((6371 + 6395 + 6182) / 3.0) * 100.0));
  CHECK(q1.status == "derived");
  CHECK(q1.unit == "percent");
  const auto& q2 = Find(*r, "qcew.temp_help_share_pct", "48163", "2016Q2");
  CHECK(q2.status == "suppressed");
  CHECK_FALSE(q2.value.has_value());
  auto frio = Import(SourceKind::kQcew, "bls_qcew/qcew_2016_q1-q4_48163_frio_county_tx.csv");
  CHECK(Count(frio, "qcew.temp_help_share_pct") == 0);  // Frio publishes no 5613 row: no share, not 0
}

TEST_CASE("default profile: the new indicators belong to their factors with the right denominator") {
  std::map<std::string, std::pair<std::string, std::string>> where;  // indicator -> factor, per
  for (const auto& f : DefaultProfile().factors)
    for (const auto& m : f.measures) {
      CHECK(where.count(m.indicator) == 0);  // each in one factor
      where[m.indicator] = {f.id, m.per};
    }
  const std::map<std::string, std::pair<std::string, std::string>> expect = {
      {"laus.unemployment_rate_pct", {"economic_instability", ""}},
      {"qcew.temp_help_share_pct", {"economic_instability", ""}},
      {"oflc.h1b_positions_certified", {"guest_workers", "residents"}},
      {"ed.homeless_students_count", {"housing_instability", "residents"}},
      {"ed.unaccompanied_homeless_youth_count", {"housing_instability", "residents"}},
      {"cw.children_in_foster_care_count", {"youth_systems", "residents"}},
      {"cw.entries_per_1000_children", {"youth_systems", ""}},
      {"jj.youth_in_placement_count", {"youth_systems", "residents"}},
      {"jj.juvenile_court_referrals_count", {"youth_systems", "residents"}},
      {"ucr.ht_offenses_count", {"taskforce_signal", "residents"}},
      {"geo.highway_present", {"geography", ""}},
      {"geo.highway_miles_per_100_sq_mi", {"geography", ""}}};
  for (const auto& [id, fp] : expect) {
    INFO(id);
    REQUIRE(where.count(id));
    CHECK(where[id] == fp);
  }
}
