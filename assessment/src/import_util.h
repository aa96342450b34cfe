// Private helpers shared by the indicator importers: cell parsing with status codes,
// header lookup with file:line:column errors, the per-import context. Not installed.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assessment/csv_reader.h"
#include "assessment/indicator_import.h"

namespace canvass::assessment::detail {

// A parsed numeric cell: value (nullopt = missing) and its status.
struct Cell {
  std::optional<double> value;
  std::string status = obs_status::kOk;
};

// Strips spaces, thousands separators, a leading '+' and a trailing '%'; accepts E-notation.
bool ParseNumber(const std::string& raw, double* out);
// Census symbols: "" null - N (X) ** *** ***** 250,000+ 2,500- and API sentinels.
Cell ParseCensusCell(const std::string& raw);
// Plain numeric cell: "" / null / NA -> not_available; unparseable -> nullopt value, status "".
Cell ParsePlainCell(const std::string& raw);

std::string Lower(std::string s);
std::string Upper(std::string s);
std::string TrimCopy(const std::string& s);
std::string BaseName(const std::string& path);
bool AllDigits(const std::string& s);
std::string PadLeft(const std::string& s, size_t width);  // digits only; else unchanged
// Year (4 digits) found after `tag` in text ("ACSST5Y2023" with tag "Y" ... ); "" if none.
std::string FindYear(const std::string& text);
// Excel serial day number -> "YYYY-MM-DD" pieces; false if out of range.
bool ExcelSerialToDate(double serial, int* y, int* m, int* d);
// Parses "YYYY-MM-DD", "M/D/YYYY", "M/D/YY" or an Excel serial; false if none.
bool ParseDate(const std::string& s, int* y, int* m, int* d);
// US federal fiscal year of a date: Oct-Dec count toward the next year.
int FiscalYear(int y, int m);
// "31-33" -> "31_33": safe indicator id fragment.
std::string IdFragment(const std::string& s);

// Skipped rows kept for the preview (the count of records read is kept apart).
inline constexpr size_t kMaxSkipped = 100000;

// One import in progress: the parsed table plus the result being filled.
struct Ctx {
  const ImportRequest* req = nullptr;
  SourceKind kind = SourceKind::kGeneric;  // the request's kind, or the one kAuto recognised
  std::string file;  // display name for messages
  CsvTable table;
  ImportResult* out = nullptr;

