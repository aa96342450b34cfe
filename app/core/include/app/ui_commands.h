// Commands the GUI emits while drawing a frame; the Controller applies them after the frame.
//
// Plain value types (no ImGui). Commands carrying a passphrase hold it in core::SecureBytes
// (locked, wiped on free), so they are move-only; Commands is a move-only queue.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/crypto_util.h"
#include "core/value.h"
#include "storage/types.h"
#include "app/view_agreement.h"
#include "app/view_analysis.h"
#include "app/view_assessment.h"
#include "app/view_coding.h"

namespace canvass::app {

enum class Screen {
  kUnlock, kHome, kNewInterview, kRunner, kInterviews, kDetail, kSettings,
  kSync, kCoding, kAssessment,  // "coming" placeholders (Sync is live)
  kConflicts, kDevices,         // sync: central side
  kCodebook,                    // codebook editor (panel_codebook.cpp)
  kAgreement,                   // inter-coder agreement and consensus (panel_agreement.cpp)
  kAnalysis,                    // retrieval, search, frequencies, co-occurrence, memos (panel_analysis.cpp)
};
const char* ScreenName(Screen s);

// A passphrase copied out of an edit buffer into wiped-on-free memory.
core::SecureBytes Secret(std::string_view s);

namespace cmd {
struct OpenWorkspace { std::string path; core::SecureBytes passphrase; };
struct CreateWorkspace {
  std::string path, name;
  storage::Role role = storage::Role::kCentral;
  core::SecureBytes passphrase, repeat;
};
struct ForgetRecent { std::string path; };
// The unlock screen names a file: the controller reads its key profile (no passphrase needed).
struct InspectWorkspaceFile { std::string path; };
struct Lock {};
struct Navigate { Screen screen; };
struct DismissMessage {};
// Undoes the session's last coding action (add/remove a coding, move/merge a code), Ctrl+Z.
struct Undo {};
// Interview runner.
struct StartInterview { std::string form_id, role, language, interviewer; };
struct ResumeInterview { std::string uuid; };
struct SetAnswer { std::string question_id; core::Value value; };  // null clears
struct GoToSection { int index = 0; };
struct StepSection { int delta = 1; };  // Next (+1) / Back (-1), skipping hidden sections
struct SetRunnerLanguage { std::string language; };
struct CloseInterview {};
struct FinalizeInterview {};
struct ReopenInterview { std::string reason; };
// Interviews table and detail.
struct TableFilter {
  std::string status, form_id, area, interviewer, date_from, date_to, text;
  bool operator==(const TableFilter& o) const;
};
struct SetTableFilter { TableFilter filter; };
enum class Column { kCreated, kForm, kRole, kStatus, kAreas, kInterviewer, kAnswered, kCount };
struct SortTable { Column column = Column::kCreated; bool ascending = false; };
struct OpenDetail { std::string uuid; };
// Settings.
struct ChangePassphrase { core::SecureBytes old_pass, new_pass, repeat; };
struct SetIdleLock { int minutes = 5; };
struct SetUiScale { int percent = 100; };
struct SetHighContrast { bool on = false; };
// The file chooser's recent folders changed (a folder was used); kept with the settings.
struct SetRecentFolders { std::vector<std::string> folders; };
struct SetDefaultLanguage { std::string language; };
struct SetAllowCopy { bool allow = false; };
struct SetWork { std::string work; };
// The app's own language (app/i18n.h), at unlock or in Settings; kept in settings.txt.
struct SetUiLanguage { std::string language; };  // UiSettings::work: what the navigation shows
// Sync, devices, conflicts (controller_sync.cpp). Paths are typed; folders are listed.
struct JoinWorkspace { std::string path, kit_path; core::SecureBytes code, passphrase, repeat; };
struct ListBundleFolder { std::string folder; };
struct ExportBundle { std::string folder; bool all = false; };  // folder, or a file path ending in .cvbundle
struct ImportBundles { std::vector<std::string> paths; };
struct CancelTask {};  // stops an import between bundles (each bundle is one transaction)
struct ExportUpdate { std::string device_id, folder; bool with_interviews = false; };  // folder, or a .cvbundle path
struct EnrollDevice { std::string name, kit_path; };
// A protocol from an XLSForm workbook (central workspace): dry_run shows what would be added.
struct ImportXlsform { std::string path; bool dry_run = true; };
struct DismissEnrollment {};  // forgets (wipes) the one-time code on screen
struct RevokeDevice { std::string device_id; };
struct ResolveConflict { std::string kind, subject, field; core::Value value; std::string reason; };
}  // namespace cmd

using Command = std::variant<cmd::OpenWorkspace, cmd::CreateWorkspace, cmd::ForgetRecent, cmd::InspectWorkspaceFile, cmd::Lock,
                             cmd::Navigate, cmd::DismissMessage, cmd::StartInterview, cmd::ResumeInterview,
                             cmd::SetAnswer, cmd::GoToSection, cmd::StepSection, cmd::SetRunnerLanguage,
                             cmd::CloseInterview, cmd::FinalizeInterview, cmd::ReopenInterview,
                             cmd::SetTableFilter, cmd::SortTable, cmd::OpenDetail, cmd::ChangePassphrase,
                             cmd::SetIdleLock, cmd::SetUiScale, cmd::SetHighContrast, cmd::SetRecentFolders, cmd::SetDefaultLanguage, cmd::SetAllowCopy, cmd::SetWork, cmd::SetUiLanguage,
                             cmd::JoinWorkspace, cmd::ListBundleFolder, cmd::ExportBundle, cmd::ImportBundles,
                             cmd::CancelTask, cmd::ExportUpdate, cmd::EnrollDevice, cmd::ImportXlsform, cmd::DismissEnrollment,
                             cmd::RevokeDevice, cmd::ResolveConflict, cmd::Coding, cmd::Assessment, cmd::Codebook,
                             cmd::Agreement, cmd::Analysis, cmd::Undo>;

// The per-frame queue (ImGui's Documents demo "CloseQueue" pattern).
class Commands {
 public:
  template <typename T>
  void Push(T&& c) { queue_.emplace_back(std::forward<T>(c)); }
  bool empty() const { return queue_.empty(); }
  size_t size() const { return queue_.size(); }
  std::vector<Command> Take() { return std::exchange(queue_, {}); }
  const std::vector<Command>& peek() const { return queue_; }

 private:
  std::vector<Command> queue_;
};

}  // namespace canvass::app
