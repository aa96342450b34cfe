// Navigation sidebar (with hotkey hints and "coming" entries) and the placeholder screens.
#include <imgui.h>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

using app::Screen;
using app::T;

namespace {

void Entry(const app::AppView& v, const std::string& label, const char* id, Screen target, app::Commands& out,
           const char* hint = nullptr) {
  bool selected = v.screen == target || (target == Screen::kInterviews && v.screen == Screen::kDetail) ||
                  (target == Screen::kNewInterview && v.screen == Screen::kRunner);
  if (ImGui::Selectable(Wid(label, id).c_str(), selected)) out.Push(app::cmd::Navigate{target});
  Probe(id);
  if (hint && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", hint);
}

}  // namespace

void DrawNav(const app::AppView& v, app::Commands& out) {
  ImGui::TextUnformatted("Canvass");  // i18n-ok: the product name
  MutedText(v.home.info.name.empty() ? "" : v.home.info.name);
  ImGui::Separator();
  const storage::Role role = v.home.info.role;
  auto shows = [&](const char* area) { return app::ShowsWork(v.settings.work, role, area); };
  bool hidden = false;
  Entry(v, T("nav.home"), "nav_home", Screen::kHome, out, "Ctrl+1");
  if (shows("interviewing")) {
    Entry(v, T(v.runner.open ? "nav.open_interview" : "nav.new_interview"), "nav_runner", Screen::kNewInterview, out, "Ctrl+2");
    Entry(v, T("nav.interviews"), "nav_interviews", Screen::kInterviews, out, "Ctrl+3");
  } else hidden = true;
  Entry(v, T("nav.settings"), "nav_settings", Screen::kSettings, out, "Ctrl+4");
  ImGui::Separator();
  if (shows("sync")) {
    Entry(v, T("nav.sync"), "nav_sync", Screen::kSync, out, "Ctrl+5");
    Entry(v, T("nav.conflicts"), "nav_conflicts", Screen::kConflicts, out);
    if (role == storage::Role::kCentral) Entry(v, T("nav.devices"), "nav_devices", Screen::kDevices, out);
  } else hidden = true;
  if (shows("coding")) {
    Entry(v, T("nav.coding"), "nav_coding", Screen::kCoding, out);
    Entry(v, T("nav.codebook"), "nav_codebook", Screen::kCodebook, out);
    Entry(v, T("nav.agreement"), "nav_agreement", Screen::kAgreement, out);
    Entry(v, T("nav.analysis"), "nav_analysis", Screen::kAnalysis, out);
  } else hidden = true;
  if (shows("assessment")) Entry(v, T("nav.assessment"), "nav_assessment", Screen::kAssessment, out);
  else hidden = true;
  if (hidden) {
    // Nothing a user needs is out of reach: the hidden screens are one setting away.
    if (ImGui::SmallButton(Wid(T("nav.more"), "nav_more").c_str())) out.Push(app::cmd::Navigate{Screen::kSettings});
    Probe("nav_more");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("nav.more_tip").c_str());
  }
  ImGui::Separator();
  if (ImGui::Button(Wid(T("nav.lock"), "nav_lock").c_str(), ImVec2(-1, 0))) out.Push(app::cmd::Lock{});
  Probe("nav_lock");
  MutedText(T("nav.hint"));
}

void DrawComing(Screen screen) {
  ImGui::Text("%s", app::ScreenName(screen));  // i18n-ok: never reached (every screen has a panel)
  ImGui::Separator();
  switch (screen) {
    case Screen::kSync:
      ImGui::TextWrapped("%s", T("coming.sync").c_str());
      break;
    default:
      ImGui::TextWrapped("%s", T("coming.other").c_str());
      break;
  }
}

}  // namespace canvass::gui
