// View-models: what each screen of the desktop app shows, as plain data built by the
// Controller. Panels read them (const) and never touch storage. No ImGui here.
// Decrypted content lives only in these structs and in the GUI's edit buffers; Lock
// drops both.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/ui_commands.h"
#include "app/view_sync.h"
#include "app/view_table.h"
#include "forms/form.h"
#include "forms/validation.h"
#include "storage/types.h"

namespace canvass::app {

using AreaList = std::shared_ptr<const std::vector<storage::Area>>;
using FormPtr = std::shared_ptr<const forms::Form>;

struct UnlockView {
  std::vector<std::string> recent;  // most recent first
  int failures = 0;                 // wrong passphrases since start
  int wait_seconds = 0;             // > 0: the next try is refused until then
  std::string error;
  // CANVASS_KDF_PROFILE=test-fast: files this process makes are test only — not protected.
  bool test_profile = false;
  // The file last named on the Open tab (cmd::InspectWorkspaceFile), and whether it was made
  // with that cheap profile (then the screen says "test only — not protected").
  std::string inspected_path;
  bool inspected_test_only = false;
};

struct FormCount { std::string form_id, title; int drafts = 0, finals = 0; };
// A draft on Home, labelled so drafts can be told apart without a name: who was asked (role,
// organisation type), where (area name), who asked, when, and how far it got. Never the
// respondent's or organisation's name, nor any answer marked identifying.
struct DraftItem {
  std::string uuid, form_title, created;
  int answered = 0;
  std::string role, org_type, area, interviewer;  // role and org type in plain words
  std::string created_hlc, updated, updated_hlc;  // "YYYY-MM-DD HH:MM" (UTC) and sort keys
  int percent = 0;                                // answered of the questions asked so far
  int required_missing = 0;
};
// "street_outreach" -> "Street outreach": an id in plain words when no better name is known.
std::string PlainWords(const std::string& id);
// A respondent role's name in the app's language: the catalogue's "role.<id>" (every role of the
// built-in protocols has one), else the id in plain words (a role of an imported protocol).
std::string RoleName(const std::string& role_id);
// The language to show a form's own texts (title, description) in on the app's screens: the
// app's language when the form has it, else `fallback`.
std::string ScreenLanguage(const forms::Form& f, const std::string& fallback);


struct HomeView {
  storage::WorkspaceInfo info;
  std::string path;
  std::vector<FormCount> counts;
  std::vector<DraftItem> drafts;    // most recent first, at most 50
  int total = 0, total_drafts = 0, total_finals = 0;
  std::string last_export, last_import;  // "" = none yet
  std::string central_fingerprint;       // field: the central's key, to compare with the coordinator
};

struct SectionView {
  std::string id, title;
  bool relevant = true;
  int answered = 0, answerable = 0;  // relevant, non-note questions
  int errors = 0;
};

struct RunnerView {
  bool open = false;
  FormPtr form;
  AreaList areas;
  std::string uuid, status, role, interviewer, language;
  bool read_only = false;                 // final
  forms::Answers answers;                 // as stored
  int section = 0;                        // index into form->sections
  std::vector<SectionView> sections;
  std::map<std::string, bool> relevant;   // top-level question id -> relevant
  std::map<std::string, std::vector<forms::AnswerError>> errors;  // by question id
  std::map<std::string, std::string> save_errors;  // SetAnswer refusals, by question id
  bool final_check = false;               // errors include missing required answers
  int answered = 0, answerable = 0;       // over relevant questions
  float progress() const { return answerable ? static_cast<float>(answered) / answerable : 0.f; }
  std::string message;                    // e.g. "Finalized", or why not
  bool message_is_error = false;          // `message` says what went wrong (shown in red)
};

struct DetailRow { std::string question_id, label, value; bool conflict = false; };
struct HistoryRow { std::string when, field, value, author, note; };
struct DetailView {
  bool open = false;
  std::string uuid, form_title, status, role, language, interviewer, created;
  std::vector<DetailRow> answers;   // in form order
  std::vector<HistoryRow> history;  // oldest first
};

struct SettingsView {
  int idle_minutes = 5;
  int ui_scale = 100;               // percent, 100..200
  std::string default_language = "en";
  bool allow_copy = false;          // clipboard copies allowed (cleared after 30 s, on lock, on quit)
  std::string work;                 // UiSettings::work ("" = the workspace's default)
  std::string ui_language = "en";   // the app's own texts (app/i18n.h)
  bool high_contrast = false;       // UiSettings::high_contrast
  std::vector<std::string> recent_folders;  // the file chooser's "Recent" places
  std::string last_bundle_folder;   // where bundles were last written or read
  std::string message, error;
};

// The New interview screen's protocol import (central): the last XLSForm looked at or added.
struct FormImportView {
  std::string path;                 // the workbook previewed ("" = none)
  bool refused = false;             // cannot be imported as it is: `lines` are its problems
  bool can_add = false;             // previewed, acceptable, and not already here
  std::vector<std::string> lines;   // what would be added or changed, notes, or the problems
  std::string message, error;
};

struct NewInterviewView {
  std::vector<FormPtr> forms;       // latest version of each form
  std::string default_language = "en";
  bool central = false;             // protocols are added on the central workspace
  FormImportView import;
};

struct AppView {
  Screen screen = Screen::kUnlock;
  bool unlocked = false;
  bool busy = false;                // a background task owns the workspace
  std::string busy_label;
  float busy_progress = -1.f;       // 0..1, or < 0 when unknown
  bool busy_cancellable = false;    // the task stops safely on cmd::CancelTask
  std::string message, error;       // banner
  uint64_t lock_epoch = 0;          // increments on every lock: the GUI wipes its buffers
  UnlockView unlock;
  HomeView home;
  NewInterviewView start;
  RunnerView runner;
  InterviewTable table;
  DetailView detail;
  SettingsView settings;
  SyncView sync;
  CodingView coding;
  AssessmentView assessment;
  CodebookView codebook;
  AgreementView agreement;
  AnalysisView analysis;
  DevicesView devices;
  ConflictsView conflicts;
};

// Required questions asked given the answers but not answered (top level).
int RequiredMissing(const RunnerView& v);
// Whether the navigation shows `area` ("interviewing", "sync", "coding", "assessment") for the
// user's chosen work, or by default for the workspace's role (field: interviewing and sync).
bool ShowsWork(const std::string& work, storage::Role role, const std::string& area);
// Recomputes relevance, errors, section summaries and progress of a runner view.
void RecomputeRunner(RunnerView* v, const std::function<bool(const std::string&)>& area_exists);
// One line for people: choice labels instead of values, "Yes"/"No", area names.
std::string DisplayAnswer(const forms::Form& form, const forms::Question* q, const core::Value& v,
                          const std::string& lang, const std::vector<storage::Area>* areas);
// The lower-cased concatenation of an interview's text and long-text answers.
std::string TextAnswers(const forms::Form& form, const forms::Answers& answers);

}  // namespace canvass::app
