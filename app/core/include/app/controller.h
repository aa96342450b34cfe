// Controller: owns the open Workspace and the view-models of the desktop app, applies the
// commands the GUI emitted during a frame, runs long work (key derivation, re-keying,
// indexing) on a worker thread, and locks on request or after the idle time.
//
// Threads: all methods are for the UI thread. While a task runs, the worker owns the
// Workspace (view().busy is true) and commands that need it are refused with a message.
// Lock drops the Workspace, every view-model and the search index; the GUI wipes its own
// edit buffers when view().lock_epoch changes.
#pragma once

#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string>

#include "app/ui_commands.h"
#include "app/ui_config.h"
#include "app/view_models.h"
#include "core/clock.h"
#include "storage/coding_store.h"
#include "storage/workspace.h"

namespace canvass::app {

struct ControllerOptions {
  std::string config_dir = DefaultConfigDir();  // "" = persist nothing
  core::Clock* clock = nullptr;                 // null = system clock
};

struct CodingCache;  // controller_coding.cpp
struct AgreeCache;   // controller_agreement.cpp

class Controller {
 public:
  explicit Controller(ControllerOptions opts = {});
  ~Controller();  // waits for a running task, then locks
  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;

  // Applies and empties the queue, in order.
  void Apply(Commands& queue);
  void Apply(Command c);
  // Once per frame: finishes a completed task, updates the back-off countdown, idle lock.
  void Poll();
  // Any user input (mouse move, key, character) restarts the idle timer.
  void NoteActivity();
  // Blocks until no task runs, then polls (tests, screenshots).
  void WaitIdle();

  const AppView& view() const { return view_; }
  const UiSettings& settings() const { return settings_; }
  storage::Workspace* workspace() { return ws_.get(); }  // null when locked or busy

