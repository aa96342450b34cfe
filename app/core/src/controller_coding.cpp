// Controller, coding workbench: builds CodingView from the workspace (CodingStore) and
// applies the coding commands (coder, blind mode, queue filter, select, apply, remove,
// done, memo, add the queue to a coding set).
//
// The open answers, the stored codings (for counts), the codebook and the coding sets are
// read once into a CodingCache and reused while the workspace's change stamp (max version
// rowid) is the one the cache was built at. An action writes one version, patches the cache
// and the affected queue row, and re-reads only the selected answer's codings, so an action
// costs the same with 50 or 5,000 interviews. A change made elsewhere (sync import, a new
// interview) moves the stamp and the next refresh reloads everything.
//
// [SECTION] helpers   [SECTION] cache   [SECTION] queue and palette   [SECTION] commands
#include <algorithm>
#include <map>
#include <set>

#include "app/controller.h"
#include "app/i18n.h"
#include "coding/text_span.h"
#include "storage/coding_store.h"

namespace canvass::app {

using core::Status;

// [SECTION] helpers

uint32_t CodeColorAbgr(const std::string& c) {
  if (!coding::IsValidColor(c)) return 0;
  std::string hex = c.size() == 4 ? std::string{c[1], c[1], c[2], c[2], c[3], c[3]} : c.substr(1);
  unsigned v = static_cast<unsigned>(std::stoul(hex, nullptr, 16));
  unsigned r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF;
  return 0xFF000000u | (b << 16) | (g << 8) | r;  // IM_COL32 layout
}

namespace {


std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// The k-th uncolored child's shade of its parent's color (IM_COL32): alternately lighter and
// darker, so sibling codes' underlines can be told apart.
uint32_t ChildShade(uint32_t parent, int k) {
  static const float kMix[] = {0.35f, -0.35f, 0.6f, -0.55f, 0.15f, -0.15f};
  const float m = kMix[k % 6];
  uint32_t out = parent & 0xFF000000u;
  for (int shift = 0; shift < 24; shift += 8) {
    float ch = static_cast<float>((parent >> shift) & 0xFF);
    ch = m > 0 ? ch + (255.f - ch) * m : ch * (1.f + m);
    out |= static_cast<uint32_t>(std::clamp(ch, 0.f, 255.f)) << shift;
  }
  return out;
}

void AddChoice(std::vector<std::string>* v, const std::string& s) {
  if (!s.empty() && !Has(*v, s)) v->push_back(s);
}

}  // namespace

// [SECTION] cache

// What the workbench read from the workspace, valid while `stamp` is current.
struct CodingCache {
  int64_t stamp = -1;
  std::vector<storage::OpenAnswer> answers;
  std::map<std::string, size_t> index;                            // answer id -> answers[i]
  std::map<std::string, std::map<std::string, int>> per_answer;   // answer id -> coder -> codings
  std::map<std::string, std::map<std::string, int>> uses;         // coder -> code -> codings
  std::map<std::string, std::pair<std::string, std::string>> coding_of;  // coding id -> (answer id, coder)
  std::map<std::string, std::string> code_of;                     // coding id -> code
  coding::Codebook cb;
  std::map<std::string, uint32_t> colors;
  std::vector<storage::CodingSet> sets;
  std::map<std::string, std::vector<size_t>> sets_of;             // answer id -> indexes into sets
  std::map<std::string, std::string> area_name;                   // area id -> name
  // The selected answer: its codings after relocation onto the current text.
  std::string detail_key;
  std::vector<storage::CodingRecord> detail;

