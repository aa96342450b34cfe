// Controller, Agreement screen: computes inter-coder agreement for the chosen coders with the
// same selection and library calls as `canvass-cli agreement` (CodingStore::AgreementInputFor,
// coding::CharacterAgreement / SegmentAgreement / ListDisagreements), optionally restricted to
// one coding set, on the worker thread; lists the disagreements with their settlement; and
// records consensus codings (coder storage::kConsensusCoder) through CodingStore::AddCoding,
// the call behind `canvass-cli code add --coder consensus` (controller_consensus.cpp).
//
// The answers that have disagreements (text, label, done marks) are kept in an AgreeCache,
// dropped on lock like the coding workbench's cache.
//
// [SECTION] helpers   [SECTION] refresh and compute   [SECTION] disagreements   [SECTION] commands
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "agree_cache.h"
#include "app/controller.h"
#include "app/i18n.h"
#include "coding/text_span.h"
#include "count_rule_text.h"
#include "core/file_util.h"
#include "storage/coding_store.h"

namespace canvass::app {

using core::Status;


// [SECTION] helpers

namespace {

constexpr const char* kConsensus = storage::kConsensusCoder;
// Answer counts below this are written as "<5" in the exported CSV, and the pooled segment
// units (answers x codes) as "(s)" (SECURITY.md §4).
constexpr int kSmallCount = 5;

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string Num(const std::optional<double>& d) {
  if (!d) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6f", *d);
  return buf;
}

std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Keeps only the answers (and their codings) of a coding set.
void RestrictToSet(coding::AgreementInput* in, const storage::CodingSet& set) {
  std::set<std::string> keep(set.answers.begin(), set.answers.end());
  in->answers.erase(std::remove_if(in->answers.begin(), in->answers.end(),
                                   [&](const coding::AnswerUnit& a) { return !keep.count(a.answer_id); }),
                    in->answers.end());
  in->codings.erase(std::remove_if(in->codings.begin(), in->codings.end(),
                                   [&](const coding::Coding& c) { return !keep.count(c.answer_id); }),
                    in->codings.end());
}

// What the worker computed; applied to the view on the UI thread.
struct AgreeResult {
  Status status;
  std::vector<std::string> coders;
  std::string set;
  int answers = 0, codings = 0, needs_review = 0;
  coding::AgreementReport chars, segs;
  std::vector<coding::Disagreement> dis;
  std::shared_ptr<AgreeCache> cache = std::make_shared<AgreeCache>();
};

Status ComputeOn(storage::Workspace* ws, AgreeResult* r) {
  storage::CodingStore store(ws);
  CANVASS_ASSIGN_OR_RETURN(r->cache->stamp, store.ChangeStamp());  // before reading: a change during the read shows next time
  CANVASS_ASSIGN_OR_RETURN(auto in, store.AgreementInputFor(r->coders, &r->needs_review));
  if (!r->set.empty()) {
    CANVASS_ASSIGN_OR_RETURN(auto set, store.GetCodingSet(r->set));
    RestrictToSet(&in, set);
  }
  r->answers = static_cast<int>(in.answers.size());
  r->codings = static_cast<int>(in.codings.size());
  CANVASS_ASSIGN_OR_RETURN(r->chars, coding::CharacterAgreement(in));
  CANVASS_ASSIGN_OR_RETURN(r->segs, coding::SegmentAgreement(in));
  CANVASS_ASSIGN_OR_RETURN(r->dis, coding::ListDisagreements(in));
  CANVASS_ASSIGN_OR_RETURN(r->cache->cb, store.LoadCodebook());
  for (const coding::Code* c : r->cache->cb.InTreeOrder()) {  // inherited from the nearest colored ancestor
    uint32_t col = CodeColorAbgr(c->color);
    if (!col) col = c->parent_guid.empty() ? 0xFF888888u : r->cache->colors[c->parent_guid];
    r->cache->colors[c->guid] = col;
  }
  std::set<std::string> wanted;
  for (const auto& d : r->dis) wanted.insert(d.answer_id);
  CANVASS_ASSIGN_OR_RETURN(auto answers, store.OpenAnswersBulk());
  for (auto& a : answers)
    if (wanted.count(a.id())) r->cache->answers[a.id()] = std::move(a);
  return Status::Ok();
}

// A high percent agreement beside a kappa near 0 (or undefined) is the prevalence effect: when a
// code is rare, "neither coded it" dominates, chance agreement is already high, and kappa
// measures only the little that is left.
std::string PrevalenceNote(const std::string& path, const char* level_key, const coding::AgreementFigures& f) {
  if (!f.percent_agreement || *f.percent_agreement < 0.8) return "";
  if (f.cohen_kappa && *f.cohen_kappa > 0.2) return "";
  const auto& lang = i18n::Current();
  return F("msg.agreement.prevalence", path, T(level_key), lang.Decimal(*f.percent_agreement * 100, 1),
           f.cohen_kappa ? lang.Decimal(*f.cohen_kappa, 3) : T("agreement.na"));
}

AgreementRow RowOf(const coding::AgreementFigures& c, const coding::AgreementFigures& s, const coding::Codebook& cb) {
  AgreementRow row{c.code_guid, c.code_guid.empty() ? T("agreement.pooled") : cb.PathOf(c.code_guid), c, s, ""};
  if (row.code_path.empty()) row.code_path = c.code_guid;
  row.prevalence_note = PrevalenceNote(row.code_path, "agreement.level_characters", c);
  if (row.prevalence_note.empty()) row.prevalence_note = PrevalenceNote(row.code_path, "agreement.level_answers", s);
  return row;
}

// The computed figures and disagreements into the view (settlement: LoadDisagreement).
void FillView(const AgreeResult& r, AgreementView* view) {
  AgreementView& v = *view;
  const AgreeCache& cache = *r.cache;
  const coding::Codebook& cb = cache.cb;
  v.chosen = r.coders;
  v.set = r.set;
  v.answers = r.answers;
  v.codings = r.codings;
  v.needs_review = r.needs_review;
  v.rows.clear();
  for (size_t i = 0; i < r.chars.per_code.size() && i < r.segs.per_code.size(); ++i)
    v.rows.push_back(RowOf(r.chars.per_code[i], r.segs.per_code[i], cb));
  v.pooled = RowOf(r.chars.pooled, r.segs.pooled, cb);
  v.disagreements.clear();
  for (const auto& d : r.dis) {
    DisagreementRow row;
    row.answer_id = d.answer_id;
    auto a = cache.answers.find(d.answer_id);
    if (a != cache.answers.end()) {
      row.interview = a->second.interview;
      row.question = a->second.question;
      row.label = a->second.question_label;
    }
    row.code_guid = d.code_guid;
    row.code_path = cb.PathOf(d.code_guid);
    auto col = cache.colors.find(d.code_guid);
    if (col != cache.colors.end()) row.color = col->second;
    row.start = d.start;
    row.end = d.end;
    row.applied_by = d.applied_by;
    row.not_applied_by = d.not_applied_by;
    v.disagreements.push_back(std::move(row));
  }
}

}  // namespace

// [SECTION] refresh and compute

void Controller::RefreshAgreement() {
  AgreementView& v = view_.agreement;
  if (!ws_) return;
  storage::CodingStore store(ws_.get());
  auto codings = store.ListCodingsAsStored();
  auto answers = store.OpenAnswersBulk();
  auto sets = store.ListCodingSets();
  Status st = !codings.ok() ? codings.status() : !answers.ok() ? answers.status() : sets.status();
  if (!st.ok()) { v.error = F("msg.agreement.read_coders", st.message()); return; }
  std::set<std::string> coders;
  for (const auto& r : *codings) coders.insert(r.coder);
  for (const auto& a : *answers) coders.insert(a.completed_by.begin(), a.completed_by.end());
  v.coders.assign(coders.begin(), coders.end());
  auto rules = store.GetCodingSettings();
  if (rules.ok()) {
    v.can_set_rules = ws_->info().role == storage::Role::kCentral;
    v.rules_blind = rules->blind;
    v.count_rule = storage::CountRuleName(rules->count_rule);
    v.count_rule_text = CountRuleText(rules->count_rule);
  }
  v.sets.clear();
  for (const auto& s : *sets) v.sets.push_back({s.id, s.name, static_cast<int>(s.answers.size()), ""});
  if (agree_) {  // done marks may have moved (another screen, an import)
    for (const auto& a : *answers) {
      auto it = agree_->answers.find(a.id());
      if (it != agree_->answers.end()) it->second.completed_by = a.completed_by;
    }
    LoadDisagreement();
  }
}

void Controller::ComputeAgreement(const cmd::AgreementCompute& c) {
  AgreementView& v = view_.agreement;
  RefreshAgreement();  // the coders and sets as stored now
  if (!v.error.empty()) return;
  if (c.coders.size() < 2) { v.error = T("msg.agreement.two_coders"); return; }
  std::set<std::string> distinct(c.coders.begin(), c.coders.end());
  if (distinct.size() != c.coders.size()) { v.error = T("msg.agreement.coder_once"); return; }
  for (const auto& name : c.coders)
    if (!Has(v.coders, name)) {
      v.error = F("msg.agreement.unknown_coder", name, Joined(v.coders));
      return;
    }
  if (!c.set.empty() && std::none_of(v.sets.begin(), v.sets.end(), [&](const CodingSetRow& s) { return s.id == c.set; })) {
    v.error = F("msg.agreement.unknown_set", c.set);
    return;
  }
  if (!NeedWorkspace()) return;
  auto ws = std::make_shared<std::unique_ptr<storage::Workspace>>(std::move(ws_));
  auto r = std::make_shared<AgreeResult>();
  r->coders = c.coders;
  r->set = c.set;
  RunTask(T("msg.agreement.computing"), [this, ws, r]() -> Finish {
    r->status = ComputeOn(ws->get(), r.get());
    return [this, ws, r] {
      ws_ = std::move(*ws);
      AgreementView& v = view_.agreement;
      if (!r->status.ok()) { v.error = F("msg.agreement.not_computed", r->status.message()); return; }
      agree_ = r->cache;
      FillView(*r, &v);
      v.selected = v.disagreements.empty() ? -1 : 0;
      LoadDisagreement();
      v.message = P("msg.agreement.computed", v.answers, P("msg.agreement.spans", static_cast<int64_t>(v.disagreements.size())));
    };
  });
}

// Coming back to the screen after codings, done marks or the codebook changed (here, through
// a merge, or on the Coding screen): the shown figures are recomputed for the same coders and
// set, so they are never silently stale.
void Controller::RecomputeAgreementIfChanged() {
  AgreementView& v = view_.agreement;
  if (!agree_ || !ws_ || v.chosen.empty()) return;
  auto stamp = storage::CodingStore(ws_.get()).ChangeStamp();
  if (!stamp.ok() || *stamp == agree_->stamp) return;
  ComputeAgreement(cmd::AgreementCompute{v.chosen, v.set});
}

// [SECTION] commands (settling: controller_consensus.cpp)

void Controller::HandleAgreement(cmd::Agreement& c) {
  AgreementView& v = view_.agreement;
  v.message.clear();
  v.error.clear();
  if (!NeedWorkspace()) return;
  if (auto* cc = std::get_if<cmd::AgreementCompute>(&c.op)) return ComputeAgreement(*cc);
  if (auto* r = std::get_if<cmd::AgreementRules>(&c.op)) {
    storage::CodingStore store(ws_.get());
    auto rule = storage::ParseCountRule(r->count_rule);
    if (!rule.ok()) { v.error = rule.status().message(); return; }
    Status st = store.SetBlindProject(r->blind, SessionCoder());
    if (st.ok()) st = store.SetCountRule(*rule, SessionCoder());
    if (!st.ok()) { v.error = F("msg.agreement.rules_not_changed", st.message()); return; }
    RefreshAgreement();
    v.message = F("msg.agreement.rules_saved", T(r->blind ? "agreement.on" : "agreement.off"), v.count_rule_text);
    return;
  }
  if (auto* p = std::get_if<cmd::AgreementPreview>(&c.op)) {
    v.preview_start = p->start;
    v.preview_end = p->end;
    return LoadDisagreement();
  }
  if (auto* s = std::get_if<cmd::AgreementSelect>(&c.op)) {
    v.selected = v.disagreements.empty() ? -1 : std::clamp(s->index, 0, static_cast<int>(v.disagreements.size()) - 1);
    return LoadDisagreement();
  }
  if (auto* e = std::get_if<cmd::AgreementExport>(&c.op)) {
    if (v.chosen.empty()) { v.error = T("msg.agreement.export_compute_first"); return; }
    if (e->path.empty()) { v.error = T("msg.agreement.export_no_path"); return; }
    const bool small = v.answers > 0 && v.answers < kSmallCount;
    const std::string answers = small ? "<5" : std::to_string(v.answers);
    const std::string coders = Csv(Joined(v.chosen));
    std::string csv = "coders,answers,level,code,units,percent_agreement,cohen_kappa,krippendorff_alpha\n";
    auto line = [&](const char* level, const AgreementRow& r, const coding::AgreementFigures& f) {
      double u = f.units;
      // Segment units are answers (pooled: answers x codes, which would reveal a small answer count).
      std::string units = std::to_string(static_cast<int64_t>(u));
      if (std::string(level) == "segment" && small) units = r.code_guid.empty() ? "(s)" : "<5";
      const std::string code = r.code_guid.empty() ? "(pooled)" : r.code_path;  // the file's words do not depend on the language
      csv += coders + "," + answers + "," + level + "," + Csv(code) + "," + units + "," + Num(f.percent_agreement) + "," +
             Num(f.cohen_kappa) + "," + Num(f.krippendorff_alpha) + "\n";
    };
    for (const char* level : {"character", "segment"}) {
      bool ch = std::string(level) == "character";
      for (const auto& r : v.rows) line(level, r, ch ? r.character : r.segment);
      line(level, v.pooled, ch ? v.pooled.character : v.pooled.segment);
    }
    if (Status st = core::WriteFileAtomic(e->path, csv, true); !st.ok()) { v.error = F("msg.agreement.not_exported", st.message()); return; }
    v.message = F("msg.agreement.exported", e->path);
    return;
  }
  if (!agree_) { v.error = T("msg.agreement.compute_first"); return; }
  SettleDisagreement(c);
}

}  // namespace canvass::app
