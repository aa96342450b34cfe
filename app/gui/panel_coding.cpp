// Coding workbench: a filterable queue of open-text answers; the selected answer drawn with
// colored underlines per coding and a legend; select a span with the mouse or the keyboard
// (Shift+arrows) and press 1-9 for the most used codes or pick any code in the search box.
// Named coding sets filter the queue and show each coder's progress; "Add queue to set"
// puts every answer of the current queue into a set (created when new).
//
// [SECTION] filters and queue   [SECTION] answer text widget   [SECTION] keys, palette, codings, memo
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>

#include "app/i18n.h"
#include "coding/text_span.h"
#include "gui_util.h"
#include "panels.h"
#include "text_layout.h"

namespace canvass::gui {

namespace {

using app::cmd::Coding;
using app::F;
using app::P;
using app::T;

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// [SECTION] filters and queue

// A filter drop-down; `shown` (when given) holds the words shown for each option, else the
// option itself is shown (form, question and area ids are data).
void Choice(const std::string& label, const char* id, const std::vector<std::string>& options, std::string* value,
            const std::vector<std::string>& shown = {}) {
  auto words = [&](size_t i) -> const std::string& { return i < shown.size() ? shown[i] : options[i]; };
  std::string current = value->empty() ? T("interviews.any") : *value;
  for (size_t i = 0; i < options.size(); ++i)
    if (options[i] == *value) current = words(i);
  LabelBefore(label);  // labels before their controls, reading left to right
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.f);
  ComboScope c(("###" + std::string(id)).c_str(), current.c_str());
  Probe(id);
  if (!c.open()) return;
  if (ImGui::Selectable(Wid(T("interviews.any"), "any").c_str(), value->empty())) value->clear();
  for (size_t i = 0; i < options.size(); ++i) {
    IdScope s(options[i]);
    if (ImGui::Selectable(Wid(words(i), "opt").c_str(), *value == options[i])) *value = options[i];
  }
}

void SetChoice(const app::CodingView& v, std::string* set) {
  std::string shown = T("interviews.any");
  for (const auto& s : v.sets)
    if (s.id == *set) shown = s.name;
  LabelBefore(T("coding.set"));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.f);
  ComboScope c("###coding_f_set", shown.c_str());
  Probe("coding_f_set");
  if (!c.open()) return;
  if (ImGui::Selectable(Wid(T("interviews.any"), "any").c_str(), set->empty())) set->clear();
  for (size_t i = 0; i < v.sets.size(); ++i) {
    const auto& s = v.sets[i];
    std::string id = "coding_f_set_" + std::to_string(i);
    if (ImGui::Selectable(Wid(s.name + "  (" + app::i18n::Current().Number(s.answers) + ")", id).c_str(), *set == s.id)) *set = s.id;
    Probe(id);
  }
}

void Filters(const app::CodingView& v, CodingUi& ui, app::Commands& out) {
  auto& f = ui.filter;
  Choice(T("interviews.form"), "coding_f_form", v.forms, &f.form_id);
  ImGui::SameLine();
  Choice(T("coding.question"), "coding_f_question", v.questions, &f.question);
  ImGui::SameLine();
  Choice(T("coding.area"), "coding_f_area", v.areas, &f.area);
  // Three and three: one row of six does not fit a narrow window (or Spanish labels).
  std::vector<std::string> role_names;  // roles by their names in the app's language (ids filter)
  for (const auto& r : v.roles) role_names.push_back(app::RoleName(r));
  Choice(T("coding.role"), "coding_f_role", v.roles, &f.role, role_names);
  ImGui::SameLine();
  Choice(T("interviews.status"), "coding_f_status", {"todo", "done"}, &f.status, {T("coding.todo"), T("coding.done")});
  ImGui::SameLine();
  SetChoice(v, &f.set);
  if (!(f == v.filter)) out.Push(Coding{app::cmd::CodingSetFilter{f}});
}

