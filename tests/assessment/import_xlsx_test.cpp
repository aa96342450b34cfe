// Published tables as .xlsx: every importer gives the same observations, skipped rows and row
// numbers from a workbook as from the CSV of the same table. The workbooks are made here from
// the real extracts in tests/data with libxlsxwriter (numbers written as numbers, text as text,
// each record on the row of its CSV line), as a spreadsheet program would save them.
#include <catch2/catch.hpp>

#include <algorithm>

#include "assessment/table_reader.h"
#include "tabular/xlsx_table.h"
#include "test_util.h"

using namespace canvass::assessment;
using namespace canvass::assessment::testing;
namespace tab = canvass::tabular;

namespace {

// The CSV's records, each on the sheet row of its CSV line, as a workbook.
std::string WorkbookOf(const std::string& csv_bytes, const std::string& sheet = "Table", bool with_notes_sheet = false) {
  auto t = ParseCsv(csv_bytes, "csv");
  REQUIRE(t.ok());
  tab::SheetData data{sheet, {}};
  for (size_t i = 0; i < t->rows.size(); ++i) {
    data.rows.resize(t->lines[i] - 1);
    data.rows.push_back(t->rows[i]);
  }
  std::vector<tab::SheetData> sheets;
  if (with_notes_sheet) sheets.push_back({"Notes", {}});  // an empty first sheet, as publishers add
  sheets.push_back(std::move(data));
  if (with_notes_sheet) sheets.push_back({"Sources", {{"Source: a federal agency"}}});
  tab::XlsxWriteOptions o;
  o.numbers_as_numbers = true;
  o.bold_header = false;
  auto bytes = tab::WriteXlsxBytes(sheets, o);
  REQUIRE(bytes.ok());
  return *bytes;
}

ImportResult ImportBytesAs(SourceKind kind, const std::string& name, const std::string& bytes, const ImportOptions& o,
                           const Crosswalks& xw, const std::string& sheet = "") {
  ImportRequest req;
  req.kind = kind;
  req.name = name;
  req.bytes = bytes;
  req.options = o;
  req.crosswalks = xw;
  req.sheet = sheet;
  auto r = ImportIndicators(req);
  INFO(name << ": " << r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

void RequireSame(const ImportResult& csv, const ImportResult& xlsx) {
  REQUIRE(csv.observations.size() == xlsx.observations.size());
  for (size_t i = 0; i < csv.observations.size(); ++i) {
    INFO("observation " << i);
    CHECK(csv.observations[i].ToValue().ToJson() == xlsx.observations[i].ToValue().ToJson());
  }
  REQUIRE(csv.skipped.size() == xlsx.skipped.size());
  for (size_t i = 0; i < csv.skipped.size(); ++i) {
    CHECK(csv.skipped[i].line == xlsx.skipped[i].line);
    CHECK(csv.skipped[i].reason == xlsx.skipped[i].reason);
  }
  CHECK(csv.source.kind == xlsx.source.kind);
  CHECK(csv.source.records == xlsx.source.records);
}

struct Case {
  SourceKind kind;
  std::string file;
};

}  // namespace

TEST_CASE("xlsx as published: every importer gives the same results as from the CSV of the same table", "[xlsx]") {
  auto gaz = Gazetteer();
  auto zip = ZipCounty();
  auto coc = CocCounty();
  Crosswalks xw;
  xw.county_names = &gaz;
  xw.zip_county = &zip;
  xw.coc_county = &coc;
  ImportOptions o;
  o.county_population = {{"48163", 20000}, {"01001", 55000}};
  const std::vector<Case> cases = {
      {SourceKind::kOflc, "dol_oflc/H-2A_Disclosure_Data_FY17.first300rows.csv"},
      {SourceKind::kLaus, "bls_laus/laucnty22.AL-GA.csv"},
      {SourceKind::kSaipe, "usda_ers/PovertyEstimates_SAIPE2021.csv"},
      {SourceKind::kRucc, "usda_ers/Ruralurbancontinuumcodes2023.csv"},
      {SourceKind::kUcr, "fbi_ucr/HT_2013-2017.csv"},
      {SourceKind::kQcew, "bls_qcew/qcew_2016_q1-q4_48163_frio_county_tx.csv"},
      {SourceKind::kAcs, "census_acs/state_ACSST5Y2023.S1701-Data.csv"},
      {SourceKind::kPep, "census_pep/co-est2019-annres.header_simplified.csv"},
      {SourceKind::kPit, "hud_pit/2017_pit_byrne.csv"},
      {SourceKind::kWhd, "dol_whd/whd_whisard_sample_2013_laborsight.csv"},
      {SourceKind::kGazetteer, "geo/2016_Gaz_counties_national.txt"},
      {SourceKind::kAuto, "bls_laus/laucnty22.AL-GA.csv"},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    const std::string csv_bytes = ReadBytes(DataPath(c.file));
    const std::string name = c.file.substr(c.file.find('/') + 1);
    auto from_csv = ImportBytesAs(c.kind, name, csv_bytes, o, xw);
    auto from_xlsx = ImportBytesAs(c.kind, name, WorkbookOf(csv_bytes), o, xw);
    REQUIRE_FALSE(from_csv.observations.empty());
    RequireSame(from_csv, from_xlsx);
  }
}

TEST_CASE("xlsx as published: the first sheet with data, or --sheet, and a note naming the others", "[xlsx]") {
  auto gaz = Gazetteer();
  Crosswalks xw;
  xw.county_names = &gaz;
  const std::string csv_bytes = ReadBytes(DataPath("dol_oflc/H-2A_Disclosure_Data_FY17.first300rows.csv"));
  const std::string book = WorkbookOf(csv_bytes, "FY17 disclosures", true);
  auto from_csv = ImportBytesAs(SourceKind::kOflc, "H-2A_FY17.csv", csv_bytes, {}, xw);
  auto first = ImportBytesAs(SourceKind::kAuto, "H-2A_FY17.csv", book, {}, xw);
  RequireSame(from_csv, first);
  bool noted = false;
  for (const auto& n : first.notes) noted = noted || n == "read sheet \"FY17 disclosures\" of the workbook (it also has \"Sources\"; choose another with --sheet)";
  CHECK(noted);
  auto named = ImportBytesAs(SourceKind::kOflc, "H-2A_FY17.csv", book, {}, xw, "fy17 DISCLOSURES");
  RequireSame(from_csv, named);

  ImportRequest wrong;
  wrong.kind = SourceKind::kOflc;
  wrong.name = "H-2A_FY17.xlsx";
  wrong.bytes = book;
  wrong.sheet = "FY18";
  auto missing = ImportIndicators(wrong);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message() ==
        "H-2A_FY17.xlsx: no sheet named \"FY18\"; the workbook has \"Notes\", \"FY17 disclosures\", \"Sources\"");
  wrong.bytes = csv_bytes;
  auto text = ImportIndicators(wrong);
  REQUIRE_FALSE(text.ok());
  CHECK(text.status().message().find("--sheet \"FY18\" is for .xlsx workbooks") != std::string::npos);
}

TEST_CASE("xlsx as published: an old .xls and a damaged workbook are refused in one line naming the file", "[xlsx]") {
  ImportRequest req;
  req.kind = SourceKind::kOflc;
  req.name = "H-2A_FY17.xls";
  req.bytes = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(1000, '\0');
  auto xls = ImportIndicators(req);
  REQUIRE_FALSE(xls.ok());
  CHECK(xls.status().message().rfind("H-2A_FY17.xls: this is an old Excel 97-2003 .xls file", 0) == 0);
  const std::string book = WorkbookOf(ReadBytes(DataPath("bls_laus/laucnty22.AL-GA.csv")));
  req.kind = SourceKind::kLaus;
  req.name = "laucnty22.xlsx";
  req.bytes = book.substr(0, book.size() / 2);
  auto cut = ImportIndicators(req);
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.status().message().rfind("laucnty22.xlsx: the .xlsx workbook is damaged or cut short", 0) == 0);
  CHECK(cut.status().message().find('\n') == std::string::npos);
}

