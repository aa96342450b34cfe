// Importers on damaged copies of the real files (made at runtime in a temp dir): truncated,
// re-encoded, shuffled columns, garbage cells, hostile sizes. Clear errors or correct results.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_util.h"

using namespace canvass::assessment;
using namespace canvass::assessment::testing;
namespace fs = std::filesystem;

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A temp copy with the given bytes; removed when the test's TempDir goes out of scope.
struct TempDir {
  fs::path dir;
  TempDir() {
    dir = fs::temp_directory_path() / ("canvass_assess_" + std::to_string(reinterpret_cast<uintptr_t>(this)) + "_" +
                                       std::to_string(std::rand()));
    fs::create_directories(dir);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string Write(const std::string& name, const std::string& bytes) const {
    fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
};

canvass::core::Result<ImportResult> Run(SourceKind kind, const std::string& path, Crosswalks xw = {}) {
  ImportRequest req;
  req.kind = kind;
  req.path = path;
  req.crosswalks = xw;
  return ImportIndicators(req);
}

GenericMapping Mapping(const char* id, const char* value, const char* indicator, const char* period) {
  GenericMapping m;
  m.id_column = id;
  m.value_column = value;
  m.indicator = indicator;
  m.period = period;
  return m;
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

TEST_CASE("Truncated SAIPE copy: rows before the cut import, the cut row is skipped with file and line") {
  TempDir tmp;
  std::string bytes = Slurp(DataPath("usda_ers/PovertyEstimates_SAIPE2021.csv"));
  size_t frio = bytes.find("48163,TX,Frio County");
  REQUIRE(frio != std::string::npos);
  std::string path = tmp.Write("PovertyEstimates_SAIPE2021.csv", bytes.substr(0, frio + 40));
  auto r = Run(SourceKind::kSaipe, path);
  REQUIRE(r.ok());
  CHECK(Find(r.value(), "saipe.poverty_rate_pct", "48161", "2021").status == "ok");  // Freestone, the row before
  for (const auto& o : r->observations) CHECK(o.geo_id != "48163");
  REQUIRE_FALSE(r->skipped.empty());
  const auto& last = r->skipped.back();
  CHECK(last.reason.find("PovertyEstimates_SAIPE2021.csv:") == 0);
  CHECK(last.reason.find("truncated") != std::string::npos);
}

TEST_CASE("Truncated ACS copy cut inside a quoted cell: one-line error naming file and line") {
  TempDir tmp;
  std::string bytes = Slurp(DataPath("census_acs/county_wa_ACSDT5Y2023.B01003-Data.csv"));
  std::string path = tmp.Write("ACSDT5Y2023.B01003-Data.csv", bytes.substr(0, bytes.find("King County") + 4));
  auto r = Run(SourceKind::kAcs, path);
  REQUIRE_FALSE(r.ok());
  const std::string& m = r.status().message();
  CHECK(m.find("ACSDT5Y2023.B01003-Data.csv:19") != std::string::npos);
  CHECK(m.find("never closed") != std::string::npos);
  CHECK(m.find('\n') == std::string::npos);
}

TEST_CASE("Re-encoded copies: UTF-16 with BOM imports the same - UTF-16 without BOM and xlsx are clear errors") {
  TempDir tmp;
  std::string bytes = Slurp(DataPath("census_acs/county_wa_ACSDT5Y2023.B01003-Data.csv"));
  auto r = Run(SourceKind::kAcs, tmp.Write("utf16_ACSDT5Y2023.B01003-Data.csv", Utf16Le(bytes)));
  REQUIRE(r.ok());
  CHECK(Find(r.value(), "acs.pop_total", "53033", "2023").value == Approx(2262713));
  auto nobom = Run(SourceKind::kAcs, tmp.Write("nobom_ACSDT5Y2023.csv", Utf16Le(bytes).substr(2)));
  REQUIRE_FALSE(nobom.ok());
  CHECK(nobom.status().message().find("UTF-16") != std::string::npos);
  auto xlsx = Run(SourceKind::kOflc, tmp.Write("H-2A_FY17.csv", std::string("PK\x03\x04", 4) + "garbage"));
  REQUIRE_FALSE(xlsx.ok());
  CHECK(xlsx.status().message().find("xlsx") != std::string::npos);
}

TEST_CASE("Windows-1252 copy of WHD with CRLF endings gives the same county sums") {
  TempDir tmp;
  std::string bytes = Slurp(DataPath("dol_whd/whd_whisard_sample_2013_laborsight.csv"));
  std::string crlf;
  for (char ch : bytes) {
    if (ch == '\n') crlf += "\r\n";
    else crlf.push_back(ch);
  }
  size_t pos = crlf.find("Mastoran");
  crlf.replace(pos, 8, "Mastor\xE1n");  // a cp1252 byte in a legal name
  auto zx = ZipCounty();
  Crosswalks xw;
  xw.zip_county = &zx;
  auto r = Run(SourceKind::kWhd, tmp.Write("whd_cp1252.csv", crlf), xw);
  REQUIRE(r.ok());
  CHECK(Find(r.value(), "whd.backwages_usd", "48355", "2006").value == Approx(3625.51));
}

TEST_CASE("Shuffled column order: ACS and QCEW match headers by name") {
  TempDir tmp;
  for (const auto& [kind, rel, id, geo, period, want] :
       {std::make_tuple(SourceKind::kAcs, "census_acs/state_ACSST5Y2023.S1701-Data.csv", "acs.poverty_rate_pct", "48", "2023", 13.8),
        std::make_tuple(SourceKind::kQcew, "bls_qcew/qcew_2016_q1-q4_48163_frio_county_tx.csv", "qcew.estabs_10", "48163", "2016Q1", 433.0)}) {
    auto t = ReadCsvFile(DataPath(rel));
    REQUIRE(t.ok());
    std::string out;
    for (auto row : t->rows) {
      std::reverse(row.begin(), row.end());
      std::string line;
      for (const auto& f : row) line += (line.empty() ? "\"" : ",\"") + f + "\"";
      out += line + "\n";
    }
    std::string name = std::string(rel).substr(std::string(rel).find('/') + 1);
    auto r = Run(kind, tmp.Write(name, out));
    REQUIRE(r.ok());
    CHECK(Find(r.value(), id, geo, period).value == Approx(want));
  }
}

TEST_CASE("Missing required column and missing crosswalk are errors naming the file") {
  TempDir tmp;
  std::string bytes = Slurp(DataPath("dol_whd/whd_whisard_sample_2013_laborsight.csv"));
  bytes.replace(bytes.find("zip_cd"), 6, "zip_xx");
  auto zx = ZipCounty();
  Crosswalks xw;
  xw.zip_county = &zx;
  auto r = Run(SourceKind::kWhd, tmp.Write("whd_nozip.csv", bytes), xw);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("whd_nozip.csv") != std::string::npos);
  auto nox = Run(SourceKind::kWhd, DataPath("dol_whd/whd_whisard_sample_2013_laborsight.csv"));
  REQUIRE_FALSE(nox.ok());
  CHECK(nox.status().message().find("crosswalk") != std::string::npos);
  // A wrong --source says what the file looks like (issue 13 §2), in one line.
  auto wrong = Run(SourceKind::kQcew, DataPath("usda_ers/PovertyEstimates_SAIPE2021.csv"));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().message().find("looks like SAIPE poverty estimates") != std::string::npos);
  CHECK(wrong.status().message().find("--source saipe") != std::string::npos);
  CHECK(wrong.status().message().find('\n') == std::string::npos);
  // A file that fits no layout: the importer names the columns it lacks.
  auto none = Run(SourceKind::kQcew, tmp.Write("beds.csv", "FIPS,beds\n48163,3\n"));
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().message().find("area_fips") != std::string::npos);
}