// Sets: the filter's set and its progress per coder; a name box adds the queue to a set.
void Sets(const app::CodingView& v, CodingUi& ui, app::Commands& out) {
  for (const auto& s : v.sets)
    if (s.id == v.filter.set) MutedText(F("coding.set_progress", s.name, s.progress));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.f);
  ImGui::InputTextWithHint("###coding_set_name", T("coding.set_name_hint").c_str(), &ui.set_name);
  Probe("coding_set_name");
  ImGui::SameLine();
  DisabledScope d(ui.set_name.empty() || v.queue.empty());
  if (ImGui::Button(Wid(P("coding.set_add", static_cast<int64_t>(v.queue.size())), "coding_set_add").c_str()))
    out.Push(Coding{app::cmd::CodingQueueToSet{ui.set_name}});
  Probe("coding_set_add");
}

// The set chosen in the filter: take the queue out of it, rename it, delete it (asks twice).
void SetEdits(const app::CodingView& v, CodingUi& ui, app::Commands& out) {
  if (v.filter.set.empty()) return;
  using Op = app::cmd::CodingEditSet::Op;
  {
    DisabledScope d(v.queue.empty());
    if (ImGui::SmallButton(Wid(P("coding.set_remove", static_cast<int64_t>(v.queue.size())), "coding_set_remove").c_str()))
      out.Push(Coding{app::cmd::CodingEditSet{Op::kRemoveQueue, ""}});
    Probe("coding_set_remove");
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.f);
  ImGui::InputTextWithHint("###coding_set_rename", T("coding.rename_hint").c_str(), &ui.set_rename);
  Probe("coding_set_rename");
  ImGui::SameLine();
  {
    DisabledScope d(ui.set_rename.empty());
    if (ImGui::SmallButton(Wid(T("codebook.rename"), "coding_set_rename_go").c_str())) out.Push(Coding{app::cmd::CodingEditSet{Op::kRename, ui.set_rename}});
    Probe("coding_set_rename_go");
  }
  ImGui::SameLine();
  const bool armed = ui.delete_armed == v.filter.set;
  if (ImGui::SmallButton(Wid(armed ? T("coding.delete_set_q") : T("coding.delete_set"), "coding_set_delete").c_str())) {
    if (armed) {
      out.Push(Coding{app::cmd::CodingEditSet{Op::kDelete, ""}});
      ui.filter.set.clear();  // the set is gone: show every answer again
      ui.delete_armed.clear();
    } else {
      ui.delete_armed = v.filter.set;
    }
  }
  Probe("coding_set_delete");
}

void Queue(const app::CodingView& v, app::Commands& out) {
  ChildScope child("##coding_queue", ImVec2(ImGui::GetFontSize() * 17.f, 0), true);
  if (!child.visible()) return;
  if (v.queue.empty()) MutedText(T("coding.queue_empty"));
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(v.queue.size()));
  while (clip.Step()) {
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      const auto& r = v.queue[i];
      std::string label = (r.done_by_me ? T("coding.row_done") + " " : "") + r.label + "\n  " + (r.areas.empty() ? "" : r.areas + " | ") +
                          app::RoleName(r.role) + (r.my_codings ? "  " + P("coding.row_mine", r.my_codings) : "");
      std::string id = "coding_row_" + std::to_string(i);
      if (ImGui::Selectable(Wid(label, id).c_str(), i == v.selected)) out.Push(Coding{app::cmd::CodingSelect{i}});
      Probe(id);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", (r.label + "\n" + r.areas).c_str());
    }
  }
}

// [SECTION] answer text widget

