// Generic importer: any CSV/TSV through a column mapping (id column, value column,
// indicator, period, level, missing codes), reusable as a saved profile JSON; long tables
// keyed by county name with a period column and row filters (KIDS COUNT) too.
#include <algorithm>
#include <iterator>
#include <thread>

#include "assessment/area_import.h"
#include "import_util.h"

namespace canvass::assessment {

using core::Result;
using core::Status;
using core::Value;

namespace {
constexpr const char* kProfileFormat = "canvass.indicator_profile";
bool ValidLevel(const std::string& l) {
  return l == "county" || l == "zip" || l == "tract" || l == "coc" || l == "state";
}
bool ByName(const GenericMapping& m) {
  return !m.name_column.empty() || !m.state.empty() || !m.state_column.empty() || !m.period_column.empty() || !m.filters.empty();
}
}  // namespace

Value GenericMapping::ToProfileJson() const {
  Value::Array missing, suppressed;
  for (const auto& m : missing_codes) missing.push_back(m);
  for (const auto& m : suppressed_codes) suppressed.push_back(m);
  const bool v2 = ByName(*this);
  Value::Object o{{"format", kProfileFormat}, {"version", v2 ? 2 : 1},       {"id_column", id_column},
                  {"value_column", value_column}, {"indicator", indicator}, {"period", period},
                  {"id_level", id_level},   {"unit", unit},       {"moe_column", moe_column},
                  {"missing", Value(std::move(missing))}, {"suppressed", Value(std::move(suppressed))}};
  if (v2) {
    Value::Object f;
    for (const auto& [col, val] : filters) f[col] = val;
    o["name_column"] = name_column;
    o["state"] = state;
    o["state_column"] = state_column;
    o["period_column"] = period_column;
    o["filters"] = Value(std::move(f));
  }
  return Value(std::move(o));
}

Result<GenericMapping> GenericMapping::FromProfileJson(const Value& v, const std::string& source) {
  if (!v.is_object()) return Status::InvalidArgument(source + ": a profile must be a JSON object");
  const Value* fmt = v.Find("format");
  const Value* ver = v.Find("version");
  if (!fmt || !fmt->is_string() || fmt->as_string() != kProfileFormat)
    return Status::InvalidArgument(source + ": \"format\" must be \"" + kProfileFormat + "\"");
  if (!ver || !ver->is_number() || (ver->as_number() != 1 && ver->as_number() != 2))
    return Status::Unsupported(source + ": profile version must be 1 or 2 (this Canvass reads both)");
  GenericMapping m;
  std::string err;
  if (!core::ReadStringField(v, "id_column", &m.id_column, &err, true) ||
      !core::ReadStringField(v, "value_column", &m.value_column, &err) ||
      !core::ReadStringField(v, "indicator", &m.indicator, &err) || !core::ReadStringField(v, "period", &m.period, &err, true) ||
      !core::ReadStringField(v, "id_level", &m.id_level, &err, true) || !core::ReadStringField(v, "unit", &m.unit, &err, true) ||
      !core::ReadStringField(v, "moe_column", &m.moe_column, &err, true) ||
      !core::ReadStringField(v, "name_column", &m.name_column, &err, true) || !core::ReadStringField(v, "state", &m.state, &err, true) ||
      !core::ReadStringField(v, "state_column", &m.state_column, &err, true) ||
      !core::ReadStringField(v, "period_column", &m.period_column, &err, true))
    return Status::InvalidArgument(source + ": " + err);
  if (m.id_level.empty()) m.id_level = "county";
  if (m.unit.empty()) m.unit = "count";
  for (const auto& [key, out] : {std::make_pair("missing", &m.missing_codes), std::make_pair("suppressed", &m.suppressed_codes)}) {
    const Value* a = v.Find(key);
    if (!a) continue;
    if (!a->is_array() || a->as_array().size() > 100) return Status::InvalidArgument(source + ": \"" + key + "\" must be a short array of strings");
    out->clear();
    for (const auto& s : a->as_array()) {
      if (!s.is_string() || s.as_string().size() > 64) return Status::InvalidArgument(source + ": \"" + key + "\" entries must be short strings");
      out->push_back(s.as_string());
    }
  }
  if (const Value* f = v.Find("filters")) {
    if (!f->is_object() || f->as_object().size() > 20) return Status::InvalidArgument(source + ": \"filters\" must be a small object of column: value");
    for (const auto& [col, val] : f->as_object()) {
      if (!val.is_string() || col.size() > 200 || val.as_string().size() > 200)
        return Status::InvalidArgument(source + ": \"filters\": the value for \"" + col.substr(0, 40) + "\" must be a short string");
      m.filters.emplace_back(col, val.as_string());
    }
  }
  if (m.id_column.empty() == m.name_column.empty())
    return Status::InvalidArgument(source + ": give exactly one of \"id_column\" (codes) and \"name_column\" (county names)");
  if (m.period.empty() && m.period_column.empty())
    return Status::InvalidArgument(source + ": give \"period\" or \"period_column\"");
  return m;
}

namespace detail {

namespace {

// Header columns of a mapping; every named column must exist.
struct GenericCols {
  int key = -1, value = -1, moe = -1, state = -1, period = -1;
  std::vector<std::pair<int, std::string>> filters;  // column, wanted value (lower case)
  int Max() const {
    int m = std::max({key, value, moe, state, period});
    for (const auto& f : filters) m = std::max(m, f.first);
    return m;
  }
};

Status CheckMapping(const Ctx& c, const GenericMapping& m) {
  if ((m.id_column.empty() && m.name_column.empty()) || m.value_column.empty() || m.indicator.empty() ||
      (m.period.empty() && m.period_column.empty()))
    return Status::InvalidArgument(c.file + ": the generic importer needs --id-column, --value-column, --indicator and --period (or a profile)");
  if (!ValidLevel(m.id_level)) return Status::InvalidArgument("--id-level \"" + m.id_level + "\" must be county, zip, tract, coc or state");
  if (!m.name_column.empty()) {
    if (m.id_level != "county") return Status::InvalidArgument(c.file + ": names are matched to counties only; the profile's id_level must be county");
    if (m.state.empty() && m.state_column.empty())
      return Status::InvalidArgument(c.file + ": county names need their state: give --state ST (or \"state_column\" in the profile)");
    if (!m.state.empty() && StateAbbr(m.state).empty()) return Status::InvalidArgument("--state \"" + m.state.substr(0, 30) + "\" is not a US state");
    if (!c.req->crosswalks.county_names || c.req->crosswalks.county_names->empty())
      return Status::InvalidArgument(c.file + ": " + kNeedCountyNames);
  }
  return Status::Ok();
}

core::Result<std::pair<size_t, GenericCols>> FindGenericCols(const Ctx& c, const GenericMapping& m) {
  const std::string& key = m.name_column.empty() ? m.id_column : m.name_column;
  std::vector<std::string> need = {key, m.value_column};
  for (const std::string* s : {&m.moe_column, &m.state_column, &m.period_column})
    if (!s->empty()) need.push_back(*s);
  for (const auto& f : m.filters) need.push_back(f.first);
  std::string hint = m.name_column.empty() ? "check --id-column and --value-column" : "check the profile's column names";
  CANVASS_ASSIGN_OR_RETURN(size_t hdr, c.FindHeader({key, m.value_column}, hint));
  for (const auto& n : need) CANVASS_RETURN_IF_ERROR(c.NeedCol(hdr, {n}).status());
  GenericCols k;
  k.key = c.Col(hdr, {key});
  k.value = c.Col(hdr, {m.value_column});
  k.moe = m.moe_column.empty() ? -1 : c.Col(hdr, {m.moe_column});
  k.state = m.state_column.empty() ? -1 : c.Col(hdr, {m.state_column});
  k.period = m.period_column.empty() ? -1 : c.Col(hdr, {m.period_column});
  for (const auto& f : m.filters) k.filters.emplace_back(c.Col(hdr, {f.first}), Lower(TrimCopy(f.second)));
  return std::make_pair(hdr, k);
}

// Reads the rows of one mapping into a result; one per thread (the large-file path runs two
// over the two halves; names and filters keep to one, as they count into the Ctx).
class GenericRows {
 public:
  GenericRows(Ctx& c, size_t hdr, const GenericCols& k)
      : c_(c), m_(c.req->options.generic), hdr_(hdr), k_(k), need_(k.Max()),
        names_(m_.name_column.empty() ? nullptr : c.req->crosswalks.county_names),
        width_(m_.id_level == "tract" ? 11 : m_.id_level == "state" ? 2 : 5) {}

