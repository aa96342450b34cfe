// Streaming indicator imports (issue 19): a generic table read in pieces gives exactly what the
// whole-file read gives; IndicatorImportWriter stores what IndicatorStore::Import stores; rows
// repeating a key are refused (count and first examples, nothing stored) or combined by
// --on-duplicate last/sum/mean, on a real file concatenated with itself.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <tuple>

#include "assessment/indicator_import.h"
#include "assessment/table_reader.h"
#include "core/crypto_util.h"
#include "storage/indicator_store.h"
#include "storage/workspace.h"
#include "tabular/xlsx_table.h"
#include "test_util.h"
#include "import_util.h"
#include "raw_open.h"
#include "test_support.h"

using namespace canvass;
using assessment::Observation;
using storage::DuplicatePolicy;

namespace {

std::string Data(const std::string& rel) { return std::string(CANVASS_TEST_DATA) + "/" + rel; }

// SAIPE's county poverty percentage through a generic mapping (preamble lines, a header on line 5).
assessment::ImportRequest SaipeRequest(const std::string& path) {
  assessment::ImportRequest req;
  req.kind = assessment::SourceKind::kGeneric;
  req.path = path;
  auto& g = req.options.generic;
  g.id_column = "FIPS_Code";
  g.value_column = "PCTPOVALL_2021";
  g.moe_column = "CI90UBALL_2021";
  g.indicator = "local.poverty_pct";
  g.period = "2021";
  g.unit = "percent";
  return req;
}

// A generic mapping of one value column, for one period.
assessment::ImportRequest GenericRequest(const std::string& path, const std::string& id_column, const std::string& value_column,
                                         const std::string& indicator) {
  assessment::ImportRequest req;
  req.kind = assessment::SourceKind::kGeneric;
  req.path = path;
  req.options.generic.id_column = id_column;
  req.options.generic.value_column = value_column;
  req.options.generic.indicator = indicator;
  req.options.generic.period = "2024";
  return req;
}

auto Key(const Observation& o) {
  return std::make_tuple(o.indicator_id, o.geo_level, o.geo_id, o.period, o.value, o.unit, o.moe, o.status, o.source_kind,
                         o.source_file, o.source_row);
}

void SameObservations(const std::vector<Observation>& a, const std::vector<Observation>& b) {
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    INFO("observation " << i << " line " << a[i].source_row);
    CHECK(Key(a[i]) == Key(b[i]));
  }
}

std::vector<Observation> Sorted(std::vector<Observation> v) {
  std::sort(v.begin(), v.end(), [](const Observation& x, const Observation& y) { return Key(x) < Key(y); });
  return v;
}

// The request streamed in pieces of `piece` bytes: its result and every observation handed over.
std::pair<assessment::ImportResult, std::vector<Observation>> Streamed(assessment::ImportRequest req, size_t piece) {
  std::vector<Observation> got;
  req.stream_piece_bytes = piece;
  req.on_batch = [&](std::vector<Observation>* b) {
    got.insert(got.end(), b->begin(), b->end());
    return core::Status::Ok();
  };
  auto r = assessment::ImportIndicators(req);
  REQUIRE(r.ok());
  CHECK(r->observations.empty());
  CHECK(r->observations_streamed == got.size());
  return {std::move(*r), std::move(got)};
}

void SameImport(const assessment::ImportRequest& req, size_t piece) {
  auto whole = assessment::ImportIndicators(req);
  REQUIRE(whole.ok());
  auto [meta, obs] = Streamed(req, piece);
  INFO("piece " << piece);
  SameObservations(whole->observations, obs);
  CHECK(meta.source.sha256 == whole->source.sha256);
  CHECK(meta.source.bytes == whole->source.bytes);
  CHECK(meta.source.records == whole->source.records);
  CHECK(meta.notes == whole->notes);
  REQUIRE(meta.skipped.size() == whole->skipped.size());
  for (size_t i = 0; i < meta.skipped.size(); ++i) {
    CHECK(meta.skipped[i].line == whole->skipped[i].line);
    CHECK(meta.skipped[i].reason == whole->skipped[i].reason);
  }
}