void AnswerText(const app::CodingView& v, CodingUi& ui) {
  const auto& cps = v.code_points;
  TextLayout l = LayOutCodePoints(cps, std::max(100.f, ImGui::GetContentRegionAvail().x - 8.f), 2.2f);  // room for 8 underline lanes
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("###coding_text", l.size);
  Probe("coding_text");
  const int64_t n = static_cast<int64_t>(cps.size());
  if (ImGui::IsItemActive()) {
    int64_t hit = HitTestLayout(l, ImVec2(ImGui::GetIO().MousePos.x - origin.x, ImGui::GetIO().MousePos.y - origin.y));
    if (ImGui::IsMouseClicked(0) && !ImGui::GetIO().KeyShift) ui.anchor = hit;
    ui.caret = hit;
    // A drag snaps to whole words; hold Alt to select single characters.
    if (!ImGui::GetIO().KeyAlt && ui.caret != ui.anchor) {
      int64_t& lo = ui.anchor < ui.caret ? ui.anchor : ui.caret;
      int64_t& hi = ui.anchor < ui.caret ? ui.caret : ui.anchor;
      coding::SnapToWords(cps, &lo, &hi);
    }
  }
  ui.caret = std::clamp<int64_t>(ui.caret, 0, n);
  ui.anchor = std::clamp<int64_t>(ui.anchor, 0, n);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float fs = ImGui::GetFontSize();
  for (int64_t i = ui.lo(); i < ui.hi(); ++i) {
    ImVec2 p(origin.x + l.pos[i].x, origin.y + l.pos[i].y);
    dl->AddRectFilled(p, ImVec2(p.x + std::max(l.adv[i], fs * 0.3f), p.y + fs), ImGui::GetColorU32(ImGuiCol_TextSelectedBg));
  }
  DrawCodePoints(dl, l, cps, origin);
  for (size_t k = 0; k < v.spans.size(); ++k) {  // one lane per coding, up to eight
    const auto& s = v.spans[k];
    float lane = fs + 2.f + 2.6f * static_cast<float>(k % 8);
    ImU32 col = s.mine ? s.color : (s.color & 0x00FFFFFFu) | 0x99000000u;
    for (int64_t i = std::max<int64_t>(0, s.start); i < std::min(n, s.end); ++i) {
      ImVec2 p(origin.x + l.pos[i].x, origin.y + l.pos[i].y + lane);
      dl->AddRectFilled(p, ImVec2(p.x + l.adv[i], p.y + 2.f), col);
    }
  }
  ImVec2 c(origin.x + l.pos[ui.caret].x, origin.y + l.pos[ui.caret].y);
  dl->AddLine(c, ImVec2(c.x, c.y + fs), ImGui::GetColorU32(ImGuiCol_Text), 1.5f);
}

// [SECTION] keys, palette, codings, memo

bool Pressed(ImGuiKey k) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), true); }

void Keys(const app::CodingView& v, CodingUi& ui, app::Commands& out) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || io.KeyCtrl || io.KeyAlt) return;
  const int64_t n = static_cast<int64_t>(v.code_points.size());
  int64_t caret = ui.caret;
  if (Pressed(ImGuiKey_LeftArrow)) caret = std::max<int64_t>(0, caret - 1);
  if (Pressed(ImGuiKey_RightArrow)) caret = std::min(n, caret + 1);
  if (Pressed(ImGuiKey_Home)) caret = 0;
  if (Pressed(ImGuiKey_End)) caret = n;
  if (caret != ui.caret) {
    ui.caret = caret;
    if (!io.KeyShift) ui.anchor = caret;
  }
  if (Pressed(ImGuiKey_PageDown)) out.Push(Coding{app::cmd::CodingSelect{v.selected + 1}});
  if (Pressed(ImGuiKey_PageUp)) out.Push(Coding{app::cmd::CodingSelect{std::max(0, v.selected - 1)}});
  for (int k = 1; k <= 9 && k <= static_cast<int>(v.hotkeys.size()); ++k)
    if (ImGui::IsKeyPressed('0' + k, false) && ui.hi() > ui.lo())
      out.Push(Coding{app::cmd::CodingApply{ui.lo(), ui.hi(), v.hotkeys[k - 1].guid}});
  if (ImGui::IsKeyPressed('D', false) && v.selected >= 0)
    out.Push(Coding{app::cmd::CodingDone{!v.queue[v.selected].done_by_me}});
  if (ImGui::IsKeyPressed('F', false) || ImGui::IsKeyPressed('/', false)) ui.focus_search = true;
  if (Pressed(ImGuiKey_Delete))
    for (const auto& s : v.spans)
      if (s.mine && s.start <= ui.caret && ui.caret < s.end) {
        out.Push(Coding{app::cmd::CodingRemove{s.coding_id}});
        break;
      }
}

