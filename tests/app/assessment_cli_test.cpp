// canvass-cli assessment verbs through the real executable: indicators import/list, areas add,
// settings, assess (report, CSV, JSON, runs, --compare), export dataset; usage and bad input.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "test_support.h"

using canvass::testing::ReadAll;
using canvass::testing::Run;
using canvass::testing::TempDir;

namespace {

struct Demo {
  TempDir dir;
  std::string ws, pass;
  Demo() {
    std::string out;
    REQUIRE(Run(std::string(CANVASS_CLI) + " demo " + dir.File("d"), &out) == 0);
    ws = dir.File("d/demo.canvass");
    pass = " --passphrase-file " + dir.File("d/demo-passphrase.txt");
  }
  int operator()(const std::string& args, std::string* out = nullptr) const {
    std::string o;
    int rc = Run(std::string(CANVASS_CLI) + " " + args, &o);
    if (out) *out = o;
    return rc;
  }
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
  CHECK(d("indicators import " + d.ws + " " + Data("usda_ers/PovertyEstimates_SAIPE2021.csv") + d.pass, &out) == 2);
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
  // With --gazetteer, then with the gazetteer imported as areas: the same observations.
  std::string with_flag, with_areas;
  REQUIRE(cli("indicators import " + ws + " " + oflc + " --source oflc --dry-run --json --gazetteer " + Data("geo/2016_Gaz_counties_national.txt"),
              &with_flag) == 0);
  REQUIRE(cli("areas import " + ws + " " + Data("geo/2016_Gaz_counties_national.txt"), &out) == 0);
  REQUIRE(cli("indicators import " + ws + " " + oflc + " --source oflc --dry-run --json", &with_areas) == 0);
  CHECK(with_areas == with_flag);
  CHECK(with_areas.find("\"observations\": 0") == std::string::npos);
  REQUIRE(cli("indicators import " + ws + " " + pep + " --source pep", &out) == 0);
  INFO(out);
  CHECK(out.find("via this workspace's county areas") != std::string::npos);
}