// A request both paths refuse, read whole and in pieces: the same one-line message, returned.
std::string RefusedAlike(assessment::ImportRequest req) {
  auto whole = assessment::ImportIndicators(req);
  REQUIRE_FALSE(whole.ok());
  req.on_batch = [](std::vector<Observation>*) { return core::Status::Ok(); };
  auto streamed = assessment::ImportIndicators(req);
  REQUIRE_FALSE(streamed.ok());
  CHECK(streamed.status().message() == whole.status().message());
  return streamed.status().message();
}

struct Ws {
  testing::TempDir dir;
  std::unique_ptr<storage::Workspace> ws;
  explicit Ws(const std::string& name = "w") {
    testing::UseFastKdf();
    REQUIRE(core::InitCrypto().ok());
    auto w = storage::Workspace::Create(dir.File(name + ".canvass"), "correct horse battery staple", storage::Role::kCentral, "Stream");
    REQUIRE(w.ok());
    ws = std::move(*w);
  }
};

// Imports through the writer; the stats or the error.
core::Result<storage::IndicatorImportStats> WriteStreamed(storage::Workspace* ws, assessment::ImportRequest req, DuplicatePolicy p,
                                                          size_t piece = 2u << 20) {
  storage::IndicatorStore store(ws);
  auto w = store.BeginImport(p);
  REQUIRE(w.ok());
  req.stream_piece_bytes = piece;
  req.on_batch = [&](std::vector<Observation>* b) { return (*w)->Add(b); };
  auto r = assessment::ImportIndicators(req);
  REQUIRE(r.ok());
  return (*w)->Finish(*r);
}

// The real SAIPE extract twice in one file (its preamble and header repeat as rows the
// mapping skips; every county row repeats once).
std::string Doubled(const testing::TempDir& dir) {
  std::string one = testing::ReadAll(Data("usda_ers/PovertyEstimates_SAIPE2021.csv"));
  if (!one.empty() && one.back() != '\n') one += "\n";
  std::string path = dir.File("saipe-twice.csv");
  testing::WriteAll(path, one + one);
  return path;
}

// Lines of the extract as one copy in the doubled file (its last line end added).
size_t LinesOfOneCopy() {
  const std::string one = testing::ReadAll(Data("usda_ers/PovertyEstimates_SAIPE2021.csv"));
  return static_cast<size_t>(std::count(one.begin(), one.end(), '\n')) + (one.empty() || one.back() != '\n' ? 1 : 0);
}

}  // namespace

TEST_CASE("streaming generic import: pieces of any size give the whole-file result (real SAIPE)") {
  REQUIRE(core::InitCrypto().ok());
  for (size_t piece : {size_t{4096}, size_t{5000}, size_t{65536}, size_t{2} << 20}) SameImport(SaipeRequest(Data("usda_ers/PovertyEstimates_SAIPE2021.csv")), piece);
}

TEST_CASE("streaming generic import: quoted line ends, CRLF, Windows-1252 and bad rows across piece ends") {
  REQUIRE(core::InitCrypto().ok());
  testing::TempDir dir;
  std::string text = "Local shelter beds\r\nprepared by the county\r\n\r\nFIPS,name,beds,note\r\n";
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    std::string fips = std::to_string(48001 + 2 * (i % 127));
    std::string beds = i % 97 == 0 ? "NA" : i % 89 == 0 ? "(S)" : i % 83 == 0 ? "lots" : std::to_string(rng() % 400);
    std::string note = i % 5 == 0 ? "\"a note, with a comma\r\nand a second line \"\"quoted\"\"\"" : i % 7 == 0 ? "caf\xe9" : "plain";
    if (i % 61 == 0) text += fips + ",short\r\n";
    text += fips + ",\"County " + std::to_string(i) + "\"," + beds + "," + note + "\r\n";
  }
  std::string path = dir.File("beds.csv");
  testing::WriteAll(path, text);
  const assessment::ImportRequest req = GenericRequest(path, "FIPS", "beds", "local.beds");
  for (size_t piece : {size_t{4096}, size_t{4099}, size_t{10007}, size_t{1} << 20}) SameImport(req, piece);
}

