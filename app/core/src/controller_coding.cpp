// Controller, coding workbench: builds CodingView from the workspace (CodingStore) and
// applies the coding commands (coder, blind mode, queue filter, select, apply, remove,
// done, memo). Every command rebuilds the view, so what is drawn is what is stored.
#include <algorithm>
#include <map>
#include <set>

#include "app/controller.h"
#include "storage/coding_store.h"

namespace canvass::app {

using core::Status;

namespace {

uint32_t ParseColor(const std::string& c) {
  if (!coding::IsValidColor(c)) return 0;
  std::string hex = c.size() == 4 ? std::string{c[1], c[1], c[2], c[2], c[3], c[3]} : c.substr(1);
  unsigned v = static_cast<unsigned>(std::stoul(hex, nullptr, 16));
  unsigned r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF;
  return 0xFF000000u | (b << 16) | (g << 8) | r;  // IM_COL32 layout
}

std::vector<uint32_t> CodePoints(const std::string& s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

bool Passes(const CodingQueueFilter& f, const storage::OpenAnswer& a, const std::string& coder) {
  if (!f.form_id.empty() && a.form_id != f.form_id) return false;
  if (!f.question.empty() && a.question != f.question) return false;
  if (!f.role.empty() && a.role != f.role) return false;
  if (!f.area.empty() && !Has(a.areas, f.area)) return false;
  bool done = Has(a.completed_by, coder);
  if (f.status == "todo" && done) return false;
  if (f.status == "done" && !done) return false;
  return true;
}

void AddChoice(std::vector<std::string>* v, const std::string& s) {
  if (!s.empty() && !Has(*v, s)) v->push_back(s);
}

}  // namespace

void Controller::RefreshCoding() {
  CodingView& v = view_.coding;
  if (!ws_) return;
  if (v.coder.empty()) v.coder = ws_->info().device_name;
  storage::CodingStore store(ws_.get());
  auto answers = store.OpenAnswers();
  auto codings = store.ListCodings();
  auto cb = store.LoadCodebook();
  if (!answers.ok() || !codings.ok() || !cb.ok()) {
    v.error = "Could not load the coding queue: " +
              (!answers.ok() ? answers.status() : !codings.ok() ? codings.status() : cb.status()).message();
    return;
  }
  std::string sel_iv, sel_q;
  if (v.selected >= 0 && v.selected < static_cast<int>(v.queue.size())) {
    sel_iv = v.queue[v.selected].interview;
    sel_q = v.queue[v.selected].question;
  }
  v.forms.clear(); v.questions.clear(); v.areas.clear(); v.roles.clear(); v.queue.clear();
  std::map<std::string, int> mine_per_answer, uses;
  for (const auto& r : *codings)
    if (r.coder == v.coder) { ++mine_per_answer[r.answer_id()]; ++uses[r.code_guid]; }
  const storage::OpenAnswer* selected = nullptr;
  v.selected = -1;
  for (const auto& a : *answers) {
    AddChoice(&v.forms, a.form_id);
    AddChoice(&v.questions, a.question);
    AddChoice(&v.roles, a.role);
    for (const auto& ar : a.areas) AddChoice(&v.areas, ar);
    if (!Passes(v.filter, a, v.coder)) continue;
    CodingQueueRow row{a.interview, a.question, a.form_id, a.question_label, a.role, a.status, Joined(a.areas), Joined(a.forms),
                       a.length, mine_per_answer[a.id()], Has(a.completed_by, v.coder), a.completed_by};
    if (a.interview == sel_iv && a.question == sel_q) { v.selected = static_cast<int>(v.queue.size()); selected = &a; }
    v.queue.push_back(std::move(row));
  }
  if (!selected && !v.queue.empty()) {
    v.selected = 0;
    for (const auto& a : *answers)
      if (a.interview == v.queue[0].interview && a.question == v.queue[0].question) selected = &a;
  }
  // Palette: every code (color inherited from the nearest colored ancestor), hotkeys = most used.
  v.codes.clear();
  std::map<std::string, uint32_t> colors;
  for (const coding::Code* c : cb->InTreeOrder()) {
    uint32_t col = ParseColor(c->color);
    if (!col) col = c->parent_guid.empty() ? 0xFF888888u : colors[c->parent_guid];
    colors[c->guid] = col;
    v.codes.push_back({c->guid, c->name, cb->PathOf(c->guid), col, uses[c->guid]});
  }
  std::vector<CodeChip> ranked = v.codes;
  std::stable_sort(ranked.begin(), ranked.end(), [](const CodeChip& a, const CodeChip& b) { return a.uses > b.uses; });
  std::stable_partition(ranked.begin(), ranked.end(), [&](const CodeChip& c) {  // leaves before groups when unused
    return c.uses > 0 || cb->Children(c.guid).empty();
  });
  ranked.resize(std::min<size_t>(9, ranked.size()));
  v.hotkeys = std::move(ranked);
  // The selected answer.
  v.text.clear(); v.code_points.clear(); v.spans.clear(); v.memo.clear(); v.hidden_others = 0;
  if (!selected) return;
  v.text = selected->text;
  v.code_points = CodePoints(v.text);
  bool me_done = Has(selected->completed_by, v.coder);
  for (const auto& r : *codings) {
    if (r.answer_id() != selected->id()) continue;
    bool mine = r.coder == v.coder;
    if (!mine && v.blind && !(me_done && Has(selected->completed_by, r.coder))) { ++v.hidden_others; continue; }
    v.spans.push_back({r.id, r.code_guid, cb->PathOf(r.code_guid), r.coder, r.start, r.end,
                       colors.count(r.code_guid) ? colors[r.code_guid] : 0xFF888888u, mine, r.fate});
  }
  auto memos = store.ListMemos(storage::AnswerTarget(selected->interview, selected->question));
  if (memos.ok())
    for (const auto& m : *memos)
      if (m.coder == v.coder) v.memo = m.text;
}

void Controller::HandleCoding(cmd::Coding& c) {
  CodingView& v = view_.coding;
  v.message.clear();
  v.error.clear();
  if (!NeedWorkspace()) return;
  storage::CodingStore store(ws_.get());
  auto current = [&]() -> const CodingQueueRow* {
    return v.selected >= 0 && v.selected < static_cast<int>(v.queue.size()) ? &v.queue[v.selected] : nullptr;
  };
  Status st;
  if (auto* o = std::get_if<cmd::CodingSetCoder>(&c.op)) {
    if (o->coder.empty() || o->coder.size() > 200) { v.error = "Type your coder name (1 to 200 characters)."; return; }
    v.coder = o->coder;
  } else if (auto* b = std::get_if<cmd::CodingSetBlind>(&c.op)) {
    v.blind = b->blind;
  } else if (auto* f = std::get_if<cmd::CodingSetFilter>(&c.op)) {
    v.filter = f->filter;
    v.selected = -1;
  } else if (auto* s = std::get_if<cmd::CodingSelect>(&c.op)) {
    v.selected = v.queue.empty() ? -1 : std::clamp(s->index, 0, static_cast<int>(v.queue.size()) - 1);
  } else if (auto* a = std::get_if<cmd::CodingApply>(&c.op)) {
    const CodingQueueRow* row = current();
    if (!row) { v.error = "Select an answer first."; return; }
    if (a->end <= a->start) { v.error = "Select some text first (mouse drag, or Shift+arrows)."; return; }
    auto id = store.AddCoding({row->interview, row->question, a->start, a->end, a->code_guid, v.coder});
    st = id.status();
    if (st.ok()) v.message = "Coded.";
  } else if (auto* r = std::get_if<cmd::CodingRemove>(&c.op)) {
    st = store.RemoveCoding(r->coding_id, v.coder);
    if (st.ok()) v.message = "Coding removed (kept in history).";
  } else if (auto* d = std::get_if<cmd::CodingDone>(&c.op)) {
    const CodingQueueRow* row = current();
    if (!row) { v.error = "Select an answer first."; return; }
    st = store.SetCompleted(row->interview, row->question, v.coder, d->done);
    if (st.ok() && d->done) {
      v.message = "Marked done.";
      for (int i = v.selected + 1; i < static_cast<int>(v.queue.size()); ++i)
        if (!v.queue[i].done_by_me) { v.selected = i; break; }  // on to the next open answer
    }
  } else if (auto* m = std::get_if<cmd::CodingMemo>(&c.op)) {
    const CodingQueueRow* row = current();
    if (!row) { v.error = "Select an answer first."; return; }
    st = store.SetMemo(storage::AnswerTarget(row->interview, row->question), v.coder, m->text);
    if (st.ok()) v.message = "Memo saved.";
  }
  if (!st.ok()) v.error = st.message();
  RefreshCoding();
}

}  // namespace canvass::app
