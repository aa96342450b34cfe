// Published tables as they come: CSV/TSV text (csv_reader.h) or an Excel workbook (.xlsx, read
// through tabular's streaming reader), both as the same CsvTable, so an importer gives the same
// results for a file published as .xlsx and for the same table saved as CSV.
#pragma once

#include <string>
#include <string_view>

#include "assessment/csv_reader.h"
#include "core/status.h"

namespace canvass::assessment {

// An .xlsx (or an old .xls / encrypted workbook, which is refused with what to do) when the
// bytes start like one, else CSV text. For a workbook: `sheet` names the sheet to read ("" =
// the first with data); `lines` are the sheet's row numbers; text cells are trimmed as
// unquoted CSV fields are; `sheet_note` (if given) says which sheet was read when the workbook
// has others. Limits: the file size and field length of `opts`; rows and decompressed size
// as tabular::XlsxLimits.
core::Result<CsvTable> ParseTable(std::string_view bytes, const std::string& source, const CsvOptions& opts = {},
                                  const std::string& sheet = "", std::string* sheet_note = nullptr);
core::Result<CsvTable> ReadTableFile(const std::string& path, const CsvOptions& opts = {}, const std::string& sheet = "");
// The first `max_records` records of a workbook's sheet (chosen as ParseTable chooses it, padded
// to their own width), and no more of it: a layout is recognised without reading a large sheet
// whole.
core::Result<CsvTable> ReadWorkbookHead(const std::string& path, const std::string& sheet, size_t max_records);
// True when the bytes are a workbook rather than text.
bool IsWorkbook(std::string_view bytes);

}  // namespace canvass::assessment
