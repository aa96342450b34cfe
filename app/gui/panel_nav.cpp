// Navigation sidebar (with hotkey hints and "coming" entries) and the placeholder screens.
#include <imgui.h>

#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

using app::Screen;

namespace {

void Entry(const app::AppView& v, const char* label, const char* id, Screen target, app::Commands& out,
           const char* hint = nullptr) {
  bool selected = v.screen == target || (target == Screen::kInterviews && v.screen == Screen::kDetail) ||
                  (target == Screen::kNewInterview && v.screen == Screen::kRunner);
  if (ImGui::Selectable(Wid(label, id).c_str(), selected)) out.Push(app::cmd::Navigate{target});
  Probe(id);
  if (hint && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", hint);
}

}  // namespace

void DrawNav(const app::AppView& v, app::Commands& out) {
  ImGui::TextUnformatted("Canvass");
  MutedText(v.home.info.name.empty() ? "" : v.home.info.name);
  ImGui::Separator();
  const storage::Role role = v.home.info.role;
  auto shows = [&](const char* area) { return app::ShowsWork(v.settings.work, role, area); };
  bool hidden = false;
  Entry(v, "Home", "nav_home", Screen::kHome, out, "Ctrl+1");
  if (shows("interviewing")) {
    Entry(v, v.runner.open ? "Interview (open)" : "New interview", "nav_runner", Screen::kNewInterview, out, "Ctrl+2");
    Entry(v, "Interviews", "nav_interviews", Screen::kInterviews, out, "Ctrl+3");
  } else hidden = true;
  Entry(v, "Settings", "nav_settings", Screen::kSettings, out, "Ctrl+4");
  ImGui::Separator();
  if (shows("sync")) {
    Entry(v, "Sync", "nav_sync", Screen::kSync, out, "Ctrl+5");
    Entry(v, "Conflicts", "nav_conflicts", Screen::kConflicts, out);
    if (role == storage::Role::kCentral) Entry(v, "Devices", "nav_devices", Screen::kDevices, out);
  } else hidden = true;
  if (shows("coding")) {
    Entry(v, "Coding", "nav_coding", Screen::kCoding, out);
    Entry(v, "Codebook", "nav_codebook", Screen::kCodebook, out);
    Entry(v, "Agreement", "nav_agreement", Screen::kAgreement, out);
    Entry(v, "Analysis", "nav_analysis", Screen::kAnalysis, out);
  } else hidden = true;
  if (shows("assessment")) Entry(v, "Assessment", "nav_assessment", Screen::kAssessment, out);
  else hidden = true;
  if (hidden) {
    // Nothing a user needs is out of reach: the hidden screens are one setting away.
    if (ImGui::SmallButton("More screens...###nav_more")) out.Push(app::cmd::Navigate{Screen::kSettings});
    Probe("nav_more");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Settings > My work chooses what this list shows");
  }
  ImGui::Separator();
  if (ImGui::Button("Lock###nav_lock", ImVec2(-1, 0))) out.Push(app::cmd::Lock{});
  Probe("nav_lock");
  MutedText("F1: keyboard shortcuts. Ctrl+L locks.");
}

void DrawComing(Screen screen) {
  ImGui::Text("%s", app::ScreenName(screen));
  ImGui::Separator();
  switch (screen) {
    case Screen::kSync:
      ImGui::TextWrapped("Coming: enrollment kits and encrypted bundles to move interviews between field "
                         "devices and the central workspace. Until then use canvass-cli.");
      break;
    default:
      ImGui::TextWrapped("Coming: area indicators, scoring and reports.");
      break;
  }
}

}  // namespace canvass::gui
