// XlsxReader on workbooks written by libxlsxwriter (as a spreadsheet program writes them) and on
// hand-made archives for the corners of the format: every cell type, dates in both date
// systems, sheets by name, and the caps on rows, columns, cells and decompressed size.
#include <unistd.h>
#include <xlsxwriter.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>

#include "core/file_util.h"
#include "tabular/xlsx_reader.h"
#include "tabular/xlsx_table.h"
#include "xlsx_test_util.h"

using namespace canvass::tabular;
using canvass::tabular::testing::Parts;
using canvass::tabular::testing::Zip;

namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("canvass-tabular-" + std::to_string(::getpid()) + "-" + name)).string();
}

std::string Slurp(const std::string& path) {
  auto r = canvass::core::ReadFileBounded(path, 64u << 20);
  REQUIRE(r.ok());
  std::remove(path.c_str());
  return *r;
}

// A workbook as a spreadsheet program writes it: shared strings, numbers, booleans, dates with
// date formats, a formula with a cached text result, two sheets.
std::string TypedWorkbook(bool constant_memory) {
  std::string path = TempPath(constant_memory ? "typed-cm.xlsx" : "typed.xlsx");
  lxw_workbook_options opt = {};
  opt.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &opt);
  lxw_worksheet* notes = workbook_add_worksheet(wb, "Notes");
  worksheet_write_string(notes, 0, 0, "read me first", nullptr);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Counties");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format* time = workbook_add_format(wb);
  format_set_num_format(time, "hh:mm");
  lxw_format* stamp = workbook_add_format(wb);
  format_set_num_format(stamp, "d/m/yyyy h:mm");
  worksheet_write_string(ws, 0, 0, "FIPS", nullptr);
  worksheet_write_string(ws, 0, 1, "Name", nullptr);
  worksheet_write_string(ws, 0, 2, "Rate", nullptr);
  worksheet_write_string(ws, 0, 4, "Flag", nullptr);  // column D left empty
  worksheet_write_string(ws, 1, 0, "48163", nullptr);
  worksheet_write_string(ws, 1, 1, "Frio County, Texas \xC3\xB1", nullptr);
  worksheet_write_number(ws, 1, 2, 15.5, nullptr);
  worksheet_write_boolean(ws, 1, 4, 1, nullptr);
  worksheet_write_number(ws, 2, 0, 1001, nullptr);
  worksheet_write_number(ws, 2, 2, 0.1, nullptr);
  worksheet_write_boolean(ws, 2, 4, 0, nullptr);
  lxw_datetime d = {2024, 3, 31, 0, 0, 0};
  worksheet_write_datetime(ws, 4, 0, &d, date);  // row 4 (1-based) left empty
  lxw_datetime t = {1899, 12, 31, 13, 30, 0};
  worksheet_write_datetime(ws, 4, 1, &t, time);
  lxw_datetime dt = {2021, 10, 1, 8, 15, 0};
  worksheet_write_datetime(ws, 4, 2, &dt, stamp);
  worksheet_write_formula_str(ws, 4, 4, "=\"a\"&\"b\"", nullptr, "ab");
  worksheet_write_number(ws, 5, 0, 1234567890123.0, nullptr);
  worksheet_write_number(ws, 5, 1, -2.5e-7, nullptr);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  return Slurp(path);
}

std::vector<std::vector<std::string>> Rows(const TextTable& t) { return t.rows; }

}  // namespace

TEST_CASE("xlsx: every cell type of a spreadsheet-written workbook reads as CSV text", "[xlsx]") {
  for (bool cm : {false, true}) {  // shared strings, and inline strings (constant-memory mode)
    const std::string bytes = TypedWorkbook(cm);
    auto t = ReadXlsxTable(bytes, "typed.xlsx", "counties");  // by name, any case
    REQUIRE(t.ok());
    CHECK(t->sheet == "Counties");
    const std::vector<std::vector<std::string>> want = {
        {"FIPS", "Name", "Rate", "", "Flag"},
        {"48163", "Frio County, Texas \xC3\xB1", "15.5", "", "TRUE"},
        {"1001", "", "0.1", "", "FALSE"},
        {"2024-03-31", "13:30:00", "2021-10-01T08:15:00", "", "ab"},
        {"1234567890123", "-2.5e-07"}};
    CHECK(Rows(*t) == want);
    CHECK(t->row_numbers == std::vector<uint32_t>{1, 2, 3, 5, 6});
    // Without a name: the first sheet with data.
    auto first = ReadXlsxTable(bytes, "typed.xlsx");
    REQUIRE(first.ok());
    CHECK(first->sheet == "Notes");
    CHECK(first->other_sheets == std::vector<std::string>{"Counties"});
  }
}

