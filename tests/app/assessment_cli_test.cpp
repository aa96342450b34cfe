// canvass-cli assessment verbs through the real executable: indicators import/list, areas add,
// settings, assess (report, CSV, JSON, runs, --compare), export dataset; usage and bad input.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "demo_cli.h"
#include "test_support.h"

using canvass::testing::DemoCli;
using canvass::testing::ReadAll;
using canvass::testing::Run;
using canvass::testing::TempDir;

namespace {

struct Demo : DemoCli {
  Demo() : DemoCli(false) {}  // these tests name the passphrase file where they need it
  std::string Digest() const {
    std::string out;
    REQUIRE((*this)("digest " + ws + pass, &out) == 0);
    return out;
  }
};

std::string Data(const std::string& rel) { return std::string(CANVASS_TEST_DATA) + "/" + rel; }

bool OneLineError(const std::string& out) {
  return out.find("canvass-cli: error: ") == 0 && std::count(out.begin(), out.end(), '\n') == 1;
}

}  // namespace

TEST_CASE("demo: assess writes a self-contained, de-identified report, CSV and a saved run") {
  Demo d;
  std::string out;
  REQUIRE(d("indicators list " + d.ws + d.pass + " --json", &out) == 0);
  CHECK(out.find("PovertyEstimates_SAIPE2021_TX.csv") != std::string::npos);
  CHECK(out.find("\"hud.pit_homeless_total\"") != std::string::npos);
  std::string html = d.dir.File("r.html"), csv = d.dir.File("s.csv");
  REQUIRE(d("assess " + d.ws + " --out " + html + " --csv " + csv + d.pass, &out) == 0);
  CHECK(out.find("Assessment run-0001") != std::string::npos);
  CHECK(out.find("Gaps:") != std::string::npos);
  struct stat st{};
  REQUIRE(stat(html.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::string report = ReadAll(html);
  CHECK(report.find("<svg") != std::string::npos);
  CHECK(report.find("Hidalgo County") != std::string::npos);
  CHECK(report.find("<script") == std::string::npos);
  CHECK(report.find("https://") == std::string::npos);
  CHECK(report.find("Gap analysis") != std::string::npos);
  CHECK(report.find(">withheld<") != std::string::npos);
  CHECK(report.find("Task-force caseload") != std::string::npos);
  CHECK(report.find("Threshold 11.") != std::string::npos);
  // No free text, no interviewers, no interview ids.
  CHECK(report.find("passports") == std::string::npos);
  CHECK(report.find("Outreach team") == std::string::npos);
  CHECK(ReadAll(csv).find("rank,rank_low,rank_high,area_id") == 0);
  // Runs: listed, compared.
  // A lower threshold is a project setting, and every report says so.
  REQUIRE(d("settings set " + d.ws + " suppression_threshold 5" + d.pass, &out) == 0);
  REQUIRE(d("assess " + d.ws + " --compare run-0001 --out " + d.dir.File("r2.html") + d.pass, &out) == 0);
  CHECK(out.find("Comparing run-0001") != std::string::npos);
  CHECK(ReadAll(d.dir.File("r2.html")).find("Threshold 5 (lower than the default 11: set for this project).") != std::string::npos);
  REQUIRE(d("assess list " + d.ws + d.pass + " --json", &out) == 0);
  CHECK(out.find("\"run-0002\"") != std::string::npos);
  CHECK(d("assess " + d.ws + " --compare run-0099 --no-save" + d.pass, &out) == 1);
  CHECK(OneLineError(out));
  // --json prints the run (version 2): counts as shown, a withheld one only as "withheld".
  REQUIRE(d("assess " + d.ws + " --json --no-save" + d.pass, &out) == 0);
  CHECK(out.find("\"format\": \"canvass.assessment_run\"") != std::string::npos);
  CHECK(out.find("\"version\": 2") != std::string::npos);
  CHECK(out.find("\"withheld\"") != std::string::npos);
  CHECK(out.find("\"suppressed\"") == std::string::npos);
}

TEST_CASE("indicators import: dry run writes nothing - bad files and bad options change nothing") {
  Demo d;
  std::string before = d.Digest(), out;
  REQUIRE(d("indicators import " + d.ws + " " + Data("usda_ers/PovertyEstimates_SAIPE2021.csv") + " --source saipe --dry-run" + d.pass, &out) == 0);
  CHECK(out.find("Dry run: nothing was written.") == 0);
  CHECK(d.Digest() == before);
  // Without --source the layout is recognised from the header and said (issue 13 §2).
  REQUIRE(d("indicators import " + d.ws + " " + Data("usda_ers/PovertyEstimates_SAIPE2021.csv") + " --dry-run" + d.pass, &out) == 0);
  CHECK(out.find("Recognised PovertyEstimates_SAIPE2021.csv as SAIPE poverty estimates") == 0);
  CHECK(out.find("--source saipe.\nDry run: nothing was written.") != std::string::npos);
  CHECK(d("indicators import " + d.ws + " x.csv --source nonsense" + d.pass, &out) == 2);
  CHECK(d("indicators import " + d.ws + " " + Data("dol_whd/whd_whisard_sample_2013_laborsight.csv") + " --source whd" + d.pass, &out) == 2);
  CHECK(d("indicators import " + d.ws + " x.csv --source generic --id-column FIPS" + d.pass, &out) == 2);
  std::string broken = d.dir.File("broken.csv");
  canvass::testing::WriteAll(broken, "FIPS,beds\n\"48163,3\n");
  CHECK(d("indicators import " + d.ws + " " + broken + " --source generic --id-column FIPS --value-column beds --indicator local.beds --period 2024" + d.pass, &out) == 1);
  CHECK(OneLineError(out));
  CHECK(d.Digest() == before);
  // A good generic file with a missing code and a suppressed cell.
  std::string beds = d.dir.File("beds.csv");
  canvass::testing::WriteAll(beds, "FIPS,beds\n48163,12\n48029,NA\n48215,(S)\n");
  REQUIRE(d("indicators import " + d.ws + " " + beds + " --source generic --id-column FIPS --value-column beds --indicator local.shelter_beds --period 2024 --json" + d.pass, &out) == 0);
  CHECK(out.find("\"added\": 3") != std::string::npos);
  REQUIRE(d("indicators list " + d.ws + d.pass, &out) == 0);
  CHECK(out.find("local.shelter_beds") != std::string::npos);
  CHECK(d.Digest() != before);
  // WHD with its ZIP crosswalk.
  REQUIRE(d("indicators import " + d.ws + " " + Data("dol_whd/whd_whisard_sample_2013_laborsight.csv") + " --source whd --zip-county " +
            Data("geo/ZIP_COUNTY_032023.TX_plus_whd_sample_zips.csv") + d.pass, &out) == 0);
  CHECK(out.find("Imported whd_whisard_sample_2013_laborsight.csv") == 0);
}

TEST_CASE("areas add, settings, profile and dataset export") {
  Demo d;
  std::string out;
  REQUIRE(d("areas add " + d.ws + " --id bexar-westside --name \"West Side\" --parent 48029" + d.pass, &out) == 0);
  REQUIRE(d("areas list " + d.ws + d.pass, &out) == 0);
  CHECK(out.find("bexar-westside") != std::string::npos);
  CHECK(d("areas add " + d.ws + " --id x --name y" + d.pass, &out) == 2);
  CHECK(d("settings set " + d.ws + " suppression_threshold zero" + d.pass, &out) == 1);
  CHECK(OneLineError(out));
  REQUIRE(d("settings show " + d.ws + " --json" + d.pass, &out) == 0);
  CHECK(out.find("\"suppression_threshold\": 11") != std::string::npos);
  std::string prof = d.dir.File("profile.json");
  REQUIRE(d("assess " + d.ws + " --write-profile " + prof + d.pass, &out) == 0);
  std::string text = ReadAll(prof);
  CHECK(text.find("\"rationale\"") != std::string::npos);
  canvass::testing::WriteAll(d.dir.File("bad.json"), "{\"format\":\"canvass.scoring_profile\",\"version\":1,\"factors\":[]}");
  CHECK(d("assess " + d.ws + " --profile " + d.dir.File("bad.json") + " --out " + d.dir.File("x.html") + d.pass, &out) == 1);
  CHECK(OneLineError(out));
  CHECK(d("assess " + d.ws + d.pass, &out) == 2);
  // The shareable dataset: tables only, protected like the report; no interview-level rows.
  REQUIRE(d("export dataset " + d.ws + " --out " + d.dir.File("ds") + d.pass, &out) == 0);
  CHECK(canvass::testing::ListDir(d.dir.File("ds")) == std::vector<std::string>{"areas.csv", "caseload.csv", "dictionary.csv", "protocols.csv"});
  CHECK(ReadAll(d.dir.File("ds/areas.csv")).find("48163") != std::string::npos);
  CHECK(ReadAll(d.dir.File("ds/caseload.csv")).find("served_by_sex,served,sex,female,Female,") != std::string::npos);
  // Row-level data is a separate, restricted export: refused without --restricted, its own names.
  CHECK(d("export microdata " + d.ws + " --out " + d.dir.File("md") + d.pass, &out) == 2);
  CHECK(out.find("--restricted") != std::string::npos);
  REQUIRE(d("export microdata " + d.ws + " --out " + d.dir.File("md") + " --restricted" + d.pass, &out) == 0);
  CHECK(out.find("RESTRICTED") != std::string::npos);
  std::string ds = ReadAll(d.dir.File("md/RESTRICTED-interviews_outreach_provider.csv"));
  CHECK(ds.find("row,form_version,respondent_role") == 0);
  CHECK(ds.find("passports") == std::string::npos);       // free text never exported
  CHECK(ds.find("Outreach team") == std::string::npos);   // interviewers never exported
  std::string sheets = ReadAll(d.dir.File("md/RESTRICTED-interviews_taskforce_data_sheet.csv"));
  CHECK(sheets.find("withheld") != std::string::npos);
  CHECK(ReadAll(d.dir.File("md/RESTRICTED-dictionary.csv")).find("free text") != std::string::npos);
}

TEST_CASE("areas boundaries: validated, stored once, used by assess - bad files change nothing") {
  Demo d;
  auto paths = [](const std::string& html) {
    size_t n = 0;
    for (size_t at = html.find("<path d="); at != std::string::npos; at = html.find("<path d=", at + 1)) ++n;
    return n;
  };
  std::string out, html = d.dir.File("r.html");
  REQUIRE(d("assess " + d.ws + " --out " + html + d.pass, &out) == 0);
  CHECK(paths(ReadAll(html)) == 254);  // the demo stores the Texas counties

  const std::string bad = d.dir.File("bad.geojson");
  for (const char* text : {"{\"type\":\"FeatureCollection\",\"features\":[", "[1,2,3]",
                           "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"48163\","
                           "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1]]]}}]}"}) {
    canvass::testing::WriteAll(bad, text);
    REQUIRE(d("areas boundaries " + d.ws + " " + bad + d.pass, &out) != 0);
    CHECK(OneLineError(out));
  }
  REQUIRE(d("assess " + d.ws + " --out " + html + d.pass, &out) == 0);
  CHECK(paths(ReadAll(html)) == 254);  // refused files stored nothing

  // One square for Frio County: after storing it, the map has exactly that one polygon.
  const std::string frio = d.dir.File("frio.geojson");
  canvass::testing::WriteAll(frio,
                             "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"48163\","
                             "\"properties\":{\"NAME\":\"Frio\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                             "[[[-99.4,28.6],[-98.8,28.6],[-98.8,29.1],[-99.4,29.1],[-99.4,28.6]]]}}]}");
  REQUIRE(d("areas boundaries " + d.ws + " " + frio + " --dry-run" + d.pass, &out) == 0);
  CHECK(out.find("1 valid") != std::string::npos);
  REQUIRE(d("assess " + d.ws + " --out " + html + d.pass, &out) == 0);
  CHECK(paths(ReadAll(html)) == 254);  // a dry run stores nothing
  REQUIRE(d("areas boundaries " + d.ws + " " + frio + " --name \"Test square\"" + d.pass, &out) == 0);
  CHECK(out.find("Stored 1 area boundaries") != std::string::npos);
  REQUIRE(d("assess " + d.ws + " --out " + html + d.pass, &out) == 0);
  const std::string report = ReadAll(html);
  CHECK(paths(report) == 1);
  CHECK(report.find("Test square") != std::string::npos);  // the stored source is cited
}