TEST_CASE("streaming QCEW import: pieces of any size give the whole-file result, annual means and temp-help share included") {
  REQUIRE(core::InitCrypto().ok());
  testing::TempDir dir;
  // The real Frio County file, and at its end (in the last piece, far from the all-industry
  // rows of the first) its four private NAICS 72 rows again as NAICS 5613: Frio publishes no
  // temp-help row, so these four are invented, to have a share to compute.
  std::string text = testing::ReadAll(Data("bls_qcew/qcew_2016_q1-q4_48163_frio_county_tx.csv"));
  if (!text.empty() && text.back() != '\n') text += "\n";
  const std::string from = "\"48163\",\"5\",\"72\",", to = "\"48163\",\"5\",\"5613\",";
  std::string added;
  for (size_t at = text.find("\n" + from); at != std::string::npos; at = text.find("\n" + from, at + 1)) {
    const size_t end = text.find('\n', at + 1);
    added += to + text.substr(at + 1 + from.size(), end - at - from.size());
  }
  REQUIRE(std::count(added.begin(), added.end(), '\n') == 4);
  const std::string path = dir.File("qcew.csv");
  testing::WriteAll(path, text + added);
  assessment::ImportRequest req;
  req.kind = assessment::SourceKind::kQcew;
  req.path = path;
  auto whole = assessment::ImportIndicators(req);
  REQUIRE(whole.ok());
  // What needs the whole file is there: the annual means of four quarters (one row's line each)
  // and the temp-help share computed from them, after every row's values.
  size_t means = 0, shares = 0;
  for (const auto& o : whole->observations) {
    means += o.indicator_id == "qcew.emp_10" && o.period == "2016" ? 1 : 0;
    shares += o.indicator_id == "qcew.temp_help_share_pct" ? 1 : 0;
  }
  CHECK(means == 1);
  CHECK(shares == 5);  // four quarters and the year (from the two annual means)
  for (size_t piece : {size_t{4096}, size_t{5003}, size_t{65536}}) SameImport(req, piece);
}

TEST_CASE("streaming WHD import: cases summed per county and year across pieces, bad rows at their lines") {
  REQUIRE(core::InitCrypto().ok());
  testing::TempDir dir;
  // The real sample's cases repeated 12 times (a file of about 290 cases, many pieces), with a
  // case whose date is not a date and one whose ZIP is not in the crosswalk every 50 lines.
  const std::string sample = testing::ReadAll(Data("dol_whd/whd_whisard_sample_2013_laborsight.csv"));
  const size_t eol = sample.find('\n');
  REQUIRE(eol != std::string::npos);
  std::string text = sample.substr(0, eol + 1), body = sample.substr(eol + 1);
  if (!body.empty() && body.back() != '\n') body += "\n";
  for (int i = 0; i < 12; ++i) text += body;
  std::string with_bad;
  size_t line = 0;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    std::string l = text.substr(at, end - at + 1);
    at = end + 1;
    if (++line > 1 && line % 50 == 0) {
      std::string bad_date = l;
      // findings_end_date is the second YYYY-MM-DD of the row; it becomes a month 13.
      size_t found = 0, at_date = std::string::npos;
      for (size_t k = 0; k + 10 <= bad_date.size() && found < 2; ++k)
        if (bad_date[k + 4] == '-' && bad_date[k + 7] == '-' && std::isdigit(static_cast<unsigned char>(bad_date[k])) &&
            (k == 0 || bad_date[k - 1] == ',') && ++found == 2)
          at_date = k;
      REQUIRE(at_date != std::string::npos);
      bad_date.replace(at_date, 10, "2013-13-13");
      with_bad += bad_date;
    }
    with_bad += l;
  }
  const std::string path = dir.File("whd.csv");
  testing::WriteAll(path, with_bad);
  auto zip = assessment::testing::ZipCounty();
  assessment::ImportRequest req;
  req.kind = assessment::SourceKind::kWhd;
  req.path = path;
  req.crosswalks.zip_county = &zip;
  auto whole = assessment::ImportIndicators(req);
  REQUIRE(whole.ok());
  CHECK(whole->skipped.size() >= 5);
  CHECK(whole->source.records > 280);
  for (size_t piece : {size_t{4096}, size_t{7001}, size_t{65536}}) SameImport(req, piece);
}

TEST_CASE("streaming OFLC import: two passes (association masters, then sums) give the whole-file result") {
  REQUIRE(core::InitCrypto().ok());
  auto gaz = assessment::testing::Gazetteer();
  assessment::ImportRequest req;
  req.kind = assessment::SourceKind::kOflc;
  req.path = Data("dol_oflc/H-2A_Disclosure_Data_FY17.first300rows.csv");
  req.crosswalks.county_names = &gaz;
  auto whole = assessment::ImportIndicators(req);
  REQUIRE(whole.ok());
  // The real extract has association master rows whose sub-employer rows come after them: the
  // first pass must have seen those before the second counts.
  size_t masters = 0;
  for (const auto& sk : whole->skipped) masters += sk.reason.find("association master row") != std::string::npos ? 1 : 0;
  CHECK(masters > 0);
  REQUIRE_FALSE(whole->observations.empty());
  for (size_t piece : {size_t{4096}, size_t{6007}, size_t{65536}}) SameImport(req, piece);
}

