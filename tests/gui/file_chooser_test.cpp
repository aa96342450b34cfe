// The file chooser's window-free state on a real folder: listing order and extension filter
// (hidden entries left out), navigation (child, "..", typed, refused), the typed name as a
// path (extension added when saving, "~/", absolute), and the checks: a save into a missing
// folder is refused, an existing file is replaced only after a yes, open needs a file.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "file_chooser.h"
#include "test_support.h"

using namespace canvass;
using gui::FileChooser;

namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Names(const FileChooser& fc) {
  std::vector<std::string> out;
  for (const auto& e : fc.entries()) out.push_back(e.dir ? e.name + "/" : e.name);
  return out;
}

struct Folder {
  testing::TempDir dir;
  std::string root;
  Folder() : root(gui::NormalPath(dir.path())) {
    for (const char* d : {"b_dir", "A_dir", ".hidden_dir"}) REQUIRE(::mkdir(dir.File(d).c_str(), 0700) == 0);
    for (const char* f : {"report.html", "Notes.HTML", "data.csv", ".secret.html", "A_dir/inner.html"})
      testing::WriteAll(dir.File(f), std::string("old ") + f);
  }
};

}  // namespace

TEST_CASE("file chooser: listing, filter, navigation", "[gui][file_chooser]") {
  Folder f;
  FileChooser fc;
  CHECK_FALSE(fc.active());
  fc.Open(FileChooser::Mode::kSave, "export", "Write", f.root + "/new.html", {".html"});
  CHECK(fc.active());
  CHECK(fc.open_requested);
  CHECK(fc.id() == "export");
  CHECK(fc.dir() == f.root);
  CHECK(fc.dir_field == f.root);
  CHECK(fc.name == "new.html");
  CHECK(fc.error().empty());
  // Folders first, then matching files, each case-insensitively by name; nothing hidden.
  CHECK(Names(fc) == std::vector<std::string>{"A_dir/", "b_dir/", "Notes.HTML", "report.html"});
  CHECK(fc.entries()[3].size == std::string("old report.html").size());
  fc.all_files = true;
  fc.Refresh();
  CHECK(Names(fc) == std::vector<std::string>{"A_dir/", "b_dir/", "data.csv", "Notes.HTML", "report.html"});
  fc.all_files = false;

  CHECK(fc.Enter("A_dir"));
  CHECK(fc.dir() == f.root + "/A_dir");
  CHECK(Names(fc) == std::vector<std::string>{"inner.html"});
  fc.Up();
  CHECK(fc.dir() == f.root);
  CHECK_FALSE(fc.Enter("no_such_dir"));
  CHECK(fc.error().find(f.root + "/no_such_dir") != std::string::npos);
  CHECK(fc.dir() == f.root);
  CHECK_FALSE(fc.Enter("report.html"));  // a file is not a folder
  CHECK(fc.dir() == f.root);
  CHECK(fc.Enter(f.root + "/b_dir/../A_dir/"));  // typed, absolute
  CHECK(fc.dir() == f.root + "/A_dir");
  CHECK(fc.error().empty());

  // A file path that does not exist in a folder that does not: start at home, keep the name.
  const char* home = std::getenv("HOME");
  const std::string saved_home = home ? home : "";
  REQUIRE(::setenv("HOME", f.root.c_str(), 1) == 0);
  fc.Open(FileChooser::Mode::kOpen, "b", "Load", "/no/such/folder/x.geojson", {".geojson", ".json"});
  CHECK(fc.dir() == f.root);
  CHECK(fc.name == "x.geojson");
  fc.Open(FileChooser::Mode::kOpen, "b", "Load", "", {});
  CHECK(fc.dir() == f.root);
  CHECK(fc.name.empty());
  CHECK(Names(fc) == std::vector<std::string>{"A_dir/", "b_dir/", "data.csv", "Notes.HTML", "report.html"});
  fc.name = "~/A_dir/inner.html";
  CHECK(fc.Target() == f.root + "/A_dir/inner.html");
  if (saved_home.empty()) ::unsetenv("HOME");
  else ::setenv("HOME", saved_home.c_str(), 1);
}