// Issue 18 §3: name-keyed sources (OFLC worksites, PEP annual estimates) use the county areas
// already in the workspace when --gazetteer is not given; with neither, the error names the
// flag and the file to get.
TEST_CASE("indicators import: OFLC and PEP match county names through the workspace's areas, or say what to give") {
  TempDir dir;
  std::string pass = dir.File("p.txt"), ws = dir.File("w.canvass"), out;
  canvass::testing::WriteAll(pass, "correct horse battery staple\n");
  auto cli = [&](const std::string& args, std::string* o) { return Run(std::string(CANVASS_CLI) + " " + args + " --passphrase-file " + pass, o); };
  REQUIRE(cli("init " + ws + " --role central --name TF", &out) == 0);
  std::string digest;
  REQUIRE(cli("digest " + ws, &digest) == 0);
  const std::string oflc = Data("dol_oflc/H-2A_Disclosure_Data_FY17.first300rows.csv");
  const std::string pep = Data("census_pep/co-est2019-annres.header_simplified.csv");
  for (const auto& [file, kind] : {std::make_pair(oflc, "oflc"), std::make_pair(pep, "pep")}) {
    INFO(kind);
    CHECK(cli("indicators import " + ws + " " + file + " --source " + kind, &out) == 1);
    INFO(out);
    CHECK(OneLineError(out));
    CHECK(out.find("--gazetteer 2016_Gaz_counties_national.txt") != std::string::npos);
    CHECK(out.find("areas import") != std::string::npos);
    CHECK(out.find("county_names") == std::string::npos);  // no internal field names
  }
  std::string same;
  REQUIRE(cli("digest " + ws, &same) == 0);
  CHECK(same == digest);
  // Without areas, values would be for no area of the project: refused (issue 13 §3).
  CHECK(cli("indicators import " + ws + " " + oflc + " --source oflc --gazetteer " + Data("geo/2016_Gaz_counties_national.txt"), &out) == 1);
  CHECK(OneLineError(out));
  CHECK(out.find("none of its") != std::string::npos);
  CHECK(out.find("areas import") != std::string::npos);
  // With --gazetteer, then with the gazetteer imported as areas: the same observations.
  REQUIRE(cli("areas import " + ws + " " + Data("geo/2016_Gaz_counties_national.txt"), &out) == 0);
  std::string with_flag, with_areas;
  REQUIRE(cli("indicators import " + ws + " " + oflc + " --source oflc --dry-run --json --gazetteer " + Data("geo/2016_Gaz_counties_national.txt"),
              &with_flag) == 0);
  REQUIRE(cli("indicators import " + ws + " " + oflc + " --source oflc --dry-run --json", &with_areas) == 0);
  CHECK(with_areas == with_flag);
  CHECK(with_areas.find("\"observations\": 0") == std::string::npos);
  REQUIRE(cli("indicators import " + ws + " " + pep + " --source pep", &out) == 0);
  INFO(out);
  CHECK(out.find("via this workspace's county areas") != std::string::npos);
}

