// Review before finalizing: the whole interview on one page - every section and question with
// its answer, "skipped" (not asked given earlier answers) apart from "left empty", required
// answers still missing marked - each row a link back to its question. Finalize is only here,
// and when it cannot be pressed the reason is written next to it.
#include <imgui.h>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

using forms::Question;
using QT = forms::QuestionType;

bool Empty(const core::Value* v) {
  if (!v || v->is_null()) return true;
  if (v->is_string()) return v->as_string().empty();
  if (v->is_array()) return v->as_array().empty();
  if (v->is_object()) return v->as_object().empty();
  return false;
}

struct Counts { int missing = 0, empty = 0, skipped = 0, answered = 0; };

// One question's row: state, label, answer; Enter/Space/click goes to the question.
void Row(const app::RunnerView& v, int section, bool section_relevant, const Question& q, RunnerUi& ui,
         Counts* n, app::Commands& out) {
  if (q.type == QT::kNote) return;
  auto rel = v.relevant.find(q.id);
  const bool asked = section_relevant && (rel == v.relevant.end() || rel->second);
  auto it = v.answers.find(q.id);
  const core::Value* cur = it == v.answers.end() ? nullptr : &it->second;
  const char* state = nullptr;  // a catalogue key
  std::string answer;
  ImVec4 color = kMutedColor;
  if (!asked) {
    state = "review.skipped";
    ++n->skipped;
  } else if (Empty(cur)) {
    state = q.required ? "review.missing" : "review.empty";
    if (q.required) { color = kErrorColor; ++n->missing; } else { ++n->empty; }
  } else {
    state = v.errors.count(q.id) ? "review.to_fix" : "review.answered";
    color = v.errors.count(q.id) ? kErrorColor : kOkColor;
    answer = app::DisplayAnswer(*v.form, &q, *cur, v.language, v.areas.get());
    ++n->answered;
  }
  IdScope id("rv_" + q.id);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  {
    ColorScope c(ImGuiCol_Text, color);
    const bool go = ImGui::Selectable(Wid(app::T(state), "go").c_str(), false, ImGuiSelectableFlags_SpanAllColumns);
    Probe("review/q/" + q.id);
    if (go && asked) {
      out.Push(app::cmd::GoToSection{section});
      ui.review = false;
      ui.focus_question = q.id;
    }
  }
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s%s", q.required ? "* " : "", v.form->Text(q.label, v.language).c_str());
  ImGui::TableNextColumn();
  if (!answer.empty()) ImGui::TextWrapped("%s", answer.c_str());
}

}  // namespace

void DrawReview(const app::RunnerView& v, RunnerUi& ui, app::Commands& out) {
  const forms::Form& f = *v.form;
  ImGui::TextWrapped("%s", app::F("review.title", f.Text(f.title, v.language)).c_str());
  MutedText(app::T("review.intro"));
  Counts n;
  const float footer = ImGui::GetFrameHeightWithSpacing() * 2.f + ImGui::GetTextLineHeightWithSpacing() * 2.f;
  {
    ChildScope page("##review", ImVec2(0, -footer), true);
    for (size_t i = 0; i < f.sections.size() && i < v.sections.size(); ++i) {
      const forms::Section& sec = f.sections[i];
      const app::SectionView& sv = v.sections[i];
      ImGui::Spacing();
      ImGui::TextUnformatted(f.Text(sec.title, v.language).c_str());
      if (!sv.relevant) { MutedText(app::T("review.section_skipped")); }
      TableScope t(("##rv_" + sec.id).c_str(), 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                                   ImGuiTableFlags_SizingStretchProp);
      if (!t.open()) continue;
      ImGui::TableSetupColumn("###state", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 9.f);
      ImGui::TableSetupColumn("###question", ImGuiTableColumnFlags_WidthStretch, 3.f);
      ImGui::TableSetupColumn("###answer", ImGuiTableColumnFlags_WidthStretch, 2.f);
      for (const auto& q : sec.questions) Row(v, static_cast<int>(i), sv.relevant, q, ui, &n, out);
    }
  }
  ImGui::TextUnformatted(app::F("review.counts", n.answered, n.empty, n.skipped, n.missing).c_str());
  Probe("review_counts");
  if (ImGui::Button(Wid(app::T("review.back"), "review_back").c_str())) ui.review = false;
  Probe("review_back");
  ImGui::SameLine();
  const bool can = n.missing == 0 && !v.read_only;
  {
    DisabledScope d(!can);
    if (ImGui::Button(Wid(app::T("review.finalize"), "review_finalize").c_str())) {
      out.Push(app::cmd::FinalizeInterview{});
      ui.review = false;
    }
    Probe("review_finalize");
  }
  if (!can) {
    ImGui::SameLine();
    ErrorText(v.read_only ? app::T("review.final_already") : app::P("review.cannot_finalize", n.missing));
    Probe("review_why");
  }
  ui.review_missing = n.missing;
}

}  // namespace canvass::gui
