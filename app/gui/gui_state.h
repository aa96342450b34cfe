// GuiState: UI-only state of the panels (edit buffers, selections, search boxes). Holds
// typed-but-uncommitted answers and passphrase buffers, so Wipe() zeroes it on lock.
#pragma once

#include <map>
#include <set>
#include <string>

#include "app/ui_commands.h"
#include "assessment_map.h"
#include "coding_ui.h"
#include "file_chooser.h"

namespace canvass::gui {

constexpr size_t kPassCap = 256;
constexpr size_t kCodeCap = 64;

struct UnlockUi {
  int mode = 0;  // 0 open, 1 create, 2 join
  std::string path, new_path, name;
  int role = 0;  // 0 central, 1 field
  char pass[kPassCap] = {};
  char pass2[kPassCap] = {};
  bool focus_pass = true;
  std::string kit_path;        // join
  char code[kCodeCap] = {};    // join: the one-time enrollment code
  FileChooser chooser;         // "Choose..." beside each path field
};

struct StartUi {
  int form = 0, role = 0, language = -1;
  std::string interviewer;
  FileChooser chooser;  // an XLSForm workbook (central)
};

// One answer's edit buffer: `text` as typed; `from` = the stored value (JSON) it was last
// filled from, so a refused answer keeps what was typed and a saved one re-syncs.
struct EditBuf {
  std::string text, from;
  bool init = false;
};

struct RunnerUi {
  std::string uuid;                       // buffers belong to this interview
  std::map<std::string, EditBuf> buf;     // by question id (or "repeat#item#child", "table|cell")
  std::map<std::string, std::string> search;       // area type-to-search boxes
  std::map<std::string, std::string> local_errors;  // "not a number" before saving
  std::string reopen_reason;
  int shown_section = -1;
  bool review = false;            // the review page (panel_review.cpp) instead of a section
  int review_missing = 0;         // required answers missing, as the review page last counted
  std::string focus_question;     // a review row was chosen: focus this question once
};

// Home's drafts list: the filter text and the sort (0 last edited, 1 started, 2 % complete,
// 3 area, 4 interviewer, 5 required missing).
struct HomeUi {
  std::string filter;
  int sort = 0;
  bool details = false;  // ids and the file path under "Show technical details"
};

struct TableUi {
  app::cmd::TableFilter filter;
};

struct SettingsUi {
  char old_pass[kPassCap] = {};
  char new_pass[kPassCap] = {};
  char repeat[kPassCap] = {};
};

// Sync, Devices, Conflicts (panel_sync.cpp, panel_devices.cpp, panel_conflicts.cpp).
// `shown_frame`: the last frame the panel drew; a gap means it just appeared (focus a field).
struct SyncUi {
  std::string folder, bundle_path;
  std::set<std::string> unselected;  // listed new bundles the user unticked
  bool all = false;                  // export everything, not only what is unacknowledged
  int update_device = 0;
  bool with_interviews = false;
  bool refocus = false;              // keep typing focus in the folder field after Enter
  int shown_frame = -10;
  FileChooser chooser;               // export as a file, import one bundle file
  bool details = false;              // key fingerprint and version counts
};
struct DevicesUi {
  std::string name, kit_path, confirm_revoke;  // confirm_revoke: device id awaiting confirmation
  int shown_frame = -10;
  FileChooser chooser;                         // where the kit is written
  bool details = false;                        // each laptop's key fingerprint
};
struct ConflictsUi {
  int selected = 0;
  std::map<std::string, int> pick;  // conflict key -> chosen side
  std::string reason;
  int shown_frame = -10;
  bool details = false;             // version ids
};

// Agreement screen (panel_agreement.cpp): ticked coders, the set, the consensus column's text
// selection (code points) and the CSV path. Holds no answer text.
struct AgreementUi {
  std::set<std::string> chosen;
  bool chosen_init = false;
  std::string set;                // coding set GUID, "" = every answer
  std::string answer_key;         // the disagreement the selection belongs to
  int64_t anchor = 0, caret = 0;
  std::string csv_path;           // the last CSV written
  FileChooser chooser;            // where the CSV is written
  int64_t lo() const { return anchor < caret ? anchor : caret; }
  int64_t hi() const { return anchor < caret ? caret : anchor; }
};

// Analysis screen (panel_analysis.cpp): the chosen codes, filters and the search text.
struct AnalysisUi {
  std::string code, code_filter;          // retrieval
  bool children = true;
  std::string query;                      // text search (wiped on lock)
  std::string autocode, autocode_filter;  // the code search results get
  int attribute = 0;                      // frequencies split
};

struct GuiState {
  uint64_t epoch = 0;
  int recent_folders_revision = -1;  // the file chooser's recent folders, as last synced with the settings
  // What the last frame showed: a change of screen (or interview section) moves the focus
  // to the new screen's first useful control (gui_focus.h).
  app::Screen shown_screen = app::Screen::kUnlock;
  int shown_section = -1;
  bool help = false;  // the F1 shortcuts overlay is open
  UnlockUi unlock;
  StartUi start;
  RunnerUi runner;
  HomeUi home;
  TableUi table;
  SettingsUi settings;
  CodingUi coding;
  AssessmentUi assessment;
  AgreementUi agreement;
  AnalysisUi analysis;
  SyncUi sync;
  DevicesUi devices;
  ConflictsUi conflicts;
  // Zeroes every buffer that may hold decrypted content or a passphrase, then resets.
  void Wipe();
};

}  // namespace canvass::gui
