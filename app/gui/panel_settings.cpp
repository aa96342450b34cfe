// Settings: passphrase change, idle lock time, UI scale, default interview language, clipboard.
#include <imgui.h>
#include <sodium.h>

#include <cstring>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

std::string_view View(const char* buf, size_t cap) { return std::string_view(buf, strnlen(buf, cap)); }

void Passphrase(const app::SettingsView& v, SettingsUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::T("settings.change_pass").c_str());
  WidthScope w(ImGui::GetFontSize() * 18.f);
  ImGui::InputText(Wid(app::T("settings.old_pass"), "old_pass").c_str(), ui.old_pass, sizeof ui.old_pass, ImGuiInputTextFlags_Password);
  ImGui::InputText(Wid(app::T("settings.new_pass"), "new_pass").c_str(), ui.new_pass, sizeof ui.new_pass, ImGuiInputTextFlags_Password);
  bool enter = ImGui::InputText(Wid(app::T("settings.repeat_pass"), "repeat_pass").c_str(), ui.repeat, sizeof ui.repeat,
                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::Button(Wid(app::T("settings.change_pass"), "change_pass").c_str()) || enter) {
    out.Push(app::cmd::ChangePassphrase{app::Secret(View(ui.old_pass, kPassCap)), app::Secret(View(ui.new_pass, kPassCap)),
                                        app::Secret(View(ui.repeat, kPassCap))});
    sodium_memzero(ui.old_pass, sizeof ui.old_pass);
    sodium_memzero(ui.new_pass, sizeof ui.new_pass);
    sodium_memzero(ui.repeat, sizeof ui.repeat);
  }
  if (!v.message.empty()) { ColorScope c(ImGuiCol_Text, kOkColor); ImGui::TextWrapped("%s", v.message.c_str()); }
  if (!v.error.empty()) ErrorText(v.error);
}

void Display(const app::SettingsView& v, app::Commands& out) {
  WidthScope w(ImGui::GetFontSize() * 8.f);
  int minutes = v.idle_minutes;
  if (ImGui::InputInt(Wid(app::T("settings.idle"), "idle").c_str(), &minutes, 1, 5)) out.Push(app::cmd::SetIdleLock{minutes});
  Probe("idle");
  char preview[16];
  std::snprintf(preview, sizeof preview, "%d%%", v.ui_scale);
  {
    ComboScope c(Wid(app::T("settings.text_size"), "scale").c_str(), preview);
    if (c.open())
      for (int p = 100; p <= 200; p += 25) {
        char label[16];
        std::snprintf(label, sizeof label, "%d%%", p);
        if (ImGui::Selectable(label, p == v.ui_scale)) out.Push(app::cmd::SetUiScale{p});
      }
  }
  Probe("scale");
  bool contrast = v.high_contrast;
  if (ImGui::Checkbox(Wid(app::T("settings.high_contrast"), "high_contrast").c_str(), &contrast))
    out.Push(app::cmd::SetHighContrast{contrast});
  Probe("high_contrast");
  ComboScope c(Wid(app::T("settings.interview_language"), "language").c_str(), app::i18n::LanguageName(v.default_language).c_str());
  if (!c.open()) return;
  for (const char* lang : {"en", "es"})
    if (ImGui::Selectable(Wid(app::i18n::LanguageName(lang), std::string("lang_") + lang).c_str(), v.default_language == lang))
      out.Push(app::cmd::SetDefaultLanguage{lang});
}

void Clipboard(const app::SettingsView& v, app::Commands& out) {
  bool allow = v.allow_copy;
  if (ImGui::Checkbox(Wid(app::T("settings.allow_copy"), "allow_copy").c_str(), &allow)) out.Push(app::cmd::SetAllowCopy{allow});
  Probe("allow_copy");
  MutedText(app::T(v.allow_copy ? "settings.copy_on" : "settings.copy_off"));
}

// "My work": what the navigation shows. Unticked work is hidden, never lost: one tick brings it back.
void Work(const app::SettingsView& v, storage::Role role, app::Commands& out) {
  ImGui::TextUnformatted(app::T("settings.work").c_str());
  static const char* const kAreas[][2] = {{"interviewing", "settings.work_interviewing"},
                                          {"sync", "settings.work_sync"},
                                          {"coding", "settings.work_coding"},
                                          {"assessment", "settings.work_assessment"}};
  std::string next;
  bool changed = false;
  for (const auto& a : kAreas) {
    bool on = app::ShowsWork(v.work, role, a[0]);
    if (ImGui::Checkbox(Wid(app::T(a[1]), std::string("work_") + a[0]).c_str(), &on)) changed = true;
    Probe(std::string("work_") + a[0]);
    if (on) next += (next.empty() ? "" : ",") + std::string(a[0]);
  }
  if (changed) out.Push(app::cmd::SetWork{next.empty() ? "none" : next});
  const bool custom = !v.work.empty();
  {
    DisabledScope d(!custom);
    if (ImGui::Button(Wid(app::T("settings.work_default"), "work_default").c_str())) out.Push(app::cmd::SetWork{""});
    Probe("work_default");
  }
  ImGui::SameLine();
  MutedText(app::T(role == storage::Role::kCentral ? "settings.default_central" : "settings.default_field"));
}

}  // namespace

void UiLanguagePicker(const std::string& label, app::Commands& out) {
  ImGui::TextUnformatted(label.c_str());
  const std::string& cur = app::i18n::Current().lang();
  for (const auto& lang : app::i18n::UiLanguages()) {
    ImGui::SameLine();
    if (ImGui::RadioButton(Wid(app::i18n::LanguageName(lang), "ui_lang_" + lang).c_str(), cur == lang))
      out.Push(app::cmd::SetUiLanguage{lang});
    Probe("ui_lang_" + lang);
  }
}

void DrawSettings(const app::SettingsView& v, storage::Role role, SettingsUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::T("settings.title").c_str());
  ImGui::Separator();
  Passphrase(v, ui, out);
  ImGui::Spacing();
  ImGui::Separator();
  Display(v, out);
  UiLanguagePicker(app::T("settings.ui_language"), out);
  MutedText(app::T("settings.ui_language_note"));
  ImGui::Spacing();
  Clipboard(v, out);
  ImGui::Spacing();
  ImGui::Separator();
  Work(v, role, out);
  ImGui::Spacing();
  MutedText(app::T("settings.stored"));
}

}  // namespace canvass::gui