// Issue 13 §2: the new kinds and --source auto through the real executable; every refusal is
// one line, exits non-zero and leaves the workspace as it was.
TEST_CASE("indicators import: --source auto, wrong kinds, the new importers and their bad input") {
  Demo d;
  std::string out;
  // The extracts are from Alabama to Georgia: the project needs those counties as areas, or
  // every value would be for no area of it (refused).
  REQUIRE(d("areas import " + d.ws + " " + Data("geo/2016_Gaz_counties_national.txt") + d.pass, &out) == 0);
  std::string before = d.Digest();
  const std::string laus = Data("bls_laus/laucnty22.AL-GA.csv"), ucr = Data("fbi_ucr/HT_2013-2017.csv");
  const std::string ed = Data("ed_edfacts/lea-homeless-enrolled-sy2018-19-wide.AL-CT.csv");
  const std::string gaz = " --gazetteer " + Data("geo/2016_Gaz_counties_national.txt");
  REQUIRE(d("indicators import " + d.ws + " " + laus + " --source auto --dry-run" + d.pass, &out) == 0);
  CHECK(out.find("Recognised laucnty22.AL-GA.csv as BLS LAUS county annual averages (header on line 5): --source laus.") == 0);
  CHECK(out.find("laus.unemployment_rate_pct: ok=547") != std::string::npos);
  // Wrong kind: what the file looks like, in one line.
  CHECK(d("indicators import " + d.ws + " " + laus + " --source saipe" + d.pass, &out) == 1);
  CHECK(OneLineError(out));
  CHECK(out.find("looks like BLS LAUS county annual averages") != std::string::npos);
  CHECK(out.find("use --source laus") != std::string::npos);
  // Not a layout Canvass knows: the kinds to choose from.
  CHECK(d("indicators import " + d.ws + " " + Data("census_acs/state_ACSST5Y2023.S1701-Column-Metadata.csv") + d.pass, &out) == 1);
  CHECK(OneLineError(out));
  CHECK(out.find("laus, ucr, edfacts, adjacency") != std::string::npos);
  // EDFacts without its crosswalk: the flag and the file to get.
  CHECK(d("indicators import " + d.ws + " " + ed + d.pass, &out) == 1);
  CHECK(OneLineError(out));
  CHECK(out.find("recognised as ED EDFacts") != std::string::npos);
  CHECK(out.find("--crosswalk EDGE_GEOCODE_PUBLICLEA") != std::string::npos);
  CHECK(d("indicators import " + d.ws + " " + ucr + " --multi-county sideways" + gaz + d.pass, &out) == 2);
  CHECK(d("indicators import " + d.ws + " " + laus + " --multi-county first" + d.pass, &out) == 2);
  CHECK(d("indicators import " + d.ws + " " + laus + " --crosswalk " + laus + d.pass, &out) == 2);
  // Truncated inside a quoted number, a binary file, a wrong-encoding (UTF-16, no BOM) copy.
  const std::string bytes = ReadAll(laus);
  const std::string cut = d.dir.File("laucnty22_cut.csv"), bin = d.dir.File("laucnty22_bin.csv"), u16 = d.dir.File("laucnty22_u16.csv");
  canvass::testing::WriteAll(cut, bytes.substr(0, bytes.find("\"26,789") + 3));
  canvass::testing::WriteAll(bin, std::string("LAUS\0\x01\x02", 7) + bytes);
  canvass::testing::WriteAll(u16, canvass::testing::Utf16Le(bytes).substr(2));
  for (const auto& f : {cut, bin, u16}) {
    INFO(f);
    CHECK(d("indicators import " + d.ws + " " + f + " --source laus" + d.pass, &out) == 1);
    CHECK(OneLineError(out));
  }
  CHECK(out.find("UTF-16") != std::string::npos);
  CHECK(d.Digest() == before);
  // The real imports: UCR by county name with a policy, EDFacts with a crosswalk built to
  // the NCES EDGE layout (no real sample at hand), adjacency, LAUS; then assess still runs.
  REQUIRE(d("indicators import " + d.ws + " " + ucr + " --multi-county first --json" + gaz + d.pass, &out) == 0);
  CHECK(out.find("\"source\": \"ucr\"") != std::string::npos);
  CHECK(out.find("\"skipped\": 31") != std::string::npos);
  const std::string edge = d.dir.File("EDGE_GEOCODE_PUBLICLEA_1819.csv");
  canvass::testing::WriteAll(edge, "LEAID,NAME,STATE,CNTY,NMCNTY\n0100005,Albertville City,AL,01095,Marshall County\n");
  REQUIRE(d("indicators import " + d.ws + " " + ed + " --crosswalk " + edge + d.pass, &out) == 0);
  CHECK(out.find("Recognised lea-homeless-enrolled-sy2018-19-wide.AL-CT.csv as ED EDFacts") == 0);
  CHECK(out.find("3 added") != std::string::npos);
  REQUIRE(d("indicators import " + d.ws + " " + Data("geo/county_adjacency_2010era.AL-GA.txt") + d.pass, &out) == 0);
  CHECK(out.find("4763 added") != std::string::npos);
  REQUIRE(d("indicators import " + d.ws + " " + laus + d.pass, &out) == 0);
  REQUIRE(d("indicators list " + d.ws + d.pass, &out) == 0);
  for (const char* id : {"laus.unemployment_rate_pct", "ucr.ht_offenses_sex_count", "ed.homeless_students_count", "adjacency.neighbor"})
    CHECK(out.find(id) != std::string::npos);
  REQUIRE(d("assess " + d.ws + " --no-save --out " + d.dir.File("after.html") + d.pass, &out) == 0);
}

