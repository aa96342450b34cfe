// A workbook (.xlsx) read by a RecordStage in pieces of rows, so that its table is never held
// whole: the same table, and so the same observations, skipped rows and notes, as the whole-file
// path (table_reader.cpp), both over tabular::ReadXlsxRows and workbook_table.h:
//   - the sheet: the one named with --sheet, else the first worksheet with any value, the
//     sheets after it named in a note;
//   - every row padded with "" up to the sheet's used width, as a spreadsheet's own CSV export
//     does, unless that padding would dwarf the cells; so a first read of the sheet measures it
//     (its width, rows and cells) before any row is handed on;
//   - fields trimmed of spaces and tabs, rows numbered by their sheet row.
// The workbook's bytes (compressed, bounded by the import's 512 MiB) and its shared strings stay
// in memory; each piece's rows are let go once the stage has them.
#include <algorithm>

#include "core/crypto_util.h"
#include "core/file_util.h"
#include "import_util.h"
#include "tabular/xlsx_table.h"
#include "workbook_table.h"

namespace canvass::assessment::detail {

using core::Status;

Status StreamWorkbook(const ImportRequest& req, RecordStage& stage, ImportResult* out) {
  auto read = core::ReadFileBounded(req.path, req.max_bytes);
  if (!read.ok()) return read.status().WithContext("indicators import " + req.path);
  const std::string bytes = std::move(read).value();
  Ctx c;
  c.req = &req;
  c.kind = req.kind;
  c.file = out->source.file_name;
  c.out = out;
  CsvOptions opts;  // the whole-file path's options: its limits on cells and columns, trimming
  opts.max_bytes = req.max_bytes;
  CANVASS_ASSIGN_OR_RETURN(auto reader, tabular::XlsxReader::Open(bytes, c.file, workbook::Limits(opts)));
  // The sheet, chosen as the whole-file path chooses it, read once to measure it: padding needs
  // the sheet's width before the first row is handed on.
  size_t rows = 0, width = 0, cells = 0;
  CANVASS_ASSIGN_OR_RETURN(tabular::XlsxTableSheet chosen, tabular::ReadXlsxRows(reader.get(), req.sheet, [&](tabular::XlsxTextRow& row) {
    ++rows;
    width = std::max(width, row.fields.size());
    cells += row.fields.size();
    return Status::Ok();
  }));
  if (rows == 0) return Status::InvalidArgument(c.file + ":1: the file has no records");
  if (!chosen.other_sheets.empty()) out->notes.push_back(workbook::SheetNote(chosen.sheet, chosen.other_sheets));
  const size_t pad_to = workbook::PadToWidth(width, rows, cells) ? width : 0;

  // The rows, in pieces: the first holds at least the 61 records the header is looked for in.
  constexpr size_t kFirstRecords = 61;
  const size_t piece = std::max<size_t>(req.stream_piece_bytes, 4096);
  size_t header_at = 0, header_line = 0;
  std::vector<std::string> header;
  PieceHandOver hand_over(req, c);
  for (int pass = 0; pass < stage.Passes(); ++pass) {
    if (pass > 0) stage.BeginPass(pass);
    bool first = true;
    size_t held = 0;  // bytes of text in the piece
    c.table = CsvTable();
    auto flush = [&]() -> Status {
      if (first) {
        if (pass == 0) {
          CANVASS_RETURN_IF_ERROR(ResolveKind(c));  // as the whole-file path, on the first 60 records
          CANVASS_ASSIGN_OR_RETURN(header_at, stage.Start(c));
          header = c.table.rows[header_at];
          header_line = c.table.lines[header_at];
        }
        first = false;
        CANVASS_RETURN_IF_ERROR(stage.Records(c, header_at, header_at + 1, c.table.rows.size()));
      } else {
        CANVASS_RETURN_IF_ERROR(stage.Records(c, 0, 1, c.table.rows.size()));
      }
      CANVASS_RETURN_IF_ERROR(hand_over());
      // The next piece starts with the header record, so messages name its columns.
      c.table.rows.assign(1, header);
      c.table.lines.assign(1, header_line);
      held = 0;
      return Status::Ok();
    };
    CANVASS_RETURN_IF_ERROR(tabular::ReadXlsxRows(reader.get(), chosen.sheet, [&](tabular::XlsxTextRow& row) {
      for (const auto& f : row.fields) held += f.size() + 8;
      if (row.fields.size() < pad_to) row.fields.resize(pad_to);
      if (opts.trim) workbook::TrimFields(&row.fields);
      c.table.rows.push_back(std::move(row.fields));
      c.table.lines.push_back(row.number);
      if (held >= piece && (!first || c.table.rows.size() >= kFirstRecords)) return flush();
      return Status::Ok();
    }).status());
    if (first || c.table.rows.size() > 1) CANVASS_RETURN_IF_ERROR(flush());
  }
  CANVASS_RETURN_IF_ERROR(FinishAfterPieces(c, stage, header_at, std::move(header), header_line));
  CANVASS_RETURN_IF_ERROR(hand_over());
  out->source.bytes = bytes.size();
  out->source.sha256 = core::Sha256Hex(bytes);
  out->observations_streamed = hand_over.total();
  return Status::Ok();
}

}  // namespace canvass::assessment::detail
