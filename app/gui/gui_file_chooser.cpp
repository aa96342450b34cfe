// The file chooser (file_chooser.h): listing, navigation and checks with std::filesystem
// (errors caught here and shown as one line), and the ImGui modal that drives them.
//
// [SECTION] paths   [SECTION] state   [SECTION] popup
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "app/i18n.h"
#include "file_chooser.h"
#include "gui_util.h"

namespace canvass::gui {

namespace fs = std::filesystem;

// [SECTION] paths

std::string NormalPath(const std::string& path) {
  if (path.empty()) return path;
  std::string s = fs::path(path).lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s.empty() ? "." : s;
}

std::string HomeDir() {
  const char* h = std::getenv("HOME");
  return h && *h ? NormalPath(h) : "/";
}

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool IsDir(const std::string& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

// "~" and "~/x" from the home folder; absolute as is; else relative to `base`.
std::string Resolve(const std::string& base, const std::string& typed) {
  if (typed == "~") return HomeDir();
  if (typed.rfind("~/", 0) == 0) return NormalPath(HomeDir() + typed.substr(1));
  if (!typed.empty() && typed[0] == '/') return NormalPath(typed);
  return NormalPath(base + "/" + typed);
}

std::string FileName(const std::string& path) { return fs::path(path).filename().string(); }

}  // namespace

// [SECTION] state

void FileChooser::Open(Mode mode, std::string id, std::string title, const std::string& start, std::vector<std::string> exts) {
  mode_ = mode;
  id_ = std::move(id);
  title_ = std::move(title);
  exts_ = std::move(exts);
  all_files = false;
  asking_ = false;
  chosen_.clear();
  error_.clear();
  name.clear();
  std::string from = start.empty() ? HomeDir() : Resolve(HomeDir(), start);
  if (!IsDir(from)) {
    name = FileName(from);
    from = fs::path(from).parent_path().string();
  }
  dir_ = IsDir(from) ? NormalPath(from) : HomeDir();
  dir_field = dir_;
  Refresh();
  active_ = true;
  open_requested = true;
}

bool FileChooser::Matches(const std::string& file_name) const {
  if (exts_.empty() || all_files) return true;
  std::string n = Lower(file_name);
  for (const auto& e : exts_) {
    std::string x = Lower(e);
    if (n.size() > x.size() && n.compare(n.size() - x.size(), x.size(), x) == 0) return true;
  }
  return false;
}

void FileChooser::Refresh() {
  entries_.clear();
  std::error_code ec;
  fs::directory_iterator it(dir_, fs::directory_options::skip_permission_denied, ec);
  if (ec) { error_ = app::F("fc.cannot_list", dir_, ec.message()); return; }
  std::vector<DirEntry> dirs, files;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) { error_ = app::F("fc.listing_stopped", dir_, ec.message()); break; }
    std::string n = it->path().filename().string();
    if (n.empty() || n[0] == '.') continue;  // hidden: type the name to reach one
    std::error_code e2;
    if (it->is_directory(e2)) dirs.push_back({n, true, 0});
    else if (it->is_regular_file(e2) && Matches(n)) files.push_back({n, false, it->file_size(e2)});
  }
  auto by_name = [](const DirEntry& a, const DirEntry& b) {
    std::string x = Lower(a.name), y = Lower(b.name);
    return x != y ? x < y : a.name < b.name;
  };
  std::sort(dirs.begin(), dirs.end(), by_name);
  std::sort(files.begin(), files.end(), by_name);
  entries_ = std::move(dirs);
  entries_.insert(entries_.end(), files.begin(), files.end());
  if (entries_.size() > kMaxEntries) entries_.resize(kMaxEntries);
}

bool FileChooser::Enter(const std::string& path) {
  std::string to = Resolve(dir_, path);
  if (!IsDir(to)) {
    error_ = app::F("fc.no_folder", to);
    dir_field = dir_;
    return false;
  }
  error_.clear();
  asking_ = false;
  dir_ = to;
  dir_field = dir_;
  Refresh();
  return error_.empty();
}

std::string FileChooser::Target() const {
  std::string n = name;
  n.erase(0, n.find_first_not_of(" \t"));
  n.erase(n.find_last_not_of(" \t") + 1);
  if (n.empty()) return "";
  std::string p = Resolve(dir_, n);
  if ((mode_ == Mode::kSave || mode_ == Mode::kNew) && !exts_.empty() && !IsDir(p) && fs::path(p).extension().empty())
    p += exts_[0];
  return p;
}

// [SECTION] places

std::vector<std::string>& RecentFolders() {
  static std::vector<std::string> list;
  return list;
}

namespace {
int g_recent_revision = 0;
}  // namespace

int RecentFoldersRevision() { return g_recent_revision; }

