// New interview: pick the protocol, respondent role, language and interviewer, then start.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

// A combo over strings; returns true when the choice changed. `id` ("###start_form") keeps the
// probe's name whatever the label's language.
bool Pick(const std::string& label, const char* id, const std::vector<std::string>& labels, int* index) {
  if (labels.empty()) return false;
  *index = std::clamp(*index, 0, static_cast<int>(labels.size()) - 1);
  bool changed = false;
  ComboScope c((label + id).c_str(), labels[*index].c_str());
  const std::string probe = id + 3;  // "start_form", its items "start_form/<i>"
  Probe(probe);
  if (!c.open()) return false;
  for (int i = 0; i < static_cast<int>(labels.size()); ++i) {
    IdScope sid(i);
    if (ImGui::Selectable(labels[i].c_str(), i == *index)) { *index = i; changed = true; }
    Probe(probe + "/" + std::to_string(i));
  }
  return changed;
}

// Central: a protocol from an XLSForm workbook - choose it, read the preview, add it.
void Protocols(const app::NewInterviewView& v, StartUi& ui, app::Commands& out) {
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted(app::T("new.protocols").c_str());
  MutedText(app::T("new.protocols_note"));
  if (ImGui::Button(Wid(app::T("new.xlsform"), "xlsform_choose").c_str()))
    ui.chooser.Open(FileChooser::Mode::kOpen, "xlsform", app::T("new.xlsform_title"), v.import.path, {".xlsx"});
  Probe("xlsform_choose");
  const auto& iv = v.import;
  if (!iv.error.empty()) ErrorText(iv.error);
  if (!iv.message.empty()) { ColorScope c(ImGuiCol_Text, kOkColor); ImGui::TextWrapped("%s", iv.message.c_str()); }
  for (const auto& l : iv.lines) (iv.refused ? ErrorText(l) : MutedText(l));
  Probe("xlsform_preview");
  if (iv.can_add) {
    if (ImGui::Button(Wid(app::T("new.xlsform_add"), "xlsform_add").c_str())) out.Push(app::cmd::ImportXlsform{iv.path, false});
    Probe("xlsform_add");
  }
  if (DrawFileChooser(&ui.chooser)) out.Push(app::cmd::ImportXlsform{ui.chooser.chosen(), true});
}

}  // namespace

void DrawNewInterview(const app::NewInterviewView& v, StartUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::T("new.title").c_str());
  ImGui::Separator();
  if (v.forms.empty()) {
    MutedText(app::T("new.no_forms"));
    if (v.central) Protocols(v, ui, out);
    return;
  }
  // Protocol titles and descriptions in the interface's language when the protocol has it.
  std::vector<std::string> titles;
  for (const auto& f : v.forms) titles.push_back(f->Text(f->title, app::ScreenLanguage(*f, v.default_language)));
  WidthScope w(ImGui::GetFontSize() * 30.f);
  if (Pick(app::T("new.protocol"), "###start_form", titles, &ui.form)) { ui.role = 0; ui.language = -1; }
  const forms::Form& form = *v.forms[std::clamp(ui.form, 0, static_cast<int>(v.forms.size()) - 1)];
  if (!form.description.empty()) MutedText(form.Text(form.description, app::ScreenLanguage(form, v.default_language)));
  std::vector<std::string> roles;  // by name, never the id
  for (const auto& r : form.respondent_roles) roles.push_back(app::RoleName(r));
  Pick(app::T("new.role"), "###start_role", roles, &ui.role);
  std::vector<std::string> langs;
  for (const auto& l : form.languages) langs.push_back(app::i18n::LanguageName(l));
  if (ui.language < 0) {
    auto it = std::find(form.languages.begin(), form.languages.end(), v.default_language);
    ui.language = it == form.languages.end() ? 0 : static_cast<int>(it - form.languages.begin());
  }
  Pick(app::T("new.language"), "###start_lang", langs, &ui.language);
  bool enter = ImGui::InputTextWithHint(Wid(app::T("new.interviewer"), "start_interviewer").c_str(), app::T("new.interviewer_hint").c_str(),
                                        &ui.interviewer, ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("start_interviewer");
  FirstFocus();
  MutedText(app::T("new.note"));
  bool start = ImGui::Button(Wid(app::T("new.start"), "start").c_str());
  Probe("start");
  if (start || enter) {
    app::cmd::StartInterview c;
    c.form_id = form.id;
    c.role = form.respondent_roles.empty() ? "" : form.respondent_roles[std::clamp(ui.role, 0, static_cast<int>(form.respondent_roles.size()) - 1)];
    c.language = form.languages.empty() ? "" : form.languages[std::clamp(ui.language, 0, static_cast<int>(form.languages.size()) - 1)];
    c.interviewer = ui.interviewer;
    out.Push(std::move(c));
  }
  if (v.central) Protocols(v, ui, out);
}

}  // namespace canvass::gui