TEST_CASE("xlsx: cell types, escapes, phonetic runs and the 1904 date system in hand-made parts", "[xlsx]") {
  const std::string shared =
      "<si><t>plain</t></si><si><r><t>ri</t></r><r><t>ch</t></r><rPh><t>PHONETIC</t></rPh></si><si><t>line_x000D_end</t></si>";
  const std::string styles =
      "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"[$-409]mmmm\\ d&quot;th&quot;\\ yyyy\"/></numFmts>"
      "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
      "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"10\"/><xf numFmtId=\"21\"/></cellXfs>";
  const std::string data =
      "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c></row>"
      "<row><c r=\"A3\" s=\"1\"><v>0</v></c><c r=\"B3\" s=\"2\"><v>0.25</v></c><c r=\"C3\" s=\"3\"><v>0.5</v></c>"
      "<c r=\"D3\" t=\"e\"><v>#N/A</v></c><c r=\"E3\" t=\"d\"><v>2020-02-29</v></c>"
      "<c r=\"F3\" t=\"inlineStr\"><is><t>in&amp;line</t></is></c><c r=\"G3\"><f>SUM(A1)</f></c></row>";
  auto t = ReadXlsxTable(Zip(Parts(data, shared, styles, "<workbookPr date1904=\"1\"/>")), "hand.xlsx");
  REQUIRE(t.ok());
  REQUIRE(t->rows.size() == 2);
  CHECK(t->rows[0] == std::vector<std::string>{"", "plain", "rich", "line\rend"});
  CHECK(t->rows[1] == std::vector<std::string>{"1904-01-01", "0.25", "12:00:00", "#N/A", "2020-02-29", "in&line"});
  CHECK(t->row_numbers == std::vector<uint32_t>{2, 3});
}

TEST_CASE("xlsx: Excel serial dates", "[xlsx]") {
  CHECK(ExcelSerialToIso(1, false, false) == "1900-01-01");
  CHECK(ExcelSerialToIso(59, false, false) == "1900-02-28");
  CHECK(ExcelSerialToIso(60, false, false).empty());  // Lotus's 1900-02-29
  CHECK(ExcelSerialToIso(61, false, false) == "1900-03-01");
  CHECK(ExcelSerialToIso(45382, false, false) == "2024-03-31");
  CHECK(ExcelSerialToIso(45382.5, false, false) == "2024-03-31T12:00:00");
  CHECK(ExcelSerialToIso(0.999999999, false, true).empty());  // rounds to the next midnight: not a time of day
  CHECK(ExcelSerialToIso(0.75, false, true) == "18:00:00");
  CHECK(ExcelSerialToIso(0, true, false) == "1904-01-01");
  CHECK(ExcelSerialToIso(2958465, false, false) == "9999-12-31");
  CHECK(ExcelSerialToIso(-1, false, false).empty());
  CHECK(FormatShortest(0.1) == "0.1");
  CHECK(FormatShortest(48163) == "48163");
  CHECK(FormatShortest(1e21) == "1e+21");
  CHECK(ColumnName(0) == "A");
  CHECK(ColumnName(27) == "AB");
  CHECK(ColumnName(16383) == "XFD");
}

TEST_CASE("xlsx: number cells read as their shortest exact text, whatever form the file wrote", "[xlsx]") {
  const std::vector<std::string> written = {"0", "-0", "0.0", "12", "-12", "012", "15.5", "15.50", "0.25", "0.0001", "0.00001",
                                            "1e-05", "1E3", "123456789012345", "1234567890123456", "100000000000000000000",
                                            "1000000000000000.5", "0.1000000000000000055511151231257827", "3.",
                                            "-2.5e-7", "99999999999999.9", "4.35"};
  std::string data = "<row r=\"1\">";
  for (size_t i = 0; i < written.size(); ++i) data += "<c><v>" + written[i] + "</v></c>";
  auto t = ReadXlsxTable(Zip(Parts(data + "</row>")), "numbers.xlsx");
  REQUIRE(t.ok());
  REQUIRE(t->rows.at(0).size() == written.size());
  for (size_t i = 0; i < written.size(); ++i) {
    INFO(written[i]);
    CHECK(t->rows[0][i] == FormatShortest(std::strtod(written[i].c_str(), nullptr)));
  }
}

TEST_CASE("xlsx: rows are streamed one at a time, in order, with their numbers", "[xlsx]") {
  std::string data;
  for (int r = 1; r <= 500; ++r) data += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>" + std::to_string(r * 2) + "</v></c></row>";
  const std::string bytes = Zip(Parts(data));
  auto reader = XlsxReader::Open(bytes, "stream.xlsx");
  REQUIRE(reader.ok());
  REQUIRE((*reader)->SheetNames() == std::vector<std::string>{"Data"});
  uint32_t expect = 1;
  auto st = (*reader)->ReadSheet(0, [&](XlsxRow& row) {
    CHECK(row.number == expect);
    CHECK(row.cells.at(0).type == CellType::kNumber);
    CHECK(row.cells.at(0).number == expect * 2.0);
    ++expect;
    return canvass::core::Status::Ok();
  });
  CHECK(st.ok());
  CHECK(expect == 501);
  // A callback's error stops the read and comes back unchanged.
  auto stop = (*reader)->ReadSheet(0, [](XlsxRow& row) {
    return row.number == 3 ? canvass::core::Status::InvalidArgument("stop at 3") : canvass::core::Status::Ok();
  });
  CHECK(stop.message() == "stop at 3");
}

