// Assessment verbs: indicators list (import: cmd_indicators_import.cpp), areas add, settings set|show, assess (report,
// CSV, JSON, --compare), assess list, assess profile, export dataset.
#include <cstdio>
#include <sstream>

#include "app/demo.h"
#include "assessment/dataset_export.h"
#include "assessment/indicator_import.h"
#include "assessment/report.h"
#include "commands.h"
#include "core/file_util.h"
#include "storage/indicator_store.h"

namespace canvass::cli {

using core::Value;
namespace as = assessment;

namespace {

int IndicatorsList(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  storage::IndicatorStore store(ws->get());
  auto sources = store.ListSources();
  if (!sources.ok()) return Fail(sources.status());
  auto inds = store.ListIndicators();
  if (!inds.ok()) return Fail(inds.status());
  if (a.Has("json")) {
    Value::Array s, i;
    for (const auto& x : *sources)
      s.push_back(Value(Value::Object{{"kind", x.kind}, {"file", x.file_name}, {"sha256", x.sha256}, {"periods", x.periods},
                                      {"imported_at", x.imported_at}, {"values", Value(x.observations)}}));
    for (const auto& x : *inds)
      i.push_back(Value(Value::Object{{"id", x.indicator_id}, {"unit", x.unit}, {"source", x.source_kind}, {"periods", x.periods},
                                      {"values", Value(x.values)}, {"missing", Value(x.missing)}, {"areas", Value(x.areas)}}));
    PrintJson(Value(Value::Object{{"sources", Value(std::move(s))}, {"indicators", Value(std::move(i))}}));
    return kExitOk;
  }
  std::printf("%-10s %-44s %-14s %8s  %s\n", "SOURCE", "FILE", "PERIODS", "VALUES", "SHA-256");
  for (const auto& x : *sources)
    std::printf("%-10s %-44s %-14s %8lld  %s\n", x.kind.c_str(), x.file_name.c_str(), x.periods.c_str(),
                static_cast<long long>(x.observations), x.sha256.substr(0, 16).c_str());
  std::printf("\n%-40s %-8s %-10s %-14s %8s %8s %6s\n", "INDICATOR", "UNIT", "SOURCE", "PERIODS", "VALUES", "MISSING", "AREAS");
  for (const auto& x : *inds)
    std::printf("%-40s %-8s %-10s %-14s %8lld %8lld %6lld\n", x.indicator_id.c_str(), x.unit.c_str(), x.source_kind.c_str(),
                x.periods.c_str(), static_cast<long long>(x.values), static_cast<long long>(x.missing), static_cast<long long>(x.areas));
  std::printf("%zu sources, %zu indicators. Task-force indicators (tf.*) and the interview signal are derived at assess time.\n",
              sources->size(), inds->size());
  return kExitOk;
}

int AreasAdd(const Args& a) {
  as::Area area;
  area.id = a.Get("id");
  area.name = a.Get("name");
  area.parent_id = a.Get("parent");
  area.level = a.Get("level", "custom");
  area.source = "canvass-cli areas add";
  if (area.id.empty() || area.name.empty()) return UsageFail("areas add needs --id ID and --name NAME", nullptr);
  if (area.level == "custom" && area.parent_id.empty())
    return UsageFail("a custom place needs --parent AREA_ID (the area it lies in, e.g. a county FIPS)", nullptr);
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto st = (*ws)->ImportAreas({area});
  if (!st.ok()) return Fail(st.status());
  std::printf(st->added ? "Added %s \"%s\"%s.\n" : "Updated %s \"%s\"%s.\n", area.id.c_str(), area.name.c_str(),
              area.parent_id.empty() ? "" : (" inside " + area.parent_id).c_str());
  return kExitOk;
}

int AreasBoundaries(const Args& a) {
  auto text = core::ReadFileBounded(a.positional[1], storage::kMaxBoundariesBytes);
  if (!text.ok()) return Fail(text.status());
  if (a.Has("dry-run")) {  // validate only
    auto n = storage::ValidateBoundaries(*text, a.positional[1]);
    if (!n.ok()) return Fail(n.status());
    std::printf("Dry run: %s holds %d valid area boundaries; nothing was written.\n", a.positional[1].c_str(), *n);
    return kExitOk;
  }
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  int n = 0;
  if (auto st = (*ws)->SetBoundaries(*text, a.Get("name", a.positional[1]), &n); !st.ok()) return Fail(st);
  std::printf("Stored %d area boundaries from %s; assess and the GUI map use them.\n", n, a.positional[1].c_str());
  return kExitOk;
}

int SettingsSet(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto st = storage::IndicatorStore(ws->get()).SetSetting(a.positional[1], a.positional[2]);
  if (!st.ok()) return Fail(st);
  std::printf("%s = %s\n", a.positional[1].c_str(), a.positional[2].c_str());
  return kExitOk;
}

int SettingsShow(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto t = storage::IndicatorStore(ws->get()).SuppressionThreshold();
  if (!t.ok()) return Fail(t.status());
  if (a.Has("json")) PrintJson(Value(Value::Object{{"suppression_threshold", *t}}));
  else std::printf("suppression_threshold = %d\n", *t);
  return kExitOk;
}

}  // namespace

int IndicatorsImport(const Args& a);  // cmd_indicators_import.cpp
int AssessRun(const Args& a);    // cmd_assessment_run.cpp
int AssessList(const Args& a);
int ExportDataset(const Args& a);

void RegisterAssessmentCommands(std::vector<Command>* out) {
  out->push_back({{"indicators import", "indicators import FILE SOURCE_FILE [--source KIND] [--period P] [--on-duplicate refuse|last|sum|mean] [--dry-run] [options]",
                   "Imports one published data file as indicators (KIND: acs, pep, saipe, rucc, qcew, whd, oflc, pit,\n"
                   "gazetteer, laus, ucr, edfacts, adjacency, generic; docs/indicators.md). Without --source (or with\n"
                   "--source auto) the layout is recognised from the file's header and said; when unsure, the import stops\n"
                   "and lists the candidates. Every value keeps its source file hash, row, period, unit, margin of error\n"
                   "and status; a missing value is never a zero. One transaction: a bad file changes nothing. --dry-run\n"
                   "shows what would be imported and what was skipped and why, and writes nothing.\n"
                   "An Excel workbook (.xlsx) is read as published, with the same results as its CSV: the first sheet with\n"
                   "data, or --sheet NAME. Joins (CSV or .xlsx): --zip-county F (whd; --whd-ratio BUS_RATIO|TOT_RATIO|RES_RATIO), --coc-county F (pit),\n"
                   "--gazetteer F (oflc, pep annres, ucr, generic by name; else the workspace's county areas),\n"
                   "--crosswalk EDGE_GEOCODE_PUBLICLEA.csv (edfacts: school district to county).\n"
                   "ucr: --multi-county split|first|state (agencies listing several counties; default split).\n"
                   "acs: --columns A,B; qcew: --industries 11,72.\n"
                   "generic: --id-column C --value-column C --indicator NAME --period P [--id-level county|zip|tract|coc]\n"
                   "[--missing CODES] [--unit U] [--moe-column C], or --profile PROFILE.json (docs/profiles/; county-name\n"
                   "profiles such as KIDS COUNT take --state ST); --save-profile F keeps them.\n"
                   "Rows that repeat an indicator, area and period of an earlier row: --on-duplicate refuse (the default:\n"
                   "the file is refused with how many and the first ones), last (the last row's value), sum or mean.",
                   2, 2, WithPass({"source", "period", "on-duplicate", "columns", "industries", "whd-ratio", "zip-county", "coc-county", "gazetteer",
                                   "id-column", "value-column", "indicator", "id-level", "missing", "unit", "moe-column", "profile",
                                   "save-profile", "crosswalk", "multi-county", "state", "sheet"}),
                   {"dry-run", "json"}}, IndicatorsImport});
  out->push_back({{"indicators list", "indicators list FILE [--json]",
                   "Lists the imported source files (kind, periods, values, hash) and the indicators with counts.", 1, 1,
                   WithPass({}), {"json"}}, IndicatorsList});
  out->push_back({{"areas add", "areas add FILE --id ID --name NAME --parent AREA [--level custom]",
                   "Adds a custom named place (a corridor, a neighbourhood) inside a parent area. Interviews may name it;\n"
                   "the assessment counts it toward its parent.", 1, 1, WithPass({"id", "name", "parent", "level"}), {}}, AreasAdd});
  out->push_back({{"areas boundaries", "areas boundaries FILE GEOJSON [--name SOURCE] [--dry-run]",
                   "Stores area polygons (a GeoJSON FeatureCollection of Polygon/MultiPolygon features keyed by FIPS:\n"
                   "id, properties.GEO_ID or GEOID; at most 64 MiB) in the workspace, for the report's and the GUI's map.\n"
                   "Set once per workspace; assess uses them when no --boundaries is given. --name cites the source.\n"
                   "A bad file is refused with one line naming the feature, and nothing is stored.", 2, 2,
                   WithPass({"name"}), {"dry-run"}}, AreasBoundaries});
  out->push_back({{"settings set", "settings set FILE KEY VALUE",
                   "Sets a project setting. suppression_threshold N (2-1000, default 11): counts from the project's own\n"
                   "records from 1 to N-1 are withheld in reports, exports and caseload tables (SECURITY.md). A value below\n"
                   "11 is written into every report.", 3, 3,
                   WithPass({}), {}}, SettingsSet});
  out->push_back({{"settings show", "settings show FILE [--json]", "Shows the project settings.", 1, 1, WithPass({}), {"json"}}, SettingsShow});
  out->push_back({{"assess list", "assess list FILE [--json]", "Lists the saved assessment runs.", 1, 1, WithPass({}), {"json"}}, AssessList});
  out->push_back({{"assess", "assess FILE --out REPORT.html [--csv SCORES.csv] [--geojson MAP.geojson] [--json] [--profile P.json] [--compare RUN] [--not-for-release]",
                   "Scores the project's areas and writes a self-contained HTML report (summary, ranked table with rank\n"
                   "intervals, map, charts, gap analysis, task-force caseload, per-area pages, sources and method). Counts\n"
                   "from the project's own records from 1 to threshold-1 (and some larger ones, so that they cannot be\n"
                   "worked out) are withheld (docs/assessment.md, \"Disclosure control\"). Each run is saved as a dated\n"
                   "snapshot; --compare RUN shows what moved since then and why.\n"
                   "--profile P.json: an edited scoring profile (write the default with --write-profile P.json).\n"
                   "--boundaries GEOJSON: area polygons for the map (default: those stored by areas boundaries, else\n"
                   "the built-in Texas counties). The workspace's scoring profile (edited in the GUI) is used unless --profile.\n"
                   "--geojson MAP.geojson: the areas on the same boundaries as the map, with ranks, intervals, coverage,\n"
                   "factor scores and the counts as the report shows them (withheld ones null), for QGIS.\n"
                   "--json prints the run (de-identified) on stdout. --no-save does not keep the run.\n"
                   "Every output is a release, kept in the publication ledger: a release that differs from an earlier one\n"
                   "by fewer than threshold final records is refused (it could be compared with it). --not-for-release\n"
                   "writes a draft for your own eyes, marked as such, outside the ledger.",
                   1, 1, WithPass({"out", "csv", "geojson", "profile", "compare", "boundaries", "label", "perturbations", "seed", "write-profile"}),
                   {"json", "no-save", "not-for-release"}}, AssessRun});
  out->push_back({{"export dataset", "export dataset FILE --out DIR",
                   "Writes shareable tables to DIR: areas.csv (one row per area: scores and public indicators),\n"
                   "caseload.csv, protocols.csv and dictionary.csv, protected exactly as the report (a release, kept in\n"
                   "the publication ledger). No interview-level rows: see export microdata (restricted).", 1, 1,
                   WithPass({"out"}), {"json"}}, ExportDataset});
}

}  // namespace canvass::cli