  size_t Line(size_t record) const { return record < table.lines.size() ? table.lines[record] : 0; }
  // Finds the first record (within 60) holding every name; error names the file.
  core::Result<size_t> FindHeader(const std::vector<std::string>& names, const std::string& hint) const;
  // Column of the first of `names` present in header record `hdr`, or -1.
  int Col(size_t hdr, const std::vector<std::string>& names) const;
  // Like Col but an error "file:line: no column X (header has: ...)" when absent.
  core::Result<int> NeedCol(size_t hdr, const std::vector<std::string>& names) const;
  // "file:line: column NAME (col N)" prefix for messages about one cell.
  std::string Where(size_t record, size_t hdr, int col) const;
  const std::string& Get(size_t record, int col) const;  // "" when the row is short
  // True when the record has fewer fields than the header needs (truncated row): skips it.
  bool SkipIfShort(size_t record, size_t hdr, int max_col);
  // The reason SkipIfShort gives, or "" when the record is long enough.
  std::string ShortRowReason(size_t record, size_t hdr, int max_col) const;
  void Skip(size_t record, std::string reason) { SkipInto(out, record, std::move(reason)); }
  // Skip, into another result (an importer filling parts of the file on two threads).
  void SkipInto(ImportResult* dst, size_t record, std::string reason) const;
  core::Status Add(Observation&& o);
  Observation Make(const std::string& id, const std::string& level, const std::string& geo,
                   const std::string& period, const std::string& unit, size_t record) const;
  // A county name without its type that fits a county and a city of the same name
  // (CountyNameIndex::Match took the county); FlushAmbiguousNames adds one note for all.
  void NoteAmbiguousName(const std::string& name);
  void FlushAmbiguousNames();
  size_t ambiguous_names = 0;
  std::vector<std::string> ambiguous_examples;
};

// Where county names come from when an importer needs them and has none.
inline constexpr const char kNeedCountyNames[] =
    "its counties are given by name, and no county names are at hand: give the Census county gazetteer with "
    "--gazetteer 2016_Gaz_counties_national.txt, or import it once as this workspace's areas "
    "(canvass-cli areas import FILE 2016_Gaz_counties_national.txt); it is at "
    "https://www.census.gov/geographies/reference-files/time-series/geo/gazetteer-files.html";

core::Status ImportAcs(Ctx& c);
core::Status ImportPep(Ctx& c);
core::Status ImportSaipe(Ctx& c);
core::Status ImportRucc(Ctx& c);
core::Status ImportQcew(Ctx& c);
core::Status ImportWhd(Ctx& c);
core::Status ImportOflc(Ctx& c);
core::Status ImportPit(Ctx& c);
core::Status ImportGazetteer(Ctx& c);
core::Status ImportGeneric(Ctx& c);

// An importer in steps, so that a file can be read in pieces (import_stream.cpp): Start on the
// first piece's table (finds the header, the columns), Records for the rows [first, end) of
// each piece (whose table holds the header record at `hdr`), Finish for what needs the whole
// file (sums, derived values, notes); Finish's table holds only the records up to the header,
// at their first piece's indices. Records may only refer to the current piece's records: a
// line number is kept as a number (Ctx::Line), never as a record index.
// A stage may read the rows more than once (Passes(); BeginPass(p) before each pass from the
// second on): a streamed file is then read again from its start, and must not have changed.
class RecordStage {
 public:
  virtual ~RecordStage() = default;
  virtual core::Result<size_t> Start(Ctx& c) = 0;
  virtual core::Status Records(Ctx& c, size_t hdr, size_t first, size_t end) = 0;
  virtual core::Status Finish(Ctx& c, size_t hdr) = 0;
  virtual int Passes() const { return 1; }
  virtual void BeginPass(int) {}
};
// The stages of the kinds that can be read in pieces (generic, qcew, whd, oflc, acs,
// gazetteer); null for the others, which read their (bounded) file whole.
std::unique_ptr<RecordStage> GenericStage();
std::unique_ptr<RecordStage> AcsStage();
std::unique_ptr<RecordStage> GazetteerStage();
std::unique_ptr<RecordStage> QcewStage();
std::unique_ptr<RecordStage> WhdStage();
std::unique_ptr<RecordStage> OflcStage();
std::unique_ptr<RecordStage> StageFor(SourceKind kind);
// A stage over the whole parsed table: Start, Records over every row after the header, Finish.
core::Status RunWhole(Ctx& c, RecordStage& stage);
// A kind with a stage over a file read in pieces of about request.stream_piece_bytes, each
// piece's observations handed to request.on_batch before the next is read; a workbook goes to
// StreamWorkbook. *whole when the file must be read whole instead (UTF-16 text): nothing was read.
core::Status StreamRecords(const ImportRequest& req, RecordStage& stage, ImportResult* out, bool* whole);
// What both readers in pieces share: each piece's observations handed to request.on_batch (and
// counted against request.max_observations), then Finish on a table that holds the records up
// to the header, at their first piece's indices, as the whole-file path's notes expect.
class PieceHandOver {
 public:
  PieceHandOver(const ImportRequest& req, Ctx& c) : req_(req), c_(c) {}
  core::Status operator()();
  size_t total() const { return total_; }

 private:
  const ImportRequest& req_;
  Ctx& c_;
  size_t total_ = 0;
};
core::Status FinishAfterPieces(Ctx& c, RecordStage& stage, size_t header_at, std::vector<std::string> header, size_t header_line);
// A workbook (.xlsx) named by path, for a kind with a stage: the table the whole-file path reads
// (table_reader.cpp: the same sheet, rows padded to the sheet's width, fields trimmed), handed to
// the stage in pieces of rows (import_workbook.cpp). The workbook's bytes and shared strings are
// held; its rows are not.
core::Status StreamWorkbook(const ImportRequest& req, RecordStage& stage, ImportResult* out);
// kAuto: the one kind the first 60 records fit; a named kind: refused when the table is plainly
// another layout (indicator_import.cpp).
core::Status ResolveKind(Ctx& c);
core::Status ImportLaus(Ctx& c);
core::Status ImportUcr(Ctx& c);
core::Status ImportEdfacts(Ctx& c);
core::Status ImportAdjacency(Ctx& c);

// LAUS wraps its header over up to 3 lines ("LAUS" / "Code"): the record of the last header
// line (the data start after it) and, per column, the words of the wrapped lines joined
// ("State FIPS Code", "Labor Force"). -1 when the file has no such header in 60 records.
int FindLausHeader(const CsvTable& t, std::vector<std::string>* joined);

}  // namespace canvass::assessment::detail