TEST_CASE("Garbage cells are skipped with file, line and column - missing never becomes zero") {
  TempDir tmp;
  std::string bytes = Slurp(DataPath("usda_ers/PovertyEstimates_SAIPE2021.csv"));
  size_t frio = bytes.find("48163,TX,Frio County,6,4,6,4,4124,3246,5002,26.7");
  REQUIRE(frio != std::string::npos);
  std::string damaged = bytes;
  damaged.replace(damaged.find("26.7", frio), 4, "2x.7");
  damaged.replace(damaged.find("4124", frio), 4, "");
  auto r = Run(SourceKind::kSaipe, tmp.Write("saipe_bad.csv", damaged));
  REQUIRE(r.ok());
  bool named = false;
  for (const auto& s : r->skipped) named = named || s.reason.find("column PCTPOVALL_2021 (col 11)") != std::string::npos;
  CHECK(named);
  const auto& count = Find(r.value(), "saipe.poverty_count", "48163", "2021");
  CHECK(count.status == "not_available");
  CHECK_FALSE(count.value.has_value());
}

TEST_CASE("Hostile input is bounded: size cap, column cap, field cap, observation cap") {
  ImportRequest req;
  req.kind = SourceKind::kGeneric;
  req.name = "hostile.csv";
  req.options.generic = Mapping("id", "v", "x.y", "2020");
  req.bytes = std::string(2048, 'a');
  req.max_bytes = 1024;
  auto big = ImportIndicators(req);
  REQUIRE_FALSE(big.ok());
  CHECK(big.status().message().find("hostile.csv") != std::string::npos);
  req.max_bytes = 64u << 20;
  req.bytes = std::string(30000, ',');
  auto cols = ImportIndicators(req);
  REQUIRE_FALSE(cols.ok());
  CHECK(cols.status().message().find("columns") != std::string::npos);
  req.bytes = "\"" + std::string(2u << 20, 'x') + "\"";
  auto field = ImportIndicators(req);
  REQUIRE_FALSE(field.ok());
  CHECK(field.status().message().find("longer than") != std::string::npos);
  req.bytes = "id,v\n";
  for (int i = 1; i <= 50; ++i) req.bytes += std::to_string(48000 + i) + ",1\n";
  req.max_observations = 10;
  auto many = ImportIndicators(req);
  REQUIRE_FALSE(many.ok());
  CHECK(many.status().message().find("more than 10 observations") != std::string::npos);
}

