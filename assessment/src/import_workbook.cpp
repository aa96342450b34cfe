// A workbook (.xlsx) read by a RecordStage in pieces of rows, so that its table is never held
// whole: the same table, and so the same observations, skipped rows and notes, as the whole-file
// path (table_reader.cpp, FromWorkbook over tabular::ReadXlsxTable):
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
#include "tabular/xlsx_reader.h"

namespace canvass::assessment::detail {

using core::Status;

namespace {

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// What the whole-file path learns from reading a sheet into memory, without keeping its rows.
struct SheetShape {
  size_t rows = 0, width = 0, cells = 0;
};

// Reads sheet `index` once, as tabular's ReadInto would, and refuses it for the same reason at
// the same row (cells too far apart for the bytes inflated so far).
Status Measure(tabular::XlsxReader* r, size_t index, const std::string& sheet, SheetShape* shape) {
  uint64_t padded = 0;
  return r->ReadSheet(index, [&](tabular::XlsxRow& row) {
    uint32_t last = 0;
    for (const tabular::XlsxCell& c : row.cells) last = std::max(last, c.column);
    const size_t size = row.cells.empty() ? 0 : size_t{last} + 1;
    padded += size;
    if (padded > r->inflated_bytes() + (1u << 20))
      return Status::InvalidArgument(r->source() + ": sheet \"" + sheet + "\" row " + std::to_string(row.number) +
                                     ": its cells are too far apart (mostly empty columns); delete the empty columns "
                                     "or save the table as CSV");
    ++shape->rows;
    shape->width = std::max(shape->width, size);
    shape->cells += size;
    return Status::Ok();
  });
}

}  // namespace

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
  tabular::XlsxLimits limits;
  limits.max_file_bytes = opts.max_bytes;
  limits.max_cell_bytes = opts.max_field_bytes;
  limits.max_columns = std::min<size_t>(limits.max_columns, opts.max_columns);
  CANVASS_ASSIGN_OR_RETURN(auto reader, tabular::XlsxReader::Open(bytes, c.file, limits));
  const auto& names = reader->SheetNames();

  // The sheet, chosen as tabular::ReadXlsxTable chooses it.
  int index = -1;
  SheetShape shape;
  std::vector<std::string> others;
  if (!req.sheet.empty()) {
    index = reader->FindSheet(req.sheet);
    if (index < 0) {
      std::string list;
      for (size_t i = 0; i < names.size() && i < 20; ++i) list += (i ? ", \"" : "\"") + names[i] + "\"";
      return Status::InvalidArgument(c.file + ": no sheet named \"" + req.sheet + "\"; the workbook has " + list);
    }
    CANVASS_RETURN_IF_ERROR(Measure(reader.get(), static_cast<size_t>(index), names[static_cast<size_t>(index)], &shape));
  } else {
    for (size_t i = 0; i < names.size(); ++i) {
      if (index >= 0) {
        others.push_back(names[i]);
        continue;
      }
      if (!reader->IsWorksheet(i)) continue;
      SheetShape s;
      CANVASS_RETURN_IF_ERROR(Measure(reader.get(), i, names[i], &s));
      if (s.rows > 0) {
        index = static_cast<int>(i);
        shape = s;
      }
    }
    if (index < 0) return Status::InvalidArgument(c.file + ": every sheet of the workbook is empty");
  }
  if (shape.rows == 0) return Status::InvalidArgument(c.file + ":1: the file has no records");
  if (!others.empty()) {
    std::string list;
    for (size_t i = 0; i < others.size() && i < 10; ++i) list += (i ? ", \"" : "\"") + others[i] + "\"";
    out->notes.push_back("read sheet \"" + names[static_cast<size_t>(index)] + "\" of the workbook (it also has " + list +
                         "; choose another with --sheet)");
  }
  const size_t width = shape.width * shape.rows <= 2 * shape.cells + (1u << 20) ? shape.width : 0;

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
    CANVASS_RETURN_IF_ERROR(reader->ReadSheet(static_cast<size_t>(index), [&](tabular::XlsxRow& row) {
      uint32_t last = 0;
      for (const tabular::XlsxCell& cell : row.cells) last = std::max(last, cell.column);
      std::vector<std::string> fields(row.cells.empty() ? 0 : size_t{last} + 1);
      for (tabular::XlsxCell& cell : row.cells) {
        held += cell.text.size() + 8;
        fields[cell.column] = std::move(cell.text);
      }
      if (fields.size() < width) fields.resize(width);
      if (opts.trim)
        for (auto& f : fields)
          if (!f.empty() && (f.front() == ' ' || f.back() == ' ' || f.front() == '\t' || f.back() == '\t')) f = std::string(Trim(f));
      c.table.rows.push_back(std::move(fields));
      c.table.lines.push_back(row.number);
      if (held >= piece && (!first || c.table.rows.size() >= kFirstRecords)) return flush();
      return Status::Ok();
    }));
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
