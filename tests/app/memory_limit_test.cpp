// Imports under an address-space limit (issue 19): canvass-cli imports a bundle and a generic
// CSV, each larger than what the earlier code could import inside the same limit (it held
// every answer's merge state and every CSV row in memory), with `ulimit -v` set for the
// child process; and a QCEW and a WHD file, which were read whole before. The sizes are kept
// small for the suite; bench/ measures the large ones.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "core/crypto_util.h"
#include "storage/workspace.h"
#include "tabular/xlsx_table.h"
#include "sync/sync.h"
#include "test_support.h"

using namespace canvass;
using canvass::testing::Run;

namespace {

constexpr const char* kPass = "memory limit test passphrase";
// Interviews x 40 answers in the bundle; rows of the CSV.
constexpr int kInterviews = 2000;
constexpr int kPeriods = 120;  // x 3,219 counties of the gazetteer = 386,280 rows
// The limit, in KiB of address space, for the canvass-cli process.
constexpr long kLimitKiB = 220 * 1024;

std::string FormJson() {
  std::string qs;
  for (int i = 0; i < 40; ++i)
    qs += std::string(i ? "," : "") + R"({"id":"q)" + std::to_string(i) + R"(","type":"long_text","label":{"en":"Question )" +
          std::to_string(i) + R"("}})";
  return R"({"canvass_form":1,"id":"mem","version":1,"title":{"en":"Memory"},"languages":["en"],"sections":[{"id":"s","title":{"en":"S"},"questions":[)" +
         qs + "]}]}";
}

// A real extract's header line, then its other lines `times` over.
std::string RowsRepeated(const std::string& path, int times) {
  const std::string text = testing::ReadAll(path);
  const size_t eol = text.find('\n');
  std::string out = text.substr(0, eol + 1), rows = text.substr(eol + 1);
  if (!rows.empty() && rows.back() != '\n') rows += '\n';
  for (int i = 0; i < times; ++i) out += rows;
  return out;
}

// The county codes of the gazetteer (3,219).
std::vector<std::string> GazetteerFips() {
  std::string gaz = testing::ReadAll(std::string(CANVASS_TEST_DATA) + "/geo/2016_Gaz_counties_national.txt");
  std::vector<std::string> fips;
  for (size_t at = gaz.find('\n') + 1; at < gaz.size();) {
    size_t tab1 = gaz.find('\t', at), tab2 = gaz.find('\t', tab1 + 1), nl = gaz.find('\n', at);
    fips.push_back(gaz.substr(tab1 + 1, tab2 - tab1 - 1));
    at = nl == std::string::npos ? gaz.size() : nl + 1;
  }
  REQUIRE(fips.size() > 3000);
  return fips;
}

// Every county in kPeriods periods, a header first: fips, year, value.
std::vector<std::vector<std::string>> LongTable() {
  const std::vector<std::string> fips = GazetteerFips();
  std::vector<std::vector<std::string>> rows{{"fips", "year", "value"}};
  for (int p = 0; p < kPeriods; ++p)
    for (size_t i = 0; i < fips.size(); ++i) rows.push_back({fips[i], std::to_string(1900 + p), std::to_string((i * 37 + p) % 1000) + ".5"});
  return rows;
}

constexpr const char* kLongProfile =
    R"({"format":"canvass.indicator_profile","version":2,"id_column":"fips","value_column":"value","indicator":"local.measure",)"
    R"("period_column":"year","id_level":"county","unit":"count"})";

// The passphrase file's option for canvass-cli.
std::string PassArg(const testing::TempDir& dir) {
  testing::UseFastKdf();
  const std::string pass_file = dir.File("pass.txt");
  testing::WriteAll(pass_file, kPass);
  return " --passphrase-file " + pass_file;
}

// A central workspace made by canvass-cli with every county of the gazetteer as its areas.
std::string CentralWithCounties(const testing::TempDir& dir, const std::string& pass) {
  const std::string ws = dir.File("w.canvass");
  std::string out;
  REQUIRE(Run(std::string(CANVASS_CLI) + " init " + ws + " --role central --name Memory" + pass, &out) == 0);
  REQUIRE(Run(std::string(CANVASS_CLI) + " areas import " + ws + " " + CANVASS_TEST_DATA + "/geo/2016_Gaz_counties_national.txt" + pass, &out) == 0);
  return ws;
}

std::string Limited(const std::string& args) {
  return "ulimit -v " + std::to_string(kLimitKiB) + " && exec " + std::string(CANVASS_CLI) + " " + args;
}

}  // namespace