// Issue 13 §3: values at another level than the project's areas are refused, never stored unused.
TEST_CASE("indicators import: tract values into a county project are refused in one line - nothing is stored") {
  Demo d;
  std::string before = d.Digest(), out;
  CHECK(d("indicators import " + d.ws + " " + Data("census_acs/tract_bexar_tx_ACSDP5Y2021.DP03-Data.first60rows.csv") + " --source acs" + d.pass,
          &out) == 1);
  INFO(out);
  CHECK(OneLineError(out));
  CHECK(out.find("none of its") != std::string::npos);
  CHECK(out.find("tract 48029") != std::string::npos);
  CHECK(out.find("the project's areas are county") != std::string::npos);
  CHECK(d.Digest() == before);
  // A national file: the project's counties are used, the others are said to be unused.
  REQUIRE(d("indicators import " + d.ws + " " + Data("usda_ers/PovertyEstimates_SAIPE2021.csv") + " --source saipe" + d.pass, &out) == 0);
  CHECK(out.find("values are for areas this project does not have") != std::string::npos);
}

TEST_CASE("caseload and releases list: every table adds up, each release is in the ledger, drafts are not") {
  Demo d;
  std::string out;
  REQUIRE(d("releases list " + d.ws + d.pass, &out) == 0);
  CHECK(out.find("Nothing released yet") != std::string::npos);
  std::string csv = d.dir.File("c.csv");
  REQUIRE(d("caseload " + d.ws + " --csv " + csv + d.pass, &out) == 0);
  CHECK(out.find("Task-force caseload from 22 final data sheets") != std::string::npos);
  CHECK(out.find("Victims who received services, by year") != std::string::npos);
  CHECK(out.find("the one reaching the later end date was counted") != std::string::npos);  // the duplicate sheet
  CHECK(ReadAll(csv).find("served_by_year") != std::string::npos);
  REQUIRE(d("assess " + d.ws + " --out " + d.dir.File("draft.html") + " --not-for-release --no-save" + d.pass, &out) == 0);
  REQUIRE(d("releases list " + d.ws + d.pass + " --json", &out) == 0);
  CHECK(out.find("\"what\": \"caseload tables\"") != std::string::npos);
  CHECK(out.find("\"records\": 62") != std::string::npos);
  CHECK(out.find("\"report\"") == std::string::npos);  // the draft is not a release
  REQUIRE(d("assess " + d.ws + " --out " + d.dir.File("r.html") + d.pass, &out) == 0);
  REQUIRE(d("releases list " + d.ws + d.pass, &out) == 0);
  CHECK(out.find("run-0001") != std::string::npos);
  CHECK(out.find("report") != std::string::npos);
  CHECK(d("releases list " + d.dir.File("nope.canvass") + d.pass, &out) == 1);
  CHECK(OneLineError(out));
}