TEST_CASE("xlsx as published: the kind is recognised from a workbook's header file (DetectSourceFile)", "[xlsx]") {
  ScratchDir tmp;
  const std::string path = (tmp.dir / "laucnty22.xlsx").string();
  const std::string book = WorkbookOf(ReadBytes(DataPath("bls_laus/laucnty22.AL-GA.csv")));
  std::ofstream(path, std::ios::binary) << book;
  auto g = DetectSourceFile(path);
  REQUIRE(g.ok());
  REQUIRE(g->candidates.size() == 1);
  CHECK(g->candidates[0] == SourceKind::kLaus);
  auto table = ReadTableFile(path);
  REQUIRE(table.ok());
  auto csv = ReadCsvFile(DataPath("bls_laus/laucnty22.AL-GA.csv"));
  REQUIRE(csv.ok());
  // The same records on the same lines (rows with no value at all, ",,,,", are not in a sheet).
  std::vector<size_t> csv_lines;
  for (size_t i = 0; i < csv->rows.size(); ++i) {
    bool any = false;
    for (const auto& f : csv->rows[i]) any = any || !f.empty();
    if (any) csv_lines.push_back(csv->lines[i]);
  }
  CHECK(table->lines == csv_lines);
  // Recognising a layout reads only the sheet's first 61 records: the same cells as the whole
  // read, on the same lines.
  auto head = ReadWorkbookHead(path, "", 61);
  REQUIRE(head.ok());
  REQUIRE(head->rows.size() == 61);
  REQUIRE(table->rows.size() > 61);
  CHECK(head->lines == std::vector<size_t>(table->lines.begin(), table->lines.begin() + 61));
  for (size_t r = 0; r < 61; ++r) {
    const auto& h = head->rows[r];
    const auto& w = table->rows[r];
    for (size_t f = 0; f < std::max(h.size(), w.size()); ++f) CHECK((f < h.size() ? h[f] : "") == (f < w.size() ? w[f] : ""));
  }
}