TEST_CASE("PEP alldata with Excel-stripped zeros is re-padded - generic --missing codes stay missing") {
  ImportRequest req;
  req.kind = SourceKind::kPep;
  req.name = "co-est2022-alldata.csv";
  req.bytes = "SUMLEV,REGION,DIVISION,STATE,COUNTY,STNAME,CTYNAME,POPESTIMATE2021,POPESTIMATE2022,INTERNATIONALMIG2022\r\n"
              "40,3,6,1,0,Alabama,Alabama,5049846,5074296,4000\r\n50,3,6,1,1,Alabama,Autauga County,59095,59759,12\r\n";
  auto r = ImportIndicators(req);
  REQUIRE(r.ok());
  CHECK(Find(r.value(), "pep.pop_estimate", "01001", "2022").value == Approx(59759));
  CHECK(Find(r.value(), "pep.pop_estimate", "01", "2022").geo_level == "state");
  CHECK(Find(r.value(), "pep.intl_migration_count", "01001", "2022").value == Approx(12));
  ImportRequest g;
  g.kind = SourceKind::kGeneric;
  g.name = "shelter.csv";
  g.bytes = "Shelter beds by county\nsource: county survey\n\ncounty,beds\n48163,12\n48029,NA\n48013,-\n";
  g.options.generic = Mapping("county", "beds", "local.shelter_beds", "2024");
  g.options.generic.missing_codes = {"NA", "-"};
  auto gr = ImportIndicators(g);
  REQUIRE(gr.ok());
  CHECK(Find(gr.value(), "local.shelter_beds", "48163", "2024").value == Approx(12));
  CHECK_FALSE(Find(gr.value(), "local.shelter_beds", "48013", "2024").value.has_value());
  CHECK(Find(gr.value(), "local.shelter_beds", "48029", "2024").status == "not_available");
}
