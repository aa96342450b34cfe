// XlsxReader: a streaming reader of Excel workbooks (.xlsx, Office Open XML) for published
// tables and XLSForms. Reads from bytes in memory; every part is inflated through a hard cap
// on the total decompressed size, sheets are parsed row by row (a bounded, hand-written XML
// scanner for worksheets and shared strings, expat for the small parts) with caps on rows,
// columns and cell size, and hostile archives (zip bombs, path tricks, truncated or
// encrypted files, DTDs, documents that are not workbooks) are refused with one line naming
// the file and what to do.
//
// Cell values come as text the way a careful CSV export shows them: shared and inline
// strings as written, numbers in their shortest exact form ("15.5", "48163"), booleans
// "TRUE"/"FALSE", error cells as written ("#N/A"), and cells formatted as dates as ISO text
// ("2024-03-31", "13:30:00", "2024-03-31T13:30:00"; the 1904 date system is honoured).
//
// Not thread-safe; one reader per thread. The bytes given to Open must outlive the reader.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace canvass::tabular {

struct XlsxLimits {
  uint64_t max_file_bytes = 512ull << 20;          // the archive itself
  uint64_t max_decompressed_bytes = 2ull << 30;    // all parts inflated, summed (zip bombs)
  uint64_t max_ratio = 1000;                       // inflated : compressed, per part (+1 MiB slack)
  size_t max_rows = 1048576;                       // per sheet (Excel's own maximum)
  size_t max_columns = 16384;                      // Excel's own maximum (column XFD)
  size_t max_cell_bytes = 1u << 20;
  size_t max_shared_strings = 4000000;
  size_t max_entries = 10000;                      // files in the archive
  // For tests: the size of the pieces parts are inflated in, and expat alone for every part
  // (the reference the fast scanner of worksheets and shared strings is checked against).
  size_t read_chunk_bytes = 1u << 16;
  bool reference_xml_parser = false;
};

enum class CellType { kText, kNumber, kBool, kDate, kError };

struct XlsxCell {
  uint32_t column = 0;  // 0-based: A = 0
  CellType type = CellType::kText;
  std::string text;     // the value as text (see the top of this file)
  double number = 0;    // numbers, date serials, booleans (0/1)
};

struct XlsxRow {
  uint32_t number = 0;          // 1-based row number in the sheet
  std::vector<XlsxCell> cells;  // the non-empty cells, in column order
};

class XlsxReader {
 public:
  // Opens a workbook held in `bytes`; `source` names it in messages (a file name).
  static core::Result<std::unique_ptr<XlsxReader>> Open(std::string_view bytes, std::string source,
                                                        const XlsxLimits& limits = {});
  ~XlsxReader();
  XlsxReader(const XlsxReader&) = delete;
  XlsxReader& operator=(const XlsxReader&) = delete;

  // Sheet names in workbook order (chart sheets included; they have no rows).
  const std::vector<std::string>& SheetNames() const;
  // False for a chart sheet (it has no cells).
  bool IsWorksheet(size_t index) const;
  // Index of the sheet named `name` (exact first, then ignoring case), or -1.
  int FindSheet(std::string_view name) const;
  // Streams the rows of sheet `index` in file order (empty rows are not reported). A non-ok
  // Status from `on_row` stops the read and is returned as is.
  core::Status ReadSheet(size_t index, const std::function<core::Status(XlsxRow&)>& on_row);
  // Bytes of XML inflated so far, summed over every part (for bounds that scale with input).
  uint64_t inflated_bytes() const;
  const std::string& source() const;

  struct Impl;  // opaque: the archive, the workbook's parts, the shared strings

 private:
  explicit XlsxReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// True when `bytes` start like a zip archive ("PK\3\4"), which is what an .xlsx is.
bool LooksLikeZip(std::string_view bytes);
// True when `bytes` start like an OLE2 compound file: an old .xls or an encrypted workbook.
bool LooksLikeOle2(std::string_view bytes);
// "A" for 0, "Z" for 25, "AA" for 26.
std::string ColumnName(uint32_t column);
// A cell reference for messages: "C12".
std::string CellName(uint32_t row, uint32_t column);
// An Excel serial day number as ISO text: "YYYY-MM-DD" (whole days), "HH:MM:SS" (time_only),
// or "YYYY-MM-DDTHH:MM:SS"; "" when the serial is outside 1900-01-01..9999-12-31.
std::string ExcelSerialToIso(double serial, bool date1904, bool time_only);
// The shortest decimal text that reads back as `v` ("15.5", "48163", "1e+21").
std::string FormatShortest(double v);

}  // namespace canvass::tabular
