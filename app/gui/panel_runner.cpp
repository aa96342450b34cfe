// Interview runner: header (protocol, status, language), progress, jump-to-section, one
// section per page, Back/Next, save and close, finalize, and reopen with a reason.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

void Header(const app::RunnerView& v, app::Commands& out) {
  const forms::Form& f = *v.form;
  ImGui::TextWrapped("%s", f.Text(f.title, v.language).c_str());
  {
    ColorScope c(ImGuiCol_Text, v.read_only ? kOkColor : kMutedColor);
    ImGui::TextUnformatted(app::F("runner.header", app::T(v.read_only ? "runner.final" : "runner.draft"),
                                  app::RoleName(v.role), v.interviewer).c_str());
  }
  ImGui::TextUnformatted(app::T("runner.language").c_str());
  for (const auto& lang : f.languages) {
    ImGui::SameLine();
    if (ImGui::RadioButton(Wid(app::i18n::LanguageName(lang), "lang_" + lang).c_str(), v.language == lang))
      out.Push(app::cmd::SetRunnerLanguage{lang});
    Probe("lang_" + lang);
  }
}

void SectionPicker(const app::RunnerView& v, app::Commands& out) {
  const auto& cur = v.sections[v.section];
  const std::string overlay = app::F("runner.progress", v.section + 1, v.sections.size(), v.answered, v.answerable);
  ImGui::ProgressBar(v.progress(), ImVec2(-1, 0), overlay.c_str());
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24.f);
  ComboScope combo(Wid(app::T("runner.jump"), "jump").c_str(), cur.title.c_str());
  Probe("jump");
  if (!combo.open()) return;
  for (size_t i = 0; i < v.sections.size(); ++i) {
    const auto& s = v.sections[i];
    IdScope id(s.id);
    std::string label = s.title + "  (" + std::to_string(s.answered) + "/" + std::to_string(s.answerable) + ")" +
                        (s.errors ? "  !" : "") + (s.relevant ? "" : "  - " + app::T("runner.skipped"));
    DisabledScope d(!s.relevant);
    if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == v.section))
      out.Push(app::cmd::GoToSection{static_cast<int>(i)});
  }
}

bool HasRelevant(const app::RunnerView& v, int from, int step) {
  for (int i = from + step; i >= 0 && i < static_cast<int>(v.sections.size()); i += step)
    if (v.sections[i].relevant) return true;
  return false;
}

void Footer(const app::RunnerView& v, RunnerUi& ui, app::Commands& out) {
  const bool back = HasRelevant(v, v.section, -1), next = HasRelevant(v, v.section, +1);
  {
    DisabledScope d(!back);
    if (ImGui::Button(Wid(app::T("runner.back"), "back").c_str())) out.Push(app::cmd::StepSection{-1});
    Probe("back");
  }
  ImGui::SameLine();
  {
    DisabledScope d(!next);
    if (ImGui::Button(Wid(app::T("runner.next"), "next").c_str())) out.Push(app::cmd::StepSection{+1});
    Probe("next");
  }
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("runner.close"), "close").c_str())) out.Push(app::cmd::CloseInterview{});
  Probe("close");
  ImGui::SameLine();
  if (!v.read_only) {
    if (ImGui::Button(Wid(app::T("runner.review"), "review").c_str())) ui.review = true;
    Probe("review");
  } else {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16.f);
    ImGui::InputTextWithHint("###reopen_reason", app::T("runner.reopen_hint").c_str(), &ui.reopen_reason);
    Probe("reopen_reason");
    ImGui::SameLine();
    const bool has_reason = ui.reopen_reason.find_first_not_of(" \t") != std::string::npos;
    {
      DisabledScope d(!has_reason);
      if (ImGui::Button(Wid(app::T("runner.reopen"), "reopen").c_str())) out.Push(app::cmd::ReopenInterview{ui.reopen_reason});
      Probe("reopen");
    }
    if (!has_reason) { ImGui::SameLine(); MutedText(app::T("runner.reopen_why")); }
  }
  // Every disabled button says why.
  if (!back && !next) MutedText(app::T("runner.why_only"));
  else if (!back) MutedText(app::T("runner.why_first"));
  else if (!next) MutedText(app::T("runner.why_last"));
  else MutedText(app::T("runner.keys"));
  Probe("nav_why");
  if (!v.message.empty()) {
    ColorScope c(ImGuiCol_Text, v.message_is_error ? kErrorColor : kOkColor);
    ImGui::TextWrapped("%s", v.message.c_str());
  }
}

}  // namespace

void DrawRunner(const app::RunnerView& v, RunnerUi& ui, app::Commands& out) {
  if (!v.open || !v.form || v.sections.empty()) { MutedText(app::T("runner.none_open")); return; }
  if (ui.uuid != v.uuid) {  // another interview: its buffers start from its stored answers
    ui = RunnerUi();
    ui.uuid = v.uuid;
  }
  if (ui.reopen_reason.size() && !v.read_only) ui.reopen_reason.clear();
  if (v.read_only) ui.review = false;
  Header(v, out);
  if (ui.review) { DrawReview(v, ui, out); return; }
  SectionPicker(v, out);
  const forms::Section& sec = v.form->sections[v.section];
  const float footer = ImGui::GetFrameHeightWithSpacing() * 2.f + ImGui::GetTextLineHeightWithSpacing() * 2.f;
  {
    ChildScope page(("##page_" + sec.id).c_str(), ImVec2(0, -footer), true);
    ImGui::TextUnformatted(v.form->Text(sec.title, v.language).c_str());
    if (!sec.hint.empty()) MutedText(v.form->Text(sec.hint, v.language));
    ImGui::Separator();
    if (ui.shown_section != v.section) { ImGui::SetScrollY(0); ui.shown_section = v.section; }
    DisabledScope ro(v.read_only);
    // A new section opens on its first question (or on the one chosen on the review page).
    const bool to_question = std::any_of(sec.questions.begin(), sec.questions.end(),
                                         [&](const forms::Question& q) { return q.id == ui.focus_question; });
    if (!to_question) FirstFocusNextStop();
    int shown = 0;
    for (const auto& q : sec.questions) {
      auto it = v.relevant.find(q.id);
      if (it != v.relevant.end() && !it->second) continue;
      if (to_question && q.id == ui.focus_question) {
        FirstFocusNextStop();
        ImGui::SetScrollHereY(0.2f);
        ui.focus_question.clear();
      }
      DrawQuestion(v, q, ui, out);
      ++shown;
    }
    if (shown == 0) MutedText(app::T("runner.nothing_to_ask"));
  }
  Footer(v, ui, out);
}

}  // namespace canvass::gui