TEST_CASE("under ulimit -v: a bundle of 80,000 answers and a CSV of 386,280 rows import") {
  testing::TempDir dir;
  testing::UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  const std::string pass_file = dir.File("pass.txt");
  testing::WriteAll(pass_file, kPass);
  const std::string pass = " --passphrase-file " + pass_file;
  std::string central_path = dir.File("central.canvass"), bundle = dir.File("b.cvbundle");
  {
    auto central = storage::Workspace::Create(central_path, kPass, storage::Role::kCentral, "Memory");
    REQUIRE(central.ok());
    storage::FormRow row;
    bool added = false;
    REQUIRE((*central)->AddForm(FormJson(), "test", false, &row, &added).ok());
    auto e = sync::EnrollDevice(central->get(), "Laptop", dir.File("l.cvkit"));
    REQUIRE(e.ok());
    auto field = sync::JoinWithKit(dir.File("field.canvass"), kPass, dir.File("l.cvkit"), e->code);
    REQUIRE(field.ok());
    const std::string dev = (*field)->info().device_id;
    for (int batch = 0; batch < kInterviews / 1000; ++batch) {
      storage::ChangeSet cs;
      for (int i = 0; i < 1000; ++i) {
        storage::InterviewHeader h{core::NewUuid(), "mem", 1, dev, "tester", "unspecified", "en", (*field)->NextHlc()};
        for (int q = 0; q < 40; ++q) {
          storage::Version v;
          v.kind = "answer";
          v.subject = h.uuid;
          v.field = "q" + std::to_string(q);
          v.value = core::Value("Answer " + std::to_string(q) + " of interview " + std::to_string(batch * 1000 + i) +
                                ": workers at the site said the crew leader keeps their documents.");
          v.hlc = (*field)->NextHlc();
          v.device_id = dev;
          v.author = "tester";
          v.id = storage::ComputeVersionId(v);
          cs.versions.push_back(std::move(v));
        }
        cs.interviews.push_back(std::move(h));
      }
      REQUIRE((*field)->Merge(cs, nullptr).ok());
    }
    REQUIRE(sync::ExportBundle(field->get(), bundle, false).ok());
  }
  std::string out;
  REQUIRE(Run(std::string(CANVASS_CLI) + " areas import " + central_path + " " + CANVASS_TEST_DATA + "/geo/2016_Gaz_counties_national.txt" +
                  pass, &out) == 0);
  // A long table: every county of the gazetteer in kPeriods periods (a period column).
  std::string csv;
  for (const auto& row : LongTable()) csv += row[0] + "," + row[1] + "," + row[2] + "\n";
  const size_t rows = GazetteerFips().size() * kPeriods;
  testing::WriteAll(dir.File("long.csv"), csv);
  testing::WriteAll(dir.File("profile.json"), kLongProfile);
  INFO(out);
  // The dry run streams as the import does: under the same limit, and it counts every row.
  REQUIRE(Run(Limited("indicators import " + central_path + " " + dir.File("long.csv") + " --profile " + dir.File("profile.json") +
                      " --dry-run" + pass),
              &out) == 0);
  CHECK(out.find(": " + std::to_string(rows) + " observations") != std::string::npos);
  CHECK(out.find("local.measure: ok=" + std::to_string(rows)) != std::string::npos);
  REQUIRE(Run(Limited("sync import " + central_path + " " + bundle + pass), &out) == 0);
  REQUIRE(Run(Limited("indicators import " + central_path + " " + dir.File("long.csv") + " --profile " + dir.File("profile.json") + pass),
              &out) == 0);
  CHECK(out.find(std::to_string(rows) + " added") != std::string::npos);
  REQUIRE(Run(std::string(CANVASS_CLI) + " interview list " + central_path + " --json" + pass, &out) == 0);
  CHECK(std::count(out.begin(), out.end(), '\n') > kInterviews);
  // The limit is real: the same import in a tenth of it fails.
  CHECK(Run("ulimit -v " + std::to_string(kLimitKiB / 10) + " && exec " + std::string(CANVASS_CLI) + " indicators list " + central_path + pass,
            &out) != 0);
}

