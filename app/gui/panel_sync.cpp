// Sync screen: a field laptop exports a bundle (a file chosen in the file chooser, or a typed
// folder); both sides list a folder's *.cvbundle files and import them, or one bundle chosen in
// the file chooser (with a merge report); the central writes update bundles for a device. The
// progress bar and Cancel live in the banner (gui_app.cpp).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <chrono>
#include <filesystem>
#include <utility>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

bool Selected(const app::BundleFileItem& f, const SyncUi& ui) {
  return !f.imported && f.problem.empty() && !ui.unselected.count(f.path);
}

std::vector<std::string> Chosen(const app::SyncView& v, const SyncUi& ui) {
  std::vector<std::string> out;
  for (const auto& f : v.files)
    if (Selected(f, ui)) out.push_back(f.path);
  return out;
}

// Where a chooser starts: the typed folder when it is one, else the home folder.
std::string StartFolder(const SyncUi& ui) {
  std::error_code ec;
  return !ui.folder.empty() && std::filesystem::is_directory(ui.folder, ec) ? ui.folder : HomeDir();
}

// Central: Enter lists the folder, Enter again (same folder) imports the ticked new bundles.
// Field: Enter exports to the folder.
void FolderField(const app::SyncView& v, SyncUi& ui, app::Commands& out, bool focus) {
  if (focus || std::exchange(ui.refocus, false)) ImGui::SetKeyboardFocusHere();
  bool enter = ImGui::InputTextWithHint(Wid(app::T(v.central ? "sync.folder_central" : "sync.folder_field"), "sync_folder").c_str(),
                                        "/media/usb", &ui.folder, ImGuiInputTextFlags_EnterReturnsTrue);  // i18n-ok: a path
  Probe("sync_folder");
  FirstFocus();
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("unlock.choose"), "choose_folder").c_str())) {
    ui.chooser.Open(FileChooser::Mode::kFolder, "sync_folder", app::T(v.central ? "sync.choose_central" : "sync.choose_field"),
                    StartFolder(ui), {".cvbundle"});
  }
  Probe("choose_folder");
  if (!enter) return;
  ui.refocus = true;
  if (!v.central) { out.Push(app::cmd::ExportBundle{ui.folder, ui.all}); return; }
  auto chosen = Chosen(v, ui);
  if (ui.folder == v.folder && !chosen.empty()) out.Push(app::cmd::ImportBundles{std::move(chosen)});
  else out.Push(app::cmd::ListBundleFolder{ui.folder});
}

// For a suggested bundle name only (the controller's clock stamps what is written).
int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void Export(const app::SyncView& v, SyncUi& ui) {
  ImGui::Checkbox(Wid(app::T("sync.export_all"), "export_all").c_str(), &ui.all);
  if (ImGui::Button(Wid(app::T("sync.export"), "export").c_str())) {
    ui.chooser.Open(FileChooser::Mode::kSave, "export_bundle", app::T("sync.export_title"),
                    app::NewBundlePath(StartFolder(ui), v.device_name, NowMs()), {".cvbundle"});
  }
  Probe("export");
  MutedText(app::T("sync.export_note"));
}