TEST_CASE("streaming ACS and gazetteer imports: pieces of any size give the whole-file result (real files)") {
  REQUIRE(core::InitCrypto().ok());
  for (const auto& [kind, file] : std::vector<std::pair<assessment::SourceKind, std::string>>{
           {assessment::SourceKind::kAcs, "census_acs/state_ACSST5Y2023.S1701-Data.csv"},
           {assessment::SourceKind::kAcs, "census_acs/county_wa_ACSDT5Y2023.B01003-Data.csv"},
           {assessment::SourceKind::kAcs, "census_acs/tract_bexar_tx_ACSDP5Y2021.DP03-Data.first60rows.csv"},
           {assessment::SourceKind::kGazetteer, "geo/2016_Gaz_counties_national.txt"}}) {
    INFO(file);
    assessment::ImportRequest req;
    req.kind = kind;
    req.path = Data(file);
    for (size_t piece : {size_t{4096}, size_t{5003}, size_t{65536}}) SameImport(req, piece);
  }
  // The extracts at hand have at most 60 records, which the first piece holds whole: the Bexar
  // tract table's rows four times (header and labels once) is read in many pieces.
  testing::TempDir dir;
  const std::string tracts = testing::ReadAll(Data("census_acs/tract_bexar_tx_ACSDP5Y2021.DP03-Data.first60rows.csv"));
  const size_t header_end = tracts.find('\n'), labels_end = tracts.find('\n', header_end + 1);
  REQUIRE(labels_end != std::string::npos);
  std::string rows = tracts.substr(labels_end + 1);
  if (!rows.empty() && rows.back() != '\n') rows += "\n";
  const std::string path = dir.File("tract_bexar_tx_ACSDP5Y2021.DP03-Data.csv");
  testing::WriteAll(path, tracts.substr(0, labels_end + 1) + rows + rows + rows + rows);
  assessment::ImportRequest req;
  req.kind = assessment::SourceKind::kAcs;
  req.path = path;
  for (size_t piece : {size_t{4096}, size_t{65536}}) SameImport(req, piece);
}

namespace {

// Two passes over the rows; before the second, the file is rewritten (as another program
// saving it meanwhile would).
class RewritingStage : public assessment::detail::RecordStage {
 public:
  explicit RewritingStage(std::string path, std::string replacement) : path_(std::move(path)), replacement_(std::move(replacement)) {}
  core::Result<size_t> Start(assessment::detail::Ctx&) override { return size_t{0}; }
  core::Status Records(assessment::detail::Ctx&, size_t, size_t first, size_t end) override {
    rows_ += end - first;
    return core::Status::Ok();
  }
  core::Status Finish(assessment::detail::Ctx&, size_t) override { return core::Status::Ok(); }
  int Passes() const override { return 2; }
  void BeginPass(int) override { testing::WriteAll(path_, replacement_); }
  size_t rows_ = 0;

 private:
  std::string path_, replacement_;
};

}  // namespace

TEST_CASE("streaming import in two passes: a file changed between the passes is refused, one left alone is read twice") {
  REQUIRE(core::InitCrypto().ok());
  testing::TempDir dir;
  std::string text = "a,b\n";
  for (int i = 0; i < 5000; ++i) text += std::to_string(i) + ",x\n";
  const std::string path = dir.File("t.csv");
  for (const std::string& second : {text, text.substr(0, text.size() - 4) + "y\n", text + "5000,x\n"}) {
    testing::WriteAll(path, text);
    assessment::ImportRequest req;
    req.kind = assessment::SourceKind::kGeneric;
    req.path = path;
    req.stream_piece_bytes = 4096;
    req.on_batch = [](std::vector<Observation>*) { return core::Status::Ok(); };
    assessment::ImportResult out;
    out.source.file_name = "t.csv";
    RewritingStage stage(path, second);
    bool whole = false;
    core::Status st = assessment::detail::StreamRecords(req, stage, &out, &whole);
    CHECK_FALSE(whole);
    if (second == text) {
      CHECK(st.ok());
      CHECK(stage.rows_ == 2 * 5000);
    } else {
      CHECK(st.message().find("changed while it was read") != std::string::npos);
    }
  }
}

