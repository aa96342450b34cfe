// --source auto: which published layouts a file's header fits (header names within the first
// 60 records; the adjacency file by the shape of its lines), and the one-line refusals.
#include <algorithm>
#include <fstream>

#include "assessment/table_reader.h"
#include "import_util.h"

namespace canvass::assessment {

using core::Result;
using core::Status;
using detail::AllDigits;
using detail::TrimCopy;

namespace {

constexpr size_t kScan = 60;

bool HasPrefixColumn(const std::vector<std::string>& row, const std::string& prefix) {
  for (const auto& f : row)
    if (f.size() > prefix.size() && detail::Upper(TrimCopy(f)).compare(0, prefix.size(), prefix) == 0) return true;
  return false;
}

bool HasYearColumn(const std::vector<std::string>& row) {
  for (const auto& f : row)
    if (TrimCopy(f).size() == 4 && AllDigits(TrimCopy(f))) return true;
  return false;
}

bool HasAny(const std::vector<std::string>& row, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (ColumnIndex(row, n) >= 0) return true;
  return false;
}

// The record holding a header that fits `kind`, or -1.
int HeaderFor(SourceKind kind, const CsvTable& t) {
  auto rows_where = [&](auto pred) {
    for (size_t r = 0; r < t.rows.size() && r < kScan; ++r)
      if (pred(t.rows[r])) return static_cast<int>(r);
    return -1;
  };
  switch (kind) {
    case SourceKind::kAcs: return FindHeaderRow(t, {"GEO_ID", "NAME"}, kScan);
    case SourceKind::kPep:
      return rows_where([](const auto& row) {
        return (ColumnIndex(row, "STATE") >= 0 && ColumnIndex(row, "COUNTY") >= 0 && HasPrefixColumn(row, "POPESTIMATE")) ||
               (HasAny(row, {"Area", "Geographic Area"}) && HasYearColumn(row));
      });
    case SourceKind::kSaipe:
      return rows_where([](const auto& row) { return ColumnIndex(row, "FIPS_Code") >= 0 && HasPrefixColumn(row, "PCTPOVALL_"); });
    case SourceKind::kRucc:
      return rows_where([](const auto& row) { return ColumnIndex(row, "FIPS") >= 0 && HasPrefixColumn(row, "RUCC_"); });
    case SourceKind::kQcew: return FindHeaderRow(t, {"area_fips", "industry_code", "own_code"}, kScan);
    case SourceKind::kWhd: return FindHeaderRow(t, {"case_id", "zip_cd"}, kScan);
    case SourceKind::kOflc:
      return rows_where([](const auto& row) {
        return ColumnIndex(row, "CASE_STATUS") >= 0 && HasAny(row, {"CASE_NUMBER", "CASE_NO"}) &&
               HasAny(row, {"WORKSITE_COUNTY", "ALIEN_WORK_COUNTY", "WORKSITE_LOCATION_COUNTY"});
      });
    case SourceKind::kPit: return FindHeaderRow(t, {"CoC Number"}, kScan);
    case SourceKind::kGazetteer: return FindHeaderRow(t, {"GEOID", "ALAND_SQMI"}, kScan);
    case SourceKind::kLaus: return detail::FindLausHeader(t, nullptr);
    case SourceKind::kUcr: return FindHeaderRow(t, {"DATA_YEAR", "ORI", "STATE_ABBR", "COUNTY_NAME", "ACTUAL_COUNT"}, kScan);
    case SourceKind::kEdfacts:
      return rows_where([](const auto& row) {
        return ColumnIndex(row, "LEAID") >= 0 && ColumnIndex(row, "TOTAL") >= 0 && HasAny(row, {"UHY", "DOUBLED_UP"});
      });
    case SourceKind::kAdjacency: {
      // No header (2010 layout) or "County Name|County GEOID|..." (2020s): lines of 4 fields,
      // a "Name, ST" and a 5-digit GEOID twice; continuation lines leave the first two empty.
      size_t fit = 0, seen = 0;
      for (size_t r = 0; r < t.rows.size() && seen < 5; ++r) {
        const auto& row = t.rows[r];
        if (r == 0 && row.size() >= 4 && !AllDigits(TrimCopy(row[1]))) continue;
        ++seen;
        bool own = row.size() >= 4 && (TrimCopy(row[1]).empty() || (TrimCopy(row[1]).size() == 5 && AllDigits(TrimCopy(row[1]))));
        bool nb = row.size() >= 4 && TrimCopy(row[3]).size() == 5 && AllDigits(TrimCopy(row[3])) && row[2].find(", ") != std::string::npos;
        fit += own && nb ? 1 : 0;
      }
      return seen > 0 && fit == seen ? 0 : -1;
    }
    case SourceKind::kGeneric:
    case SourceKind::kAuto: return -1;
  }
  return -1;
}

constexpr SourceKind kDetectable[] = {SourceKind::kAcs,  SourceKind::kPep,       SourceKind::kSaipe, SourceKind::kRucc,
                                      SourceKind::kQcew, SourceKind::kWhd,       SourceKind::kOflc,  SourceKind::kPit,
                                      SourceKind::kGazetteer, SourceKind::kLaus, SourceKind::kUcr,   SourceKind::kEdfacts,
                                      SourceKind::kAdjacency};

std::string FirstRecord(const CsvTable& t) {
  std::string have;
  if (t.rows.empty()) return "(empty file)";
  for (const auto& h : t.rows[0]) {
    if (have.size() > 120) { have += ", ..."; break; }
    have += (have.empty() ? "" : ", ") + h.substr(0, 40);
  }
  return have;
}

}  // namespace

SourceGuess DetectSource(const CsvTable& t) {
  SourceGuess g;
  for (SourceKind k : kDetectable) {
    int r = HeaderFor(k, t);
    if (r < 0) continue;
    size_t line = static_cast<size_t>(r) < t.lines.size() ? t.lines[static_cast<size_t>(r)] : 1;
    g.candidates.push_back(k);
    g.found.push_back(std::string(SourceKindTitle(k)) + " (" +
                      (k == SourceKind::kAdjacency ? "tab-separated county and neighbour lines" : "header on line " + std::to_string(line)) + ")");
  }
  g.kids_count = FindHeaderRow(t, {"Location", "TimeFrame", "DataFormat", "Data"}, kScan) >= 0;
  g.first_record = FirstRecord(t);
  return g;
}

Result<SourceGuess> DetectSourceFile(const std::string& path, const std::string& sheet) {
  constexpr size_t kHead = 1u << 20;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open the file (does it exist?)");
  std::string text(kHead + 1, '\0');
  in.read(&text[0], static_cast<std::streamsize>(text.size()));
  if (in.bad()) return Status::IOError(path + ": cannot read the file");
  text.resize(static_cast<size_t>(in.gcount()));
  if (IsWorkbook(text)) {  // the archive is read whole (its head alone is not readable), its sheet only in part
    auto t = ReadWorkbookHead(path, sheet, 61);
    if (!t.ok()) return t.status();
    return DetectSource(*t);
  }
  if (text.size() > kHead) {  // cut at the last line end, so the last record is whole
    size_t nl = text.find_last_of('\n', kHead);
    text.resize(nl == std::string::npos ? kHead : nl + 1);
  }
  auto t = ParseCsv(text, detail::BaseName(path));
  if (!t.ok()) return t.status();
  return DetectSource(*t);
}

Result<SourceKind> ResolveSource(const SourceGuess& g, const std::string& file) {
  if (g.candidates.size() == 1) return g.candidates[0];
  if (g.candidates.empty()) {
    if (g.kids_count)
      return Status::InvalidArgument(file + ": this looks like a KIDS COUNT download (Location, TimeFrame, DataFormat, Data): import it with "
                                     "--source generic --profile and one of the KIDS COUNT profiles in docs/profiles/ (docs/indicators.md)");
    return Status::InvalidArgument(file + ": its layout is not one Canvass recognises (first record: " + g.first_record +
                                   "); name it with --source KIND (" + SourceKindList() + ") or map its columns with --source generic");
  }
  std::string list;
  for (size_t i = 0; i < g.candidates.size(); ++i)
    list += (i ? "; " : "") + std::string(SourceKindName(g.candidates[i])) + " (" + g.found[i] + ")";
  return Status::InvalidArgument(file + ": the header fits more than one layout: " + list + "; choose one with --source");
}

}  // namespace canvass::assessment
