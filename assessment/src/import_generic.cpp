// Generic importer: any CSV/TSV through a column mapping (id column, value column,
// indicator, period, level, missing codes), reusable as a saved profile JSON.
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
}  // namespace

Value GenericMapping::ToProfileJson() const {
  Value::Array missing, suppressed;
  for (const auto& m : missing_codes) missing.push_back(m);
  for (const auto& m : suppressed_codes) suppressed.push_back(m);
  Value::Object o{{"format", kProfileFormat}, {"version", 1},       {"id_column", id_column},
                  {"value_column", value_column}, {"indicator", indicator}, {"period", period},
                  {"id_level", id_level},   {"unit", unit},       {"moe_column", moe_column},
                  {"missing", Value(std::move(missing))}, {"suppressed", Value(std::move(suppressed))}};
  return Value(std::move(o));
}

Result<GenericMapping> GenericMapping::FromProfileJson(const Value& v, const std::string& source) {
  if (!v.is_object()) return Status::InvalidArgument(source + ": a profile must be a JSON object");
  const Value* fmt = v.Find("format");
  const Value* ver = v.Find("version");
  if (!fmt || !fmt->is_string() || fmt->as_string() != kProfileFormat)
    return Status::InvalidArgument(source + ": \"format\" must be \"" + kProfileFormat + "\"");
  if (!ver || !ver->is_number() || ver->as_number() != 1)
    return Status::Unsupported(source + ": profile version must be 1");
  GenericMapping m;
  std::string err;
  if (!core::ReadStringField(v, "id_column", &m.id_column, &err) ||
      !core::ReadStringField(v, "value_column", &m.value_column, &err) ||
      !core::ReadStringField(v, "indicator", &m.indicator, &err) || !core::ReadStringField(v, "period", &m.period, &err) ||
      !core::ReadStringField(v, "id_level", &m.id_level, &err, true) || !core::ReadStringField(v, "unit", &m.unit, &err, true) ||
      !core::ReadStringField(v, "moe_column", &m.moe_column, &err, true))
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
  return m;
}

namespace detail {

Status ImportGeneric(Ctx& c) {
  const GenericMapping& m = c.req->options.generic;
  if (m.id_column.empty() || m.value_column.empty() || m.indicator.empty() || m.period.empty())
    return Status::InvalidArgument(c.file + ": the generic importer needs --id-column, --value-column, --indicator and --period (or a profile)");
  if (!ValidLevel(m.id_level)) return Status::InvalidArgument("--id-level \"" + m.id_level + "\" must be county, zip, tract, coc or state");
  CANVASS_ASSIGN_OR_RETURN(size_t hdr, c.FindHeader({m.id_column, m.value_column}, "check --id-column and --value-column"));
  int id_col = c.Col(hdr, {m.id_column}), val_col = c.Col(hdr, {m.value_column});
  int moe_col = m.moe_column.empty() ? -1 : c.Col(hdr, {m.moe_column});
  if (!m.moe_column.empty() && moe_col < 0) return c.NeedCol(hdr, {m.moe_column}).status();
  auto in = [](const std::vector<std::string>& codes, const std::string& s) {
    return std::find(codes.begin(), codes.end(), s) != codes.end();
  };
  size_t width = m.id_level == "tract" ? 11 : m.id_level == "state" ? 2 : 5;
  const int need = std::max({id_col, val_col, moe_col});
  // Rows [from, to) into dst; false when dst holds more than the import may.
  auto rows = [&](size_t from, size_t to, ImportResult* dst) {
    for (size_t r = from; r < to; ++r) {
      std::string short_row = c.ShortRowReason(r, hdr, need);
      if (!short_row.empty()) {
        c.SkipInto(dst, r, std::move(short_row));
        continue;
      }
      std::string id = TrimCopy(c.Get(r, id_col));
      if (m.id_level != "coc") id = NormalizeGeoId(id, m.id_level);
      else id = Upper(id);
      if (id.empty() || (m.id_level != "coc" && (!AllDigits(id) || id.size() != width))) {
        c.SkipInto(dst, r, c.Where(r, hdr, id_col) + ": \"" + id.substr(0, 30) + "\" is not a " + m.id_level + " code");
        continue;
      }
      std::string raw = TrimCopy(c.Get(r, val_col));
      double d = 0;
      const char* status = obs_status::kOk;
      bool number = false;
      if (in(m.missing_codes, raw)) status = obs_status::kNotAvailable;
      else if (in(m.suppressed_codes, raw)) status = obs_status::kSuppressed;
      else if (ParseNumber(raw, &d)) number = true;
      else {
        c.SkipInto(dst, r, c.Where(r, hdr, val_col) + ": \"" + raw.substr(0, 30) + "\" is not a number (add it to --missing if it is a code)");
        continue;
      }
      if (dst->observations.size() >= c.req->max_observations) return false;
      Observation& o = dst->observations.emplace_back(c.Make(m.indicator, m.id_level, id, m.period, m.unit, r));
      o.status = status;
      if (number) o.value = d;
      if (moe_col >= 0 && ParseNumber(c.Get(r, moe_col), &d)) o.moe = d;
    }
    return true;
  };
  const size_t first = hdr + 1, end = c.table.rows.size();
  c.out->source.records += end - first;
  c.out->observations.reserve(std::min(end - first, c.req->max_observations));
  bool fits = true;
  if (end - first < 100000) {
    fits = rows(first, end, c.out);
  } else {
    // Large files: the second half on another thread (rows are independent), then appended
    // in order, so the result is the same as one pass.
    const size_t mid = first + (end - first) / 2;
    ImportResult second;
    bool second_fits = true;
    second.observations.reserve(std::min(end - mid, c.req->max_observations));
    std::thread t([&] { second_fits = rows(mid, end, &second); });
    fits = rows(first, mid, c.out);
    t.join();
    fits = fits && second_fits && c.out->observations.size() + second.observations.size() <= c.req->max_observations;
    if (fits) {
      c.out->observations.insert(c.out->observations.end(), std::make_move_iterator(second.observations.begin()),
                                 std::make_move_iterator(second.observations.end()));
      for (auto& k : second.skipped) {
        if (c.out->skipped.size() >= kMaxSkipped) break;
        c.out->skipped.push_back(std::move(k));
      }
    }
  }
  if (!fits)
    return Status::InvalidArgument(c.file + ": more than " + std::to_string(c.req->max_observations) +
                                   " observations; choose fewer columns or split the file");
  if (hdr > 0) c.out->notes.push_back("header found on line " + std::to_string(c.Line(hdr)) + " (earlier lines are preamble)");
  return Status::Ok();
}

}  // namespace detail
}  // namespace canvass::assessment
