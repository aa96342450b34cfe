// A small reusable file chooser in an ImGui modal: one folder's listing (folders first, then
// files matching an extension filter), Up and folder navigation, a typed folder or file name,
// and, when saving, a question before an existing file is replaced. The state and every step
// are window-free (tests drive them headless); DrawFileChooser (gui_file_chooser.cpp) is the
// popup. Holds file names only, never file contents. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace canvass::gui {

struct DirEntry {
  std::string name;
  bool dir = false;
  uintmax_t size = 0;  // bytes; 0 for folders
};

class FileChooser {
 public:
  // kNew: like kSave, but an existing file is refused (for files that must not exist yet, such
  // as an enrollment kit or a new workspace) instead of asked about. kFolder: chooses a folder
  // (the current one, or the one named in the name field); matching files are listed, dimmed,
  // so the user sees what the folder holds.
  enum class Mode { kOpen, kSave, kNew, kFolder };
  static constexpr size_t kMaxEntries = 5000;  // a folder with more lists the first ones (sorted)

  // Starts choosing. `start` is a file or folder path ("" or missing: the home folder; a file:
  // its folder, and its name prefilled). `exts` like {".html"} filters the listing (empty =
  // every file); in save mode a name typed without an extension gets exts[0]. `id` names the
  // purpose, so the caller knows what the chosen path is for.
  void Open(Mode mode, std::string id, std::string title, const std::string& start, std::vector<std::string> exts);
  void Close() { active_ = false; asking_ = false; }
  bool active() const { return active_; }
  const std::string& id() const { return id_; }
  Mode mode() const { return mode_; }
  const std::string& title() const { return title_; }

  // Goes to `path`: absolute, "~/...", or relative to the current folder (a child's name, "..").
  // A path that is not a readable folder leaves the folder unchanged and sets error().
  bool Enter(const std::string& path);
  void Up() { Enter(".."); }
  void Refresh();                               // re-reads the listing of dir()
  // The typed name as a full path ("" when empty): absolute, "~/", else in dir(); in save mode
  // with the filter's extension added when the name has none.
  std::string Target() const;
  // Checks Target(): true when it may be used now (chosen() is set and the chooser closes).
  // Open: an existing regular file. Save: a name in an existing folder, not a folder; an
  // existing file first asks (asking_overwrite()), answered by Overwrite(true/false). New: a
  // name in an existing folder where nothing exists yet. Folder: the folder the name field
  // names, or dir() when it is empty.
  bool Accept();
  void Overwrite(bool yes);
  bool asking_overwrite() const { return asking_; }

  const std::string& dir() const { return dir_; }
  const std::vector<DirEntry>& entries() const { return entries_; }
  const std::string& error() const { return error_; }
  const std::string& chosen() const { return chosen_; }
  // chosen(), once: returns it and clears it (for a caller that acts on it a frame later).
  std::string TakeChosen() { std::string c; c.swap(chosen_); return c; }
  const std::vector<std::string>& exts() const { return exts_; }
  bool Matches(const std::string& file_name) const;  // extension filter (case-insensitive)

  std::string name;            // the file-name field (edited by the popup)
  std::string dir_field;       // the folder field (edited by the popup; Enter goes there)
  bool all_files = false;      // the filter switched to "all files"
  bool open_requested = false; // the popup opens on the next draw

 private:
  Mode mode_ = Mode::kOpen;
  std::string id_, title_, dir_, error_, chosen_;
  std::vector<std::string> exts_;
  std::vector<DirEntry> entries_;
  bool active_ = false, asking_ = false;
};

// A place offered beside the listing, one click away.
struct Place {
  std::string label, path;  // "Home", "USB stick KINGSTON", "Recent: reports"
};

// The folders choosers were last used in, most recent first, shared by every chooser (the app
// loads them from and saves them to its settings: RecentFoldersRevision() rises on a change).
// A chooser that accepts a path puts its folder first.
std::vector<std::string>& RecentFolders();
int RecentFoldersRevision();
void NoteRecentFolder(const std::string& folder);
constexpr size_t kMaxRecentFolders = 6;

// Where removable media are mounted for the current user: /media/$USER, /run/media/$USER,
// /media (older systems mount there directly) and /mnt.
std::vector<std::string> MediaRoots();
// Home; then every folder directly under a media root (a mounted USB stick or SD card);
// then the recent folders that still exist. No folder twice.
std::vector<Place> Places(const std::vector<std::string>& media_roots);

// Normalizes a path lexically ("a/./b/../c" -> "a/c", no trailing slash except "/").
std::string NormalPath(const std::string& path);
// The user's home folder ($HOME, else "/").
std::string HomeDir();

// Draws the chooser's modal while it is active (call every frame at the same ID-stack place).
// Returns true on the frame a path was chosen: fc->chosen(), for fc->id().
bool DrawFileChooser(FileChooser* fc);

}  // namespace canvass::gui