namespace {

// A real CSV extract as a workbook: an empty sheet first, then the table (`edit` may change
// its rows), then a notes sheet; written with libxlsxwriter, cells as text.
std::string AsWorkbook(const testing::TempDir& dir, const std::string& csv, const std::string& name,
                       const std::function<void(std::vector<std::vector<std::string>>*)>& edit = {}) {
  auto table = assessment::ReadTableFile(csv);
  REQUIRE(table.ok());
  std::vector<std::vector<std::string>> rows = table->rows;
  if (edit) edit(&rows);
  std::vector<tabular::SheetData> sheets{{"Empty", {}}, {"Data", rows}, {"Notes", {{"Made from " + name + " for a test"}}}};
  auto bytes = tabular::WriteXlsxBytes(sheets, tabular::XlsxWriteOptions{});
  REQUIRE(bytes.ok());
  const std::string path = dir.File(name + ".xlsx");
  testing::WriteAll(path, *bytes);
  return path;
}

}  // namespace

// Workbooks are read in pieces of rows (import_workbook.cpp), never as one table in memory, and
// give what the whole-file path gives: the sheet chosen the same way (and the note naming the
// others), rows padded to the sheet's width, fields trimmed, two passes for OFLC.
TEST_CASE("streaming import of workbooks: pieces of rows give the whole-file result (real SAIPE, QCEW, OFLC as .xlsx)") {
  REQUIRE(core::InitCrypto().ok());
  testing::TempDir dir;
  // SAIPE: a preamble of one-cell rows (padded to the table's width), some values with spaces
  // around them, and every 40th row without its last columns (cells left out, not empty text).
  const std::string saipe = AsWorkbook(dir, Data("usda_ers/PovertyEstimates_SAIPE2021.csv"), "saipe", [](auto* rows) {
    for (size_t i = 5; i < rows->size(); ++i) {
      if (i % 40 == 0) (*rows)[i].resize(std::min<size_t>((*rows)[i].size(), 12));
      if (i % 7 == 0 && (*rows)[i].size() > 2) (*rows)[i][2] = "  " + (*rows)[i][2] + "\t";
    }
  });
  assessment::ImportRequest req = SaipeRequest(saipe);
  auto whole = assessment::ImportIndicators(req);
  REQUIRE(whole.ok());
  REQUIRE(whole->observations.size() > 3000);
  REQUIRE_FALSE(whole->notes.empty());
  CHECK(whole->notes[0].find("read sheet \"Data\"") != std::string::npos);
  for (size_t piece : {size_t{4096}, size_t{5003}, size_t{65536}}) SameImport(req, piece);
  // The same sheet named, and a sheet that does not exist.
  req.sheet = "data";
  for (size_t piece : {size_t{4096}, size_t{65536}}) SameImport(req, piece);
  req.sheet = "Summary";
  CHECK(RefusedAlike(req).find("no sheet named \"Summary\"") != std::string::npos);

  // QCEW: the annual means and the temp-help share (Finish) from rows read in pieces.
  assessment::ImportRequest qcew;
  qcew.kind = assessment::SourceKind::kQcew;
  qcew.path = AsWorkbook(dir, Data("bls_qcew/qcew_2016_q1-q4_48163_frio_county_tx.csv"), "qcew");
  for (size_t piece : {size_t{4096}, size_t{65536}}) SameImport(qcew, piece);

  // OFLC: two passes over the sheet (association masters, then sums).
  auto gaz = assessment::testing::Gazetteer();
  assessment::ImportRequest oflc;
  oflc.kind = assessment::SourceKind::kOflc;
  oflc.path = AsWorkbook(dir, Data("dol_oflc/H-2A_Disclosure_Data_FY17.first300rows.csv"), "oflc");
  oflc.crosswalks.county_names = &gaz;
  auto oflc_whole = assessment::ImportIndicators(oflc);
  REQUIRE(oflc_whole.ok());
  REQUIRE_FALSE(oflc_whole->observations.empty());
  for (size_t piece : {size_t{4096}, size_t{6007}, size_t{65536}}) SameImport(oflc, piece);

  // A workbook named as another layout is refused as the whole-file path refuses it.
  assessment::ImportRequest wrong = qcew;
  wrong.kind = assessment::SourceKind::kOflc;
  wrong.crosswalks.county_names = &gaz;
  RefusedAlike(wrong);
}