TEST_CASE("xlsx: the caps on rows, columns, cell size, shared strings and sparse padding", "[xlsx]") {
  std::string rows;
  for (int r = 1; r <= 20; ++r) rows += "<row><c><v>1</v></c></row>";
  XlsxLimits few;
  few.max_rows = 10;
  auto too_many = ReadXlsxTable(Zip(Parts(rows)), "rows.xlsx", "", few);
  REQUIRE_FALSE(too_many.ok());
  CHECK(too_many.status().message() == "rows.xlsx: sheet \"Data\": it has more than 10 rows (limit); split the table; refusing the sheet");

  auto wide = ReadXlsxTable(Zip(Parts("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>")), "wide.xlsx");
  REQUIRE_FALSE(wide.ok());
  CHECK(wide.status().message().find("has a value beyond column XFD") != std::string::npos);
  // An empty formatted cell out there holds nothing and is no reason to refuse.
  auto styled = ReadXlsxTable(Zip(Parts("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"XFE1\" s=\"0\"/></row>")), "styled.xlsx");
  REQUIRE(styled.ok());
  CHECK(styled->rows == std::vector<std::vector<std::string>>{{"1"}});

  XlsxLimits small_cells;
  small_cells.max_cell_bytes = 8;
  auto big_cell = ReadXlsxTable(Zip(Parts("<row r=\"1\"><c r=\"B1\" t=\"inlineStr\"><is><t>0123456789</t></is></c></row>")),
                                "cell.xlsx", "", small_cells);
  REQUIRE_FALSE(big_cell.ok());
  CHECK(big_cell.status().message().find("cell B1 holds more than 8 bytes") != std::string::npos);

  XlsxLimits few_strings;
  few_strings.max_shared_strings = 2;
  auto strings = ReadXlsxTable(Zip(Parts("<row><c t=\"s\"><v>0</v></c></row>", "<si><t>a</t></si><si><t>b</t></si><si><t>c</t></si>")),
                               "sst.xlsx", "", few_strings);
  REQUIRE_FALSE(strings.ok());
  CHECK(strings.status().message().find("more than 2 distinct texts") != std::string::npos);

  auto bad_index = ReadXlsxTable(Zip(Parts("<row><c t=\"s\"><v>7</v></c></row>", "<si><t>a</t></si>")), "idx.xlsx");
  REQUIRE_FALSE(bad_index.ok());
  CHECK(bad_index.status().message().find("cell A1 refers to text 7") != std::string::npos);

  // One cell at column XFD on each of many rows: the padding would dwarf the file.
  std::string sparse;
  for (int r = 1; r <= 400; ++r) sparse += "<row><c r=\"XFD" + std::to_string(r) + "\"><v>1</v></c></row>";
  auto pad = ReadXlsxTable(Zip(Parts(sparse)), "sparse.xlsx");
  REQUIRE_FALSE(pad.ok());
  CHECK(pad.status().message().find("cells are too far apart") != std::string::npos);

  auto not_number = ReadXlsxTable(Zip(Parts("<row><c><v>12abc</v></c></row>")), "num.xlsx");
  REQUIRE_FALSE(not_number.ok());
  CHECK(not_number.status().message().find("cell A1 should hold a number") != std::string::npos);
}

TEST_CASE("xlsx: the workbook written by WriteXlsxFile reads back the same, numbers as numbers", "[xlsx]") {
  std::vector<SheetData> sheets = {{"survey", {{"type", "name", "label"}, {"integer", "age", "How old?"}, {"", "", ""}, {"text", "x", "007"}}},
                                   {"numbers", {{"a", "b"}, {"15.5", "0042"}, {"1e+21", "-3"}}}};
  const std::string path = TempPath("written.xlsx");
  XlsxWriteOptions o;
  o.numbers_as_numbers = true;
  REQUIRE(WriteXlsxFile(path, sheets, o).ok());
  CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::others_all) == std::filesystem::perms::none);
  const std::string bytes = Slurp(path);
  auto all = ReadXlsxSheets(bytes, "written.xlsx");
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].rows == std::vector<std::vector<std::string>>{{"type", "name", "label"}, {"integer", "age", "How old?"}, {"text", "x", "007"}});
  CHECK((*all)[0].row_numbers == std::vector<uint32_t>{1, 2, 4});
  CHECK((*all)[1].rows == sheets[1].rows);
  // Numbers really are numbers in the file ("0042" stays text: it would not read back the same).
  auto reader = XlsxReader::Open(bytes, "written.xlsx");
  REQUIRE(reader.ok());
  std::vector<CellType> types;
  REQUIRE((*reader)->ReadSheet(1, [&](XlsxRow& row) {
    if (row.number > 1) for (const auto& c : row.cells) types.push_back(c.type);
    return canvass::core::Status::Ok();
  }).ok());
  CHECK(types == std::vector<CellType>{CellType::kNumber, CellType::kText, CellType::kNumber, CellType::kNumber});
}