  // Rows [from, to) into dst; false when dst holds more than the import may.
  bool Read(size_t from, size_t to, ImportResult* dst) {
    for (size_t r = from; r < to; ++r) {
      std::string short_row = c_.ShortRowReason(r, hdr_, need_);
      if (!short_row.empty()) {
        c_.SkipInto(dst, r, std::move(short_row));
        continue;
      }
      if (!Selected(r)) { ++filtered; continue; }
      std::string period = k_.period >= 0 ? TrimCopy(c_.Get(r, k_.period)) : m_.period;
      if (period.empty() || period.size() > 40) {
        c_.SkipInto(dst, r, c_.Where(r, hdr_, k_.period) + ": \"" + period.substr(0, 40) + "\" is not a period");
        continue;
      }
      std::string id = AreaOf(r, dst);
      if (id.empty()) continue;
      if (!AddValue(r, id, period, dst)) return false;
    }
    return true;
  }
  size_t filtered = 0;

 private:
  bool Selected(size_t r) const {
    for (const auto& [col, want] : k_.filters)
      if (Lower(TrimCopy(c_.Get(r, col))) != want) return false;
    return true;
  }
  static bool In(const std::vector<std::string>& codes, const std::string& s) {
    return std::find(codes.begin(), codes.end(), s) != codes.end();
  }
  // The area id of row r, or "" after a skip; names go through the county-name matcher.
  std::string AreaOf(size_t r, ImportResult* dst) {
    std::string raw = TrimCopy(c_.Get(r, k_.key));
    if (names_) {
      std::string st = k_.state >= 0 ? TrimCopy(c_.Get(r, k_.state)) : m_.state;
      bool ambiguous = false;
      auto f = names_->Match(st, raw, &ambiguous);
      if (!f) c_.SkipInto(dst, r, c_.Where(r, hdr_, k_.key) + ": county \"" + raw.substr(0, 40) + "\" not found in " + st.substr(0, 20) + " (" + names_->name + ")");
      else if (ambiguous) c_.ambiguous_names++;
      return f ? *f : "";
    }
    std::string id = m_.id_level != "coc" ? NormalizeGeoId(raw, m_.id_level) : Upper(raw);
    if (id.empty() || (m_.id_level != "coc" && (!AllDigits(id) || id.size() != width_))) {
      c_.SkipInto(dst, r, c_.Where(r, hdr_, k_.key) + ": \"" + id.substr(0, 30) + "\" is not a " + m_.id_level + " code");
      return "";
    }
    return id;
  }
  // The value cell as an observation (a code as its status); false when dst is full.
  bool AddValue(size_t r, const std::string& id, const std::string& period, ImportResult* dst) {
    std::string raw = TrimCopy(c_.Get(r, k_.value));
    double d = 0;
    const char* status = obs_status::kOk;
    bool number = false;
    if (In(m_.missing_codes, raw)) status = obs_status::kNotAvailable;
    else if (In(m_.suppressed_codes, raw)) status = obs_status::kSuppressed;
    else if (ParseNumber(raw, &d)) number = true;
    else {
      c_.SkipInto(dst, r, c_.Where(r, hdr_, k_.value) + ": \"" + raw.substr(0, 30) + "\" is not a number (add it to --missing if it is a code)");
      return true;
    }
    if (dst->observations.size() >= c_.req->max_observations) return false;
    Observation& o = dst->observations.emplace_back(c_.Make(m_.indicator, m_.id_level, id, period, m_.unit, r));
    o.status = status;
    if (number) o.value = d;
    if (k_.moe >= 0 && ParseNumber(c_.Get(r, k_.moe), &d)) o.moe = d;
    return true;
  }

