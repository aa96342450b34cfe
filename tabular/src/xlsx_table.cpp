// Whole sheets as rows of text, over the streaming XlsxReader.
#include "tabular/xlsx_table.h"

#include <algorithm>
#include <cstdint>
#include <functional>

namespace canvass::tabular {

using core::Result;
using core::Status;

namespace {

std::string SheetList(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size() && i < 20; ++i) s += (i ? ", \"" : "\"") + names[i] + "\"";
  return s;
}

}  // namespace

Result<TextTable> ReadXlsxTable(std::string_view bytes, const std::string& source, const std::string& sheet,
                                const XlsxLimits& limits) {
  return ReadXlsxHead(bytes, source, sheet, SIZE_MAX, limits);
}

namespace {

// Streams sheet `index` as ReadXlsxRows describes; *any when it gave a row; *stopped when
// on_row asked to stop.
Status ReadSheetRows(XlsxReader* r, size_t index, const std::string& sheet, const std::function<Status(XlsxTextRow&)>& on_row,
                     bool* any, bool* stopped) {
  uint64_t padded = 0;
  XlsxTextRow out;
  Status st = r->ReadSheet(index, [&](XlsxRow& row) {
    // Sized by the largest column, not the last cell's: a hostile sheet may list its cells out
    // of order (fuzz_xlsx found a write past the row's end).
    uint32_t last = 0;
    for (const XlsxCell& c : row.cells) last = std::max(last, c.column);
    out.fields.assign(row.cells.empty() ? 0 : size_t{last} + 1, std::string());
    padded += out.fields.size();
    if (padded > r->inflated_bytes() + (1u << 20))
      return Status::InvalidArgument(r->source() + ": sheet \"" + sheet + "\" row " + std::to_string(row.number) +
                                     ": its cells are too far apart (mostly empty columns); delete the empty columns "
                                     "or save the table as CSV");
    for (XlsxCell& c : row.cells) out.fields[c.column] = std::move(c.text);
    out.number = row.number;
    *any = true;
    CANVASS_RETURN_IF_ERROR(on_row(out));
    if (out.stop) {
      *stopped = true;
      return Status::InvalidArgument("stopped");  // ends the read; not an error (below)
    }
    return Status::Ok();
  });
  return *stopped ? Status::Ok() : st;
}

}  // namespace

Result<XlsxTableSheet> ReadXlsxRows(XlsxReader* r, const std::string& sheet, const std::function<Status(XlsxTextRow&)>& on_row) {
  const auto& names = r->SheetNames();
  XlsxTableSheet out;
  bool any = false, stopped = false;
  if (!sheet.empty()) {
    int i = r->FindSheet(sheet);
    if (i < 0)
      return Status::InvalidArgument(r->source() + ": no sheet named \"" + sheet + "\"; the workbook has " + SheetList(names));
    out.sheet = names[static_cast<size_t>(i)];
    CANVASS_RETURN_IF_ERROR(ReadSheetRows(r, static_cast<size_t>(i), out.sheet, on_row, &any, &stopped));
    return out;
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (any) {
      out.other_sheets.push_back(names[i]);
      continue;
    }
    if (!r->IsWorksheet(i)) continue;
    out.sheet = names[i];
    CANVASS_RETURN_IF_ERROR(ReadSheetRows(r, i, out.sheet, on_row, &any, &stopped));
  }
  if (!any) return Status::InvalidArgument(r->source() + ": every sheet of the workbook is empty");
  return out;
}

Result<TextTable> ReadXlsxHead(std::string_view bytes, const std::string& source, const std::string& sheet, size_t max_rows,
                               const XlsxLimits& limits) {
  CANVASS_ASSIGN_OR_RETURN(auto reader, XlsxReader::Open(bytes, source, limits));
  TextTable t;
  CANVASS_ASSIGN_OR_RETURN(XlsxTableSheet chosen, ReadXlsxRows(reader.get(), sheet, [&](XlsxTextRow& row) {
    t.rows.push_back(std::move(row.fields));
    t.row_numbers.push_back(row.number);
    row.stop = t.rows.size() >= max_rows;
    return Status::Ok();
  }));
  t.sheet = std::move(chosen.sheet);
  t.other_sheets = std::move(chosen.other_sheets);
  return t;
}

Result<std::vector<TextTable>> ReadXlsxSheets(std::string_view bytes, const std::string& source, const XlsxLimits& limits) {
  CANVASS_ASSIGN_OR_RETURN(auto reader, XlsxReader::Open(bytes, source, limits));
  std::vector<TextTable> out;
  for (size_t i = 0; i < reader->SheetNames().size(); ++i) {
    if (!reader->IsWorksheet(i)) continue;
    TextTable t;
    t.sheet = reader->SheetNames()[i];
    bool any = false, stopped = false;
    CANVASS_RETURN_IF_ERROR(ReadSheetRows(reader.get(), i, t.sheet, [&](XlsxTextRow& row) {
      t.rows.push_back(std::move(row.fields));
      t.row_numbers.push_back(row.number);
      return Status::Ok();
    }, &any, &stopped));
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace canvass::tabular
