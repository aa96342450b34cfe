// Shared helpers for the indicator importers: numbers, Census symbols, dates, headers.
#include "import_util.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace canvass::assessment::detail {

using core::Result;
using core::Status;

std::string Lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}
std::string Upper(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}
std::string TrimCopy(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}
std::string BaseName(const std::string& path) {
  size_t p = path.find_last_of("/\\");
  return p == std::string::npos ? path : path.substr(p + 1);
}
bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char ch : s)
    if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
  return true;
}
std::string PadLeft(const std::string& s, size_t width) {
  if (!AllDigits(s) || s.size() >= width) return s;
  return std::string(width - s.size(), '0') + s;
}
std::string FindYear(const std::string& text) {
  for (size_t i = 0; i + 4 <= text.size(); ++i) {
    bool digits = AllDigits(text.substr(i, 4));
    bool left = i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1]));
    bool right = i + 4 == text.size() || !std::isdigit(static_cast<unsigned char>(text[i + 4]));
    if (digits && left && right && (text[i] == '1' || text[i] == '2')) return text.substr(i, 4);
  }
  return "";
}
std::string IdFragment(const std::string& s) {
  std::string out;
  for (char ch : Lower(s)) out.push_back(std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_');
  return out;
}

namespace {
// Exact fast path for plain decimals ("123", "-4.5", ".25"): at most 15 digits, so the
// significand and the power of ten are exact doubles and one division is correctly rounded,
// the same double strtod returns (Clinger's fast path). Anything else goes to strtod.
bool ParsePlainDecimal(const std::string& s, double* out) {
  static const double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  size_t i = 0;
  bool neg = false, dot = false;
  if (!s.empty() && s[0] == '-') { neg = true; ++i; }
  unsigned long long m = 0;
  int digits = 0, decimals = 0;
  for (; i < s.size(); ++i) {
    char ch = s[i];
    if (ch >= '0' && ch <= '9') {
      if (++digits > 15) return false;
      m = m * 10 + static_cast<unsigned>(ch - '0');
      decimals += dot ? 1 : 0;
    } else if (ch == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  if (digits == 0) return false;
  double d = static_cast<double>(m) / kPow10[decimals];
  *out = neg ? -d : d;
  return true;
}
}  // namespace

bool ParseNumber(const std::string& raw, double* out) {
  if (ParsePlainDecimal(raw, out)) return true;
  std::string s;
  s.reserve(raw.size());
  for (char ch : raw)
    if (ch != ',' && ch != ' ' && ch != '\t' && ch != '$') s.push_back(ch);
  if (!s.empty() && s.back() == '%') s.pop_back();
  if (!s.empty() && s[0] == '+') s.erase(0, 1);
  if (s.empty() || s.size() > 64) return false;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !std::isfinite(d)) return false;
  if (s.find_first_of("xXnN") != std::string::npos) return false;  // hex, nan, inf
  *out = d;
  return true;
}

Cell ParseCensusCell(const std::string& raw) {
  std::string s = TrimCopy(raw);
  Cell c;
  if (s.empty() || s == "null") { c.status = obs_status::kNotAvailable; return c; }
  if (s == "(X)") { c.status = obs_status::kNotApplicable; return c; }
  if (s == "-" || s == "**" || s == "***") { c.status = obs_status::kNotAvailable; return c; }
  if (s == "N") { c.status = obs_status::kSuppressed; return c; }
  if (s == "*****") { c.value = 0; c.status = obs_status::kControlled; return c; }
  double d;
  if (s.size() > 1 && (s.back() == '+' || s.back() == '-') && ParseNumber(s.substr(0, s.size() - 1), &d)) {
    c.value = d;
    c.status = s.back() == '+' ? obs_status::kTopCoded : obs_status::kBottomCoded;
    return c;
  }
  if (!ParseNumber(s, &d)) { c.status = ""; return c; }
  // Census API sentinels (SOURCES.md §3).
  if (d == -666666666 || d == -999999999 || d == -222222222 || d == -333333333) {
    c.status = d == -999999999 ? obs_status::kSuppressed : obs_status::kNotAvailable;
    return c;
  }
  if (d == -888888888) { c.status = obs_status::kNotApplicable; return c; }
  if (d == -555555555) { c.value = 0; c.status = obs_status::kControlled; return c; }
  c.value = d;
  return c;
}

Cell ParsePlainCell(const std::string& raw) {
  std::string s = TrimCopy(raw);
  Cell c;
  double d;
  if (ParseNumber(s, &d)) {  // first: no code below is a number ("na", "null" have an n)
    c.value = d;
    return c;
  }
  std::string l = Lower(s);
  if (s.empty() || l == "null" || l == "na" || l == "n/a") { c.status = obs_status::kNotAvailable; return c; }
  c.status = "";
  return c;
}

bool ExcelSerialToDate(double serial, int* y, int* m, int* d) {
  if (!(serial >= 1 && serial < 2958466)) return false;  // 1900-01-01 .. 9999-12-31
  long days = static_cast<long>(std::floor(serial)) - 25569;  // days since 1970-01-01
  // Civil-from-days (H. Hinnant).
  days += 719468;
  long era = (days >= 0 ? days : days - 146096) / 146097;
  long doe = days - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2 ? 1 : 0));
  return true;
}