  // Did `coder` finish every answer of sets[s] that this workspace holds?
  bool Finished(size_t s, const std::string& coder) const {
    for (const auto& id : sets[s].answers) {
      auto it = index.find(id);
      if (it != index.end() && !Has(answers[it->second].completed_by, coder)) return false;
    }
    return true;
  }
  // Blind rule: another coder's codings on an answer show once both coders finished every
  // set the answer belongs to; an answer in no set needs both to have finished the answer.
  bool Visible(const storage::OpenAnswer& a, const std::string& viewer, const std::string& other) const {
    auto it = sets_of.find(a.id());
    if (it == sets_of.end()) return Has(a.completed_by, viewer) && Has(a.completed_by, other);
    for (size_t s : it->second)
      if (!Finished(s, viewer) || !Finished(s, other)) return false;
    return true;
  }
  std::string Progress(size_t s, const std::string& me) const {
    std::map<std::string, int> done;
    done[me];
    int total = 0;
    for (const auto& id : sets[s].answers) {
      auto it = index.find(id);
      if (it == index.end()) continue;
      ++total;
      for (const auto& c : answers[it->second].completed_by) ++done[c];
    }
    std::string out;
    for (const auto& [coder, n] : done)
      out += (out.empty() ? "" : ", ") + F("msg.coding.progress", coder, n, total);
    return out;
  }
  void Count(const std::string& id, const std::string& answer, const std::string& coder, const std::string& code, int delta) {
    per_answer[answer][coder] += delta;
    uses[coder][code] += delta;
    if (delta > 0) { coding_of[id] = {answer, coder}; code_of[id] = code; }
    else { coding_of.erase(id); code_of.erase(id); }
  }
};

void Controller::ReloadCodingCache() {
  auto cache = std::make_shared<CodingCache>();
  storage::CodingStore store(ws_.get());
  auto stamp = store.ChangeStamp();
  auto answers = store.OpenAnswersBulk();
  auto codings = store.ListCodingsAsStored();
  auto cb = store.LoadCodebook();
  auto sets = store.ListCodingSets();
  Status st = !stamp.ok() ? stamp.status() : !answers.ok() ? answers.status() : !codings.ok() ? codings.status()
              : !cb.ok() ? cb.status() : sets.status();
  if (!st.ok()) {
    view_.coding.error = F("msg.coding.load_failed", st.message());
    coding_cache_.reset();
    return;
  }
  cache->stamp = *stamp;
  cache->answers = std::move(*answers);
  for (size_t i = 0; i < cache->answers.size(); ++i) cache->index[cache->answers[i].id()] = i;
  for (const auto& r : *codings) cache->Count(r.id, r.answer_id(), r.coder, r.code_guid, +1);
  cache->cb = std::move(*cb);
  std::map<std::string, int> nth;  // a child's place among its siblings
  for (const coding::Code* c : cache->cb.InTreeOrder()) {  // a shade of the nearest colored ancestor's color
    uint32_t col = CodeColorAbgr(c->color);
    if (!col) col = c->parent_guid.empty() ? 0xFF888888u : ChildShade(cache->colors[c->parent_guid], nth[c->parent_guid]++);
    cache->colors[c->guid] = col;
  }
  cache->sets = std::move(*sets);
  auto areas = ws_->ListAreas();
  if (areas.ok())
    for (const auto& ar : *areas) cache->area_name[ar.id] = ar.name;
  for (size_t s = 0; s < cache->sets.size(); ++s)
    for (const auto& id : cache->sets[s].answers) cache->sets_of[id].push_back(s);
  coding_cache_ = std::move(cache);
}

// [SECTION] queue and palette

void Controller::BuildCodingQueue() {
  CodingView& v = view_.coding;
  const CodingCache& c = *coding_cache_;
  std::string sel;
  if (v.selected >= 0 && v.selected < static_cast<int>(v.queue.size()))
    sel = v.queue[v.selected].interview + "/" + v.queue[v.selected].question;
  v.forms.clear(); v.questions.clear(); v.areas.clear(); v.roles.clear(); v.queue.clear(); v.sets.clear();
  v.selected = -1;
  std::set<std::string> in_set;
  for (size_t s = 0; s < c.sets.size(); ++s) {
    v.sets.push_back({c.sets[s].id, c.sets[s].name, static_cast<int>(c.sets[s].answers.size()), c.Progress(s, v.coder)});
    if (c.sets[s].id == v.filter.set) in_set.insert(c.sets[s].answers.begin(), c.sets[s].answers.end());
  }
  if (!v.filter.set.empty() && std::none_of(c.sets.begin(), c.sets.end(), [&](const auto& s) { return s.id == v.filter.set; }))
    v.filter.set.clear();  // the set is gone
  const auto& f = v.filter;
  for (const auto& a : c.answers) {
    AddChoice(&v.forms, a.form_id);
    AddChoice(&v.questions, a.question);
    AddChoice(&v.roles, a.role);
    for (const auto& ar : a.areas) AddChoice(&v.areas, ar);
    if (!f.form_id.empty() && a.form_id != f.form_id) continue;
    if (!f.question.empty() && a.question != f.question) continue;
    if (!f.role.empty() && a.role != f.role) continue;
    if (!f.area.empty() && !Has(a.areas, f.area)) continue;
    if (!f.set.empty() && !in_set.count(a.id())) continue;
    bool done = Has(a.completed_by, v.coder);
    if ((f.status == "todo" && done) || (f.status == "done" && !done)) continue;
    auto pa = c.per_answer.find(a.id());
    int mine = 0;
    if (pa != c.per_answer.end()) {
      auto m = pa->second.find(v.coder);
      mine = m == pa->second.end() ? 0 : m->second;
    }
    if (a.id() == sel) v.selected = static_cast<int>(v.queue.size());
    std::vector<std::string> area_names;
    for (const auto& id : a.areas) {
      auto nm = c.area_name.find(id);
      area_names.push_back(nm == c.area_name.end() || nm->second.empty() ? id : nm->second);
    }
    v.queue.push_back({a.interview, a.question, a.form_id, a.question_label, a.role, a.status, Joined(area_names),
                       Joined(a.forms), a.length, mine, done, a.completed_by});
  }
  if (v.selected < 0 && !v.queue.empty()) v.selected = 0;
  // Palette: every code; hotkeys = the codes this coder used most (leaves first when unused).
  v.codes.clear();
  auto mine = c.uses.find(v.coder);
  for (const coding::Code* code : c.cb.InTreeOrder()) {
    int uses = 0;
    if (mine != c.uses.end()) {
      auto u = mine->second.find(code->guid);
      uses = u == mine->second.end() ? 0 : u->second;
    }
    v.codes.push_back({code->guid, code->name, c.cb.PathOf(code->guid), c.colors.at(code->guid), uses});
  }
  std::vector<CodeChip> ranked = v.codes;
  std::stable_sort(ranked.begin(), ranked.end(), [](const CodeChip& a, const CodeChip& b) { return a.uses > b.uses; });
  std::stable_partition(ranked.begin(), ranked.end(), [&](const CodeChip& chip) {
    return chip.uses > 0 || c.cb.Children(chip.guid).empty();
  });
  ranked.resize(std::min<size_t>(9, ranked.size()));
  v.hotkeys = std::move(ranked);
}

void Controller::LoadCodingAnswer() {
  CodingView& v = view_.coding;
  CodingCache& c = *coding_cache_;
  v.text.clear(); v.code_points.clear(); v.spans.clear(); v.memo.clear(); v.hidden_others = 0;
  v.context_before.clear(); v.context_after.clear();
  if (v.selected < 0 || v.selected >= static_cast<int>(v.queue.size())) return;
  const CodingQueueRow& row = v.queue[v.selected];
  const std::string key = row.interview + "/" + row.question;
  auto it = c.index.find(key);
  if (it == c.index.end()) return;
  const storage::OpenAnswer& a = c.answers[it->second];
  storage::CodingStore store(ws_.get());
  if (c.detail_key != key) {
    auto codings = store.ListCodings(storage::CodingFilter{{}, row.interview, row.question});
    if (!codings.ok()) { v.error = F("msg.coding.codings_failed", codings.status().message()); return; }
    c.detail = std::move(*codings);
    c.detail_key = key;
  }
  v.text = a.text;
  v.code_points = coding::DecodeCodePoints(v.text);
  // The interview around the answer: its previous and next codable answers (same interview).
  const size_t at = it->second;
  if (at > 0 && c.answers[at - 1].interview == a.interview)
    v.context_before.emplace_back(c.answers[at - 1].question_label, c.answers[at - 1].text);
  if (at + 1 < c.answers.size() && c.answers[at + 1].interview == a.interview)
    v.context_after.emplace_back(c.answers[at + 1].question_label, c.answers[at + 1].text);
  for (const auto& r : c.detail) {
    bool mine = r.coder == v.coder;
    if (!mine && v.blind && !c.Visible(a, v.coder, r.coder)) { ++v.hidden_others; continue; }
    auto col = c.colors.find(r.code_guid);
    v.spans.push_back({r.id, r.code_guid, c.cb.PathOf(r.code_guid), r.coder, r.start, r.end,
                       col == c.colors.end() ? 0xFF888888u : col->second, mine, r.fate});
  }
  auto memos = store.ListMemos(storage::AnswerTarget(row.interview, row.question));
  if (memos.ok())
    for (const auto& m : *memos)
      if (m.coder == v.coder) v.memo = m.text;
}

void Controller::RefreshCoding() {
  CodingView& v = view_.coding;
  if (!ws_) return;
  if (v.coder.empty()) v.coder = ws_->info().device_name;
  // A coder's laptop is enrolled for one person: its name is the coder, fixed.
  if (ws_->info().role != storage::Role::kCentral) v.coder_chosen = true;
  auto stamp = storage::CodingStore(ws_.get()).ChangeStamp();
  if (!coding_cache_ || !stamp.ok() || *stamp != coding_cache_->stamp) ReloadCodingCache();
  if (!coding_cache_) return;
  auto rules = storage::CodingStore(ws_.get()).GetCodingSettings();
  v.project_blind = rules.ok() && rules->blind;
  if (v.project_blind) v.blind = true;
  std::set<std::string> known;
  for (const auto& [coder, uses] : coding_cache_->uses) known.insert(coder);
  for (const auto& a : coding_cache_->answers) known.insert(a.completed_by.begin(), a.completed_by.end());
  known.erase(storage::kConsensusCoder);
  v.known_coders.assign(known.begin(), known.end());
  BuildCodingQueue();
  LoadCodingAnswer();
}

// [SECTION] commands

namespace {

// The selected answer was marked (not) done by the coder: patch the cache, its row and the
// sets' progress; when done, move on to the next answer not done.
void NoteDone(CodingCache& cache, CodingView& v, bool done) {
  CodingQueueRow& row = v.queue[v.selected];
  auto& by = cache.answers[cache.index.at(row.interview + "/" + row.question)].completed_by;
  if (done && !Has(by, v.coder)) by.push_back(v.coder);
  if (!done) by.erase(std::remove(by.begin(), by.end(), v.coder), by.end());
  row.done_by = by;
  row.done_by_me = done;
  for (auto& s : v.sets)
    for (size_t k = 0; k < cache.sets.size(); ++k)
      if (cache.sets[k].id == s.id) s.progress = cache.Progress(k, v.coder);
  if (!done) return;
  v.message = T("msg.coding.marked_done");
  for (int i = v.selected + 1; i < static_cast<int>(v.queue.size()); ++i)
    if (!v.queue[i].done_by_me) { v.selected = i; break; }
}

}  // namespace

void Controller::ApplyCodingOp(cmd::Coding& c) {
  CodingView& v = view_.coding;
  CodingCache& cache = *coding_cache_;
  storage::CodingStore store(ws_.get());
  CodingQueueRow* row = v.selected >= 0 && v.selected < static_cast<int>(v.queue.size()) ? &v.queue[v.selected] : nullptr;
  const std::string key = row ? row->interview + "/" + row->question : "";
  auto need_row = [&]() {
    if (!row) v.error = T("msg.coding.select_answer");
    return row != nullptr;
  };
  Status st;
  v.coder_chosen = true;  // the first action fixes who is coding for this session
  if (auto* a = std::get_if<cmd::CodingApply>(&c.op)) {
    if (!need_row()) return;
    if (a->end <= a->start) { v.error = T("msg.coding.select_text"); return; }
    auto id = store.AddCoding({row->interview, row->question, a->start, a->end, a->code_guid, v.coder});
    st = id.status();
    if (st.ok()) {
      auto code = storage::CodingStore::ResolveCode(cache.cb, a->code_guid);
      storage::CodingRecord r;
      r.id = *id; r.interview = row->interview; r.question = row->question; r.start = a->start; r.end = a->end;
      r.code_guid = code.ok() ? *code : a->code_guid; r.coder = v.coder;
      r.created = core::FormatIsoUtc(ws_->clock()->NowMillis());
      cache.Count(r.id, key, r.coder, r.code_guid, +1);
      PushUndo({UndoStep::Kind::kAddCoding, r.id, {}, "", cache.cb.PathOf(r.code_guid)});
      if (cache.detail_key == key) cache.detail.push_back(std::move(r));
      ++row->my_codings;
      v.message = T("msg.coding.coded");
    }
  } else if (auto* rm = std::get_if<cmd::CodingRemove>(&c.op)) {
    auto owner = cache.coding_of.find(rm->coding_id);
    if (owner == cache.coding_of.end() || owner->second.second != v.coder) {
      v.error = F("msg.coding.only_own", v.coder);
      return;
    }
    storage::NewCoding back;
    for (const auto& r : cache.detail)
      if (r.id == rm->coding_id) back = {r.interview, r.question, r.start, r.end, r.code_guid, r.coder};
    st = store.RemoveCoding(rm->coding_id, v.coder);
    if (st.ok() && !back.interview.empty())
      PushUndo({UndoStep::Kind::kRemoveCoding, rm->coding_id, back, "", cache.cb.PathOf(back.code)});
    if (st.ok()) {
      auto it = cache.coding_of.find(rm->coding_id);
      if (it != cache.coding_of.end()) {
        auto [answer, coder] = it->second;
        if (row && answer == key && coder == v.coder) --row->my_codings;
        cache.Count(rm->coding_id, answer, coder, cache.code_of[rm->coding_id], -1);
      }
      cache.detail.erase(std::remove_if(cache.detail.begin(), cache.detail.end(),
                                        [&](const storage::CodingRecord& r) { return r.id == rm->coding_id; }),
                         cache.detail.end());
      v.message = T("msg.coding.removed");
    }
  } else if (auto* d = std::get_if<cmd::CodingDone>(&c.op)) {
    if (!need_row()) return;
    st = store.SetCompleted(row->interview, row->question, v.coder, d->done);
    if (st.ok()) NoteDone(cache, v, d->done);
  } else if (auto* m = std::get_if<cmd::CodingMemo>(&c.op)) {
    if (!need_row()) return;
    st = store.SetMemo(storage::AnswerTarget(row->interview, row->question), v.coder, m->text);
    if (st.ok()) v.message = T("msg.coding.memo_saved");
  }
  if (!st.ok()) { v.error = st.message(); return; }
  auto stamp = store.ChangeStamp();  // our own write: the cache stays current
  if (stamp.ok()) cache.stamp = *stamp;
  LoadCodingAnswer();
}

// In-vivo: the selected words (blanks collapsed, at most 60 characters, '/' as U+2215) name a
// top-level code, made unless it exists; then it is applied to the selection like key 1-9.
void Controller::InVivo(const cmd::CodingInVivo& iv) {
  CodingView& v = view_.coding;
  const int64_t n = static_cast<int64_t>(v.code_points.size());
  if (v.selected < 0 || iv.end <= iv.start || iv.start < 0 || iv.end > n) { v.error = T("msg.coding.invivo_select"); return; }
  const std::string name = coding::InVivoName(v.code_points, iv.start, iv.end);
  if (name.empty()) { v.error = T("msg.coding.invivo_no_words"); return; }
  storage::CodingStore store(ws_.get());
  const coding::Code* existing = coding_cache_ ? coding_cache_->cb.FindByPath(name) : nullptr;
  std::string guid = existing ? existing->guid : "";
  if (guid.empty()) {
    // The description is stored in the workspace and seen by every coder: data, in one language.
    auto made = store.AddCode("", name, "In vivo, from the words of an answer.", "", v.coder);  // i18n-ok: stored description
    if (!made.ok()) { v.error = F("msg.coding.invivo_failed", made.status().message()); return; }
    guid = *made;
    ReloadCodingCache();  // the codebook changed
    if (!coding_cache_) return;
    BuildCodingQueue();
  }
  cmd::Coding apply{cmd::CodingApply{iv.start, iv.end, guid}};
  ApplyCodingOp(apply);
  if (v.error.empty()) v.message = existing ? F("msg.coding.invivo_existing", name) : F("msg.coding.invivo_new", name);
}

void Controller::HandleCoding(cmd::Coding& c) {
  CodingView& v = view_.coding;
  v.message.clear();
  v.error.clear();
  if (!NeedWorkspace()) return;
  auto stamp = storage::CodingStore(ws_.get()).ChangeStamp();
  if (!coding_cache_ || !stamp.ok() || *stamp != coding_cache_->stamp) {
    RefreshCoding();  // changed elsewhere: act on what is stored now
    if (!coding_cache_) return;
  }
  if (auto* o = std::get_if<cmd::CodingSetCoder>(&c.op)) {
    if (v.coder_chosen && o->coder != v.coder) {
      v.error = ws_->info().role == storage::Role::kCentral ? F("msg.coding.coder_fixed", v.coder)
                                                            : F("msg.coding.coder_enrolled", v.coder);
      return;
    }
    if (o->coder.empty() || o->coder.size() > 200) { v.error = T("msg.coding.coder_length"); return; }
    if (o->coder == storage::kConsensusCoder) {
      v.error = F("msg.coding.coder_consensus", storage::kConsensusCoder);
      return;
    }
    v.coder = o->coder;
    v.coder_chosen = true;
    v.message = F("msg.coding.coding_as", v.coder);
  } else if (auto* b = std::get_if<cmd::CodingSetBlind>(&c.op)) {
    if (v.project_blind && !b->blind) {
      v.error = T("msg.coding.blind_project");
      return;
    }
    v.blind = b->blind;
    return LoadCodingAnswer();
  } else if (auto* f = std::get_if<cmd::CodingSetFilter>(&c.op)) {
    v.filter = f->filter;
    v.selected = -1;
  } else if (auto* s = std::get_if<cmd::CodingSelect>(&c.op)) {
    v.selected = v.queue.empty() ? -1 : std::clamp(s->index, 0, static_cast<int>(v.queue.size()) - 1);
    return LoadCodingAnswer();
  } else if (auto* q = std::get_if<cmd::CodingQueueToSet>(&c.op)) {
    storage::CodingStore store(ws_.get());
    std::vector<std::string> ids;
    for (const auto& r : v.queue) ids.push_back(r.interview + "/" + r.question);
    if (ids.empty()) { v.error = T("msg.coding.queue_empty"); return; }
    auto set = store.GetCodingSet(q->name);
    Status st = set.status();
    std::string id = set.ok() ? set->id : "";
    if (set.status().code() == core::Code::kNotFound) {
      auto made = store.AddCodingSet(q->name, v.coder);
      st = made.status();
      if (made.ok()) id = *made;
    }
    if (!st.ok()) { v.error = st.message(); return; }
    auto n = store.AddToCodingSet(id, ids, v.coder);
    if (!n.ok()) { v.error = n.status().message(); return; }
    RefreshCoding();  // sets changed: reload (a set is rare; answers stay correct)
    v.message = P("msg.coding.set_added", *n, q->name);
    return;
  } else if (auto* e = std::get_if<cmd::CodingEditSet>(&c.op)) {
    if (v.filter.set.empty()) { v.error = T("msg.coding.choose_set"); return; }
    storage::CodingStore store(ws_.get());
    using Op = cmd::CodingEditSet::Op;
    Status st;
    if (e->op == Op::kRemoveQueue) {
      std::vector<std::string> ids;
      for (const auto& r : v.queue) ids.push_back(r.interview + "/" + r.question);
      auto n = store.RemoveFromCodingSet(v.filter.set, ids, v.coder);
      st = n.status();
      if (n.ok()) v.message = P("msg.coding.set_took", *n);
    } else if (e->op == Op::kRename) {
      st = store.RenameCodingSet(v.filter.set, e->name, v.coder);
      if (st.ok()) v.message = F("msg.coding.set_renamed", e->name);
    } else {
      st = store.DeleteCodingSet(v.filter.set, v.coder);
      if (st.ok()) {
        v.filter.set.clear();
        v.message = T("msg.coding.set_deleted");
      }
    }
    if (!st.ok()) { v.message.clear(); v.error = st.message(); return; }
    RefreshCoding();
    return;
  } else if (auto* iv = std::get_if<cmd::CodingInVivo>(&c.op)) {
    return InVivo(*iv);
  } else {
    return ApplyCodingOp(c);
  }
  BuildCodingQueue();
  LoadCodingAnswer();
}

}  // namespace canvass::app