 private:
  struct Loaded;
  using Finish = std::function<void()>;
  // Opens or creates the workspace on the worker; may leave a note for the banner (join).
  using Opener = std::function<core::Result<std::unique_ptr<storage::Workspace>>(std::string_view pass, std::string* note)>;
  // [controller.cpp] workspace, tasks, navigation, settings
  void RunTask(const std::string& label, std::function<Finish()> work);
  bool NeedWorkspace();
  void Unlock(cmd::OpenWorkspace& c);
  void Create(cmd::CreateWorkspace& c);
  void StartOpenTask(std::string path, core::SecureBytes pass, bool create, storage::Role role,
                     std::string name, Opener open = nullptr);
  void FinishUnlock(Loaded& l, bool create);
  void Lock(const std::string& why);
  void Navigate(Screen s);
  void RefreshHome();
  // controller_drafts.cpp: a draft's label (role, organisation type, area, % complete, required
  // missing), from its answers; cached until the interview changes.
  DraftItem LabelDraft(const InterviewRow& row);
  std::map<std::string, DraftItem> draft_labels_;
  void ChangePassphrase(cmd::ChangePassphrase& c);
  void StartTextIndex();
  void Handle(Command& c);
  void HandleSettings(Command& c);
  void ShowSettings(SettingsView* sv) const;  // settings_ into the view
  void NoteBundleFolder(const std::string& dir);  // remembered as the last bundle folder
  // [controller_interview.cpp] runner, table rows, detail
  void StartInterview(const cmd::StartInterview& c);
  void LoadRunner(const std::string& uuid);
  void SetAnswer(const cmd::SetAnswer& c);
  void Step(int delta);
  void Finalize();
  void Reopen(const std::string& reason);
  void OpenDetail(const std::string& uuid);
  void RefreshRow(const std::string& uuid);
  bool AreaExists(const std::string& id) const;
  void Recompute();
  std::string FormTitle(const std::string& form_id) const;
  void HandleInterview(Command& c);
  // [controller_sync.cpp] join, export/import, update bundles, devices, conflicts
  bool HandleSync(Command& c);  // false: not a sync command
  void Join(cmd::JoinWorkspace& c);
  void RefreshSync(Screen s);
  void FillSyncSlots(HomeView* h);
  void WipeSyncSecrets();
  void ListFolder(const std::string& folder);
  void ExportData(const cmd::ExportBundle& c);
  void ImportBundles(const cmd::ImportBundles& c);
  void ExportUpdate(const cmd::ExportUpdate& c);
  void Enroll(const cmd::EnrollDevice& c);
  void Revoke(const cmd::RevokeDevice& c);
  void Resolve(const cmd::ResolveConflict& c);     // controller_conflicts.cpp
  void RefreshConflicts();                          // controller_conflicts.cpp
  // [controller_coding.cpp] coding workbench
  void HandleCoding(cmd::Coding& c);
  void RefreshCoding();
  // [controller_assessment.cpp] assessment screen
  struct AssessState;
  void HandleAssessment(cmd::Assessment& c);
  void RefreshAssessment();
  void RunAssessment(const std::string& label);
  void FillAssessment();
  void SelectAssessArea(const std::string& id);
  void SetProfile(const assessment::ScoringProfile& p);
  void ProfileFile(const cmd::AssessProfileFile& c);
  void LoadBoundaries(const std::string& path);
  void CompareAssessment(const std::string& run_id);
  void ExportAssessment(const cmd::AssessExport& c);
  void ExportMicrodata(const cmd::AssessExportMicrodata& c);
  void PushRollup(const cmd::AssessRollupPush& c);  // controller_rollup.cpp
  void ReloadCodingCache();            // when the workspace changed since the cache was built
  void BuildCodingQueue();             // from the cache: filter, rows, palette, sets
  void LoadCodingAnswer();             // the selected answer's text, codings, memo
  void ApplyCodingOp(cmd::Coding& c);  // one write, then patches the cache and the row
  void InVivo(const cmd::CodingInVivo& c);
  // [controller_codebook.cpp] codebook editor
  void HandleCodebook(cmd::Codebook& c);
  void RefreshCodebook();
  // [controller_agreement.cpp] agreement and consensus
  void HandleAgreement(cmd::Agreement& c);
  void RefreshAgreement();
  void ComputeAgreement(const cmd::AgreementCompute& c);
  void RecomputeAgreementIfChanged();
  void LoadDisagreement();
  void SettleDisagreement(cmd::Agreement& c);
  std::string SessionCoder() const;  // the person working: the workbench's coder, else the device name
  // [controller_analysis.cpp] retrieval, search, frequencies, co-occurrence, memos
  void HandleAnalysis(cmd::Analysis& c);
  void RefreshAnalysis();
  void OpenAnswerInCoding(const std::string& interview, const std::string& question);
  // [controller_undo.cpp] the session's coding actions, undone last first (dropped on lock)
  struct UndoStep {
    enum class Kind { kAddCoding, kRemoveCoding, kMoveCode, kMergeCode } kind = Kind::kAddCoding;
    std::string id;              // coding id, or code GUID
    storage::NewCoding coding;   // kRemoveCoding: what to add back
    std::string old_parent;      // kMoveCode
    std::string what;            // the code's path ("Places/Lodging"), for the undo message
  };
  void PushUndo(UndoStep s);
  void Undo();
  void ImportForm(const cmd::ImportXlsform& c);  // controller_forms.cpp
  void ReloadForms();

  ControllerOptions opts_;
  core::Clock* clock_;
  RecentFiles recent_;
  UiSettings settings_;
  std::unique_ptr<storage::Workspace> ws_;
  std::string path_;
  AppView view_;
  std::future<Finish> task_;
  std::shared_ptr<std::atomic<int>> progress_done_, progress_total_;
  bool lock_after_task_ = false;
  int64_t last_activity_ms_ = 0;
  int64_t next_try_ms_ = 0;
  bool table_dirty_ = false;
  std::shared_ptr<const AssessState> assess_;  // the last assessment run (dropped on lock)
  std::shared_ptr<std::atomic<bool>> cancel_;  // set by cmd::CancelTask, read by the import task
  std::shared_ptr<CodingCache> coding_cache_;  // decrypted answers of the workbench; dropped on lock
  std::shared_ptr<AgreeCache> agree_;          // answers with disagreements (decrypted); dropped on lock
  std::vector<UndoStep> undo_;                 // this session's coding actions; dropped on lock
};

// Number of Unicode code points in UTF-8 text (passphrase length rule: at least 12).
size_t Utf8Length(std::string_view s);
constexpr size_t kMinPassphraseChars = 12;

}  // namespace canvass::app