// Issue 13: a wrong --source gets one line saying what the file looks like, read in pieces as
// read whole (real WHD sample named as QCEW, real QCEW named as WHD).
TEST_CASE("streaming import: a file named as another layout is refused with what it looks like, as the whole-file path does") {
  REQUIRE(core::InitCrypto().ok());
  auto zip = assessment::testing::ZipCounty();
  for (const auto& [kind, file, looks] : std::vector<std::tuple<assessment::SourceKind, std::string, std::string>>{
           {assessment::SourceKind::kQcew, "dol_whd/whd_whisard_sample_2013_laborsight.csv", "use --source whd"},
           {assessment::SourceKind::kWhd, "bls_qcew/qcew_2016_q1-q4_48163_frio_county_tx.csv", "use --source qcew"}}) {
    INFO(file);
    assessment::ImportRequest req;
    req.kind = kind;
    req.path = Data(file);
    req.crosswalks.zip_county = &zip;
    CHECK(RefusedAlike(req).find(looks) != std::string::npos);
  }
}

TEST_CASE("streaming import: a workbook named by path is read by the xlsx reader, not refused as CSV") {
  REQUIRE(core::InitCrypto().ok());
  testing::TempDir dir;
  tabular::SheetData sheet{"Data", {{"fips", "value"}, {"48163", "12"}, {"01001", "7"}}};
  auto bytes = tabular::WriteXlsxBytes({sheet}, tabular::XlsxWriteOptions{});
  REQUIRE(bytes.ok());
  const std::string path = dir.File("local.xlsx");
  testing::WriteAll(path, *bytes);
  auto [meta, obs] = Streamed(GenericRequest(path, "fips", "value", "local.count"), 4096);
  REQUIRE(obs.size() == 2);
  CHECK(obs[0].geo_id == "48163");
  CHECK(*obs[1].value == 7);
}

// The writer compares an import with what is stored in batches of at most 131,072 stored values
// (storage/src/indicator_import_writer.cpp). 3,219 counties x 50 periods is two batches: the
// counts and what is stored must be those of IndicatorStore::Import, which compares with all of
// it at once, through a change of half the periods, a file taken back and the same file again.
TEST_CASE("a large import is compared with what is stored in batches, with the counts of the one-pass comparison") {
  REQUIRE(core::InitCrypto().ok());
  Ws a("a"), b("b");
  std::vector<std::string> fips;
  {
    const std::string gaz = testing::ReadAll(Data("geo/2016_Gaz_counties_national.txt"));
    for (size_t at = gaz.find('\n') + 1; at < gaz.size();) {
      const size_t tab1 = gaz.find('\t', at), tab2 = gaz.find('\t', tab1 + 1), nl = gaz.find('\n', at);
      fips.push_back(gaz.substr(tab1 + 1, tab2 - tab1 - 1));
      at = nl == std::string::npos ? gaz.size() : nl + 1;
    }
  }
  REQUIRE(fips.size() > 3000);
  auto file = [&](const std::string& name, int changed_from) {
    std::string text = "fips,year,value\n";
    for (int p = 0; p < 50; ++p)
      for (size_t i = 0; i < fips.size(); ++i)
        text += fips[i] + "," + std::to_string(1970 + p) + "," + std::to_string((i * 7 + static_cast<size_t>(p)) % 500 + (p >= changed_from ? 1 : 0)) + "\n";
    const std::string path = a.dir.File(name);
    testing::WriteAll(path, text);
    return path;
  };
  const std::string first = file("first.csv", 50), second = file("second.csv", 25);
  auto request = [](const std::string& path) {
    assessment::ImportRequest req = GenericRequest(path, "fips", "value", "local.count");
    req.options.generic.period.clear();
    req.options.generic.period_column = "year";
    return req;
  };
  for (const std::string& path : {first, second, first, first, second}) {
    INFO(path);
    auto whole = assessment::ImportIndicators(request(path));
    REQUIRE(whole.ok());
    REQUIRE(whole->observations.size() == fips.size() * 50);
    auto one_pass = storage::IndicatorStore(a.ws.get()).Import(*whole);
    REQUIRE(one_pass.ok());
    auto batched = WriteStreamed(b.ws.get(), request(path), DuplicatePolicy::kRefuse);
    REQUIRE(batched.ok());
    CHECK(batched->added == one_pass->added);
    CHECK(batched->replaced == one_pass->replaced);
    CHECK(batched->unchanged == one_pass->unchanged);
  }
  auto obs_a = storage::IndicatorStore(a.ws.get()).LoadObservations();
  auto obs_b = storage::IndicatorStore(b.ws.get()).LoadObservations();
  REQUIRE(obs_a.ok());
  REQUIRE(obs_b.ok());
  SameObservations(Sorted(*obs_a), Sorted(*obs_b));
  auto src_a = storage::IndicatorStore(a.ws.get()).ListSources();
  auto src_b = storage::IndicatorStore(b.ws.get()).ListSources();
  REQUIRE(src_a.ok());
  REQUIRE(src_b.ok());
  CHECK(src_a->size() == src_b->size());
  // An import whose every current value a later one replaced is deleted, in both: the same
  // imports stay stored (read with SQLCipher directly).
  auto imports = [](const std::string& path) {
    sqlite3* db = testing::RawOpen(path);
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT group_concat(source_hash, ' ') FROM (SELECT source_hash FROM indicator_imports ORDER BY seq)", -1, &q,
                               nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    std::string out = sqlite3_column_text(q, 0) ? reinterpret_cast<const char*>(sqlite3_column_text(q, 0)) : "";
    sqlite3_finalize(q);
    sqlite3_close(db);
    return out;
  };
  const std::string kept = imports(a.dir.File("a.canvass"));
  CHECK(kept == imports(b.dir.File("b.canvass")));
  // The last file replaced every value of the other: its import alone is left.
  CHECK(kept == core::Sha256Hex(testing::ReadAll(second)));
}