void Swatch(uint32_t color) {
  ImVec2 p = ImGui::GetCursorScreenPos();
  float fs = ImGui::GetFontSize();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + fs * 0.2f), ImVec2(p.x + fs * 0.8f, p.y + fs), color);
  ImGui::Dummy(ImVec2(fs, fs));
  ImGui::SameLine();
}

void Palette(const app::CodingView& v, CodingUi& ui, app::Commands& out) {
  bool has_sel = ui.hi() > ui.lo();
  for (size_t k = 0; k < v.hotkeys.size(); ++k) {
    const auto& c = v.hotkeys[k];
    std::string id = "coding_key_" + std::to_string(k + 1);
    const std::string label = std::to_string(k + 1) + " " + c.name;
    if (k % 3 != 0) {  // rows of three, like a keypad, while they fit the width (long names wrap)
      ImGui::SameLine();
      const ImGuiStyle& style = ImGui::GetStyle();
      const float w = ImGui::GetFontSize() + style.ItemSpacing.x + ImGui::CalcTextSize(label.c_str()).x + style.FramePadding.x * 2;
      if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
    }
    Swatch(c.color);
    DisabledScope d(!has_sel);
    if (ImGui::SmallButton(Wid(label, id).c_str())) out.Push(Coding{app::cmd::CodingApply{ui.lo(), ui.hi(), c.guid}});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.path.c_str());
  }
  ImGui::Spacing();
  {
    DisabledScope d(!has_sel);
    if (ImGui::SmallButton(Wid(T("coding.invivo"), "coding_invivo").c_str()))
      out.Push(Coding{app::cmd::CodingInVivo{ui.lo(), ui.hi()}});
    Probe("coding_invivo");
  }
  if (ui.focus_search) { ImGui::SetKeyboardFocusHere(); ui.focus_search = false; }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18.f);
  bool enter = ImGui::InputTextWithHint("###coding_search", T("coding.search_hint").c_str(), &ui.search,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("coding_search");
  if (ui.search.empty()) return;
  std::string q = Lower(ui.search);
  int shown = 0;
  for (const auto& c : v.codes) {
    if (Lower(c.path).find(q) == std::string::npos) continue;
    bool pick = (enter && shown == 0) || ImGui::Selectable(Wid(c.path, "coding_hit_" + c.guid).c_str());  // i18n-ok: a code's path, an id
    if (pick && has_sel) {
      out.Push(Coding{app::cmd::CodingApply{ui.lo(), ui.hi(), c.guid}});
      ui.search.clear();
    }
    if (++shown >= 12) break;
  }
}

// A relocated coding's state in plain words ("moved", "needs_review" are stored words).
std::string Fate(const std::string& fate) {
  if (fate == "moved") return T("coding.fate_moved");
  if (fate == "needs_review") return T("coding.fate_needs_review");
  return fate;
}

void CodingsAndLegend(const app::CodingView& v, app::Commands& out) {
  if (v.hidden_others > 0) MutedText(P("coding.blind_hidden", v.hidden_others));
  for (const auto& s : v.spans) {
    IdScope id(s.coding_id);
    Swatch(s.color);
    ImGui::Text("%s  [%lld, %lld)  %s%s", s.code_path.c_str(), static_cast<long long>(s.start), static_cast<long long>(s.end),
                s.coder.c_str(), s.fate == "ok" ? "" : ("  (" + Fate(s.fate) + ")").c_str());
    if (s.mine) {
      ImGui::SameLine();
      if (ImGui::SmallButton(Wid(T("coding.remove"), "coding_remove").c_str())) out.Push(Coding{app::cmd::CodingRemove{s.coding_id}});
    }
  }
}

