// A workbook read as a table, the same way by the whole-file path (table_reader.cpp) and by the
// reader in pieces (import_workbook.cpp): the xlsx reader's limits from the CSV options, the
// padding rule, trimmed fields, and the note naming the sheets not read.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "assessment/csv_reader.h"
#include "tabular/xlsx_reader.h"

namespace canvass::assessment::workbook {

// The file size, cell size and column limits of `opts`, the reader's own for the rest.
tabular::XlsxLimits Limits(const CsvOptions& opts);
// As a spreadsheet's own CSV export does, every row spans the sheet's used width (trailing
// empty cells included), unless that padding would dwarf the cells themselves.
bool PadToWidth(size_t width, size_t rows, size_t cells);
// Spaces and tabs around each field removed, as around unquoted CSV fields.
void TrimFields(std::vector<std::string>* fields);
// "read sheet "Data" of the workbook (it also has "Notes"; choose another with --sheet)".
std::string SheetNote(const std::string& sheet, const std::vector<std::string>& others);

}  // namespace canvass::assessment::workbook