TEST_CASE("file chooser: save asks before replacing and refuses what it cannot write, open needs a file", "[gui][file_chooser]") {
  Folder f;
  FileChooser fc;
  fc.Open(FileChooser::Mode::kSave, "export_html", "Write", f.root, {".html"});
  CHECK(fc.name.empty());
  CHECK_FALSE(fc.Accept());
  CHECK(fc.error() == "Type or pick a file name.");

  // A name without an extension gets the filter's; a new file is accepted at once.
  fc.name = " summary ";
  CHECK(fc.Target() == f.root + "/summary.html");
  fc.name = "/tmp/abs.csv";
  CHECK(fc.Target() == "/tmp/abs.csv");  // has an extension: kept
  fc.name = "summary";
  CHECK(fc.Accept());
  CHECK(fc.chosen() == f.root + "/summary.html");
  CHECK_FALSE(fc.active());

  // An existing file: asked; "keep it" leaves everything as it was, "replace" chooses it.
  fc.Open(FileChooser::Mode::kSave, "export_html", "Write", f.root + "/report.html", {".html"});
  CHECK(fc.name == "report.html");
  CHECK_FALSE(fc.Accept());
  CHECK(fc.asking_overwrite());
  CHECK(fc.chosen().empty());
  fc.Overwrite(false);
  CHECK_FALSE(fc.asking_overwrite());
  CHECK(fc.active());
  CHECK(fc.chosen().empty());
  CHECK(Read(f.dir.File("report.html")) == "old report.html");
  CHECK_FALSE(fc.Accept());
  REQUIRE(fc.asking_overwrite());
  fc.Overwrite(true);
  CHECK(fc.chosen() == f.root + "/report.html");
  CHECK_FALSE(fc.active());
  fc.Overwrite(true);  // not asking: nothing happens
  CHECK(fc.chosen() == f.root + "/report.html");

  // Refused: a missing folder, a folder as the file (the name field then enters it).
  fc.Open(FileChooser::Mode::kSave, "export_html", "Write", f.root, {".html"});
  fc.name = "missing/x.html";
  CHECK_FALSE(fc.Accept());
  CHECK(fc.error().find("No folder " + f.root + "/missing") == 0);
  CHECK(fc.active());
  fc.name = "A_dir";
  CHECK_FALSE(fc.Accept());
  CHECK(fc.dir() == f.root + "/A_dir");
  CHECK(fc.name.empty());
  CHECK(fc.chosen().empty());

  // Open: only an existing regular file.
  fc.Open(FileChooser::Mode::kOpen, "profile_load", "Load", f.root, {".json"});
  fc.name = "nothing.json";
  CHECK_FALSE(fc.Accept());
  CHECK(fc.error() == "No file " + f.root + "/nothing.json.");
  fc.name = "data";  // no extension added when opening
  CHECK(fc.Target() == f.root + "/data");
  CHECK_FALSE(fc.Accept());
  fc.name = "data.csv";  // the filter lists, it does not forbid
  CHECK(fc.Accept());
  CHECK(fc.chosen() == f.root + "/data.csv");
  fc.Close();
  CHECK_FALSE(fc.active());
}

TEST_CASE("file chooser: new refuses an existing file and adds the extension", "[gui][file_chooser]") {
  Folder f;
  FileChooser fc;
  fc.Open(FileChooser::Mode::kNew, "enroll_kit", "Write the kit", f.root + "/report.html", {".html"});
  CHECK(fc.name == "report.html");
  CHECK_FALSE(fc.Accept());
  CHECK_FALSE(fc.asking_overwrite());
  CHECK(fc.error() == f.root + "/report.html exists: type a new file name.");
  CHECK(fc.active());
  CHECK(fc.chosen().empty());
  fc.Overwrite(true);  // never asked: nothing happens
  CHECK(fc.chosen().empty());
  CHECK(Read(f.dir.File("report.html")) == "old report.html");
  fc.name = "fresh";
  CHECK(fc.Accept());
  CHECK(fc.chosen() == f.root + "/fresh.html");
  CHECK_FALSE(fc.active());
}

