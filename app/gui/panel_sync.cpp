// Sync screen: a field laptop exports a bundle (a file chosen in the file chooser, or a typed
// folder); both sides list a folder's *.cvbundle files and import them, or one bundle chosen in
// the file chooser (with a merge report); the central writes update bundles for a device. The
// progress bar and Cancel live in the banner (gui_app.cpp).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <chrono>
#include <filesystem>
#include <utility>

#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

std::string Size(uint64_t bytes) {
  char buf[32];
  if (bytes < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
  else std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

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
  bool enter = ImGui::InputTextWithHint(v.central ? "Folder (Enter lists it, Enter again imports)###sync_folder"
                                                  : "Folder (Enter exports to it)###sync_folder",
                                        "/media/usb", &ui.folder, ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("sync_folder");
  FirstFocus();
  ImGui::SameLine();
  if (ImGui::Button("Choose...###choose_folder")) {
    ui.chooser.Open(FileChooser::Mode::kFolder, "sync_folder",
                    v.central ? "Choose the folder with the bundles (for example the USB stick)"
                              : "Choose the folder to export to (for example the USB stick)",
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
  ImGui::Checkbox("Everything, not only what the central has not confirmed###export_all", &ui.all);
  if (ImGui::Button("Export bundle...###export")) {
    ui.chooser.Open(FileChooser::Mode::kSave, "export_bundle", "Write the bundle (for example on the USB stick)",
                    app::NewBundlePath(StartFolder(ui), v.device_name, NowMs()), {".cvbundle"});
  }
  Probe("export");
  MutedText("The bundle is encrypted for the central workspace and signed by this laptop: this laptop cannot read it back.");
}

void FileList(const app::SyncView& v, SyncUi& ui, app::Commands& out) {
  if (ImGui::Button("List bundles in the folder###list_folder")) out.Push(app::cmd::ListBundleFolder{ui.folder});
  Probe("list_folder");
  if (v.files.empty()) { if (!v.folder.empty()) MutedText("No .cvbundle files in " + v.folder + "."); return; }
  const std::vector<std::string> chosen = Chosen(v, ui);
  {
    TableScope t("##bundles", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit);
    if (t.open()) {
      for (const char* h : {"", "File", "Kind", "From", "Size", "State"}) ImGui::TableSetupColumn(h);
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
        ImGui::TextUnformatted(f.kind == "data" ? "interviews from a laptop" : f.kind == "update" ? "update from the central"
                                                                                        : "cannot be read");
        ImGui::TableNextColumn();
        ImGui::Text("%s #%lld", f.from.c_str(), static_cast<long long>(f.seq));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(Size(f.bytes).c_str());
        ImGui::TableNextColumn();
        if (!f.problem.empty()) ErrorText(f.problem);
        else if (f.imported) ImGui::TextDisabled("already here");
        else ImGui::TextUnformatted("new");
      }
    }
  }
  DisabledScope none(chosen.empty());
  std::string label = "Import " + std::to_string(chosen.size()) + (chosen.size() == 1 ? " bundle" : " bundles") + "###import_selected";
  if (ImGui::Button(label.c_str())) out.Push(app::cmd::ImportBundles{chosen});
  Probe("import_selected");
}

void Import(const app::SyncView& v, SyncUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(v.central ? "Import bundles from field laptops" : "Import an update from the central workspace");
  FileList(v, ui, out);
  if (ImGui::Button("Or import one bundle file...###bundle_path"))
    ui.chooser.Open(FileChooser::Mode::kOpen, "import_bundle", "Import one bundle file",
                    ui.bundle_path.empty() ? StartFolder(ui) : ui.bundle_path, {".cvbundle"});
  Probe("bundle_path");
  MutedText("Each bundle is verified before it is read and merged in one transaction; a refused bundle changes nothing. "
            "Cancel stops between bundles.");
}

void Report(const app::SyncView& v, bool details) {
  if (v.report.empty()) return;
  ImGui::TextUnformatted(v.report_cancelled ? "Merge report (cancelled; the remaining bundles were not read)" : "Merge report");
  // Plain counts first; the version counts (each saved change of an answer is a version) only
  // under "Show technical details".
  TableScope t("##report", details ? 8 : 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit);
  if (!t.open()) return;
  for (const char* h : {"File", "From", "New interviews", "Answers changed", "Conflicts to resolve", "Notes"})
    ImGui::TableSetupColumn(h);
  if (details) {
    ImGui::TableSetupColumn("Versions new");
    ImGui::TableSetupColumn("Versions already here");
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
    if (!l.ok) ErrorText("refused: " + l.error);
    else if (l.already) MutedText("already imported; nothing changed");
    for (const auto& n : l.notes) MutedText(n);
    if (!details) continue;
    for (int64_t n : {s.new_versions, s.known_versions}) {
      ImGui::TableNextColumn();
      if (l.ok && !l.already) ImGui::Text("%lld", static_cast<long long>(n));
    }
  }
}

void Update(const app::SyncView& v, SyncUi& ui) {
  ImGui::TextUnformatted("Update bundle for a laptop: current forms and areas, and which of its bundles arrived");
  if (v.devices.empty()) { MutedText("No enrolled devices yet: enroll one under Devices."); return; }
  ui.update_device = std::clamp(ui.update_device, 0, static_cast<int>(v.devices.size()) - 1);
  {
    ComboScope c("Device###update_device", v.devices[static_cast<size_t>(ui.update_device)].second.c_str());
    if (c.open())
      for (size_t i = 0; i < v.devices.size(); ++i) {
        IdScope id(v.devices[i].first);
        if (ImGui::Selectable(v.devices[i].second.c_str(), static_cast<int>(i) == ui.update_device)) ui.update_device = static_cast<int>(i);
      }
  }
  ImGui::Checkbox("With interviews (for a coder's laptop)###with_interviews", &ui.with_interviews);
  if (ImGui::Button("Write update...###write_update"))
    ui.chooser.Open(FileChooser::Mode::kSave, "write_update", "Write the update bundle (for example on the USB stick)",
                    app::NewBundlePath(StartFolder(ui), "update-" + v.devices[static_cast<size_t>(ui.update_device)].second, NowMs()),
                    {".cvbundle"});
  Probe("write_update");
}

void Log(const char* title, const std::vector<app::BundleLogItem>& items, bool out) {
  ImGui::TextUnformatted(title);
  if (items.empty()) { MutedText("none yet"); return; }
  for (const auto& i : items)
    MutedText(i.at + "  #" + std::to_string(i.seq) + (out ? " for " : " from ") + i.device + (i.summary.empty() ? "" : ", " + i.summary));
}

}  // namespace

void DrawSync(const app::SyncView& v, SyncUi& ui, app::Commands& out) {
  bool focus = JustAppeared(&ui.shown_frame);
  ImGui::Text("Sync");
  ImGui::Separator();
  if (v.central) MutedText("Central workspace: laptops send their interviews here.");
  else MutedText("This laptop: " + v.device_name + ". Its interviews go to the central workspace.");
  DetailsToggle("sync_details", &ui.details);
  if (ui.details) {
    MutedText("Central key fingerprint: " + (v.fingerprint.empty() ? std::string("made at the first enrollment")
                                                                  : FingerprintGroups(v.fingerprint)));
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
      ImGui::Text("%d open %s", v.open_conflicts, v.open_conflicts == 1 ? "conflict" : "conflicts");
      ImGui::SameLine();
      if (ImGui::Button("Resolve conflicts###goto_conflicts")) out.Push(app::cmd::Navigate{app::Screen::kConflicts});
      Probe("goto_conflicts");
    }
    ImGui::Spacing();
    ImGui::Separator();
    Update(v, ui);
  }
  ImGui::Spacing();
  ImGui::Separator();
  Log(v.central ? "Recent updates written" : "Recent exports", v.exports, true);
  Log(v.central ? "Recent imports" : "Recent updates imported", v.imports, false);
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
