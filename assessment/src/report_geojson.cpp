// The scores on the map, as GeoJSON for QGIS: one feature per area of the run that has a
// polygon in the boundaries the report's map uses, with the scores CSV's fields (rank and
// interval, composite, coverage, factor scores, drivers) and the project counts exactly as
// the report shows them (a withheld count is null with its text "withheld"; never a raw count).
#include <cmath>
#include <cstdlib>
#include <set>

#include "assessment/report.h"

namespace canvass::assessment {

using core::Value;

namespace {

Value Rounded(const std::optional<double>& v, int decimals) {
  if (!v) return Value();
  const double scale = std::pow(10.0, decimals);
  return Value(std::round(*v * scale) / scale);
}

// A published count: its number when shown, null when withheld or unknown; and its text.
void PutCount(Value::Object* p, const std::string& name, const Count& c, bool applies) {
  if (!applies) {
    (*p)[name] = Value();
    (*p)[name + "_text"] = Value("");
    return;
  }
  // The number is read back from the shown text (an apportioned estimate is shown with one
  // decimal), so the file holds exactly what the report prints.
  Value number;
  if (c.value && !c.suppressed) {
    std::string digits;
    for (char ch : c.text) if (ch != ',') digits += ch;
    char* end = nullptr;
    const double x = std::strtod(digits.c_str(), &end);
    if (!digits.empty() && end && *end == '\0') number = Value(x);
  }
  (*p)[name] = number;
  (*p)[name + "_text"] = Value(c.text);
}

Value Properties(const AssessmentResult& r, const AreaResult& a, bool in_gaps) {
  Value::Object p;
  p["area_id"] = Value(a.id);
  p["area_name"] = Value(a.name);
  p["rank"] = a.rank ? Value(static_cast<int64_t>(a.rank)) : Value();
  p["rank_low"] = a.rank ? Value(static_cast<int64_t>(a.rank_lo)) : Value();
  p["rank_high"] = a.rank ? Value(static_cast<int64_t>(a.rank_hi)) : Value();
  p["composite"] = Rounded(a.composite, 2);
  p["risk_percentile"] = Rounded(a.risk_index, 0);
  p["coverage_pct"] = Value(std::round(a.coverage * 100));
  for (size_t i = 0; i < a.factors.size() && i < r.profile.factors.size(); ++i)
    p["factor_" + r.profile.factors[i].id] = Rounded(a.factors[i].score, 1);
  std::string drivers;
  for (int f : a.drivers) drivers += (drivers.empty() ? "" : ";") + r.profile.factors[static_cast<size_t>(f)].id;
  p["drivers"] = Value(drivers);
  PutCount(&p, "stakeholders_concerned", a.concern, true);
  p["taskforce_covered"] = Value(a.taskforce_covered);
  PutCount(&p, "tips", a.tips, a.taskforce_covered);
  PutCount(&p, "victims_served", a.victims_served, a.taskforce_covered);
  p["in_gap_analysis"] = Value(in_gaps);
  return Value(std::move(p));
}

}  // namespace

core::Result<std::string> RenderGeoJson(const AssessmentResult& r, const ReportMeta& meta, GeoJsonSummary* summary) {
  if (meta.boundaries_geojson.empty())
    return core::Status::InvalidArgument("no boundaries to draw the areas on: store them with `areas boundaries` or pass --boundaries");
  CANVASS_ASSIGN_OR_RETURN(Value geo, core::ParseJson(meta.boundaries_geojson, meta.boundaries_name));
  const Value* features = geo.Find("features");
  if (!features || !features->is_array())
    return core::Status::InvalidArgument(meta.boundaries_name + ": not a GeoJSON FeatureCollection (no \"features\" list)");
  std::map<std::string, const Value*> geometry;
  for (const Value& f : features->as_array()) {
    const Value* g = f.Find("geometry");
    const std::string id = GeoJsonFeatureId(f);
    if (g && g->is_object() && !id.empty() && !geometry.count(id)) geometry[id] = g;
  }
  std::set<std::string> gaps;
  for (const auto& g : r.gaps) gaps.insert(g.area_id);
  Value::Array out;
  GeoJsonSummary s;
  for (const auto& a : r.areas) {
    auto it = geometry.find(a.id);
    if (it == geometry.end()) {
      s.without_polygon.push_back(a.id);
      continue;
    }
    out.push_back(Value(Value::Object{{"type", Value("Feature")}, {"id", Value(a.id)}, {"properties", Properties(r, a, gaps.count(a.id) > 0)},
                                      {"geometry", *it->second}}));
    ++s.features;
  }
  Value::Object about{{"run_id", Value(meta.run_id)},
                      {"created_at", Value(meta.created_at)},
                      {"boundaries", Value(meta.boundaries_name)},
                      {"suppression_threshold", Value(static_cast<int64_t>(r.options.suppression_threshold))},
                      {"draft", Value(meta.draft)},
                      {"note", Value(meta.draft ? "DRAFT, not for release: do not share"
                                                : "Published like the report: counts from 1 to threshold-1 (and some larger ones) "
                                                  "are withheld (null, with the text \"withheld\")")}};
  Value doc(Value::Object{{"type", Value("FeatureCollection")}, {"canvass", Value(std::move(about))}, {"features", Value(std::move(out))}});
  if (summary) *summary = std::move(s);
  return doc.ToJson() + "\n";
}

}  // namespace canvass::assessment
