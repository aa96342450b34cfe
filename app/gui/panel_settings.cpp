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
  ImGui::TextUnformatted("Change passphrase");
  WidthScope w(ImGui::GetFontSize() * 18.f);
  ImGui::InputText("Current passphrase###old_pass", ui.old_pass, sizeof ui.old_pass, ImGuiInputTextFlags_Password);
  ImGui::InputText("New passphrase (12+ characters)###new_pass", ui.new_pass, sizeof ui.new_pass, ImGuiInputTextFlags_Password);
  bool enter = ImGui::InputText("New passphrase again###repeat_pass", ui.repeat, sizeof ui.repeat,
                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::Button("Change passphrase###change_pass") || enter) {
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
  if (ImGui::InputInt("Lock after idle minutes###idle", &minutes, 1, 5)) out.Push(app::cmd::SetIdleLock{minutes});
  Probe("idle");
  char preview[16];
  std::snprintf(preview, sizeof preview, "%d%%", v.ui_scale);
  {
    ComboScope c("Text size###scale", preview);
    if (c.open())
      for (int p = 100; p <= 200; p += 25) {
        char label[16];
        std::snprintf(label, sizeof label, "%d%%", p);
        if (ImGui::Selectable(label, p == v.ui_scale)) out.Push(app::cmd::SetUiScale{p});
      }
  }
  Probe("scale");
  bool contrast = v.high_contrast;
  if (ImGui::Checkbox("High-contrast theme (white on black, yellow focus)###high_contrast", &contrast))
    out.Push(app::cmd::SetHighContrast{contrast});
  Probe("high_contrast");
  ComboScope c("Default interview language###language", v.default_language == "es" ? "Español" : "English");
  if (!c.open()) return;
  if (ImGui::Selectable("English###lang_en", v.default_language == "en")) out.Push(app::cmd::SetDefaultLanguage{"en"});
  if (ImGui::Selectable("Español###lang_es", v.default_language == "es")) out.Push(app::cmd::SetDefaultLanguage{"es"});
}

void Clipboard(const app::SettingsView& v, app::Commands& out) {
  bool allow = v.allow_copy;
  if (ImGui::Checkbox("Allow copying text to the clipboard###allow_copy", &allow)) out.Push(app::cmd::SetAllowCopy{allow});
  Probe("allow_copy");
  MutedText(v.allow_copy ? "Copied text is cleared from the clipboard after 30 seconds, when the app locks and when it quits."
                         : "Off: Ctrl+C does nothing, so interview text cannot leave the app through the clipboard. "
                           "Pasting into the app still works.");
}

// "My work": what the navigation shows. Unticked work is hidden, never lost: one tick brings it back.
void Work(const app::SettingsView& v, storage::Role role, app::Commands& out) {
  ImGui::TextUnformatted("My work (what the navigation shows)");
  static const char* const kAreas[][2] = {{"interviewing", "Interviewing (new interview, interviews)"},
                                          {"sync", "Sync (sending, importing, conflicts, devices)"},
                                          {"coding", "Coding (coding, codebook, agreement, analysis)"},
                                          {"assessment", "Assessment"}};
  std::string next;
  bool changed = false;
  for (const auto& a : kAreas) {
    bool on = app::ShowsWork(v.work, role, a[0]);
    if (ImGui::Checkbox(Wid(a[1], std::string("work_") + a[0]).c_str(), &on)) changed = true;
    Probe(std::string("work_") + a[0]);
    if (on) next += (next.empty() ? "" : ",") + std::string(a[0]);
  }
  if (changed) out.Push(app::cmd::SetWork{next.empty() ? "none" : next});
  const bool custom = !v.work.empty();
  {
    DisabledScope d(!custom);
    if (ImGui::Button("Use this workspace's default###work_default")) out.Push(app::cmd::SetWork{""});
    Probe("work_default");
  }
  ImGui::SameLine();
  MutedText(role == storage::Role::kCentral ? "Default for a central workspace: everything."
                                            : "Default for a field laptop: interviewing and sync.");
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
  ImGui::Text("Settings");
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
  MutedText("Settings are stored in ~/.config/canvass/settings.txt (no workspace content). "
            "Interviews run in English or Spanish, whatever the language of the app.");
}

}  // namespace canvass::gui
