// ParseTable: the file-type dispatch in front of the CSV reader (.xlsx through tabular).
#include "assessment/table_reader.h"

#include <algorithm>
#include <cstdint>

#include "core/file_util.h"
#include "tabular/xlsx_table.h"
#include "workbook_table.h"

namespace canvass::assessment {

using core::Result;
using core::Status;

namespace {

// max_rows: the whole sheet (SIZE_MAX), or only its first rows (padded to their own width).
Result<CsvTable> FromWorkbook(std::string_view bytes, const std::string& source, const CsvOptions& opts,
                              const std::string& sheet, std::string* sheet_note, size_t max_rows = SIZE_MAX) {
  CANVASS_ASSIGN_OR_RETURN(tabular::TextTable t, tabular::ReadXlsxHead(bytes, source, sheet, max_rows, workbook::Limits(opts)));
  CsvTable out;
  size_t width = 0, cells = 0;
  for (const auto& row : t.rows) {
    width = std::max(width, row.size());
    cells += row.size();
  }
  if (workbook::PadToWidth(width, t.rows.size(), cells))
    for (auto& row : t.rows) row.resize(width);
  out.rows = std::move(t.rows);
  out.lines.assign(t.row_numbers.begin(), t.row_numbers.end());
  if (opts.trim)
    for (auto& row : out.rows) workbook::TrimFields(&row);
  if (sheet_note && !t.other_sheets.empty()) *sheet_note = workbook::SheetNote(t.sheet, t.other_sheets);
  return out;
}

}  // namespace

namespace workbook {

tabular::XlsxLimits Limits(const CsvOptions& opts) {
  tabular::XlsxLimits limits;
  limits.max_file_bytes = opts.max_bytes;
  limits.max_cell_bytes = opts.max_field_bytes;
  limits.max_columns = std::min<size_t>(limits.max_columns, opts.max_columns);
  return limits;
}

bool PadToWidth(size_t width, size_t rows, size_t cells) { return width * rows <= 2 * cells + (1u << 20); }

void TrimFields(std::vector<std::string>* fields) {
  for (auto& f : *fields) {
    if (f.empty() || !(f.front() == ' ' || f.back() == ' ' || f.front() == '\t' || f.back() == '\t')) continue;
    const size_t b = f.find_first_not_of(" \t");
    f = b == std::string::npos ? std::string() : f.substr(b, f.find_last_not_of(" \t") - b + 1);
  }
}

std::string SheetNote(const std::string& sheet, const std::vector<std::string>& others) {
  std::string list;
  for (size_t i = 0; i < others.size() && i < 10; ++i) list += (i ? ", \"" : "\"") + others[i] + "\"";
  return "read sheet \"" + sheet + "\" of the workbook (it also has " + list + "; choose another with --sheet)";
}

}  // namespace workbook

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