TEST_CASE("file chooser: folder mode chooses the current folder or a named one, never a file", "[gui][file_chooser]") {
  Folder f;
  FileChooser fc;
  fc.Open(FileChooser::Mode::kFolder, "sync_folder", "Choose the folder", f.root, {".html"});
  CHECK(fc.name.empty());
  CHECK(Names(fc) == std::vector<std::string>{"A_dir/", "b_dir/", "Notes.HTML", "report.html"});  // files shown
  CHECK(fc.Target().empty());
  CHECK(fc.Accept());  // empty name: this folder
  CHECK(fc.chosen() == f.root);
  CHECK_FALSE(fc.active());
  fc.Open(FileChooser::Mode::kFolder, "sync_folder", "Choose the folder", f.root, {".html"});
  fc.name = "A_dir";  // a folder named in the field
  CHECK(fc.Accept());
  CHECK(fc.chosen() == f.root + "/A_dir");
  fc.Open(FileChooser::Mode::kFolder, "sync_folder", "Choose the folder", f.root, {".html"});
  fc.name = "report.html";  // a file is not a folder (and no extension is added)
  CHECK(fc.Target() == f.root + "/report.html");
  CHECK_FALSE(fc.Accept());
  CHECK(fc.error() == "No folder " + f.root + "/report.html.");
  CHECK(fc.active());
  fc.name = "missing";
  CHECK_FALSE(fc.Accept());
  CHECK(fc.chosen().empty());
}

// Issue 14: the chooser offers Home, removable media (a folder under a media root) and the
// recent folders that still exist; accepting a path puts its folder first in the recent list.
TEST_CASE("file chooser: places - home, removable media, recent folders - and a chosen path's folder becomes recent",
          "[gui][file_chooser]") {
  Folder f;
  testing::TempDir media;
  const std::string root = gui::NormalPath(media.path());
  REQUIRE(::mkdir((root + "/KINGSTON").c_str(), 0700) == 0);
  REQUIRE(::mkdir((root + "/SD CARD").c_str(), 0700) == 0);
  REQUIRE(::mkdir((root + "/.hidden").c_str(), 0700) == 0);
  testing::WriteAll(root + "/file.txt", "x");
  gui::RecentFolders() = {f.root + "/A_dir", f.root + "/gone", f.root + "/A_dir"};
  auto places = gui::Places({root, root + "/missing"});
  std::vector<std::string> labels, paths;
  for (const auto& p : places) {
    labels.push_back(p.label);
    paths.push_back(p.path);
  }
  REQUIRE(places.size() == 4);
  CHECK(labels[0] == "Home");
  CHECK(paths[0] == gui::HomeDir());
  CHECK(labels[1] == "Removable: KINGSTON");
  CHECK(labels[2] == "Removable: SD CARD");
  CHECK(paths[2] == root + "/SD CARD");
  CHECK(labels[3] == "Recent: A_dir");  // once; the missing folder is left out

  const int rev = gui::RecentFoldersRevision();
  FileChooser fc;
  fc.Open(FileChooser::Mode::kSave, "t", "Save", f.root + "/b_dir", {".html"});
  fc.name = "out";
  REQUIRE(fc.Accept());
  CHECK(gui::RecentFolders().front() == f.root + "/b_dir");
  CHECK(gui::RecentFoldersRevision() > rev);
  fc.Open(FileChooser::Mode::kFolder, "t", "Folder", root + "/KINGSTON", {});
  REQUIRE(fc.Accept());
  CHECK(gui::RecentFolders().front() == root + "/KINGSTON");
  for (int i = 0; i < 10; ++i) gui::NoteRecentFolder(root + "/n" + std::to_string(i));
  CHECK(gui::RecentFolders().size() == gui::kMaxRecentFolders);
  gui::NoteRecentFolder("relative");  // never kept
  CHECK(gui::RecentFolders().front() == root + "/n9");
  gui::RecentFolders().clear();
}
