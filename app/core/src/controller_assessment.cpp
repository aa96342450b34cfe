// Controller, Assessment screen: runs the assessment on the worker (the same computation as
// canvass-cli assess, saved as a run), builds the ranked rows, map scores and area detail
// from the result, keeps the edited scoring profile and the map boundaries in the workspace,
// and compares with an earlier run (exports: controller_assessment_export.cpp).
//
// [SECTION] shared with canvass-cli
// [SECTION] view building (assessment_view.cpp)
// [SECTION] commands
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <system_error>
#include <thread>

#include "app/controller.h"
#include "app/demo.h"
#include "app/i18n.h"
#include "assess_state.h"
#include "assessment_view.h"
#include "assessment/release.h"
#include "assessment/report.h"
#include "core/file_util.h"
#include "storage/coding_store.h"
#include "storage/indicator_store.h"

namespace canvass::app {

using core::Status;
using core::Value;
namespace as = assessment;

// What the last run left for detail, export and comparison (UI thread only): assess_state.h.

// [SECTION] shared with canvass-cli

std::map<std::string, std::string> ThemeKeys(const coding::Codebook& book) {
  // Codes are identities (GUIDs); the report shows their full path. Two codes that somehow share
  // a path (made apart, then renamed) stay apart: the later ones get a short id after the path.
  std::map<std::string, std::string> out;
  std::map<std::string, int> seen;
  for (const coding::Code* c : book.InTreeOrder()) {
    std::string path = book.PathOf(c->guid);
    if (seen[path]++) path += " [" + c->guid.substr(0, 8) + "]";
    out[c->guid] = path;
  }
  return out;
}

core::Result<as::ScoringProfile> WorkspaceProfile(storage::Workspace* ws) {
  CANVASS_ASSIGN_OR_RETURN(std::string json, ws->GetScoringProfile());
  if (json.empty()) return as::DefaultProfile();
  return as::ScoringProfile::FromJson(json, "the workspace's scoring profile");  // i18n-ok: names the source in the profile check's (English) message, shared with the CLI
}

core::Result<as::AssessmentInput> LoadAssessmentInput(storage::Workspace* ws, int* conflicts,
                                                     std::map<std::string, std::string>* fingerprints,
                                                     std::vector<std::string>* notes) {
  storage::IndicatorStore store(ws);
  CANVASS_ASSIGN_OR_RETURN(auto input, store.LoadSnapshot(conflicts));
  CANVASS_ASSIGN_OR_RETURN(input.prior_releases, store.ReleasedShownSets());
  if (fingerprints) *fingerprints = as::RecordFingerprints(input);
  // Coded themes (storage/coding_store.h): interviews per area and code under the project's
  // count rule (the agreed coding by default), keyed by the code's full path, no text.
  storage::CodingStore coding(ws);
  auto settings = coding.GetCodingSettings();
  coding::CountOptions count_opt;
  count_opt.basis = settings.ok() ? settings->count_rule : coding::CountBasis::kConsensusElseAny;
  auto counts = coding.CountCodes(count_opt);
  auto book = coding.LoadCodebook();
  if (counts.ok() && book.ok()) {
    std::map<std::string, std::string> key = ThemeKeys(*book);
    for (const auto& c : counts->by_area) {
      auto k = key.find(c.code_guid);
      if (k != key.end()) input.theme_counts[c.key][k->second] += c.interviews;
    }
  }
  if (notes) {
    if (!counts.ok()) notes->push_back("coded themes not counted: " + counts.status().message());  // i18n-ok: report text
    else if (!input.theme_counts.empty()) notes->push_back(coding::CountBasisText(count_opt.basis) + " (project setting)");  // i18n-ok: report text
  }
  return input;
}

namespace {

// Freeing a large snapshot (100,000 interviews' facts: about 0.1 s) is done beside what follows.
void FreeBeside(as::AssessmentInput&& in) {
  try {
    std::thread([gone = std::move(in)] {}).detach();  // freed when the thread ends
  } catch (const std::system_error&) {
    // no thread available: freed here
  }
}

}  // namespace

core::Result<as::AssessmentResult> ScoreWorkspace(storage::Workspace* ws, const as::ScoringProfile& profile,
                                                  as::AssessOptions opt, int* conflicts,
                                                  std::map<std::string, std::string>* fingerprints, core::Status* gate) {
  std::vector<std::string> notes;
  CANVASS_ASSIGN_OR_RETURN(auto input, LoadAssessmentInput(ws, conflicts, nullptr, &notes));
  CANVASS_ASSIGN_OR_RETURN(opt.suppression_threshold, storage::IndicatorStore(ws).SuppressionThreshold());
  // The fingerprints and the release gate on a second thread, beside the scoring (which reads
  // the snapshot too, and does not touch the workspace).
  auto ledger = [&input, ws, fingerprints, gate, t = opt.suppression_threshold] {
    *fingerprints = as::RecordFingerprints(input);
    if (gate) *gate = ReleaseGate(ws, *fingerprints, t);
  };
  std::thread beside;
  struct Joined {  // also when the scoring throws: the thread reads `input`
    std::thread* t;
    ~Joined() {
      if (t->joinable()) t->join();
    }
  } joined{&beside};
  if (fingerprints) {
    try {
      beside = std::thread(ledger);
    } catch (const std::system_error&) {
      ledger();  // no thread available: in turn
    }
  }
  auto r = as::Assess(input, profile, opt);
  if (beside.joinable()) beside.join();
  FreeBeside(std::move(input));
  if (!r.ok()) return r.status();
  r->notes.insert(r->notes.end(), notes.begin(), notes.end());
  if (*conflicts)
    r->notes.push_back(std::to_string(*conflicts) +
                       " final interview(s) with unresolved conflicts left out (canvass-cli conflicts list)");  // i18n-ok: report text
  return r;
}

core::Status ReleaseGate(storage::Workspace* ws, const std::map<std::string, std::string>& fingerprints, int threshold) {
  // Each stored set compared with today's records as it is read (at 100,000 records, decoding
  // the sets into maps first took 0.15 s).
  std::vector<as::ReleaseChange> changes;
  CANVASS_RETURN_IF_ERROR(storage::IndicatorStore(ws).ForEachReleasedRecordSet(
      [&](const std::string& id, const std::string& created_at, const storage::IndicatorStore::RecordPairs& next) {
        changes.push_back({id, created_at, as::ChangedRecords(next, fingerprints)});
      }));
  return as::CheckRelease(changes, threshold);
}

core::Status RecordRelease(storage::Workspace* ws, const std::string& release_id, const std::string& what,
                           const std::map<std::string, std::string>& fingerprints, const as::AssessmentResult& r) {
  storage::ReleaseRow row{release_id, core::FormatIsoUtc(ws->clock()->NowMillis()), what};
  return storage::IndicatorStore(ws).RecordRelease(row, fingerprints, r.published);
}

storage::StoredBoundaries WorkspaceBoundaries(storage::Workspace* ws) {
  auto b = ws->GetBoundaries();
  if (b.ok() && !b->geojson.empty()) return *b;
  return {DemoResource("tx_counties.geojson"),
          "US Census Bureau cartographic county boundaries (Texas), via plotly's geojson-counties-fips"};  // i18n-ok: report text (the source's name)
}

const std::vector<MeasurableItem>& DerivedIndicators() {
  // The ids assessment/src/scoring_protect.cpp derives in every run (sorted by id), with its
  // unit and source names (report text: the detail and the report name them the same way).
  static const std::vector<MeasurableItem> k = {
      {"interviews.concern_count", "interviews", "final stakeholder interviews", "", 0, true},  // i18n-ok: report text
      {"interviews.instability_count", "interviews", "final stakeholder interviews", "", 0, true},  // i18n-ok: report text
      {"tf.le_identified_by_year", "victims", "task-force data sheets (per year)", "", 0, true},  // i18n-ok: report text
      {"tf.le_identified_count", "victims", "task-force data sheets", "", 0, true},  // i18n-ok: report text
      {"tf.prosecutions_by_year", "cases", "task-force data sheets (per year)", "", 0, true},  // i18n-ok: report text
      {"tf.prosecutions_count", "cases", "task-force data sheets", "", 0, true},  // i18n-ok: report text
      {"tf.tips_count", "tips", "task-force data sheets", "", 0, true},  // i18n-ok: report text
      {"tf.victims_served_by_year", "victims", "task-force data sheets (per year)", "", 0, true},  // i18n-ok: report text
      {"tf.victims_served_count", "victims", "task-force data sheets", "", 0, true},  // i18n-ok: report text
  };
  return k;
}

int FindMeasurable(const std::vector<MeasurableItem>& items, const std::string& id) {
  auto it = std::lower_bound(items.begin(), items.end(), id, [](const MeasurableItem& m, const std::string& x) { return m.id < x; });
  return it != items.end() && it->id == id ? static_cast<int>(it - items.begin()) : -1;
}

std::string RunSummary(const as::AssessmentResult& r) {
  std::string s;
  for (size_t i = 0; i < r.areas.size() && i < 3; ++i)
    if (r.areas[i].rank) s += (s.empty() ? "" : "; ") + r.areas[i].name;
  return "top: " + s + "; " + std::to_string(r.gaps.size()) + " gap areas";  // i18n-ok: stored with the run, shown by the CLI too
}

// [SECTION] view building (assessment_view.cpp)

void Controller::FillAssessment() {
  AssessmentView& v = view_.assessment;
  const as::AssessmentResult& r = assess_->result;
  v.has_result = true;
  v.run_id = assess_->meta.run_id;
  v.created_at = assess_->meta.created_at;
  v.summary = RunSummary(r);
  v.threshold = r.options.suppression_threshold;
  v.perturbations = r.perturbations;
  v.notes = r.notes;
  internal::FillCaseloadAndGuidance(r, &v);
  v.rows.clear();
  v.scores.clear();
  v.names.clear();
  v.ranked = 0;
  std::set<std::string> gaps;
  for (const auto& g : r.gaps) gaps.insert(g.area_id);
  for (const auto& a : r.areas) {
    AssessRow row{a.id, a.name, a.rank, a.rank_lo, a.rank_hi, a.composite, internal::Drivers(r, a), a.concern.text,
                  a.taskforce_covered ? a.tips.text : T("msg.assessment.not_covered"), gaps.count(a.id) > 0};
    v.ranked += a.rank ? 1 : 0;
    if (a.composite) v.scores[a.id] = *a.composite;
    v.names[a.id] = a.name;
    v.rows.push_back(std::move(row));
  }
  SelectAssessArea(v.selected);
}

void Controller::SelectAssessArea(const std::string& id) {
  AssessmentView& v = view_.assessment;
  v.selected.clear();
  v.detail = AreaDetail();
  if (!assess_ || id.empty()) return;
  const as::AreaResult* a = assess_->result.Find(id);
  if (!a) { v.error = F("msg.assessment.no_area", id); return; }
  v.selected = id;
  v.detail = internal::BuildDetail(assess_->result, *a);
}

namespace {

// What the profile editor offers: the workspace's indicators and the derived ones (by id), and
// the codebook's code paths.
void LoadMeasurable(storage::Workspace* ws, AssessmentView* v) {
  v->measurable.clear();
  v->theme_codes.clear();
  v->measurable_error.clear();
  auto list = storage::IndicatorStore(ws).ListIndicators();
  v->indicators_listed = list.ok();
  if (list.ok()) {
    for (const auto& s : *list) v->measurable.push_back({s.indicator_id, s.unit, s.source_kind, s.periods, s.areas, false});
  } else {
    v->measurable_error = F("msg.assessment.list_failed", list.status().message());
  }
  for (const auto& d : DerivedIndicators())
    if (FindMeasurable(v->measurable, d.id) < 0) v->measurable.push_back(d);
  std::sort(v->measurable.begin(), v->measurable.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  auto book = storage::CodingStore(ws).LoadCodebook();
  if (!book.ok()) {
    v->measurable_error += (v->measurable_error.empty() ? "" : "; ") + F("msg.assessment.codebook_failed", book.status().message());
    return;
  }
  for (const auto* c : book->InTreeOrder()) v->theme_codes.push_back(book->PathOf(c->guid));
}

}  // namespace

void Controller::RefreshAssessment() {
  AssessmentView& v = view_.assessment;
  if (!ws_) return;
  if (view_.screen != Screen::kAssessment) LoadMeasurable(ws_.get(), &v);  // entering the screen
  v.central = ws_->info().role == storage::Role::kCentral;
  if (v.profile_version == 0) {
    auto p = WorkspaceProfile(ws_.get());
    if (p.ok()) v.profile = *p;
    else v.error = F("msg.assessment.profile_unusable", p.status().message());
    if (!p.ok()) v.profile = as::DefaultProfile();
    auto stored = ws_->GetScoringProfile();
    v.profile_custom = p.ok() && stored.ok() && !stored->empty();
    v.profile_version = 1;
  }
  if (!v.boundaries) {
    auto b = WorkspaceBoundaries(ws_.get());
    v.boundaries = std::make_shared<const std::string>(std::move(b.geojson));
    v.boundaries_name = b.name;
    ++v.boundaries_version;
  }
  auto runs = storage::IndicatorStore(ws_.get()).ListRuns();
  if (!runs.ok()) { v.error = F("msg.assessment.runs_failed", runs.status().message()); return; }
  v.runs.clear();
  for (auto it = runs->rbegin(); it != runs->rend(); ++it)
    v.runs.push_back({it->run_id, it->created_at, it->label, it->profile_name, it->summary});
}

// [SECTION] commands

void Controller::RunAssessment(const std::string& label) {
  if (!NeedWorkspace()) return;
  auto ws = std::make_shared<std::unique_ptr<storage::Workspace>>(std::move(ws_));
  as::ScoringProfile profile = view_.assessment.profile;
  RunTask(T("msg.assessment.running"), [this, ws, profile, label]() -> Finish {
    auto out = std::make_shared<AssessState>();
    auto work = [&]() -> Status {
      storage::Workspace* w = ws->get();
      int conflicts = 0;
      CANVASS_ASSIGN_OR_RETURN(out->result, ScoreWorkspace(w, profile, {}, &conflicts, &out->fingerprints));
      storage::IndicatorStore store(w);
      CANVASS_ASSIGN_OR_RETURN(out->meta.run_id, store.NextRunId());
      out->meta.created_at = core::FormatIsoUtc(w->clock()->NowMillis());
      auto b = WorkspaceBoundaries(w);
      out->meta.boundaries_geojson = std::move(b.geojson);
      out->meta.boundaries_name = std::move(b.name);
      out->run_json = as::RunJson(out->result, out->meta);
      return store.SaveRun({out->meta.run_id, out->meta.created_at, label, out->result.profile.name,
                            RunSummary(out->result), out->run_json});
    };
    Status st = work();
    return [this, ws, out, st] {
      ws_ = std::move(*ws);
      AssessmentView& v = view_.assessment;
      if (!st.ok()) { v.error = F("msg.assessment.run_failed", st.message()); return; }
      assess_ = out;
      FillAssessment();
      RefreshAssessment();
      v.compare_run.clear();
      v.compare_lines.clear();
      v.moves.clear();
      v.message = F("msg.assessment.saved_run", v.run_id, v.ranked, v.rows.size());
    };
  });
}

void Controller::SetProfile(const as::ScoringProfile& p) {
  AssessmentView& v = view_.assessment;
  std::string json = p.ToValue().ToJson();
  auto checked = as::ScoringProfile::FromJson(json, "the edited profile");  // i18n-ok: names the source in the profile check's (English) message
  if (!checked.ok()) { v.error = F("msg.assessment.profile_not_saved", checked.status().message()); return; }
  if (Status st = ws_->SetScoringProfile(json); !st.ok()) { v.error = F("msg.assessment.profile_not_saved", st.message()); return; }
  v.profile = *checked;
  v.profile_custom = true;
  ++v.profile_version;
  v.message = F("msg.assessment.profile_saved", v.profile.name);
}

void Controller::CompareAssessment(const std::string& run_id) {
  AssessmentView& v = view_.assessment;
  storage::IndicatorStore store(ws_.get());
  // "Now" is this session's run, else the newest saved run.
  Value now;
  if (assess_) {
    auto parsed = core::ParseJson(assess_->run_json, assess_->meta.run_id);
    if (!parsed.ok()) { v.error = parsed.status().message(); return; }
    now = std::move(*parsed);
  } else {
    if (v.runs.empty()) { v.error = T("msg.assessment.no_runs"); return; }
    auto latest = store.GetRun(v.runs.front().run_id);
    if (!latest.ok()) { v.error = latest.status().message(); return; }
    auto parsed = core::ParseJson(latest->run_json, latest->run_id);
    if (!parsed.ok()) { v.error = parsed.status().message(); return; }
    now = std::move(*parsed);
  }
  const Value* now_id = now.Find("run_id");
  if (now_id && now_id->is_string() && now_id->as_string() == run_id) {
    v.error = F("msg.assessment.compare_same", run_id);
    return;
  }
  auto old = store.GetRun(run_id);
  if (!old.ok()) { v.error = old.status().message(); return; }
  auto before = core::ParseJson(old->run_json, run_id);
  if (!before.ok()) { v.error = before.status().message(); return; }
  v.compare_run = run_id;
  v.compare_lines = as::CompareRuns(*before, now, 1000000);
  std::map<std::string, int> was;
  if (const Value* areas = before->Find("areas"); areas && areas->is_array())
    for (const auto& a : areas->as_array())
      if (const Value* id = a.Find("id"); id && id->is_string()) was[id->as_string()] = internal::RankOf(a);
  std::map<std::string, std::string> why;  // by area name, from CompareRuns' "  NAME: rank x -> y [lo-hi]; why"
  for (const auto& l : v.compare_lines) {
    auto colon = l.find(": rank "), semi = l.find("]; ");
    if (l.rfind("  ", 0) == 0 && colon != std::string::npos && semi != std::string::npos)
      why[l.substr(2, colon - 2)] = l.substr(semi + 3);
  }
  v.moves.clear();
  if (const Value* areas = now.Find("areas"); areas && areas->is_array())
    for (const auto& a : areas->as_array()) {
      const Value* id = a.Find("id");
      const Value* name = a.Find("name");
      if (!id || !id->is_string()) continue;
      int b = was.count(id->as_string()) ? was[id->as_string()] : 0, r = internal::RankOf(a);
      if (b == r) continue;
      std::string n = name && name->is_string() ? name->as_string() : id->as_string();
      v.moves.push_back({id->as_string(), n, why.count(n) ? why[n] : "", b, r});
    }
  auto size = [](const MoveRow& m) { return std::abs((m.after ? m.after : 100000) - (m.before ? m.before : 100000)); };
  std::stable_sort(v.moves.begin(), v.moves.end(), [&](const MoveRow& x, const MoveRow& y) { return size(x) > size(y); });
}

void Controller::ProfileFile(const cmd::AssessProfileFile& c) {
  AssessmentView& v = view_.assessment;
  if (c.path.empty()) { v.error = T("msg.assessment.profile_path"); return; }
  if (c.save) {
    auto checked = as::ScoringProfile::FromJson((c.profile ? *c.profile : v.profile).ToValue().ToJson(),
                                                "the edited profile");  // i18n-ok: names the source in the profile check's (English) message
    if (!checked.ok()) { v.error = F("msg.assessment.profile_not_written", checked.status().message()); return; }
    Status st = core::WriteFileAtomic(c.path, checked->ToValue().ToPrettyJson() + "\n", true);
    if (!st.ok()) { v.error = F("msg.assessment.profile_not_written", st.message()); return; }
    v.message = F(c.profile ? "msg.assessment.wrote_edited" : "msg.assessment.wrote_saved", c.path);
    return;
  }
  auto text = core::ReadFileBounded(c.path, 4u << 20);
  if (!text.ok()) { v.error = F("msg.assessment.profile_not_loaded", text.status().message()); return; }
  auto p = as::ScoringProfile::FromJson(*text, c.path);
  if (!p.ok()) { v.error = F("msg.assessment.profile_not_loaded", p.status().message()); return; }
  SetProfile(*p);
}

void Controller::LoadBoundaries(const std::string& path) {
  AssessmentView& v = view_.assessment;
  if (path.empty()) { v.error = T("msg.assessment.boundaries_path"); return; }
  auto text = core::ReadFileBounded(path, storage::kMaxBoundariesBytes);
  if (!text.ok()) { v.error = F("msg.assessment.boundaries_not_loaded", text.status().message()); return; }
  int n = 0;
  if (Status st = ws_->SetBoundaries(*text, path, &n); !st.ok()) {
    v.error = F("msg.assessment.boundaries_not_loaded", st.message());
    return;
  }
  v.boundaries = std::make_shared<const std::string>(std::move(*text));
  v.boundaries_name = path;
  ++v.boundaries_version;
  v.message = P("msg.assessment.boundaries_stored", n, path);
}

void Controller::HandleAssessment(cmd::Assessment& c) {
  AssessmentView& v = view_.assessment;
  v.error.clear();
  v.message.clear();
  if (auto* sel = std::get_if<cmd::AssessSelect>(&c.op)) return SelectAssessArea(sel->area_id);
  if (auto* run = std::get_if<cmd::AssessRun>(&c.op)) return RunAssessment(run->label);
  if (!NeedWorkspace()) return;
  if (auto* p = std::get_if<cmd::AssessSetProfile>(&c.op)) return SetProfile(p->profile);
  if (std::holds_alternative<cmd::AssessResetProfile>(c.op)) {
    if (Status st = ws_->SetScoringProfile(""); !st.ok()) { v.error = F("msg.assessment.profile_not_reset", st.message()); return; }
    v.profile = as::DefaultProfile();
    v.profile_custom = false;
    ++v.profile_version;
    v.message = T("msg.assessment.profile_default");
    return;
  }
  if (auto* f = std::get_if<cmd::AssessProfileFile>(&c.op)) return ProfileFile(*f);
  if (auto* b = std::get_if<cmd::AssessLoadBoundaries>(&c.op)) return LoadBoundaries(b->path);
  if (auto* cmp = std::get_if<cmd::AssessCompare>(&c.op)) return CompareAssessment(cmp->run_id);
  if (auto* e = std::get_if<cmd::AssessExport>(&c.op)) return ExportAssessment(*e);
  if (auto* e = std::get_if<cmd::AssessRollupPush>(&c.op)) return PushRollup(*e);
  if (auto* e = std::get_if<cmd::AssessExportMicrodata>(&c.op)) return ExportMicrodata(*e);
  if (std::holds_alternative<cmd::AssessListMeasurable>(c.op)) {
    LoadMeasurable(ws_.get(), &v);
    v.message = F("msg.assessment.listed", v.measurable.size(), v.theme_codes.size());
  }
}

}  // namespace canvass::app