void NoteRecentFolder(const std::string& folder) {
  if (folder.empty() || folder[0] != '/' || folder.find('\n') != std::string::npos) return;
  const std::string f = NormalPath(folder);
  auto& list = RecentFolders();
  if (!list.empty() && list.front() == f) return;
  list.erase(std::remove(list.begin(), list.end(), f), list.end());
  list.insert(list.begin(), f);
  if (list.size() > kMaxRecentFolders) list.resize(kMaxRecentFolders);
  ++g_recent_revision;
}

std::vector<std::string> MediaRoots() {
  const char* u = std::getenv("USER");
  std::string user = u && *u && std::string(u).find('/') == std::string::npos ? u : "";
  std::vector<std::string> roots;
  if (!user.empty()) roots = {"/media/" + user, "/run/media/" + user};
  roots.push_back("/media");
  roots.push_back("/mnt");
  return roots;
}

std::vector<Place> Places(const std::vector<std::string>& media_roots) {
  std::vector<Place> out;
  auto have = [&](const std::string& p) {
    return std::any_of(out.begin(), out.end(), [&](const Place& x) { return x.path == p; });
  };
  out.push_back({app::T("fc.home"), HomeDir()});
  for (const auto& root : media_roots) {
    std::error_code ec;
    std::vector<std::string> found;
    for (fs::directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code e2;
      std::string n = it->path().filename().string();
      if (n.empty() || n[0] == '.' || !it->is_directory(e2)) continue;
      std::string p = NormalPath(it->path().string());
      // /media/$USER itself is a root, not a stick; a user folder under /media is skipped
      if (std::find(media_roots.begin(), media_roots.end(), p) != media_roots.end()) continue;
      found.push_back(p);
      if (found.size() >= 16) break;
    }
    std::sort(found.begin(), found.end());
    for (const auto& p : found)
      if (!have(p)) out.push_back({app::F("fc.removable", FileName(p)), p});
  }
  for (const auto& r : RecentFolders())
    if (IsDir(r) && !have(r)) out.push_back({app::F("fc.recent", FileName(r).empty() ? r : FileName(r)), r});
  return out;
}

// [SECTION] accept

bool FileChooser::Accept() {
  asking_ = false;
  error_.clear();
  std::string p = Target();
  if (mode_ == Mode::kFolder) {
    if (p.empty()) p = dir_;
    if (!IsDir(p)) { error_ = app::F("fc.no_folder", p); return false; }
    chosen_ = NormalPath(p);
    active_ = false;
    NoteRecentFolder(chosen_);
    return true;
  }
  if (p.empty()) { error_ = app::T("fc.type_name"); return false; }
  if (IsDir(p)) { Enter(p); name.clear(); return false; }  // a folder typed in the name field: go there
  std::error_code ec;
  bool exists = fs::exists(p, ec);
  if (mode_ == Mode::kOpen) {
    if (!exists || !fs::is_regular_file(p, ec)) { error_ = app::F("fc.no_file", p); return false; }
  } else {
    std::string parent = fs::path(p).parent_path().string();
    if (!IsDir(parent)) { error_ = app::F("fc.no_parent", parent); return false; }
    if (exists && !fs::is_regular_file(p, ec)) { error_ = app::F("fc.not_regular", p); return false; }
    if (exists && mode_ == Mode::kNew) { error_ = app::F("fc.exists_new", p); return false; }
    if (exists) { asking_ = true; return false; }
  }
  chosen_ = p;
  active_ = false;
  NoteRecentFolder(fs::path(p).parent_path().string());
  return true;
}

void FileChooser::Overwrite(bool yes) {
  if (!asking_) return;
  asking_ = false;
  if (!yes) return;
  chosen_ = Target();
  active_ = false;
  NoteRecentFolder(fs::path(chosen_).parent_path().string());
}

// [SECTION] popup

