// Assessment outputs: the self-contained HTML report (inline CSS and SVG, no network), the
// scores CSV, the JSON export, and the comparison of two runs. All read an AssessmentResult,
// which is de-identified by construction (scoring.h), and add nothing from elsewhere.
#pragma once

#include <string>
#include <vector>

#include "assessment/area.h"
#include "assessment/scoring.h"
#include "core/html.h"
#include "core/status.h"
#include "core/value.h"

namespace canvass::assessment {

struct ReportMeta {
  std::string run_id, created_at;      // "run-0003", ISO time
  std::string boundaries_geojson;      // county polygons (GeoJSON, GEO_ID or id = FIPS); "" = no map
  std::string boundaries_name;         // where they come from, cited in the report
  size_t area_pages = 25;              // per-area pages: this many top areas, plus every gap area
  bool draft = false;                  // --not-for-release: a banner says not to share it
};

std::string RenderHtmlReport(const AssessmentResult& r, const ReportMeta& meta);
// One row per area: rank, interval, composite, coverage, factor scores, concern, tips, gap.
std::string RenderScoresCsv(const AssessmentResult& r);
// The task-force caseload: table,group,dimension,row,label,count (totals first, then every
// table's rows and its total); withheld counts as "withheld", rows of a withheld total left out.
std::string RenderCaseloadCsv(const AssessmentResult& r);
// The run as compact JSON text ({"format":"canvass.assessment_run","version":2,...}; see
// docs/formats.md): what SaveRun keeps and a later --compare reads. Holds only what the
// report shows; a suppressed count only as its shown text. Written directly, in canonical
// form (sorted keys: equal to ParseJson(text)->ToJson()).
std::string RunJson(const AssessmentResult& r, const ReportMeta& meta);
// RunJson parsed, for callers that walk it.
core::Value ResultToJson(const AssessmentResult& r, const ReportMeta& meta);

// The run's areas as a GeoJSON FeatureCollection for GIS (QGIS): each area with a polygon in
// meta.boundaries_geojson (the map's boundaries), its geometry copied, and properties as in the
// scores CSV; counts as the report shows them (null with their text when withheld). Areas with
// no polygon (custom places, another level) are listed in the summary, not drawn.
struct GeoJsonSummary {
  size_t features = 0;
  std::vector<std::string> without_polygon;
};
core::Result<std::string> RenderGeoJson(const AssessmentResult& r, const ReportMeta& meta, GeoJsonSummary* summary);

// What moved between an earlier run and this one, and why: rank changes with the factors
// whose scores changed most, sources added or removed, weights changed. Text lines. Reads
// runs of version 1 (earlier builds) and 2, in either position.
std::vector<std::string> CompareRuns(const core::Value& before, const core::Value& after, size_t max_areas = 15);

// SVG pieces (svg_charts.cpp), exposed for tests and view-models.
struct BarRow {
  std::string label, text, href;
  double value = 0;                  // 0-100
  double lo = -1, hi = -1;           // optional interval (same scale); -1 = none
};
std::string SvgBars(const std::vector<BarRow>& rows, const std::string& title);
// GeoJsonFeatureId: assessment/area.h.
// Choropleth of `values` (area id -> 0-100, absent = no data) over GeoJSON polygons.
std::string SvgChoropleth(const core::Value& geojson, const std::map<std::string, double>& values,
                          const std::map<std::string, std::string>& titles, int* drawn);
using core::HtmlEscape;  // core/html.h

}  // namespace canvass::assessment
