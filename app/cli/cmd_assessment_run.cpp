// `assess` (score, report, snapshot, compare), `assess list` and `export dataset`.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <system_error>
#include <thread>

#include "app/demo.h"
#include "app/microdata_export.h"
#include "app/view_assessment.h"
#include "assessment/dataset_export.h"
#include "assessment/report.h"
#include "commands.h"
#include "core/file_util.h"
#include "storage/coding_store.h"
#include "storage/indicator_store.h"

namespace canvass::cli {

using core::Value;
namespace as = assessment;

namespace {

core::Result<as::ScoringProfile> ProfileFrom(const Args& a, storage::Workspace* ws) {
  if (!a.Has("profile")) return app::WorkspaceProfile(ws);  // the one the GUI edits, else the default
  CANVASS_ASSIGN_OR_RETURN(std::string text, core::ReadFileBounded(a.Get("profile"), 4u << 20));
  return as::ScoringProfile::FromJson(text, a.Get("profile"));
}

// *gate (when given): whether these outputs may be released (app::ReleaseGate), checked beside
// the scoring.
core::Result<as::AssessmentResult> Score(const Args& a, storage::IndicatorStore* store, int* conflicts,
                                         std::map<std::string, std::string>* fingerprints, core::Status* gate) {
  CANVASS_ASSIGN_OR_RETURN(auto profile, ProfileFrom(a, store->workspace()));
  as::AssessOptions opt;
  try {
    if (a.Has("perturbations")) opt.perturbations = std::stoi(a.Get("perturbations"));
    if (a.Has("seed")) opt.seed = std::stoull(a.Get("seed"));
  } catch (...) {
    return core::Status::InvalidArgument("--perturbations and --seed take whole numbers");
  }
  // The same computation as the GUI's Assessment screen (app/view_assessment.h).
  return app::ScoreWorkspace(store->workspace(), profile, opt, conflicts, fingerprints, gate);
}

// CANVASS_TIMING=1: each step's wall time and the peak memory so far on stderr (for
// docs/performance.md; no content).
class StepTimer {
 public:
  StepTimer() : on_(std::getenv("CANVASS_TIMING") != nullptr), last_(std::chrono::steady_clock::now()) {}
  void Step(const char* what) {
    if (!on_) return;
    auto now = std::chrono::steady_clock::now();
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    std::fprintf(stderr, "timing: %-28s %7.3f s  (peak RSS so far %ld MB)\n", what, std::chrono::duration<double>(now - last_).count(),
                 u.ru_maxrss / 1024);
    last_ = now;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_;
};

// The report, scores CSV and GeoJSON map that `a` asks for (geojson: already rendered).
core::Status WriteOutputs(const Args& a, const as::AssessmentResult& r, const as::ReportMeta& meta, const std::string& geojson) {
  if (a.Has("out")) CANVASS_RETURN_IF_ERROR(core::WriteFileAtomic(a.Get("out"), as::RenderHtmlReport(r, meta), true));
  if (a.Has("csv")) CANVASS_RETURN_IF_ERROR(core::WriteFileAtomic(a.Get("csv"), as::RenderScoresCsv(r), true));
  if (a.Has("geojson")) CANVASS_RETURN_IF_ERROR(core::WriteFileAtomic(a.Get("geojson"), geojson, true));
  return core::Status::Ok();
}

}  // namespace

int AssessRun(const Args& a) {
  if (a.Has("write-profile")) {
    auto st = core::WriteFileAtomic(a.Get("write-profile"), as::DefaultProfile().ToValue().ToPrettyJson() + "\n", true);
    if (!st.ok()) return Fail(st);
    std::printf("Wrote the default scoring profile to %s; edit it and pass --profile %s.\n", a.Get("write-profile").c_str(),
                a.Get("write-profile").c_str());
    return kExitOk;
  }
  if (!a.Has("out") && !a.Has("compare") && !a.Has("json") && !a.Has("csv") && !a.Has("geojson"))
    return UsageFail("assess needs --out REPORT.html (or --csv, --geojson, --json, --compare RUN)", nullptr);
  StepTimer timer;
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  timer.Step("open and unlock");
  storage::IndicatorStore store(ws->get());
  int conflicts = 0;
  std::map<std::string, std::string> fingerprints;
  // Every output of assess is a release (publication ledger), unless marked as a draft.
  const bool draft = a.Has("not-for-release");
  core::Status gate;
  auto r = Score(a, &store, &conflicts, &fingerprints, draft ? nullptr : &gate);
  if (!r.ok()) return Fail(r.status());
  if (!gate.ok()) return Fail(gate);
  timer.Step("snapshot, scoring, gate");
  as::ReportMeta meta;
  meta.draft = draft;
  auto id = store.NextRunId();
  if (!id.ok()) return Fail(id.status());
  meta.run_id = a.Has("no-save") ? "unsaved" : *id;
  meta.created_at = core::FormatIsoUtc((*ws)->clock()->NowMillis());
  if (a.Has("boundaries")) {
    auto g = core::ReadFileBounded(a.Get("boundaries"), 64u << 20);
    if (!g.ok()) return Fail(g.status());
    meta.boundaries_geojson = *g;
    meta.boundaries_name = a.Get("boundaries");
  } else {  // stored in the workspace (areas boundaries), else the built-in Texas counties
    auto b = app::WorkspaceBoundaries(ws->get());
    meta.boundaries_geojson = std::move(b.geojson);
    meta.boundaries_name = std::move(b.name);
  }
  as::GeoJsonSummary geo;
  std::string geojson;
  if (a.Has("geojson")) {  // rendered before anything is written: a bad boundary file writes nothing
    auto g = as::RenderGeoJson(*r, meta, &geo);
    if (!g.ok()) return Fail(g.status());
    geojson = std::move(*g);
  }
  // The files are rendered and written on a second thread while the run JSON is made and the
  // run saved (both only read the result); the release is recorded once both are done.
  core::Status written;
  auto write = [&] { written = WriteOutputs(a, *r, meta, geojson); };
  std::thread writer;
  try {
    writer = std::thread(write);
  } catch (const std::system_error&) {
    write();  // no thread available: in turn
  }
  std::vector<std::string> moved;
  core::Status saved;
  if (a.Has("compare")) {
    auto old = store.GetRun(a.Get("compare"));
    auto before = old.ok() ? core::ParseJson(old->run_json, a.Get("compare")) : core::Result<Value>(old.status());
    if (before.ok()) moved = as::CompareRuns(*before, as::ResultToJson(*r, meta));
    else saved = before.status();
  }
  if (saved.ok() && !a.Has("no-save")) {
    storage::AssessmentRunRow row{meta.run_id, meta.created_at, a.Get("label"), r->profile.name, app::RunSummary(*r), as::RunJson(*r, meta)};
    saved = store.SaveRun(row);
  }
  if (writer.joinable()) writer.join();
  if (!written.ok()) return Fail(written);
  if (!saved.ok()) return Fail(saved);
  timer.Step("outputs written, run saved");
  if (draft) {
    std::fprintf(stderr, "canvass-cli: warning: --not-for-release: these outputs are a draft for your own eyes; they were not "
                         "checked against earlier releases and must not be shared\n");
  } else {
    std::string what = a.Has("out") ? "report" : "";
    if (a.Has("csv")) what += std::string(what.empty() ? "" : ", ") + "scores CSV";
    if (a.Has("geojson")) what += std::string(what.empty() ? "" : ", ") + "GeoJSON map";
    if (a.Has("json") || what.empty()) what += std::string(what.empty() ? "" : ", ") + "run JSON";
    const std::string id = a.Has("no-save") ? "unsaved-" + meta.created_at : meta.run_id;
    if (auto st = app::RecordRelease(ws->get(), id, what, fingerprints, *r); !st.ok()) return Fail(st);
  }
  timer.Step("release recorded");
  // Nothing is written after this: the result and the fingerprints are left for the end of the
  // process, which returns their memory at once (freeing them item by item took 0.1 s).
  const as::AssessmentResult& res = KeepUntilExit(std::move(*r));
  KeepUntilExit(std::move(fingerprints));
  if (a.Has("json")) {
    PrintJson(as::ResultToJson(res, meta));
    return kExitOk;
  }
  int ranked = 0;
  for (const auto& ar : res.areas) ranked += ar.rank ? 1 : 0;
  std::printf("Assessment %s: %d of %zu areas ranked on %zu indicators, %s final interviews/data sheets, threshold %d.\n",
              meta.run_id.c_str(), ranked, res.areas.size(), res.indicators.size(), res.interviews.total.text.c_str(),
              res.options.suppression_threshold);
  std::printf("Top areas (rank, 90%% interval under %d perturbations; drivers):\n", res.perturbations);
  for (size_t i = 0; i < res.areas.size() && i < 10 && res.areas[i].rank; ++i) {
    const auto& ar = res.areas[i];
    std::string drv;
    for (int f : ar.drivers) drv += (drv.empty() ? "" : ", ") + res.profile.factors[static_cast<size_t>(f)].label;
    const std::string interval = "(" + std::to_string(ar.rank_lo) + "-" + std::to_string(ar.rank_hi) + ")";
    std::printf("  %3d %-9s  %-22s index %5.1f  %s\n", ar.rank, interval.c_str(), ar.name.c_str(), *ar.composite, drv.c_str());
  }
  std::printf("Gaps: %zu areas with high risk or concern but few or no tips; %zu silent tip sources.\n", res.gaps.size(), res.silent_sources.size());
  for (size_t i = 0; i < res.gaps.size() && i < 5; ++i) std::printf("  %s: %s\n", res.gaps[i].name.c_str(), res.gaps[i].reason.c_str());
  for (const auto& line : moved) std::printf("%s\n", line.c_str());
  if (a.Has("out")) std::printf("Report: %s\n", a.Get("out").c_str());
  if (a.Has("csv")) std::printf("Scores: %s\n", a.Get("csv").c_str());
  if (a.Has("geojson")) {
    std::printf("GeoJSON: %s (%zu areas on %s; open it in QGIS)\n", a.Get("geojson").c_str(), geo.features, meta.boundaries_name.c_str());
    if (!geo.without_polygon.empty())
      std::printf("  %zu areas have no polygon in those boundaries and are not on the map (first: %s)\n", geo.without_polygon.size(),
                  geo.without_polygon.front().c_str());
  }
  return kExitOk;
}

int AssessList(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto runs = storage::IndicatorStore(ws->get()).ListRuns();
  if (!runs.ok()) return Fail(runs.status());
  if (a.Has("json")) {
    Value::Array arr;
    for (const auto& r : *runs)
      arr.push_back(Value(Value::Object{{"run_id", r.run_id}, {"created_at", r.created_at}, {"label", r.label},
                                        {"profile", r.profile_name}, {"summary", r.summary}}));
    PrintJson(Value(Value::Object{{"runs", Value(std::move(arr))}}));
    return kExitOk;
  }
  for (const auto& r : *runs)
    std::printf("%-9s %s  %-10s %s%s\n", r.run_id.c_str(), r.created_at.c_str(), r.profile_name.c_str(), r.summary.c_str(),
                r.label.empty() ? "" : ("  [" + r.label + "]").c_str());
  std::printf("%zu runs\n", runs->size());
  return kExitOk;
}

int ExportDataset(const Args& a) {
  if (!a.Has("out")) return UsageFail("export dataset needs --out DIR", nullptr);
  if (auto st = app::KeepApartFromShareable(a.Get("out"), false); !st.ok()) return Fail(st);
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  storage::IndicatorStore store(ws->get());
  int conflicts = 0;
  std::map<std::string, std::string> fingerprints;
  core::Status gate;
  auto r = Score(a, &store, &conflicts, &fingerprints, &gate);
  if (!r.ok()) return Fail(r.status());
  if (!gate.ok()) return Fail(gate);
  auto files = as::BuildDataset(*r);
  if (auto st = core::MakePrivateDirs(a.Get("out")); !st.ok()) return Fail(st);
  for (const auto& f : files) {
    auto st = core::WriteFileAtomic(a.Get("out") + "/" + f.name, f.csv, true);
    if (!st.ok()) return Fail(st);
  }
  const std::string id = "dataset-" + core::FormatIsoUtc((*ws)->clock()->NowMillis());
  if (auto st = app::RecordRelease(ws->get(), id, "dataset export (" + a.Get("out") + ")", fingerprints, *r); !st.ok()) return Fail(st);
  if (a.Has("json")) {
    Value::Array names;
    for (const auto& f : files) names.push_back(Value(f.name));
    PrintJson(Value(Value::Object{{"dir", a.Get("out")}, {"files", Value(std::move(names))}, {"release", id}}));
  } else {
    std::printf("Wrote %zu shareable tables to %s (%zu areas; threshold %d; the same protection as the report):\n", files.size(),
                a.Get("out").c_str(), r->areas.size(), r->options.suppression_threshold);
    for (const auto& f : files) std::printf("  %s\n", f.name.c_str());
    std::printf("Interview-level rows are not in it: see `canvass-cli export microdata --help` (restricted).\n");
  }
  return kExitOk;
}

}  // namespace canvass::cli
