// The importers with a RecordStage (generic, QCEW, WHD, OFLC, ACS, gazetteer) over a text file
// read in pieces (workbooks: import_workbook.cpp): each piece (about 64 KiB, cut at a record's end) is hashed, parsed, mapped and
// handed to the caller before the next is read, so what the import holds does not grow with the
// file (sums per area and period do, bounded by the areas). Observations, skipped rows, notes
// and the hash are those of the whole-file path.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/sha256.h"
#include "import_util.h"
#include "tabular/xlsx_reader.h"

namespace canvass::assessment::detail {

using core::Status;

namespace {

// An open file, closed on every path.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Appends up to `want` bytes; *eof at the end of the file.
Status ReadMore(int fd, const std::string& path, size_t want, std::string* buf, bool* eof) {
  const size_t at = buf->size();
  buf->resize(at + want);
  size_t got = 0;
  while (got < want) {
    ssize_t n = ::read(fd, &(*buf)[at + got], want - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      buf->resize(at);
      return Status::IOError(path + ": read failed: " + std::strerror(errno));
    }
    if (n == 0) {
      *eof = true;
      break;
    }
    got += static_cast<size_t>(n);
  }
  buf->resize(at + got);
  return Status::Ok();
}

}  // namespace

std::unique_ptr<RecordStage> StageFor(SourceKind kind) {
  switch (kind) {
    case SourceKind::kGeneric: return GenericStage();
    case SourceKind::kQcew: return QcewStage();
    case SourceKind::kWhd: return WhdStage();
    case SourceKind::kOflc: return OflcStage();
    case SourceKind::kAcs: return AcsStage();
    case SourceKind::kGazetteer: return GazetteerStage();
    default: return nullptr;
  }
}

Status PieceHandOver::operator()() {
  total_ += c_.out->observations.size();
  if (total_ > req_.max_observations)
    return Status::InvalidArgument(c_.file + ": more than " + std::to_string(req_.max_observations) +
                                   " observations; choose fewer columns or split the file");
  if (!c_.out->observations.empty()) CANVASS_RETURN_IF_ERROR(req_.on_batch(&c_.out->observations));
  c_.out->observations.clear();
  return Status::Ok();
}

Status FinishAfterPieces(Ctx& c, RecordStage& stage, size_t header_at, std::vector<std::string> header, size_t header_line) {
  c.table = CsvTable();
  c.table.rows.resize(header_at + 1);
  c.table.lines.assign(header_at + 1, 0);
  c.table.rows[header_at] = std::move(header);
  c.table.lines[header_at] = header_line;
  return stage.Finish(c, header_at);
}

Status RunWhole(Ctx& c, RecordStage& stage) {
  CANVASS_ASSIGN_OR_RETURN(size_t hdr, stage.Start(c));
  for (int pass = 0; pass < stage.Passes(); ++pass) {
    if (pass > 0) stage.BeginPass(pass);
    CANVASS_RETURN_IF_ERROR(stage.Records(c, hdr, hdr + 1, c.table.rows.size()));
  }
  return stage.Finish(c, hdr);
}

Status StreamRecords(const ImportRequest& req, RecordStage& stage, ImportResult* out, bool* whole) {
  *whole = false;
  Fd f;
  f.fd = ::open(req.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0)
    return (errno == ENOENT ? Status::NotFound(req.path + ": no such file") : Status::IOError(req.path + ": cannot open: " + std::strerror(errno)))
        .WithContext("indicators import " + req.path);
  struct stat st;
  if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode))
    return Status::InvalidArgument(req.path + ": not a regular file").WithContext("indicators import " + req.path);
  if (static_cast<unsigned long long>(st.st_size) > req.max_bytes)
    return Status::InvalidArgument(req.path + ": file is " + std::to_string(st.st_size) + " bytes, more than the limit of " +
                                   std::to_string(req.max_bytes))
        .WithContext("indicators import " + req.path);
  Ctx c;
  c.req = &req;
  c.kind = req.kind;
  c.file = out->source.file_name;
  c.out = out;
  CsvOptions opts;
  opts.max_bytes = req.max_bytes;
  const size_t piece = std::max<size_t>(req.stream_piece_bytes, 4096);
  // The header is looked for among the first 60 records (Ctx::FindHeader): the first piece
  // holds more than that, or the whole file.
  constexpr size_t kFirstRecords = 61;
  bool converted = false;
  size_t header_line = 0, header_at = 0, bytes = 0;
  std::string sha256;
  std::vector<std::string> header;
  PieceHandOver hand_over(req, c);
  for (int pass = 0; pass < stage.Passes(); ++pass) {
    if (pass > 0) {  // again from the start: the same bytes, or the import is refused
      if (::lseek(f.fd, 0, SEEK_SET) != 0) return Status::IOError(req.path + ": cannot read it again: " + std::strerror(errno));
      stage.BeginPass(pass);
    }
    core::Sha256 sha;
    std::string buf;
    bool eof = false, first = true;
    size_t want = piece, line = 1, read = 0;
    for (;;) {
      const size_t before = buf.size();
      if (!eof && buf.size() < want) CANVASS_RETURN_IF_ERROR(ReadMore(f.fd, req.path, want - buf.size(), &buf, &eof));
      sha.Update(std::string_view(buf).substr(before));
      read += buf.size() - before;
      if (read > req.max_bytes) return Status::InvalidArgument(c.file + ": input is larger than " + std::to_string(req.max_bytes) + " bytes");
      const bool workbook = tabular::LooksLikeZip(buf) || tabular::LooksLikeOle2(buf);
      if (first && ((buf.size() >= 2 && (buf.compare(0, 2, "\xFF\xFE") == 0 || buf.compare(0, 2, "\xFE\xFF") == 0)) || workbook)) {
        if (pass > 0) return Status::InvalidArgument(c.file + ": the file changed while it was read; import it again");
        if (workbook) return StreamWorkbook(req, stage, out);  // in rows, through the xlsx reader
        *whole = true;  // UTF-16: converted whole by ParseCsv
        return Status::Ok();
      }
      opts.partial = !eof;
      opts.first_line = line;
      CANVASS_ASSIGN_OR_RETURN(CsvTable t, ParseCsv(buf, c.file, opts));
      // A record longer than what is read, or a first piece too short to find the header in:
      // read more (doubling, so that a long record is not parsed again and again).
      if (!eof && (t.consumed == 0 || (first && t.rows.size() < kFirstRecords))) {
        want = std::max(buf.size() * 2, buf.size() + piece);
        continue;
      }
      if (pass == 0) converted = converted || t.converted_cp1252;
      line = t.end_line;
      const size_t consumed = t.consumed;
      size_t from = 1;
      if (first) {
        if (t.rows.empty()) return Status::InvalidArgument(c.file + ":1: the file has no records");
        c.table = std::move(t);
        if (pass == 0) {
          // A file plainly of another layout than the kind named: said as the whole-file path
          // says it ("this looks like ...; use --source ..."), from the same first 60 records.
          CANVASS_RETURN_IF_ERROR(ResolveKind(c));
          CANVASS_ASSIGN_OR_RETURN(header_at, stage.Start(c));
          header = c.table.rows[header_at];
          header_line = c.table.lines[header_at];
          opts.delimiter = c.table.delimiter;
        } else if (c.table.rows.size() <= header_at || c.table.rows[header_at] != header) {
          return Status::InvalidArgument(c.file + ": the file changed while it was read; import it again");
        }
        from = header_at + 1;
        first = false;
        CANVASS_RETURN_IF_ERROR(stage.Records(c, header_at, from, c.table.rows.size()));
      } else {
        // Every later piece's table starts with the header record, so messages name its columns.
        t.rows.insert(t.rows.begin(), header);
        t.lines.insert(t.lines.begin(), header_line);
        c.table = std::move(t);
        CANVASS_RETURN_IF_ERROR(stage.Records(c, 0, from, c.table.rows.size()));
      }
      CANVASS_RETURN_IF_ERROR(hand_over());
      buf.erase(0, consumed);
      want = piece;
      if (eof && buf.empty()) break;
    }
    std::string digest = sha.FinishHex();
    if (pass == 0) {
      sha256 = std::move(digest);
      bytes = read;
    } else if (digest != sha256 || read != bytes) {
      return Status::InvalidArgument(c.file + ": the file changed while it was read; import it again");
    }
  }
  if (converted) out->notes.push_back("some text fields were not UTF-8 and were read as Windows-1252 (areas are matched on codes)");
  // The notes name the header's line (preamble before it) as the whole-file path does.
  CANVASS_RETURN_IF_ERROR(FinishAfterPieces(c, stage, header_at, std::move(header), header_line));
  CANVASS_RETURN_IF_ERROR(hand_over());
  out->source.bytes = bytes;
  out->source.sha256 = std::move(sha256);
  out->observations_streamed = hand_over.total();
  return Status::Ok();
}

}  // namespace canvass::assessment::detail