  Ctx& c_;
  const GenericMapping& m_;
  const size_t hdr_;
  const GenericCols& k_;
  const int need_;
  const CountyNameIndex* names_;
  const size_t width_;
};

// Large files: the second half on another thread (rows are independent), then appended in
// order, so the result is the same as one pass. False when the import would hold too many.
bool ReadInHalves(Ctx& c, size_t hdr, const GenericCols& k, size_t first, size_t end) {
  const size_t mid = first + (end - first) / 2;
  ImportResult second;
  bool second_fits = true;
  second.observations.reserve(std::min(end - mid, c.req->max_observations));
  GenericRows a(c, hdr, k), b(c, hdr, k);
  std::thread t([&] { second_fits = b.Read(mid, end, &second); });
  bool fits = a.Read(first, mid, c.out);
  t.join();
  fits = fits && second_fits && c.out->observations.size() + second.observations.size() <= c.req->max_observations;
  if (!fits) return false;
  c.out->observations.insert(c.out->observations.end(), std::make_move_iterator(second.observations.begin()),
                             std::make_move_iterator(second.observations.end()));
  for (auto& s : second.skipped) {
    if (c.out->skipped.size() >= kMaxSkipped) break;
    c.out->skipped.push_back(std::move(s));
  }
  return true;
}

struct GenericPlan {
  size_t hdr = 0;
  GenericCols k;
  size_t filtered = 0;
};

Result<GenericPlan> StartGeneric(Ctx& c) {
  const GenericMapping& m = c.req->options.generic;
  CANVASS_RETURN_IF_ERROR(CheckMapping(c, m));
  CANVASS_ASSIGN_OR_RETURN(auto found, FindGenericCols(c, m));
  GenericPlan plan;
  plan.hdr = found.first;
  plan.k = found.second;
  return plan;
}

Status GenericRecords(Ctx& c, GenericPlan& p, size_t first, size_t end, bool two_threads) {
  c.out->source.records += end - first;
  c.out->observations.reserve(c.out->observations.size() + std::min(end - first, c.req->max_observations));
  GenericRows rows(c, p.hdr, p.k);
  const bool fits = two_threads ? ReadInHalves(c, p.hdr, p.k, first, end) : rows.Read(first, end, c.out);
  p.filtered += rows.filtered;
  if (!fits)
    return Status::InvalidArgument(c.file + ": more than " + std::to_string(c.req->max_observations) +
                                   " observations; choose fewer columns or split the file");
  return Status::Ok();
}

void FinishGeneric(Ctx& c, const GenericPlan& p) {
  const GenericMapping& m = c.req->options.generic;
  if (p.hdr > 0) c.out->notes.push_back("header found on line " + std::to_string(c.Line(p.hdr)) + " (earlier lines are preamble)");
  if (!p.k.filters.empty()) {
    std::string f;
    for (const auto& [col, val] : m.filters) f += (f.empty() ? "" : ", ") + col + " = " + val;
    c.out->notes.push_back(std::to_string(p.filtered) + " rows left out by the profile's filters (" + f + ")");
  }
  if (!m.name_column.empty()) {
    c.out->notes.push_back("county names matched to FIPS via " + c.req->crosswalks.county_names->name);
    if (c.ambiguous_names)
      c.out->notes.push_back(std::to_string(c.ambiguous_names) + " county name(s) without County/city fit both a county and an "
                             "independent city of that name; the county was taken");
  }
}

class Generic : public RecordStage {
 public:
  Result<size_t> Start(Ctx& c) override {
    CANVASS_ASSIGN_OR_RETURN(plan_, StartGeneric(c));
    return plan_.hdr;
  }
  Status Records(Ctx& c, size_t hdr, size_t first, size_t end) override {
    plan_.hdr = hdr;
    return GenericRecords(c, plan_, first, end, false);
  }
  Status Finish(Ctx& c, size_t hdr) override {
    plan_.hdr = hdr;
    FinishGeneric(c, plan_);
    return Status::Ok();
  }

 private:
  GenericPlan plan_;
};

}  // namespace

std::unique_ptr<RecordStage> GenericStage() { return std::make_unique<Generic>(); }

Status ImportGeneric(Ctx& c) {
  CANVASS_ASSIGN_OR_RETURN(GenericPlan plan, StartGeneric(c));
  const GenericMapping& m = c.req->options.generic;
  const size_t first = plan.hdr + 1, end = c.table.rows.size();
  const bool one_pass = end - first < 100000 || !m.name_column.empty() || !plan.k.filters.empty();
  CANVASS_RETURN_IF_ERROR(GenericRecords(c, plan, first, end, !one_pass));
  FinishGeneric(c, plan);
  return Status::Ok();
}

}  // namespace detail
}  // namespace canvass::assessment