TEST_CASE("under ulimit -v: 38-41 MB QCEW, WHD and OFLC files stream, with the sums of the whole file") {
  // Built from the real extracts: Frio County's 2,660 QCEW rows under the codes of the
  // gazetteer's first 50 counties (133,000 rows), WHISARD's 24 sample cases 3,750 times, and
  // the 300 H-2A applications 280 times. The code before these importers were streamed held
  // the whole parsed table: it ran out of memory on all three under this limit (measured,
  // docs/performance.md).
  testing::TempDir dir;
  const std::string pass = PassArg(dir), ws = CentralWithCounties(dir, pass);
  std::string out;
  const std::string data = CANVASS_TEST_DATA;
  {
    const std::string frio = testing::ReadAll(data + "/bls_qcew/qcew_2016_q1-q4_48163_frio_county_tx.csv");
    const size_t eol = frio.find('\n');
    const std::string body = frio.substr(eol + 1);
    REQUIRE(body.compare(0, 7, "\"48163\"") == 0);
    const std::string gaz = testing::ReadAll(data + "/geo/2016_Gaz_counties_national.txt");
    std::string text = frio.substr(0, eol + 1);
    size_t counties = 0;
    for (size_t at = gaz.find('\n') + 1; at < gaz.size() && counties < 50; ++counties) {
      const size_t tab1 = gaz.find('\t', at), tab2 = gaz.find('\t', tab1 + 1);
      const std::string code = "\"" + gaz.substr(tab1 + 1, tab2 - tab1 - 1) + "\"";
      for (size_t line = 0; line < body.size();) {  // each row, its area code replaced
        size_t nl = body.find('\n', line);
        nl = nl == std::string::npos ? body.size() : nl + 1;
        text += code;
        text.append(body, line + 7, nl - line - 7);
        if (text.back() != '\n') text += '\n';
        line = nl;
      }
      at = gaz.find('\n', at) + 1;
    }
    testing::WriteAll(dir.File("qcew.csv"), text);
    const std::string whd = RowsRepeated(data + "/dol_whd/whd_whisard_sample_2013_laborsight.csv", 3750);
    testing::WriteAll(dir.File("whd.csv"), whd);
    REQUIRE(text.size() > 35u << 20);
    REQUIRE(whd.size() > 35u << 20);
    const std::string oflc = RowsRepeated(data + "/dol_oflc/H-2A_Disclosure_Data_FY17.first300rows.csv", 280);
    testing::WriteAll(dir.File("H-2A_Disclosure_Data_FY17.csv"), oflc);
    REQUIRE(oflc.size() > 35u << 20);
  }
  REQUIRE(Run(Limited("indicators import " + ws + " " + dir.File("qcew.csv") + pass), &out) == 0);
  CHECK(out.find("--source qcew") != std::string::npos);
  CHECK(out.find("13650 added") != std::string::npos);  // 50 counties x 273 values, Frio's count
  REQUIRE(Run(Limited("indicators import " + ws + " " + dir.File("whd.csv") + " --zip-county " + data +
                      "/geo/ZIP_COUNTY_032023.TX_plus_whd_sample_zips.csv" + pass),
              &out) == 0);
  CHECK(out.find("summed 90000 cases per county and year") != std::string::npos);
  REQUIRE(Run(Limited("indicators import " + ws + " " + dir.File("H-2A_Disclosure_Data_FY17.csv") + pass), &out) == 0);
  CHECK(out.find("--source oflc") != std::string::npos);
  CHECK(out.find("2240 association master rows not counted") != std::string::npos);  // 8 in each of the 280 copies
}

TEST_CASE("under ulimit -v: a workbook of 386,280 rows is read in pieces of rows") {
  // The long table of the CSV case above as an .xlsx (numbers stored as numbers). The code
  // before held the whole sheet as text, then every observation: it runs out of memory under
  // this limit (measured: docs/performance.md). Now the workbook's compressed bytes are held,
  // and a piece of rows at a time; the type is recognised from the sheet's first rows alone.
  testing::TempDir dir;
  const std::string pass = PassArg(dir), ws = CentralWithCounties(dir, pass);
  std::string out;
  std::vector<std::vector<std::string>> rows = LongTable();
  const size_t values = rows.size() - 1;
  tabular::XlsxWriteOptions opt;
  opt.numbers_as_numbers = true;
  REQUIRE(tabular::WriteXlsxFile(dir.File("long.xlsx"), {{"Long", std::move(rows)}}, opt).ok());
  testing::WriteAll(dir.File("profile.json"), kLongProfile);
  REQUIRE(Run(Limited("indicators import " + ws + " " + dir.File("long.xlsx") + " --profile " + dir.File("profile.json") + pass), &out) == 0);
  CHECK(out.find(std::to_string(values) + " added") != std::string::npos);
  // The same workbook again: compared with what is stored group by group, in the same limit.
  REQUIRE(Run(Limited("indicators import " + ws + " " + dir.File("long.xlsx") + " --profile " + dir.File("profile.json") + pass), &out) == 0);
  CHECK(out.find(std::to_string(values) + " unchanged") != std::string::npos);
  // And in less memory than it needs: one line and exit 1, never an abort, and nothing changed.
  std::string before, after;
  REQUIRE(Run(std::string(CANVASS_CLI) + " indicators list " + ws + " --json" + pass, &before) == 0);
  const int rc = Run("ulimit -v " + std::to_string(100 * 1024) + " && exec " + std::string(CANVASS_CLI) + " indicators import " + ws + " " +
                         dir.File("long.xlsx") + " --profile " + dir.File("profile.json") + pass,
                     &out);
  INFO(out);
  if (rc == 0) {
    CHECK(out.find(std::to_string(values) + " unchanged") != std::string::npos);
  } else {
    CHECK(rc == 1);
    CHECK(out.find("out of memory") != std::string::npos);
  }
  REQUIRE(Run(std::string(CANVASS_CLI) + " indicators list " + ws + " --json" + pass, &after) == 0);
  CHECK(after == before);
  // Without a mapping its kind is looked for in the sheet's first rows alone: a layout Canvass
  // does not know is refused with one line, under the same limit.
  CHECK(Run(Limited("indicators import " + ws + " " + dir.File("long.xlsx") + pass), &out) != 0);
  CHECK(out.find("its layout is not one Canvass recognises") != std::string::npos);
}