TEST_CASE("IndicatorImportWriter stores what IndicatorStore::Import stores, sorted or shuffled, and re-imports alike") {
  Ws a("a"), b("b");
  std::string file = Data("usda_ers/PovertyEstimates_SAIPE2021.csv");
  auto whole = assessment::ImportIndicators(SaipeRequest(file));
  REQUIRE(whole.ok());
  auto st_a = storage::IndicatorStore(a.ws.get()).Import(*whole);
  REQUIRE(st_a.ok());
  auto st_b = WriteStreamed(b.ws.get(), SaipeRequest(file), DuplicatePolicy::kRefuse, 4096);
  REQUIRE(st_b.ok());
  CHECK(st_b->added == st_a->added);
  auto obs_a = storage::IndicatorStore(a.ws.get()).LoadObservations();
  auto obs_b = storage::IndicatorStore(b.ws.get()).LoadObservations();
  REQUIRE(obs_a.ok());
  REQUIRE(obs_b.ok());
  SameObservations(Sorted(*obs_a), Sorted(*obs_b));
  // The same file again: nothing added or replaced, one import.
  auto again = WriteStreamed(b.ws.get(), SaipeRequest(file), DuplicatePolicy::kRefuse);
  REQUIRE(again.ok());
  CHECK(again->added == 0);
  CHECK(again->replaced == 0);
  CHECK(again->unchanged == st_b->added);
  CHECK(again->source_known);
  // Its rows shuffled (not sorted by area: the key table path): the same values, all replaced
  // (another file), and the first import no longer holds anything current.
  std::string text = testing::ReadAll(file);
  if (text.back() != '\n') text += '\n';  // the extract has no final line end
  std::vector<std::string> lines;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size() - 1;
    lines.push_back(text.substr(at, nl + 1 - at));
    at = nl + 1;
  }
  std::shuffle(lines.begin() + 6, lines.end(), std::mt19937(11));
  std::string shuffled;
  for (const auto& l : lines) shuffled += l;
  std::string path = b.dir.File("shuffled.csv");
  testing::WriteAll(path, shuffled);
  auto st_s = WriteStreamed(b.ws.get(), SaipeRequest(path), DuplicatePolicy::kRefuse, 4096);
  REQUIRE(st_s.ok());
  CHECK(st_s->added == 0);
  CHECK(st_s->replaced == st_b->added);
  CHECK(st_s->duplicates == 0);
  auto sources = storage::IndicatorStore(b.ws.get()).ListSources();
  REQUIRE(sources.ok());
  auto obs_s = storage::IndicatorStore(b.ws.get()).LoadObservations();
  REQUIRE(obs_s.ok());
  REQUIRE(obs_s->size() == obs_a->size());
  auto by_area = [](std::vector<Observation> v) {
    std::map<std::string, std::optional<double>> m;
    for (const auto& o : v) m[o.geo_id] = o.value;
    return m;
  };
  CHECK(by_area(*obs_s) == by_area(*obs_a));
  for (const auto& o : *obs_s) CHECK(o.source_file == "shuffled.csv");
}