void FileList(const app::SyncView& v, SyncUi& ui, app::Commands& out) {
  if (ImGui::Button(Wid(app::T("sync.list"), "list_folder").c_str())) out.Push(app::cmd::ListBundleFolder{ui.folder});
  Probe("list_folder");
  if (v.files.empty()) { if (!v.folder.empty()) MutedText(app::F("sync.no_bundles", v.folder)); return; }
  const std::vector<std::string> chosen = Chosen(v, ui);
  {
    TableScope t("##bundles", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit);
    if (t.open()) {
      for (const char* h : {"", "sync.col_file", "sync.col_kind", "sync.col_from", "sync.col_size", "sync.col_state"})
        ImGui::TableSetupColumn(*h ? app::T(h).c_str() : "");
      ImGui::TableHeadersRow();
      for (const auto& f : v.files) {
        IdScope id(f.path);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        bool sel = Selected(f, ui);
        {
          DisabledScope d(f.imported || !f.problem.empty());
          if (ImGui::Checkbox("###pick", &sel)) { if (sel) ui.unselected.erase(f.path); else ui.unselected.insert(f.path); }
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(f.name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(app::T(f.kind == "data" ? "sync.kind_data" : f.kind == "update" ? "sync.kind_update" : "sync.kind_bad").c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%s #%lld", f.from.c_str(), static_cast<long long>(f.seq));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FileSize(f.bytes).c_str());
        ImGui::TableNextColumn();
        if (!f.problem.empty()) ErrorText(f.problem);
        else if (f.imported) ImGui::TextDisabled("%s", app::T("sync.already_here").c_str());
        else ImGui::TextUnformatted(app::T("sync.new").c_str());
      }
    }
  }
  DisabledScope none(chosen.empty());
  if (ImGui::Button(Wid(app::P("sync.import_n", static_cast<int64_t>(chosen.size())), "import_selected").c_str()))
    out.Push(app::cmd::ImportBundles{chosen});
  Probe("import_selected");
}

void Import(const app::SyncView& v, SyncUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::T(v.central ? "sync.import_central" : "sync.import_field").c_str());
  FileList(v, ui, out);
  if (ImGui::Button(Wid(app::T("sync.import_one"), "bundle_path").c_str()))
    ui.chooser.Open(FileChooser::Mode::kOpen, "import_bundle", app::T("sync.import_one_title"),
                    ui.bundle_path.empty() ? StartFolder(ui) : ui.bundle_path, {".cvbundle"});
  Probe("bundle_path");
  MutedText(app::T("sync.import_note"));
}

void Report(const app::SyncView& v, bool details) {
  if (v.report.empty()) return;
  ImGui::TextUnformatted(app::T(v.report_cancelled ? "sync.report_cancelled" : "sync.report").c_str());
  // Plain counts first; the version counts (each saved change of an answer is a version) only
  // under "Show technical details".
  TableScope t("##report", details ? 8 : 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit);
  if (!t.open()) return;
  for (const char* h : {"sync.col_file", "sync.col_from", "sync.col_new_interviews", "sync.col_changed", "sync.col_conflicts", "sync.col_notes"})
    ImGui::TableSetupColumn(app::T(h).c_str());
  if (details) {
    ImGui::TableSetupColumn(app::T("sync.col_versions_new").c_str());
    ImGui::TableSetupColumn(app::T("sync.col_versions_known").c_str());
    Probe("report_versions");
  }
  ImGui::TableHeadersRow();
  for (const auto& l : v.report) {
    IdScope id(l.path);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(l.name.c_str());
    ImGui::TableNextColumn();
    if (l.ok) ImGui::Text("%s #%lld", l.from.c_str(), static_cast<long long>(l.seq));
    const auto& s = l.stats;
    for (int64_t n : {s.new_interviews, s.updated_answers, s.new_conflicts}) {
      ImGui::TableNextColumn();
      if (l.ok && !l.already) ImGui::Text("%lld", static_cast<long long>(n));
    }
    ImGui::TableNextColumn();
    if (!l.ok) ErrorText(app::F("sync.refused", l.error));
    else if (l.already) MutedText(app::T("sync.already"));
    for (const auto& n : l.notes) MutedText(n);
    if (!details) continue;
    for (int64_t n : {s.new_versions, s.known_versions}) {
      ImGui::TableNextColumn();
      if (l.ok && !l.already) ImGui::Text("%lld", static_cast<long long>(n));
    }
  }
}

void Update(const app::SyncView& v, SyncUi& ui) {
  ImGui::TextUnformatted(app::T("sync.update").c_str());
  if (v.devices.empty()) { MutedText(app::T("sync.no_devices")); return; }
  ui.update_device = std::clamp(ui.update_device, 0, static_cast<int>(v.devices.size()) - 1);
  {
    ComboScope c(Wid(app::T("sync.device"), "update_device").c_str(), v.devices[static_cast<size_t>(ui.update_device)].second.c_str());
    if (c.open())
      for (size_t i = 0; i < v.devices.size(); ++i) {
        IdScope id(v.devices[i].first);
        if (ImGui::Selectable(v.devices[i].second.c_str(), static_cast<int>(i) == ui.update_device)) ui.update_device = static_cast<int>(i);
      }
  }
  ImGui::Checkbox(Wid(app::T("sync.with_interviews"), "with_interviews").c_str(), &ui.with_interviews);
  if (ImGui::Button(Wid(app::T("sync.write_update"), "write_update").c_str()))
    ui.chooser.Open(FileChooser::Mode::kSave, "write_update", app::T("sync.write_update_title"),
                    app::NewBundlePath(StartFolder(ui), "update-" + v.devices[static_cast<size_t>(ui.update_device)].second, NowMs()),
                    {".cvbundle"});
  Probe("write_update");
}

void Log(const std::string& title, const std::vector<app::BundleLogItem>& items, bool out) {
  ImGui::TextUnformatted(title.c_str());
  if (items.empty()) { MutedText(app::T("home.none_yet")); return; }
  for (const auto& i : items)
    MutedText(app::F(out ? "sync.log_for" : "sync.log_from", i.at, std::to_string(i.seq), i.device) +
              (i.summary.empty() ? "" : ", " + i.summary));
}

}  // namespace

void DrawSync(const app::SyncView& v, SyncUi& ui, app::Commands& out) {
  bool focus = JustAppeared(&ui.shown_frame);
  ImGui::TextUnformatted(app::T("sync.title").c_str());
  ImGui::Separator();
  if (v.central) MutedText(app::T("sync.central_intro"));
  else MutedText(app::F("sync.field_intro", v.device_name));
  DetailsToggle("sync_details", &ui.details);
  if (ui.details) {
    MutedText(app::F("sync.fingerprint", v.fingerprint.empty() ? app::T("sync.fingerprint_later") : FingerprintGroups(v.fingerprint)));
    Probe("sync_fingerprint");
  }
  for (size_t i = 0; i < v.receipt_lines.size(); ++i) {  // field: receipts and the purge (PR-3)
    ImGui::TextWrapped("%s", v.receipt_lines[i].c_str());
    Probe("sync_receipt_" + std::to_string(i));
  }
  if (!v.message.empty()) { ColorScope c(ImGuiCol_Text, kOkColor); ImGui::TextWrapped("%s", v.message.c_str()); }
  if (!v.error.empty()) ErrorText(v.error);
  WidthScope w(ImGui::GetFontSize() * 24.f);
  FolderField(v, ui, out, focus);
  if (!v.central) Export(v, ui);
  ImGui::Spacing();
  ImGui::Separator();
  Import(v, ui, out);
  Report(v, ui.details);
  if (v.central) {
    if (v.open_conflicts > 0) {
      ImGui::TextUnformatted(app::P("sync.open_conflicts", v.open_conflicts).c_str());
      ImGui::SameLine();
      if (ImGui::Button(Wid(app::T("sync.resolve"), "goto_conflicts").c_str())) out.Push(app::cmd::Navigate{app::Screen::kConflicts});
      Probe("goto_conflicts");
    }
    ImGui::Spacing();
    ImGui::Separator();
    Update(v, ui);
  }
  ImGui::Spacing();
  ImGui::Separator();
  Log(app::T(v.central ? "sync.log_updates" : "sync.log_exports"), v.exports, true);
  Log(app::T(v.central ? "sync.log_imports" : "sync.log_updates_in"), v.imports, false);
  if (!DrawFileChooser(&ui.chooser)) return;
  const std::string& path = ui.chooser.chosen();
  if (ui.chooser.id() == "sync_folder") {  // the folder field: the central lists it at once
    ui.folder = path;
    if (v.central) out.Push(app::cmd::ListBundleFolder{ui.folder});
    return;
  }
  if (ui.chooser.id() == "export_bundle") {
    out.Push(app::cmd::ExportBundle{path, ui.all});
  } else if (ui.chooser.id() == "write_update") {
    if (!v.devices.empty()) {
      const int i = std::clamp(ui.update_device, 0, static_cast<int>(v.devices.size()) - 1);
      out.Push(app::cmd::ExportUpdate{v.devices[static_cast<size_t>(i)].first, path, ui.with_interviews});
    }
  } else {
    ui.bundle_path = path;
    out.Push(app::cmd::ImportBundles{{path}});
  }
  ui.folder = std::filesystem::path(path).parent_path().string();
}

}  // namespace canvass::gui
