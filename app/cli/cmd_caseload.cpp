// `caseload` (the task force's own numbers, protected like the report) and `export microdata`
// (restricted interview-level rows, never produced with the shareable outputs).
#include <cstdio>

#include "app/view_assessment.h"
#include "app/microdata_export.h"
#include "assessment/caseload.h"
#include "assessment/dataset_export.h"
#include "assessment/report.h"
#include "commands.h"
#include "core/file_util.h"
#include "storage/indicator_store.h"

namespace canvass::cli {

using core::Value;
namespace as = assessment;

namespace {

Value CountJson(const as::Count& c) {
  if (c.value) return Value(*c.value);
  return c.text == "n/a" ? Value() : Value(c.text);
}

Value CaseloadJson(const as::AssessmentResult& r) {
  Value::Object totals;
  for (const auto& [k, c] : r.caseload_totals.rows) totals.emplace(k, CountJson(c));
  Value::Array tables;
  for (const auto& t : r.taskforce_tables) {
    Value::Array rows;
    for (const auto& [k, c] : t.rows)
      rows.push_back(Value(Value::Object{{"row", k}, {"label", as::CaseloadRowLabel(k)}, {"count", CountJson(c)}}));
    tables.push_back(Value(Value::Object{{"id", t.id}, {"group", t.group}, {"dimension", t.dimension}, {"title", t.title},
                                         {"rows", Value(std::move(rows))}, {"rows_withheld", t.rows_withheld},
                                         {"total", CountJson(t.total)}}));
  }
  Value::Array notes;
  for (const auto& n : r.caseload_notes) notes.push_back(Value(n));
  return Value(Value::Object{{"data_sheets", CountJson(r.data_sheets)}, {"suppression_threshold", Value(static_cast<int64_t>(r.options.suppression_threshold))},
                             {"totals", Value(std::move(totals))}, {"tables", Value(std::move(tables))}, {"notes", Value(std::move(notes))}});
}

void PrintTable(const as::Breakdown& t) {
  std::printf("\n%s\n", t.title.c_str());
  for (const auto& [k, c] : t.rows) std::printf("  %-40s %10s\n", as::CaseloadRowLabel(k).c_str(), c.text.c_str());
  if (t.rows_withheld) std::printf("  %-40s %10s\n", "(rows not shown: the total is withheld)", "");
  std::printf("  %-40s %10s\n", "total", t.total.text.c_str());
}

int Caseload(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto profile = app::WorkspaceProfile(ws->get());
  if (!profile.ok()) return Fail(profile.status());
  int conflicts = 0;
  std::map<std::string, std::string> fingerprints;
  auto r = app::ScoreWorkspace(ws->get(), *profile, {}, &conflicts, &fingerprints);
  if (!r.ok()) return Fail(r.status());
  if (auto st = app::ReleaseGate(ws->get(), fingerprints, r->options.suppression_threshold); !st.ok()) return Fail(st);
  if (a.Has("csv")) {
    if (auto st = core::WriteFileAtomic(a.Get("csv"), as::RenderCaseloadCsv(*r), true); !st.ok()) return Fail(st);
  }
  const std::string id = "caseload-" + core::FormatIsoUtc((*ws)->clock()->NowMillis());
  if (auto st = app::RecordRelease(ws->get(), id, "caseload tables", fingerprints, *r); !st.ok()) return Fail(st);
  if (a.Has("json")) {
    PrintJson(CaseloadJson(*r));
    return kExitOk;
  }
  if (r->caseload_totals.rows.empty()) {
    std::printf("No final task-force data sheets yet: victims served and identified, tips and prosecutions are unknown.\n"
                "Each member agency fills in the \"Task force member data sheet\" (desktop app: New interview; or\n"
                "canvass-cli interview add FILE --form taskforce_data_sheet --answers A.json --final).\n");
    return kExitOk;
  }
  std::printf("Task-force caseload from %s final data sheets (threshold %d: counts 1-%d and some larger ones withheld).\n",
              r->data_sheets.text.c_str(), r->options.suppression_threshold, r->options.suppression_threshold - 1);
  for (const auto& [k, c] : r->caseload_totals.rows) std::printf("  %-40s %10s\n", k.c_str(), c.text.c_str());
  for (const auto& t : r->taskforce_tables) PrintTable(t);
  for (const auto& n : r->caseload_notes) std::printf("note: %s\n", n.c_str());
  if (a.Has("csv")) std::printf("\nCSV: %s\n", a.Get("csv").c_str());
  return kExitOk;
}

int ExportMicrodata(const Args& a) {
  if (!a.Has("out")) return UsageFail("export microdata needs --out DIR", nullptr);
  if (!a.Has("restricted"))
    return UsageFail("export microdata writes one row per interview: restricted data for a partner under a data-use "
                     "agreement, never for publication. Add --restricted to confirm; for shareable tables use export dataset",
                     nullptr);
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  storage::IndicatorStore store(ws->get());
  auto threshold = store.SuppressionThreshold();
  if (!threshold.ok()) return Fail(threshold.status());
  auto finals = store.LoadFinalInterviews();
  if (!finals.ok()) return Fail(finals.status());
  std::map<std::pair<std::string, int>, forms::Form> forms;
  std::vector<as::DatasetInterview> rows;
  for (auto& f : *finals) {
    auto key = std::make_pair(f.form_id, f.form_version);
    if (!forms.count(key)) {
      auto form = (*ws)->GetForm(f.form_id, f.form_version);
      if (!form.ok()) return Fail(form.status());
      forms[key] = std::move(*form);
    }
    rows.push_back({&forms[key], f.role, f.language, std::move(f.answers)});
  }
  auto files = as::BuildMicrodata(rows, *threshold);
  if (auto st = app::KeepApartFromShareable(a.Get("out"), true); !st.ok()) return Fail(st);
  if (auto st = core::MakePrivateDirs(a.Get("out")); !st.ok()) return Fail(st);
  for (const auto& f : files) {
    auto st = core::WriteFileAtomic(a.Get("out") + "/" + f.name, f.csv, true);
    if (!st.ok()) return Fail(st);
  }
  if (auto st = (*ws)->AppendAudit("export.microdata", std::to_string(rows.size()) + " interview rows, restricted"); !st.ok())
    return Fail(st);
  std::fprintf(stderr, "canvass-cli: warning: RESTRICTED: %zu interview-level rows written to %s. Hand them only to a named "
                       "partner under a data-use agreement; never publish them or put them beside the shareable tables.\n",
              rows.size(), a.Get("out").c_str());
  if (a.Has("json")) {
    Value::Array names;
    for (const auto& f : files) names.push_back(Value(f.name));
    PrintJson(Value(Value::Object{{"dir", a.Get("out")}, {"files", Value(std::move(names))}, {"interviews", Value(static_cast<int64_t>(rows.size()))},
                                  {"restricted", true}}));
  } else {
    for (const auto& f : files) std::printf("  %s\n", f.name.c_str());
  }
  return kExitOk;
}

// The publication ledger: what was released, when, from how many final records, showing how
// many counts (never the counts themselves: the ledger is for the coordinator's checks).
int ReleasesList(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto releases = storage::IndicatorStore(ws->get()).ListReleases();
  if (!releases.ok()) return Fail(releases.status());
  if (a.Has("json")) {
    Value::Array out;
    for (const auto& r : *releases)
      out.push_back(Value(Value::Object{{"release", r.release_id}, {"created_at", r.created_at}, {"what", r.what},
                                        {"records", Value(r.records)},
                                        {"counts_shown", Value(r.shown)}}));
    PrintJson(Value(std::move(out)));
    return kExitOk;
  }
  if (releases->empty()) {
    std::printf("Nothing released yet: reports, score tables, dataset exports and caseload tables are recorded here\n"
                "when they are written (drafts made with --not-for-release are not).\n");
    return kExitOk;
  }
  std::printf("%-30s %-22s %9s %8s  %s\n", "release", "made (UTC)", "records", "counts", "what");
  for (const auto& r : *releases)
    std::printf("%-30s %-22s %9lld %8lld  %s\n", r.release_id.c_str(), r.created_at.c_str(), static_cast<long long>(r.records),
                static_cast<long long>(r.shown),
                r.what.c_str());
  return kExitOk;
}

}  // namespace

void RegisterCaseloadCommands(std::vector<Command>* out) {
  out->push_back({{"caseload", "caseload FILE [--json] [--csv OUT.csv]",
                   "The task force's own numbers from every final data sheet: victims who received services and victims\n"
                   "identified by law enforcement (by year, form of trafficking, age group, sex/gender, race, ethnicity),\n"
                   "tips by source, prosecutions (by year and form). Every table adds up to its total; counts from 1 to\n"
                   "threshold-1 (default 10) and some larger ones are withheld, protected together with the report\n"
                   "(docs/assessment.md, \"Disclosure control\"). The same agency's sheet for overlapping periods counts once.\n"
                   "This is a release: it is kept in the publication ledger.",
                   1, 1, WithPass({"csv"}), {"json"}}, Caseload});
  out->push_back({{"export microdata", "export microdata FILE --out DIR --restricted [--json]",
                   "RESTRICTED: one row per final interview (no identifying questions, free text, ids, interviewers or\n"
                   "times, but row-level data all the same), for a named partner under a data-use agreement. Never\n"
                   "published and never written with the shareable tables (export dataset). Files are named RESTRICTED-*.",
                   1, 1, WithPass({"out"}), {"json", "restricted"}}, ExportMicrodata});
  out->push_back({{"releases list", "releases list FILE [--json]",
                   "The publication ledger: every report, score table, dataset export and caseload table released from\n"
                   "this workspace, when, and from how many final records. A new release that differs from one of these\n"
                   "by fewer than threshold final records is refused, so that the two cannot be compared to single\n"
                   "someone out (docs/assessment.md, \"Disclosure control\").",
                   1, 1, WithPass({}), {"json"}}, ReleasesList});
}

}  // namespace canvass::cli
