// Whole-sheet helpers over XlsxReader and libxlsxwriter: one sheet as rows of text (what the
// indicator importers and the XLSForm reader consume), and writing simple workbooks (XLSForm
// export, test fixtures, benchmarks).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "tabular/xlsx_reader.h"

namespace canvass::tabular {

// One sheet as text. Each row is padded with "" up to its last non-empty cell; rows with no
// value at all are left out, so `row_numbers` (1-based sheet rows) says where each came from.
struct TextTable {
  std::string sheet;
  std::vector<std::vector<std::string>> rows;
  std::vector<uint32_t> row_numbers;
  std::vector<std::string> other_sheets;  // sheets with data that were not read
};

// Reads sheet `sheet` (by name, ignoring case), or when `sheet` is empty the first worksheet
// that has any value. Refuses a sheet whose empty padding would outgrow its input
// (cells far apart), so memory stays proportional to the file.
core::Result<TextTable> ReadXlsxTable(std::string_view bytes, const std::string& source,
                                      const std::string& sheet = "", const XlsxLimits& limits = {});

// One row of a sheet as text, padded with "" up to its last cell, with its 1-based row number.
// An on_row callback sets `stop` to end the read there, without an error.
struct XlsxTextRow {
  std::vector<std::string> fields;
  uint32_t number = 0;
  bool stop = false;
};
// Which sheet ReadXlsxRows read, and the sheets after it (not read).
struct XlsxTableSheet {
  std::string sheet;
  std::vector<std::string> other_sheets;
};
// Streams the rows of the sheet ReadXlsxTable reads, the one every table reader of a workbook
// shares: `sheet` by name (exact, then ignoring case), or when empty the first worksheet that
// has any value. Rows without cells are not reported; a sheet whose padding would outgrow its
// input is refused. Read again with the returned name, the same sheet comes back.
core::Result<XlsxTableSheet> ReadXlsxRows(XlsxReader* reader, const std::string& sheet,
                                          const std::function<core::Status(XlsxTextRow&)>& on_row);
// The first `max_rows` rows of the sheet ReadXlsxTable reads, and no more of it (a layout is
// recognised from a table's first records without reading a large sheet whole).
core::Result<TextTable> ReadXlsxHead(std::string_view bytes, const std::string& source, const std::string& sheet,
                                     size_t max_rows, const XlsxLimits& limits = {});
// Every sheet of a small workbook (an XLSForm) as text, in workbook order.
core::Result<std::vector<TextTable>> ReadXlsxSheets(std::string_view bytes, const std::string& source,
                                                    const XlsxLimits& limits = {});

struct SheetData {
  std::string name;
  std::vector<std::vector<std::string>> rows;
};

struct XlsxWriteOptions {
  // Write a field as a number when it reads back as the same text ("15.5", not "015").
  bool numbers_as_numbers = false;
  bool bold_header = true;  // the first row in bold, frozen
};

// Writes a workbook privately and atomically (0600 temp file in the target's directory, then
// renamed). The XLSForm export uses it; so do tests that turn a real CSV into .xlsx.
core::Status WriteXlsxFile(const std::string& path, const std::vector<SheetData>& sheets,
                           const XlsxWriteOptions& options = {});
// The same workbook as bytes (built in a private temporary directory).
core::Result<std::string> WriteXlsxBytes(const std::vector<SheetData>& sheets,
                                         const XlsxWriteOptions& options = {});

}  // namespace canvass::tabular