TEST_CASE("on-duplicate: a real file concatenated with itself is refused by default - nothing stored") {
  Ws w;
  const std::string twice = Doubled(w.dir);
  auto digest_before = w.ws->Digest();
  REQUIRE(digest_before.ok());
  auto st = WriteStreamed(w.ws.get(), SaipeRequest(twice), DuplicatePolicy::kRefuse, 65536);
  REQUIRE_FALSE(st.ok());
  const std::string msg = st.status().message();
  INFO(msg);
  auto single = assessment::ImportIndicators(SaipeRequest(Data("usda_ers/PovertyEstimates_SAIPE2021.csv")));
  REQUIRE(single.ok());
  const size_t n = single->observations.size();
  CHECK(msg.find("saipe-twice.csv: " + std::to_string(n) + " rows repeat the indicator, area and period of an earlier row") == 0);
  // The first repeated row is the first county row of the second copy.
  const size_t lines_one = LinesOfOneCopy();
  const size_t first_row = single->observations[0].source_row;
  CHECK(msg.find("line " + std::to_string(first_row + lines_one) + " repeats line " + std::to_string(first_row) + ": county " +
                 single->observations[0].geo_id + ", local.poverty_pct, 2021") != std::string::npos);
  CHECK(msg.find("--on-duplicate last, sum or mean") != std::string::npos);
  CHECK(msg.find('\n') == std::string::npos);
  auto digest_after = w.ws->Digest();
  REQUIRE(digest_after.ok());
  CHECK(*digest_after == *digest_before);
  auto obs = storage::IndicatorStore(w.ws.get()).LoadObservations();
  REQUIRE(obs.ok());
  CHECK(obs->empty());
  auto sources = storage::IndicatorStore(w.ws.get()).ListSources();
  REQUIRE(sources.ok());
  CHECK(sources->empty());
}

TEST_CASE("on-duplicate last, sum and mean on a real file concatenated with itself") {
  auto single = assessment::ImportIndicators(SaipeRequest(Data("usda_ers/PovertyEstimates_SAIPE2021.csv")));
  REQUIRE(single.ok());
  std::map<std::string, Observation> one;
  for (const auto& o : single->observations) one[o.geo_id] = o;
  const size_t lines_one = LinesOfOneCopy();
  for (DuplicatePolicy p : {DuplicatePolicy::kLast, DuplicatePolicy::kSum, DuplicatePolicy::kMean}) {
    Ws w;
    INFO(storage::DuplicatePolicyName(p));
    auto st = WriteStreamed(w.ws.get(), SaipeRequest(Doubled(w.dir)), p, 65536);
    REQUIRE(st.ok());
    CHECK(st->duplicates == static_cast<int64_t>(one.size()));
    CHECK(st->added == static_cast<int64_t>(one.size()));
    auto obs = storage::IndicatorStore(w.ws.get()).LoadObservations();
    REQUIRE(obs.ok());
    REQUIRE(obs->size() == one.size());
    int summed = 0;
    for (const auto& o : *obs) {
      const Observation& s = one.at(o.geo_id);
      CHECK(o.status == s.status);
      if (p == DuplicatePolicy::kLast) {
        CHECK(o.value == s.value);
        CHECK(o.moe == s.moe);
        CHECK(o.source_row == s.source_row + lines_one);  // the second copy's row
      } else {
        CHECK(o.source_row == s.source_row);
        CHECK_FALSE(o.moe.has_value());  // a sum or mean has no margin
        REQUIRE(o.value.has_value() == s.value.has_value());
        if (s.value) {
          CHECK(*o.value == Approx(p == DuplicatePolicy::kSum ? 2 * *s.value : *s.value));
          if (*s.value != 0) ++summed;
        }
      }
    }
    if (p != DuplicatePolicy::kLast) CHECK(summed > 3000);
  }
}
