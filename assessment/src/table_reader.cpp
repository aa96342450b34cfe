// ParseTable: the file-type dispatch in front of the CSV reader (.xlsx through tabular).
#include "assessment/table_reader.h"

#include <algorithm>
#include <cstdint>

#include "core/file_util.h"
#include "tabular/xlsx_table.h"

namespace canvass::assessment {

using core::Result;
using core::Status;

namespace {

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// max_rows: the whole sheet (SIZE_MAX), or only its first rows (padded to their own width).
Result<CsvTable> FromWorkbook(std::string_view bytes, const std::string& source, const CsvOptions& opts,
                              const std::string& sheet, std::string* sheet_note, size_t max_rows = SIZE_MAX) {
  tabular::XlsxLimits limits;
  limits.max_file_bytes = opts.max_bytes;
  limits.max_cell_bytes = opts.max_field_bytes;
  limits.max_columns = std::min<size_t>(limits.max_columns, opts.max_columns);
  CANVASS_ASSIGN_OR_RETURN(tabular::TextTable t, tabular::ReadXlsxHead(bytes, source, sheet, max_rows, limits));
  CsvTable out;
  // As a spreadsheet's own CSV export does, every row spans the sheet's used width (trailing
  // empty cells included), unless that padding would dwarf the cells themselves.
  size_t width = 0, cells = 0;
  for (const auto& row : t.rows) {
    width = std::max(width, row.size());
    cells += row.size();
  }
  if (width * t.rows.size() <= 2 * cells + (1u << 20))
    for (auto& row : t.rows) row.resize(width);
  out.rows = std::move(t.rows);
  out.lines.assign(t.row_numbers.begin(), t.row_numbers.end());
  if (opts.trim)
    for (auto& row : out.rows)
      for (auto& f : row)
        if (!f.empty() && (f.front() == ' ' || f.back() == ' ' || f.front() == '\t' || f.back() == '\t')) f = std::string(Trim(f));
  if (sheet_note && !t.other_sheets.empty()) {
    std::string others;
    for (size_t i = 0; i < t.other_sheets.size() && i < 10; ++i) others += (i ? ", \"" : "\"") + t.other_sheets[i] + "\"";
    *sheet_note = "read sheet \"" + t.sheet + "\" of the workbook (it also has " + others + "; choose another with --sheet)";
  }
  return out;
}

}  // namespace

bool IsWorkbook(std::string_view bytes) { return tabular::LooksLikeZip(bytes) || tabular::LooksLikeOle2(bytes); }

Result<CsvTable> ParseTable(std::string_view bytes, const std::string& source, const CsvOptions& opts, const std::string& sheet,
                            std::string* sheet_note) {
  if (IsWorkbook(bytes)) return FromWorkbook(bytes, source, opts, sheet, sheet_note);
  if (!sheet.empty())
    return Status::InvalidArgument(source + ": --sheet \"" + sheet + "\" is for .xlsx workbooks, and this file is text (CSV); remove --sheet");
  return ParseCsv(bytes, source, opts);
}

Result<CsvTable> ReadWorkbookHead(const std::string& path, const std::string& sheet, size_t max_records) {
  CsvOptions opts;
  CANVASS_ASSIGN_OR_RETURN(std::string bytes, core::ReadFileBounded(path, opts.max_bytes));
  if (!IsWorkbook(bytes)) return Status::InvalidArgument(path + ": not a workbook");
  return FromWorkbook(bytes, path, opts, sheet, nullptr, max_records);
}

Result<CsvTable> ReadTableFile(const std::string& path, const CsvOptions& opts, const std::string& sheet) {
  CANVASS_ASSIGN_OR_RETURN(std::string bytes, core::ReadFileBounded(path, opts.max_bytes));
  return ParseTable(bytes, path, opts, sheet);
}

}  // namespace canvass::assessment