namespace {

class ModalScope {
 public:
  explicit ModalScope(const char* id) : open_(ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {}
  ~ModalScope() { if (open_) ImGui::EndPopup(); }
  bool open() const { return open_; }
  ModalScope(const ModalScope&) = delete;
  ModalScope& operator=(const ModalScope&) = delete;

 private:
  bool open_;
};

// The folder's listing: a folder is entered with one click, a file's name is taken with one
// click and accepted with a double-click. Returns true when a double-click accepted.
bool Listing(FileChooser* fc) {
  const float fh = ImGui::GetFontSize();
  ChildScope list("##fc_list", ImVec2(fh * 36, fh * 16), true);
  if (fc->entries().empty()) MutedText(app::T(fc->exts().empty() || fc->all_files ? "fc.empty" : "fc.no_matching"));
  std::string enter;
  bool accept = false;
  for (const auto& e : fc->entries()) {
    IdScope id(e.name);
    std::string label = e.dir ? e.name + "/" : e.name;
    const bool folder_mode = fc->mode() == FileChooser::Mode::kFolder;
    DisabledScope dimmed(folder_mode && !e.dir);  // choosing a folder: its files are shown, not picked
    if (ImGui::Selectable(Wid(label, "e").c_str(), !e.dir && fc->name == e.name, ImGuiSelectableFlags_AllowDoubleClick)) {  // i18n-ok: an id
      if (e.dir) enter = e.name;
      else if (!folder_mode) {
        fc->name = e.name;
        accept = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
      }
    }
    Probe((e.dir ? "fc_dir/" : "fc_file/") + e.name);
    if (!e.dir) {
      ImGui::SameLine(fh * 28);
      MutedText(FileSize(e.size));
    }
  }
  if (!enter.empty()) fc->Enter(enter);
  return accept;
}

// Home, removable media and recent folders, one click (or Tab and Enter) away. The list is
// read when the popup opens (a stick plugged in later: reopen the chooser).
void PlacesColumn(FileChooser* fc) {
  static std::vector<Place> places;
  if (ImGui::IsWindowAppearing() || places.empty()) places = Places(MediaRoots());
  const float fh = ImGui::GetFontSize();
  ChildScope col("##fc_places", ImVec2(fh * 12, fh * 16), true);
  for (size_t i = 0; i < places.size(); ++i) {
    const Place& p = places[i];
    if (ImGui::Selectable(Wid(p.label, "fc_place_" + std::to_string(i)).c_str(), fc->dir() == p.path)) fc->Enter(p.path);  // i18n-ok: an id
    Probe("fc_place_" + std::to_string(i));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.path.c_str());
  }
}

void Filter(FileChooser* fc) {
  if (fc->exts().empty()) return;
  std::string shown;
  for (const auto& e : fc->exts()) shown += (shown.empty() ? "*" : ", *") + e;
  WidthScope w(ImGui::GetFontSize() * 10);
  ComboScope combo("###fc_filter", fc->all_files ? app::T("fc.all_files").c_str() : shown.c_str(), 0);
  if (!combo.open()) return;
  if (ImGui::Selectable(shown.c_str(), !fc->all_files)) { fc->all_files = false; fc->Refresh(); }
  if (ImGui::Selectable(Wid(app::T("fc.all_files"), "fc_all").c_str(), fc->all_files)) { fc->all_files = true; fc->Refresh(); }
}

}  // namespace

bool DrawFileChooser(FileChooser* fc) {
  const char* popup = "###file_chooser";
  if (fc->open_requested) {
    fc->open_requested = false;
    ImGui::OpenPopup(popup);
  }
  ModalScope modal((fc->title() + popup).c_str());
  if (!modal.open()) {
    if (fc->active()) fc->Close();  // closed from outside (e.g. Escape)
    return false;
  }
  bool done = false;
  if (ImGui::Button(Wid(app::T("fc.up"), "fc_up").c_str())) fc->Up();
  Probe("fc_up");
  ImGui::SameLine();
  {
    WidthScope w(ImGui::GetFontSize() * 32);
    if (ImGui::InputText("###fc_dir_field", &fc->dir_field, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll))
      fc->Enter(fc->dir_field);
  }
  Probe("fc_dir_field");
  PlacesColumn(fc);
  ImGui::SameLine();
  if (Listing(fc)) done = fc->Accept();
  {
    WidthScope w(ImGui::GetFontSize() * 24);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    if (ImGui::InputTextWithHint("###fc_name", app::T(fc->mode() == FileChooser::Mode::kFolder ? "fc.folder_hint" : "fc.name_hint").c_str(), &fc->name,
                                 ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll))
      done = fc->Accept();
  }
  Probe("fc_name");
  ImGui::SameLine();
  Filter(fc);
  if (!fc->error().empty()) ErrorText(fc->error());
  if (fc->asking_overwrite()) {
    ErrorText(app::F("fc.replace_q", fc->Target()));
    if (ImGui::Button(Wid(app::T("fc.replace"), "fc_replace").c_str())) { fc->Overwrite(true); done = true; }
    Probe("fc_replace");
    ImGui::SameLine();
    if (ImGui::Button(Wid(app::T("fc.keep"), "fc_keep").c_str())) fc->Overwrite(false);
    Probe("fc_keep");
  } else {
    const char* ok = fc->mode() == FileChooser::Mode::kFolder ? "fc.use_folder"
                     : fc->mode() == FileChooser::Mode::kOpen ? "fc.open"
                                                               : "fc.save";
    if (ImGui::Button(Wid(app::T(ok), "fc_ok").c_str())) done = fc->Accept();
    Probe("fc_ok");
    ImGui::SameLine();
    if (ImGui::Button(Wid(app::T("fc.cancel"), "fc_cancel").c_str()) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) fc->Close();
    Probe("fc_cancel");
  }
  if (!fc->active()) ImGui::CloseCurrentPopup();
  return done && !fc->chosen().empty();
}

}  // namespace canvass::gui