void Answer(const app::CodingView& v, CodingUi& ui, app::Commands& out) {
  ChildScope child("##coding_answer", ImVec2(0, 0), false);
  if (!child.visible() || v.selected < 0) return;
  const auto& r = v.queue[v.selected];
  std::string key = r.interview + "/" + r.question;
  if (ui.answer_key != key) {
    ui.answer_key = key;
    ui.anchor = ui.caret = 0;
    ui.memo = v.memo;
  }
  ImGui::TextWrapped("%s", r.label.c_str());
  std::string done_by;
  for (const auto& c : r.done_by) done_by += (done_by.empty() ? "" : ", ") + c;
  MutedText(F("coding.interview", r.interview.substr(0, 8)) + "  |  " + app::RoleName(r.role) + (r.areas.empty() ? "" : "  |  " + r.areas) +
            (r.forms.empty() ? "" : "  |  " + r.forms) + "  |  " + F("coding.done_by", done_by.empty() ? "-" : done_by));
  ImGui::Separator();
  for (const auto& [q, t] : v.context_before) MutedText(q + ": " + t);  // the interview around the answer
  AnswerText(v, ui);
  for (const auto& [q, t] : v.context_after) MutedText(q + ": " + t);
  Keys(v, ui, out);
  ImGui::Separator();
  MutedText(T("coding.keys"));
  Palette(v, ui, out);
  ImGui::Separator();
  CodingsAndLegend(v, out);
  ImGui::Separator();
  ImGui::InputTextMultiline("###coding_memo", &ui.memo, ImVec2(-1, ImGui::GetFontSize() * 4.f));
  Probe("coding_memo");
  if (ImGui::Button(Wid(T("codebook.save_memo"), "coding_memo_save").c_str())) out.Push(Coding{app::cmd::CodingMemo{ui.memo}});
  ImGui::SameLine();
  if (ImGui::Button(Wid(r.done_by_me ? T("coding.not_done") : T("coding.mark_done"), "coding_done").c_str()))
    out.Push(Coding{app::cmd::CodingDone{!r.done_by_me}});
  Probe("coding_done");
}

}  // namespace

void DrawCoding(const app::CodingView& v, CodingUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(T("coding.title").c_str());
  ImGui::SameLine();
  if (!ui.coder_init || (ui.coder.empty() && !v.coder.empty())) { ui.coder = v.coder; ui.coder_init = true; }
  if (v.coder_chosen) {
    ImGui::TextUnformatted(F("coding.as", v.coder).c_str());
  } else {
    ImGui::TextUnformatted(T("coding.who").c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.f);
    if (ImGui::InputText("###coding_coder", &ui.coder, ImGuiInputTextFlags_EnterReturnsTrue))
      out.Push(Coding{app::cmd::CodingSetCoder{ui.coder}});
    Probe("coding_coder");
    for (const auto& k : v.known_coders) {
      ImGui::SameLine();
      if (ImGui::SmallButton(Wid(k, "coding_coder_" + k).c_str())) out.Push(Coding{app::cmd::CodingSetCoder{k}});  // i18n-ok: a name, an id
      Probe("coding_coder_" + k);
    }
    MutedText(T("coding.who_note"));
  }
  ImGui::SameLine();
  bool blind = v.blind;
  {
    DisabledScope dis(v.project_blind);
    if (ImGui::Checkbox(Wid(v.project_blind ? T("coding.blind_set") : T("coding.blind"), "coding_blind").c_str(), &blind))
      out.Push(Coding{app::cmd::CodingSetBlind{blind}});
  }
  Probe("coding_blind");
  // One status line of fixed height: messages never move the layout.
  if (!v.error.empty()) ErrorText(v.error);
  else MutedText(v.message.empty() ? " " : v.message);
  Filters(v, ui, out);
  Sets(v, ui, out);
  SetEdits(v, ui, out);
  Queue(v, out);
  ImGui::SameLine();
  Answer(v, ui, out);
}

}  // namespace canvass::gui
