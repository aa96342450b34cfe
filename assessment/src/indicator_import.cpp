// ImportIndicators: reads and hashes the file, parses it as CSV/TSV or .xlsx, dispatches to the
// importer for the KIND, and converts any exception into a Status at this edge.
#include "assessment/indicator_import.h"

#include <algorithm>
#include <exception>
#include <iterator>
#include <map>
#include <thread>

#include "core/crypto_util.h"
#include "assessment/table_reader.h"
#include "core/file_util.h"
#include "import_util.h"

namespace canvass::assessment {

using core::Result;
using core::Status;
using core::Value;

namespace {
struct KindName {
  SourceKind kind;
  const char* name;
  const char* title;
};
constexpr KindName kKinds[] = {
    {SourceKind::kAcs, "acs", "Census ACS table download (data.census.gov)"},
    {SourceKind::kPep, "pep", "Census population estimates (PEP)"},
    {SourceKind::kSaipe, "saipe", "SAIPE poverty estimates (USDA ERS PovertyEstimates)"},
    {SourceKind::kRucc, "rucc", "USDA ERS Rural-Urban Continuum Codes"},
    {SourceKind::kQcew, "qcew", "BLS QCEW employment and wages"},
    {SourceKind::kWhd, "whd", "DOL Wage and Hour (WHISARD) cases"},
    {SourceKind::kOflc, "oflc", "DOL OFLC H-2A/H-2B/H-1B disclosure data"},
    {SourceKind::kPit, "pit", "HUD Point-in-Time counts by CoC"},
    {SourceKind::kGazetteer, "gazetteer", "Census county gazetteer"},
    {SourceKind::kGeneric, "generic", "a table read through a column mapping"},
    {SourceKind::kLaus, "laus", "BLS LAUS county annual averages"},
    {SourceKind::kUcr, "ucr", "FBI UCR human-trafficking offenses by agency"},
    {SourceKind::kEdfacts, "edfacts", "ED EDFacts homeless students by school district"},
    {SourceKind::kAdjacency, "adjacency", "Census county adjacency"},
    {SourceKind::kAuto, "auto", "a layout recognised from its header"}};

Status Dispatch(detail::Ctx& c) {
  switch (c.kind) {
    case SourceKind::kAcs: return detail::ImportAcs(c);
    case SourceKind::kPep: return detail::ImportPep(c);
    case SourceKind::kSaipe: return detail::ImportSaipe(c);
    case SourceKind::kRucc: return detail::ImportRucc(c);
    case SourceKind::kQcew: return detail::ImportQcew(c);
    case SourceKind::kWhd: return detail::ImportWhd(c);
    case SourceKind::kOflc: return detail::ImportOflc(c);
    case SourceKind::kPit: return detail::ImportPit(c);
    case SourceKind::kGazetteer: return detail::ImportGazetteer(c);
    case SourceKind::kGeneric: return detail::ImportGeneric(c);
    case SourceKind::kLaus: return detail::ImportLaus(c);
    case SourceKind::kUcr: return detail::ImportUcr(c);
    case SourceKind::kEdfacts: return detail::ImportEdfacts(c);
    case SourceKind::kAdjacency: return detail::ImportAdjacency(c);
    case SourceKind::kAuto: break;
  }
  return Status::InvalidArgument("unknown source kind");
}

}  // namespace

// kAuto: the one kind the header fits. A named kind: refused when the file is plainly
// another layout (one line saying what it looks like); generic reads any table.
Status detail::ResolveKind(detail::Ctx& c) {
  if (c.kind == SourceKind::kGeneric) return Status::Ok();
  SourceGuess g = DetectSource(c.table);
  if (c.kind == SourceKind::kAuto) {
    CANVASS_ASSIGN_OR_RETURN(c.kind, ResolveSource(g, c.file));
    c.out->notes.push_back("recognised as " + g.found[0] + "; imported as --source " + SourceKindName(c.kind));
    return Status::Ok();
  }
  for (SourceKind k : g.candidates)
    if (k == c.kind) return Status::Ok();
  if (g.candidates.empty()) return Status::Ok();  // the importer says which columns it lacks
  return Status::InvalidArgument(c.file + ": this looks like " + g.found[0] + ", not " + SourceKindTitle(c.kind) +
                                 "; use --source " + SourceKindName(g.candidates[0]) + " (or --source auto)");
}

namespace {

// With on_batch: the observations handed over in batches of 65,536, in order.
Status HandOver(const ImportRequest& req, ImportResult* out) {
  constexpr size_t kBatch = 65536;
  out->observations_streamed = out->observations.size();
  std::vector<Observation> batch;
  for (size_t at = 0; at < out->observations.size(); at += kBatch) {
    const size_t end = std::min(out->observations.size(), at + kBatch);
    batch.assign(std::make_move_iterator(out->observations.begin() + static_cast<long>(at)),
                 std::make_move_iterator(out->observations.begin() + static_cast<long>(end)));
    CANVASS_RETURN_IF_ERROR(req.on_batch(&batch));
  }
  out->observations.clear();
  out->observations.shrink_to_fit();
  return Status::Ok();
}

Result<ImportResult> ImportUnsafe(const ImportRequest& req) {
  std::string display = req.path.empty() ? req.name : req.path;
  if (display.empty()) display = "(input)";
  if (auto stage = req.on_batch && !req.path.empty() ? detail::StageFor(req.kind) : nullptr) {
    CANVASS_RETURN_IF_ERROR(core::InitCrypto());
    ImportResult out;
    out.source.kind = SourceKindName(req.kind);
    out.source.file_name = detail::BaseName(display);
    bool whole = false;
    CANVASS_RETURN_IF_ERROR(detail::StreamRecords(req, *stage, &out, &whole));
    if (!whole) {
      if (out.observations_streamed == 0) out.notes.push_back("no observations were produced; see the skipped rows");
      return out;
    }
  }
  std::string bytes;
  if (!req.path.empty()) {
    auto read = core::ReadFileBounded(req.path, req.max_bytes);
    if (!read.ok()) return read.status().WithContext("indicators import " + req.path);
    bytes = std::move(read).value();
  } else if (req.bytes.size() > req.max_bytes) {
    return Status::InvalidArgument(display + ": input is larger than " + std::to_string(req.max_bytes) + " bytes");
  }
  const std::string& data = req.path.empty() ? req.bytes : bytes;
  CANVASS_RETURN_IF_ERROR(core::InitCrypto());
  ImportResult out;
  out.source.kind = SourceKindName(req.kind);  // kAuto: replaced by the kind recognised
  out.source.file_name = detail::BaseName(display);
  // The file's hash is taken on a second thread while it is parsed (2 cores here).
  std::string sha256;
  std::thread hasher([&data, &sha256] { sha256 = core::Sha256Hex(data); });
  struct Join {
    std::thread& t;
    ~Join() { if (t.joinable()) t.join(); }
  } join{hasher};
  out.source.bytes = data.size();
  CsvOptions opts;
  opts.max_bytes = req.max_bytes;
  detail::Ctx c;
  c.req = &req;
  c.kind = req.kind;
  c.file = out.source.file_name;
  c.out = &out;
  std::string sheet_note;  // a workbook (.xlsx) is read as the same table its CSV would give
  CANVASS_ASSIGN_OR_RETURN(c.table, ParseTable(data, c.file, opts, req.sheet, &sheet_note));
  if (!sheet_note.empty()) out.notes.push_back(sheet_note);
  if (c.table.rows.empty()) return Status::InvalidArgument(c.file + ":1: the file has no records");
  if (c.table.converted_cp1252)
    out.notes.push_back("some text fields were not UTF-8 and were read as Windows-1252 (areas are matched on codes)");
  CANVASS_RETURN_IF_ERROR(detail::ResolveKind(c));
  out.source.kind = SourceKindName(c.kind);
  CANVASS_RETURN_IF_ERROR(Dispatch(c));
  hasher.join();
  out.source.sha256 = std::move(sha256);
  if (out.observations.empty())
    out.notes.push_back("no observations were produced; see the skipped rows");
  if (req.on_batch) CANVASS_RETURN_IF_ERROR(HandOver(req, &out));
  return out;
}
}  // namespace

const char* SourceKindName(SourceKind k) {
  for (const auto& kn : kKinds)
    if (kn.kind == k) return kn.name;
  return "?";
}

const char* SourceKindTitle(SourceKind k) {
  for (const auto& kn : kKinds)
    if (kn.kind == k) return kn.title;
  return "?";
}

std::string SourceKindList() {
  std::string s;
  for (const auto& kn : kKinds) s += (s.empty() ? "" : ", ") + std::string(kn.name);
  return s;
}

bool ParseMultiCounty(const std::string& name, ImportOptions::MultiCounty* out) {
  if (name == "split") *out = ImportOptions::MultiCounty::kSplit;
  else if (name == "first") *out = ImportOptions::MultiCounty::kFirst;
  else if (name == "state") *out = ImportOptions::MultiCounty::kState;
  else return false;
  return true;
}

bool ParseSourceKind(const std::string& name, SourceKind* out) {
  for (const auto& kn : kKinds)
    if (name == kn.name) {
      *out = kn.kind;
      return true;
    }
  return false;
}

Result<ImportResult> ImportIndicators(const ImportRequest& request) {
  try {
    return ImportUnsafe(request);
  } catch (const std::bad_alloc&) {
    return Status::InvalidArgument("indicators import " + request.path + request.name + ": out of memory");
  } catch (const std::exception& e) {
    return Status::Internal("indicators import " + request.path + request.name + ": " + e.what());
  }
}

std::string StatusLabel(const std::string& status) {
  static const std::map<std::string, std::string> kLabels = {
      {obs_status::kOk, ""},
      {obs_status::kSuppressed, "suppressed by the publisher"},
      {obs_status::kNotAvailable, "not available"},
      {obs_status::kNotApplicable, "not applicable"},
      {obs_status::kControlled, "controlled (exact, no margin of error)"},
      {obs_status::kTopCoded, "top-coded: at least this value"},
      {obs_status::kBottomCoded, "bottom-coded: at most this value"},
      {obs_status::kApportioned, "estimate: shared out from a larger area"},
      {obs_status::kDerived, "computed from other indicators"},
      {obs_status::kZeroOrNotReported, "0 or none reported (the publisher does not tell them apart)"},
      {obs_status::kPartial, "partial: at least this value (some districts or agencies suppressed)"},
      {"withheld", "withheld (a small count of the project's own records)"},
  };
  auto it = kLabels.find(status);
  return it == kLabels.end() ? status : it->second;
}

Value Observation::ToValue() const {
  Value::Object o;
  o["indicator_id"] = indicator_id;
  o["geo_level"] = geo_level;
  o["geo_id"] = geo_id;
  o["period"] = period;
  o["value"] = value ? Value(*value) : Value();
  o["unit"] = unit;
  o["moe"] = moe ? Value(*moe) : Value();
  o["status"] = status;
  o["source_kind"] = source_kind;
  o["source_file"] = source_file;
  o["source_row"] = Value(static_cast<int64_t>(source_row));
  return Value(std::move(o));
}

void CountByStatus(const std::vector<Observation>& obs, StatusCounts* counts) {
  for (const auto& o : obs) ++(*counts)[o.indicator_id][o.status];
}

std::string ImportResult::Preview(size_t max_lines) const {
  StatusCounts by_id;
  CountByStatus(observations, &by_id);
  return Preview(by_id, max_lines);
}

std::string ImportResult::Preview(const StatusCounts& by_id, size_t max_lines) const {
  size_t total = 0;
  for (const auto& [id, st] : by_id)
    for (const auto& [name, n] : st) total += n;
  std::string s = source.file_name + " (" + source.kind + ", " + std::to_string(source.bytes) + " bytes, sha256 " +
                  source.sha256.substr(0, 16) + "...): " + std::to_string(total) +
                  " observations, " + std::to_string(skipped.size()) + " rows skipped\n";
  size_t lines = 1;
  for (const auto& [id, st] : by_id) {
    if (lines++ >= max_lines) break;
    s += "  " + id + ":";
    for (const auto& [name, n] : st) s += " " + name + "=" + std::to_string(n);
    s += "\n";
  }
  for (const auto& n : notes) {
    if (lines++ >= max_lines) break;
    s += "  note: " + n + "\n";
  }
  for (const auto& k : skipped) {
    if (lines++ >= max_lines) {
      s += "  ... (" + std::to_string(skipped.size()) + " skipped in all)\n";
      break;
    }
    s += "  skipped line " + std::to_string(k.line) + ": " + k.reason + "\n";
  }
  return s;
}

}  // namespace canvass::assessment
