// LAUS importer: BLS county annual averages (laucntyYY) as published: a title and blank line
// before a header wrapped over three lines, "26,789     " cells, a source/date footer.
#include <algorithm>

#include "import_util.h"

namespace canvass::assessment::detail {

using core::Status;

namespace {

size_t NonEmpty(const std::vector<std::string>& row) {
  size_t n = 0;
  for (const auto& f : row) n += TrimCopy(f).empty() ? 0 : 1;
  return n;
}

// Joins the header pieces of rows [from, to] per column: "Unemploy-" + "ment Rate" glue.
std::vector<std::string> JoinHeader(const CsvTable& t, size_t from, size_t to) {
  std::vector<std::string> out;
  for (size_t r = from; r <= to; ++r)
    for (size_t i = 0; i < t.rows[r].size(); ++i) {
      std::string piece = TrimCopy(t.rows[r][i]);
      if (piece.empty()) continue;
      if (out.size() <= i) out.resize(i + 1);
      std::string& s = out[i];
      if (!s.empty() && s.back() == '-') s.pop_back();
      else if (!s.empty()) s += ' ';
      s += piece;
    }
  return out;
}

int Find(const std::vector<std::string>& joined, std::initializer_list<const char*> words, bool exact = false) {
  for (size_t i = 0; i < joined.size(); ++i) {
    std::string l = Lower(joined[i]);
    bool all = true;
    for (const char* w : words) all = all && (exact ? l == w : l.find(w) != std::string::npos);
    if (all) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

int FindLausHeader(const CsvTable& t, std::vector<std::string>* joined) {
  for (size_t r = 0; r < t.rows.size() && r < 60; ++r) {
    if (NonEmpty(t.rows[r]) < 2) continue;
    size_t from = r;
    while (from > 0 && r - from < 2 && NonEmpty(t.rows[from - 1]) >= 2) --from;
    std::vector<std::string> j = JoinHeader(t, from, r);
    if (Find(j, {"state", "fips"}) >= 0 && Find(j, {"county", "fips"}) >= 0 && Find(j, {"labor force"}) >= 0 &&
        Find(j, {"unemployed"}, true) >= 0) {
      if (joined) *joined = std::move(j);
      return static_cast<int>(r);
    }
  }
  return -1;
}

namespace {

struct LausMeasure {
  int col;
  const char* id;
  const char* unit;
};

// The columns of the joined header, and messages that name a column whole ("Labor Force").
struct LausCols {
  std::vector<std::string> h;
  int st = -1, co = -1, year = -1, max_col = -1;
  std::vector<LausMeasure> ms;
  std::string Where(const Ctx& c, size_t r, int col) const {
    return c.file + ":" + std::to_string(c.Line(r)) + ": column " + (col >= 0 && static_cast<size_t>(col) < h.size() ? h[col] : "?") +
           " (col " + std::to_string(col + 1) + ")";
  }
};

// One county row: its four values, or a skip saying why.
Status ReadLausRow(Ctx& c, size_t r, const LausCols& k, const std::string& fixed) {
  if (c.table.rows[r].size() <= static_cast<size_t>(k.max_col)) {
    c.Skip(r, k.Where(c, r, k.max_col) + ": the row has only " + std::to_string(c.table.rows[r].size()) + " fields (truncated row?)");
    return Status::Ok();
  }
  std::string s = TrimCopy(c.Get(r, k.st)), co = TrimCopy(c.Get(r, k.co));
  if (!AllDigits(s) || !AllDigits(co) || s.size() > 2 || co.size() > 3) {
    c.Skip(r, c.file + ":" + std::to_string(c.Line(r)) + ": state/county FIPS \"" + s.substr(0, 12) + "\"/\"" + co.substr(0, 12) +
                  "\" are not codes");
    return Status::Ok();
  }
  std::string period = fixed.empty() ? TrimCopy(c.Get(r, k.year)) : fixed;
  if (period.size() != 4 || !AllDigits(period)) {
    c.Skip(r, k.Where(c, r, k.year) + ": year \"" + period.substr(0, 12) + "\" is not a year");
    return Status::Ok();
  }
  const std::string geo = PadLeft(s, 2) + PadLeft(co, 3);
  for (const auto& m : k.ms) {
    if (m.col < 0) continue;
    Cell cell = ParsePlainCell(c.Get(r, m.col));
    if (cell.status.empty()) {
      c.Skip(r, k.Where(c, r, m.col) + ": \"" + TrimCopy(c.Get(r, m.col)).substr(0, 20) + "\" is not a number; left out");
      continue;
    }
    Observation o = c.Make(m.id, "county", geo, period, m.unit, r);
    o.value = cell.value;
    o.status = cell.status;
    CANVASS_RETURN_IF_ERROR(c.Add(std::move(o)));
  }
  return Status::Ok();
}

}  // namespace

Status ImportLaus(Ctx& c) {
  LausCols k;
  int found = FindLausHeader(c.table, &k.h);
  if (found < 0)
    return Status::InvalidArgument(c.file + ":1: no LAUS header (State FIPS Code, County FIPS Code, Labor Force, Employed, "
                                   "Unemployed, Unemployment Rate) in the first 60 records; expected the BLS county annual "
                                   "averages file laucntyYY saved as CSV");
  const size_t hdr = static_cast<size_t>(found);
  k.st = Find(k.h, {"state", "fips"});
  k.co = Find(k.h, {"county", "fips"});
  k.year = Find(k.h, {"year"}, true);
  k.ms = {{Find(k.h, {"labor force"}), "laus.labor_force", "persons"},
          {Find(k.h, {"employed"}, true), "laus.employed", "persons"},
          {Find(k.h, {"unemployed"}, true), "laus.unemployed", "persons"},
          {Find(k.h, {"rate"}), "laus.unemployment_rate_pct", "percent"}};
  const std::string fixed = c.req->options.period;
  if (k.year < 0 && fixed.empty())
    return Status::InvalidArgument(c.file + ":" + std::to_string(c.Line(hdr)) + ": no Year column (a monthly LAUS file?); "
                                   "this reader takes the county annual averages laucntyYY, or pass --period");
  k.max_col = std::max({k.st, k.co, k.year});
  for (const auto& m : k.ms) k.max_col = std::max(k.max_col, m.col);
  // Rows after the last county row are the footer (blank, "SOURCE:  BLS, LAUS", release date).
  size_t last = hdr;
  for (size_t r = hdr + 1; r < c.table.rows.size(); ++r)
    if (AllDigits(TrimCopy(c.Get(r, k.st)))) last = r;
  for (size_t r = hdr + 1; r <= last; ++r) {
    if (NonEmpty(c.table.rows[r]) == 0) continue;  // the spacer line under the header
    ++c.out->source.records;
    CANVASS_RETURN_IF_ERROR(ReadLausRow(c, r, k, fixed));
  }
  size_t footer = c.table.rows.size() - 1 - last;
  c.out->notes.push_back("header ends on line " + std::to_string(c.Line(hdr)) + " (its words wrapped over the lines above); " +
                         std::to_string(footer) + " lines after the last county (source and release date) are not data");
  return Status::Ok();
}

}  // namespace canvass::assessment::detail
