// New interview: pick the protocol, respondent role, language and interviewer, then start.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

const char* LanguageName(const std::string& code) {
  if (code == "en") return "English";
  if (code == "es") return "Español";
  return code.c_str();
}

// A combo over strings; returns true when the choice changed.
bool Pick(const char* id, const std::vector<std::string>& labels, int* index) {
  if (labels.empty()) return false;
  *index = std::clamp(*index, 0, static_cast<int>(labels.size()) - 1);
  bool changed = false;
  ComboScope c(id, labels[*index].c_str());
  Probe(id);
  if (!c.open()) return false;
  for (int i = 0; i < static_cast<int>(labels.size()); ++i) {
    IdScope sid(i);
    if (ImGui::Selectable(labels[i].c_str(), i == *index)) { *index = i; changed = true; }
    Probe(std::string(id) + "/" + std::to_string(i));
  }
  return changed;
}

}  // namespace

void DrawNewInterview(const app::NewInterviewView& v, StartUi& ui, app::Commands& out) {
  ImGui::Text("New interview");
  ImGui::Separator();
  if (v.forms.empty()) { MutedText("This workspace has no forms."); return; }
  std::vector<std::string> titles;
  for (const auto& f : v.forms) titles.push_back(f->Text(f->title, v.default_language));
  WidthScope w(ImGui::GetFontSize() * 30.f);
  if (Pick("Protocol###start_form", titles, &ui.form)) { ui.role = 0; ui.language = -1; }
  const forms::Form& form = *v.forms[std::clamp(ui.form, 0, static_cast<int>(v.forms.size()) - 1)];
  if (!form.description.empty()) MutedText(form.Text(form.description, v.default_language));
  Pick("Respondent role###start_role", form.respondent_roles, &ui.role);
  std::vector<std::string> langs;
  for (const auto& l : form.languages) langs.push_back(LanguageName(l));
  if (ui.language < 0) {
    auto it = std::find(form.languages.begin(), form.languages.end(), v.default_language);
    ui.language = it == form.languages.end() ? 0 : static_cast<int>(it - form.languages.begin());
  }
  Pick("Language###start_lang", langs, &ui.language);
  bool enter = ImGui::InputTextWithHint("Interviewer###start_interviewer", "your name or initials", &ui.interviewer,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("start_interviewer");
  FirstFocus();
  MutedText("The consent section comes first; every answer is saved as you give it.");
  bool start = ImGui::Button("Start interview###start");
  Probe("start");
  if (start || enter) {
    app::cmd::StartInterview c;
    c.form_id = form.id;
    c.role = form.respondent_roles.empty() ? "" : form.respondent_roles[std::clamp(ui.role, 0, static_cast<int>(form.respondent_roles.size()) - 1)];
    c.language = form.languages.empty() ? "" : form.languages[std::clamp(ui.language, 0, static_cast<int>(form.languages.size()) - 1)];
    c.interviewer = ui.interviewer;
    out.Push(std::move(c));
  }
}

}  // namespace canvass::gui