// Issue 19: rows repeating an indicator, area and period follow --on-duplicate (default refuse).
TEST_CASE("indicators import --on-duplicate: a real file twice is refused in one line by default - nothing stored") {
  Demo d;
  std::string before = d.Digest(), out;
  std::string one = ReadAll(Data("usda_ers/PovertyEstimates_SAIPE2021.csv"));
  std::string twice = d.dir.File("saipe-twice.csv");
  canvass::testing::WriteAll(twice, one + "\n" + one);  // the extract has no final line end
  const std::string mapping = " --source generic --id-column FIPS_Code --value-column PCTPOVALL_2021 --indicator local.poverty_pct --period 2021";
  // How many values one copy gives: each repeats once in the doubled file.
  REQUIRE(d("indicators import " + d.ws + " " + Data("usda_ers/PovertyEstimates_SAIPE2021.csv") + mapping + " --dry-run --json" + d.pass, &out) == 0);
  const size_t at = out.find("\"observations\": ");
  REQUIRE(at != std::string::npos);
  const std::string n = std::to_string(std::stol(out.substr(at + 16)));
  CHECK(std::stol(n) > 3000);
  CHECK(d("indicators import " + d.ws + " " + twice + mapping + d.pass, &out) == 1);
  INFO(out);
  CHECK(OneLineError(out));
  CHECK(out.find("saipe-twice.csv: " + n + " rows repeat the indicator, area and period of an earlier row (line ") != std::string::npos);
  CHECK(out.find("--on-duplicate last, sum or mean") != std::string::npos);
  CHECK(d.Digest() == before);
  CHECK(d("indicators import " + d.ws + " " + twice + mapping + " --on-duplicate max" + d.pass, &out) == 2);
  CHECK(d.Digest() == before);
  REQUIRE(d("indicators import " + d.ws + " " + twice + mapping + " --on-duplicate mean" + d.pass, &out) == 0);
  CHECK(out.find(n + " rows repeated the indicator, area and period of an earlier row; each key got the mean of its rows' values "
                 "(--on-duplicate mean)") != std::string::npos);
  CHECK(d.Digest() != before);
  REQUIRE(d("indicators import " + d.ws + " " + twice + mapping + " --on-duplicate last --json" + d.pass, &out) == 0);
  CHECK(out.find("\"duplicates\": " + n) != std::string::npos);
}
