// Whole sheets as rows of text, over the streaming XlsxReader.
#include "tabular/xlsx_table.h"

#include <algorithm>
#include <cstdint>

namespace canvass::tabular {

using core::Result;
using core::Status;

namespace {

// Appends one row, padded with "" up to its last cell; refuses padding that outgrows the input.
// Stops, without an error, once the table holds `max_rows` rows.
Status ReadInto(XlsxReader* r, size_t index, TextTable* t, size_t max_rows = SIZE_MAX) {
  uint64_t padded = 0;
  bool enough = false;
  Status st = r->ReadSheet(index, [&](XlsxRow& row) {
    if (t->rows.size() >= max_rows) {
      enough = true;
      return Status::InvalidArgument("enough rows");  // ends the read; not an error (below)
    }
    // Sized by the largest column, not the last cell's: a hostile sheet may list its cells out
    // of order (fuzz_xlsx found a write past the row's end).
    uint32_t last = 0;
    for (const XlsxCell& c : row.cells) last = std::max(last, c.column);
    std::vector<std::string> out(row.cells.empty() ? 0 : size_t{last} + 1);
    padded += out.size();
    if (padded > r->inflated_bytes() + (1u << 20))
      return Status::InvalidArgument(r->source() + ": sheet \"" + t->sheet + "\" row " + std::to_string(row.number) +
                                     ": its cells are too far apart (mostly empty columns); delete the empty columns "
                                     "or save the table as CSV");
    for (XlsxCell& c : row.cells) out[c.column] = std::move(c.text);
    t->rows.push_back(std::move(out));
    t->row_numbers.push_back(row.number);
    return Status::Ok();
  });
  return enough ? Status::Ok() : st;
}

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

Result<TextTable> ReadXlsxHead(std::string_view bytes, const std::string& source, const std::string& sheet, size_t max_rows,
                               const XlsxLimits& limits) {
  CANVASS_ASSIGN_OR_RETURN(auto reader, XlsxReader::Open(bytes, source, limits));
  const auto& names = reader->SheetNames();
  TextTable t;
  if (!sheet.empty()) {
    int i = reader->FindSheet(sheet);
    if (i < 0)
      return Status::InvalidArgument(source + ": no sheet named \"" + sheet + "\"; the workbook has " + SheetList(names));
    t.sheet = names[static_cast<size_t>(i)];
    CANVASS_RETURN_IF_ERROR(ReadInto(reader.get(), static_cast<size_t>(i), &t, max_rows));
  } else {
    for (size_t i = 0; i < names.size(); ++i) {
      if (!t.sheet.empty()) {
        t.other_sheets.push_back(names[i]);
        continue;
      }
      if (!reader->IsWorksheet(i)) continue;
      TextTable candidate;
      candidate.sheet = names[i];
      CANVASS_RETURN_IF_ERROR(ReadInto(reader.get(), i, &candidate, max_rows));
      if (!candidate.rows.empty()) t = std::move(candidate);
    }
    if (t.sheet.empty()) return Status::InvalidArgument(source + ": every sheet of the workbook is empty");
  }
  return t;
}

Result<std::vector<TextTable>> ReadXlsxSheets(std::string_view bytes, const std::string& source, const XlsxLimits& limits) {
  CANVASS_ASSIGN_OR_RETURN(auto reader, XlsxReader::Open(bytes, source, limits));
  std::vector<TextTable> out;
  for (size_t i = 0; i < reader->SheetNames().size(); ++i) {
    if (!reader->IsWorksheet(i)) continue;
    TextTable t;
    t.sheet = reader->SheetNames()[i];
    CANVASS_RETURN_IF_ERROR(ReadInto(reader.get(), i, &t));
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace canvass::tabular