bool ParseDate(const std::string& raw, int* y, int* m, int* d) {
  std::string s = TrimCopy(raw);
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-' && AllDigits(s.substr(0, 4))) {
    *y = std::atoi(s.substr(0, 4).c_str());
    *m = std::atoi(s.substr(5, 2).c_str());
    *d = std::atoi(s.substr(8, 2).c_str());
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
  }
  size_t a = s.find('/'), b = a == std::string::npos ? a : s.find('/', a + 1);
  if (b != std::string::npos) {
    std::string ys = s.substr(b + 1, s.find(' ', b) == std::string::npos ? std::string::npos : s.find(' ', b) - b - 1);
    if (!AllDigits(s.substr(0, a)) || !AllDigits(s.substr(a + 1, b - a - 1)) || !AllDigits(ys)) return false;
    *m = std::atoi(s.substr(0, a).c_str());
    *d = std::atoi(s.substr(a + 1, b - a - 1).c_str());
    *y = std::atoi(ys.c_str());
    if (ys.size() == 2) *y += *y < 70 ? 2000 : 1900;
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
  }
  double serial;
  return ParseNumber(s, &serial) && ExcelSerialToDate(serial, y, m, d);
}

int FiscalYear(int y, int m) { return m >= 10 ? y + 1 : y; }

// ---- Ctx -------------------------------------------------------------------

Result<size_t> Ctx::FindHeader(const std::vector<std::string>& names, const std::string& hint) const {
  int r = FindHeaderRow(table, names, 60);
  if (r >= 0) return static_cast<size_t>(r);
  std::string want, have;
  for (const auto& n : names) want += (want.empty() ? "" : ", ") + n;
  if (!table.rows.empty())
    for (const auto& h : table.rows[0]) {
      if (have.size() > 200) { have += ", ..."; break; }
      have += (have.empty() ? "" : ", ") + h.substr(0, 40);
    }
  return Status::InvalidArgument(file + ":1: no header row with columns " + want + " in the first 60 records (first record: " +
                                 (have.empty() ? "(empty file)" : have) + "); " + hint);
}

int Ctx::Col(size_t hdr, const std::vector<std::string>& names) const {
  for (const auto& n : names) {
    int ci = ColumnIndex(table.rows[hdr], n);
    if (ci >= 0) return ci;
  }
  return -1;
}

Result<int> Ctx::NeedCol(size_t hdr, const std::vector<std::string>& names) const {
  int ci = Col(hdr, names);
  if (ci >= 0) return ci;
  std::string want;
  for (const auto& n : names) want += (want.empty() ? "" : " or ") + n;
  return Status::InvalidArgument(file + ":" + std::to_string(Line(hdr)) + ": no column " + want +
                                 " in the header row; is this the right --source kind?");
}

std::string Ctx::Where(size_t record, size_t hdr, int col) const {
  std::string name = col >= 0 && static_cast<size_t>(col) < table.rows[hdr].size() ? table.rows[hdr][col] : "?";
  return file + ":" + std::to_string(Line(record)) + ": column " + name + " (col " + std::to_string(col + 1) + ")";
}

const std::string& Ctx::Get(size_t record, int col) const {
  static const std::string kEmpty;
  const auto& row = table.rows[record];
  return col >= 0 && static_cast<size_t>(col) < row.size() ? row[col] : kEmpty;
}

std::string Ctx::ShortRowReason(size_t record, size_t hdr, int max_col) const {
  const auto& row = table.rows[record];
  if (max_col < 0 || static_cast<size_t>(max_col) < row.size()) return "";
  return file + ":" + std::to_string(Line(record)) + ": row has " + std::to_string(row.size()) + " fields but column " +
         table.rows[hdr][max_col] + " is field " + std::to_string(max_col + 1) + " (truncated row?)";
}

bool Ctx::SkipIfShort(size_t record, size_t hdr, int max_col) {
  std::string reason = ShortRowReason(record, hdr, max_col);
  if (reason.empty()) return false;
  Skip(record, std::move(reason));
  return true;
}

void Ctx::SkipInto(ImportResult* dst, size_t record, std::string reason) const {
  if (dst->skipped.size() < kMaxSkipped) dst->skipped.push_back({Line(record), std::move(reason)});
}

Status Ctx::Add(Observation&& o) {
  if (out->observations.size() >= req->max_observations)
    return Status::InvalidArgument(file + ": more than " + std::to_string(req->max_observations) +
                                   " observations; choose fewer columns or split the file");
  out->observations.push_back(std::move(o));
  return Status::Ok();
}

void Ctx::NoteAmbiguousName(const std::string& name) {
  if (ambiguous_names++ < 3) ambiguous_examples.push_back("\"" + name.substr(0, 60) + "\"");
}

void Ctx::FlushAmbiguousNames() {
  if (!ambiguous_names) return;
  std::string ex;
  for (const auto& e : ambiguous_examples) ex += (ex.empty() ? "" : ", ") + e;
  out->notes.push_back(std::to_string(ambiguous_names) + " county name(s) without County/city fit both a county and an " +
                       "independent city of that name; the county was taken (e.g. " + ex + ")");
}

Observation Ctx::Make(const std::string& id, const std::string& level, const std::string& geo, const std::string& period,
                      const std::string& unit, size_t record) const {
  Observation o;
  o.indicator_id = id;
  o.geo_level = level;
  o.geo_id = geo;
  o.period = period;
  o.unit = unit;
  o.source_kind = SourceKindName(kind);
  o.source_file = out->source.file_name;
  o.source_row = record == static_cast<size_t>(-1) ? 0 : Line(record);
  return o;
}

}  // namespace canvass::assessment::detail
