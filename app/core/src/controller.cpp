// Controller: unlock/create/lock, background tasks, navigation, settings, passphrase change.
#include "app/controller.h"

#include "app/i18n.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "controller_lists.h"
#include "core/file_util.h"
#include "storage/kdf_profile.h"

namespace canvass::app {

using core::Status;

const char* ScreenName(Screen s) {
  switch (s) {
    case Screen::kUnlock: return "Unlock";
    case Screen::kHome: return "Home";
    case Screen::kNewInterview: return "New interview";  // i18n-ok: internal screen name for test logs (the navigation shows nav.*)
    case Screen::kRunner: return "Interview";
    case Screen::kInterviews: return "Interviews";
    case Screen::kDetail: return "Interview detail";  // i18n-ok: internal screen name for test logs
    case Screen::kSettings: return "Settings";
    case Screen::kSync: return "Sync";
    case Screen::kCoding: return "Coding";
    case Screen::kAssessment: return "Assessment";
    case Screen::kConflicts: return "Conflicts";
    case Screen::kDevices: return "Devices";
    case Screen::kCodebook: return "Codebook";
    case Screen::kAgreement: return "Agreement";
    case Screen::kAnalysis: return "Analysis";
  }
  return "?";
}

core::SecureBytes Secret(std::string_view s) { return core::SecureBytes(s.data(), s.size()); }

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// What an unlock task hands back to the UI thread.
struct Controller::Loaded {
  Status status;
  std::unique_ptr<storage::Workspace> ws;
  std::vector<FormPtr> forms;
  std::shared_ptr<std::vector<storage::Area>> areas;
  std::vector<storage::InterviewSummary> interviews;
  std::string note;  // banner text from a custom opener (join)
};

Controller::Controller(ControllerOptions opts)
    : opts_(std::move(opts)), clock_(opts_.clock ? opts_.clock : &core::SystemClock()), recent_(opts_.config_dir) {
  recent_.Load();
  settings_.Load(opts_.config_dir);
  view_.unlock.recent = recent_.list();
  view_.unlock.test_profile = storage::NewFilesUseTestProfile();
  ShowSettings(&view_.settings);
  // The app's texts in the chosen language; OVERRIDE: a translator's copy in CONFIG/i18n/<lang>.json.
  i18n::SetLanguage(settings_.ui_language, opts_.config_dir.empty() ? "" : opts_.config_dir + "/i18n");
  last_activity_ms_ = clock_->NowMillis();
  UnlockThrottle throttle;  // wrong tries before a restart still count (KD-1)
  throttle.Load(opts_.config_dir, last_activity_ms_);
  view_.unlock.failures = throttle.failures;
  next_try_ms_ = throttle.next_try_ms;
}

Controller::~Controller() {
  if (task_.valid()) task_.wait();
  Lock("");
}

// [SECTION] tasks

void Controller::RunTask(const std::string& label, std::function<Finish()> work) {
  view_.busy = true;
  view_.busy_label = label;
  view_.busy_progress = -1.f;
  task_ = std::async(std::launch::async, std::move(work));
}

void Controller::Poll() {
  if (task_.valid() && task_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    Finish finish = task_.get();
    view_.busy = false;
    view_.busy_label.clear();
    progress_done_.reset();
    progress_total_.reset();
    finish();
    if (lock_after_task_) { lock_after_task_ = false; Lock(T("msg.lock.locked")); }
  }
  if (view_.busy && progress_done_ && progress_total_ && *progress_total_ > 0)
    view_.busy_progress = static_cast<float>(*progress_done_) / static_cast<float>(*progress_total_);
  int64_t now = clock_->NowMillis();
  view_.unlock.wait_seconds = next_try_ms_ > now ? static_cast<int>((next_try_ms_ - now + 999) / 1000) : 0;
  if (view_.unlocked && !view_.busy && now - last_activity_ms_ >= int64_t{settings_.idle_minutes} * 60000)
    Lock(P("msg.lock.idle", settings_.idle_minutes));
}

void Controller::WaitIdle() {
  if (task_.valid()) task_.wait();
  Poll();
}

void Controller::NoteActivity() { last_activity_ms_ = clock_->NowMillis(); }

bool Controller::NeedWorkspace() {
  if (view_.busy) { view_.error = F("msg.busy", view_.busy_label); return false; }
  if (!ws_) { view_.error = T("msg.locked"); return false; }
  return true;
}

// [SECTION] unlock, create, lock

void Controller::Unlock(cmd::OpenWorkspace& c) {
  int64_t now = clock_->NowMillis();
  if (now < next_try_ms_) {
    view_.unlock.error = F("msg.unlock.too_many", (next_try_ms_ - now + 999) / 1000);
    return;
  }
  if (c.path.empty()) { view_.unlock.error = T("msg.unlock.choose_file"); return; }
  if (!core::FileExists(c.path)) { view_.unlock.error = F("msg.unlock.no_file", c.path); return; }
  StartOpenTask(c.path, std::move(c.passphrase), false, storage::Role::kField, "");
}

void Controller::Create(cmd::CreateWorkspace& c) {
  auto& err = view_.unlock.error;
  if (c.path.empty()) { err = T("msg.create.no_path"); return; }
  if (core::FileExists(c.path)) { err = F("msg.create.exists", c.path); return; }
  if (c.name.empty()) { err = T("msg.create.no_name"); return; }
  if (Utf8Length(c.passphrase.view()) < kMinPassphraseChars) { err = F("msg.pass.short", kMinPassphraseChars); return; }
  if (c.passphrase.view() != c.repeat.view()) { err = T("msg.pass.differ"); return; }
  StartOpenTask(c.path, std::move(c.passphrase), true, c.role, c.name);
}

void Controller::StartOpenTask(std::string path, core::SecureBytes pass, bool create, storage::Role role,
                               std::string name, Opener open) {
  if (view_.busy) return;
  view_.unlock.error.clear();
  path_ = path;
  auto secret = std::make_shared<core::SecureBytes>(std::move(pass));
  RunTask(T(create ? "msg.task.creating" : "msg.task.unlocking"), [this, path, secret, create, role, name, open]() -> Finish {
    auto l = std::make_shared<Loaded>();
    auto ws = open     ? open(secret->view(), &l->note)
              : create ? storage::Workspace::Create(path, secret->view(), role, name)
                       : storage::Workspace::Open(path, secret->view());
    *secret = core::SecureBytes();  // wiped
    if (!ws.ok()) { l->status = ws.status(); return [this, l, create] { FinishUnlock(*l, create); }; }
    l->ws = std::move(*ws);
    if (l->ws->info().role == storage::Role::kField) {  // interviews the coordinator's receipt lets go (PR-3)
      auto purged = l->ws->Purge(/*dry_run=*/false);
      if (!purged.ok()) l->note += (l->note.empty() ? "" : " ") + F("msg.unlock.purge_failed", purged.status().message());
    }
    l->forms = LatestForms(l->ws.get());
    auto areas = l->ws->ListAreas();
    l->areas = std::make_shared<std::vector<storage::Area>>(areas.ok() ? std::move(*areas) : std::vector<storage::Area>{});
    auto list = l->ws->ListInterviews();
    if (list.ok()) l->interviews = std::move(*list); else l->status = list.status();
    return [this, l, create] { FinishUnlock(*l, create); };
  });
}

void Controller::FinishUnlock(Loaded& l, bool create) {
  if (!l.status.ok() || !l.ws) {
    if (l.status.code() == core::Code::kWrongKey) {
      ++view_.unlock.failures;
      int wait = BackoffSeconds(view_.unlock.failures);
      next_try_ms_ = clock_->NowMillis() + int64_t{wait} * 1000;
      (void)UnlockThrottle{view_.unlock.failures, next_try_ms_}.Save(opts_.config_dir);
      view_.unlock.error = P("msg.unlock.wrong", view_.unlock.failures) + (wait ? " " + F("msg.unlock.wait", wait) : "");
      view_.unlock.wait_seconds = wait;
    } else {
      view_.unlock.error = F(create ? "msg.create.failed" : "msg.unlock.failed", l.status.message());
    }
    return;
  }
  if (lock_after_task_) return;  // dropped with l
  ws_ = std::move(l.ws);
  if (view_.unlock.failures != 0 || next_try_ms_ != 0) (void)UnlockThrottle{}.Save(opts_.config_dir);
  view_.unlock.failures = 0;
  next_try_ms_ = 0;
  view_.unlock.error.clear();
  (void)recent_.Add(path_);
  view_.unlock.recent = recent_.list();
  view_.unlocked = true;
  view_.start.forms = std::move(l.forms);
  view_.start.default_language = settings_.default_language;
  view_.start.central = ws_->info().role == storage::Role::kCentral;
  view_.runner.areas = l.areas;
  std::vector<InterviewRow> rows;
  rows.reserve(l.interviews.size());
  for (const auto& s : l.interviews) rows.push_back(RowFromSummary(s, FormTitle(s.header.form_id)));
  view_.table.SetRows(std::move(rows));
  NoteActivity();
  Navigate(Screen::kHome);
  view_.message = !l.note.empty() ? l.note : create ? F("msg.create.done", path_) : "";
}

void Controller::Lock(const std::string& why) {
  if (view_.busy) { lock_after_task_ = true; return; }
  WipeSyncSecrets();
  assess_.reset();
  coding_cache_.reset();
  agree_.reset();
  undo_.clear();
  draft_labels_.clear();
  ws_.reset();
  view_.table.Clear();
  AppView fresh;
  fresh.lock_epoch = view_.lock_epoch + 1;
  fresh.unlock = std::move(view_.unlock);
  fresh.unlock.recent = recent_.list();
  ShowSettings(&fresh.settings);
  fresh.message = why;
  view_ = std::move(fresh);
}

// [SECTION] navigation

void Controller::Navigate(Screen s) {
  if (!view_.unlocked) { view_.screen = Screen::kUnlock; return; }
  if (s == Screen::kUnlock) return;
  if (s == Screen::kRunner && !view_.runner.open) s = Screen::kNewInterview;
  if (s == Screen::kDetail && !view_.detail.open) s = Screen::kInterviews;
  if (table_dirty_ && (s == Screen::kHome || s == Screen::kInterviews)) {
    view_.table.SetSort(view_.table.sort_column(), view_.table.sort_ascending());  // re-filters
    table_dirty_ = false;
  }
  if (s == Screen::kHome) RefreshHome();
  if (s == Screen::kSync || s == Screen::kConflicts || s == Screen::kDevices) RefreshSync(s);
  if (s == Screen::kCoding) RefreshCoding();
  if (s == Screen::kAssessment) RefreshAssessment();
  if (s == Screen::kCodebook) RefreshCodebook();
  if (s == Screen::kAnalysis) RefreshAnalysis();
  if (s == Screen::kAgreement) {
    RefreshAgreement();
    RecomputeAgreementIfChanged();
  }
  view_.screen = s;
  view_.error.clear();
}

void Controller::RefreshHome() {
  HomeView h;
  if (ws_) h.info = ws_->info();
  h.path = path_;
  std::map<std::string, FormCount> counts;
  std::vector<const InterviewRow*> drafts;
  for (const auto& r : view_.table.rows()) {
    auto& c = counts[r.form_id];
    c.form_id = r.form_id;
    c.title = r.form_title;
    bool final = r.status == "final";
    (final ? c.finals : c.drafts)++;
    (final ? h.total_finals : h.total_drafts)++;
    if (!final) drafts.push_back(&r);
  }
  h.total = static_cast<int>(view_.table.rows().size());
  for (auto& [id, c] : counts) h.counts.push_back(c);
  std::sort(drafts.begin(), drafts.end(), [](auto* a, auto* b) { return a->created_hlc > b->created_hlc; });
  for (size_t i = 0; i < drafts.size() && i < 50; ++i) h.drafts.push_back(LabelDraft(*drafts[i]));
  FillSyncSlots(&h);
  view_.home = std::move(h);
}

// [SECTION] settings and passphrase

void Controller::ChangePassphrase(cmd::ChangePassphrase& c) {
  auto& sv = view_.settings;
  sv.message.clear();
  sv.error.clear();
  if (Utf8Length(c.new_pass.view()) < kMinPassphraseChars) { sv.error = F("msg.pass.new_short", kMinPassphraseChars); return; }
  if (c.new_pass.view() != c.repeat.view()) { sv.error = T("msg.pass.new_differ"); return; }
  if (!NeedWorkspace()) return;
  auto old_pass = std::make_shared<core::SecureBytes>(std::move(c.old_pass));
  auto new_pass = std::make_shared<core::SecureBytes>(std::move(c.new_pass));
  auto ws = std::make_shared<std::unique_ptr<storage::Workspace>>(std::move(ws_));
  std::string path = path_;
  RunTask(T("msg.task.changing_pass"), [this, ws, old_pass, new_pass, path]() -> Finish {
    // Check the current passphrase first, so a wrong one leaves the open workspace as it is.
    if (auto check = storage::Workspace::Open(path, old_pass->view()); !check.ok()) {
      *old_pass = core::SecureBytes();
      *new_pass = core::SecureBytes();
      Status st = check.status();
      return [this, ws, st] {
        ws_ = std::move(*ws);
        view_.settings.error = st.code() == core::Code::kWrongKey ? T("msg.pass.wrong_current") : F("msg.pass.not_changed", st.message());
      };
    }
    ws->reset();  // close the connection before re-keying the file
    Status st = storage::Workspace::ChangePassphrase(path, old_pass->view(), new_pass->view());
    auto reopened = storage::Workspace::Open(path, st.ok() ? new_pass->view() : old_pass->view());
    *old_pass = core::SecureBytes();
    *new_pass = core::SecureBytes();
    if (reopened.ok()) *ws = std::move(*reopened);
    Status reopen_st = reopened.ok() ? Status::Ok() : reopened.status();
    return [this, ws, st, reopen_st] {
      ws_ = std::move(*ws);
      if (!ws_) { Lock(F("msg.pass.reopen_failed", reopen_st.message())); return; }
      if (st.ok()) view_.settings.message = T("msg.pass.changed");
      else view_.settings.error = st.code() == core::Code::kWrongKey ? T("msg.pass.wrong_current") : F("msg.pass.not_changed", st.message());
    };
  });
}

void Controller::StartTextIndex() {
  if (view_.busy || !ws_ || view_.table.has_text_index()) return;
  std::vector<std::string> uuids;
  for (const auto& r : view_.table.rows()) uuids.push_back(r.uuid);
  auto ws = std::make_shared<std::unique_ptr<storage::Workspace>>(std::move(ws_));
  progress_done_ = std::make_shared<std::atomic<int>>(0);
  progress_total_ = std::make_shared<std::atomic<int>>(static_cast<int>(uuids.size()));
  auto done = progress_done_;
  RunTask(T("msg.task.indexing"), [this, ws, uuids, done]() -> Finish {
    auto index = std::make_shared<std::unordered_map<std::string, std::string>>();
    std::map<std::string, forms::Form> forms_cache;
    for (const auto& uuid : uuids) {
      auto d = (*ws)->GetInterview(uuid);
      ++*done;
      if (!d.ok()) continue;
      std::string key = d->header.form_id + "@" + std::to_string(d->header.form_version);
      auto it = forms_cache.find(key);
      if (it == forms_cache.end()) {
        auto f = (*ws)->GetForm(d->header.form_id, d->header.form_version);
        if (!f.ok()) continue;
        it = forms_cache.emplace(key, std::move(*f)).first;
      }
      forms::Answers a;
      for (const auto& [q, cell] : d->answers)
        if (!cell.conflict()) a[q] = cell.heads[0].value;
      (*index)[uuid] = TextAnswers(it->second, a);
    }
    return [this, ws, index] {
      ws_ = std::move(*ws);
      view_.table.SetTextIndex(std::move(*index));
    };
  });
}

void Controller::HandleSettings(Command& c) {
  auto& sv = view_.settings;
  if (auto* x = std::get_if<cmd::SetIdleLock>(&c)) {
    settings_.idle_minutes = std::clamp(x->minutes, 1, 240);
  } else if (auto* s = std::get_if<cmd::SetUiScale>(&c)) {
    settings_.ui_scale = std::clamp(s->percent, 100, 200);
  } else if (auto* hc = std::get_if<cmd::SetHighContrast>(&c)) {
    settings_.high_contrast = hc->on;
  } else if (auto* rf = std::get_if<cmd::SetRecentFolders>(&c)) {
    settings_.recent_folders.clear();
    for (const auto& f : rf->folders)
      if (!f.empty() && f[0] == '/' && f.find('\n') == std::string::npos && settings_.recent_folders.size() < UiSettings::kMaxFolders)
        settings_.recent_folders.push_back(f);
  } else if (auto* l = std::get_if<cmd::SetDefaultLanguage>(&c)) {
    if (l->language == "en" || l->language == "es") settings_.default_language = l->language;
  } else if (auto* a = std::get_if<cmd::SetAllowCopy>(&c)) {
    settings_.allow_copy = a->allow;
  } else if (auto* u = std::get_if<cmd::SetUiLanguage>(&c)) {
    if (u->language == "en" || u->language == "es") settings_.ui_language = u->language;
    i18n::SetLanguage(settings_.ui_language, opts_.config_dir.empty() ? "" : opts_.config_dir + "/i18n");
    std::vector<InterviewRow> rows = view_.table.rows();  // the forms' titles in the new language
    for (auto& r : rows) r.form_title = FormTitle(r.form_id);
    if (!rows.empty()) view_.table.SetRows(std::move(rows));
    draft_labels_.clear();  // their role names and titles were in the old language
  } else if (auto* w = std::get_if<cmd::SetWork>(&c)) {
    std::string clean;
    for (const char* k : {"interviewing", "sync", "coding", "assessment"})
      if (("," + w->work + ",").find(std::string(",") + k + ",") != std::string::npos) clean += (clean.empty() ? "" : ",") + std::string(k);
    settings_.work = w->work.empty() ? "" : clean.empty() ? "none" : clean;
  }
  ShowSettings(&sv);
  view_.start.default_language = settings_.default_language;
  Status st = settings_.Save(opts_.config_dir);
  sv.error = st.ok() ? "" : F("msg.settings.not_saved", st.message());
}

void Controller::ShowSettings(SettingsView* sv) const {
  sv->idle_minutes = settings_.idle_minutes;
  sv->ui_scale = settings_.ui_scale;
  sv->default_language = settings_.default_language;
  sv->allow_copy = settings_.allow_copy;
  sv->work = settings_.work;
  sv->ui_language = settings_.ui_language;
  sv->high_contrast = settings_.high_contrast;
  sv->recent_folders = settings_.recent_folders;
  sv->last_bundle_folder = settings_.last_bundle_folder;
}

void Controller::NoteBundleFolder(const std::string& dir) {
  std::error_code ec;
  std::string abs = std::filesystem::absolute(dir, ec).lexically_normal().string();
  if (ec || abs.empty() || abs == settings_.last_bundle_folder || abs.find('\n') != std::string::npos) return;
  if (abs.size() > 1 && abs.back() == '/') abs.pop_back();
  settings_.last_bundle_folder = abs;
  view_.settings.last_bundle_folder = abs;
  (void)settings_.Save(opts_.config_dir);  // best effort: a folder hint, not data
}

// [SECTION] dispatch

void Controller::Apply(Commands& queue) {
  for (auto& c : queue.Take()) Apply(std::move(c));
}

void Controller::Apply(Command c) { Handle(c); }

void Controller::Handle(Command& c) {
  if (auto* i = std::get_if<cmd::InspectWorkspaceFile>(&c)) {  // the unlock screen's key-profile flag
    view_.unlock.inspected_path = i->path;
    view_.unlock.inspected_test_only = storage::KeyProtectionOfFile(i->path) == storage::KeyProtection::kTestOnly;
    return;
  }
  view_.error.clear();
  if (auto* o = std::get_if<cmd::OpenWorkspace>(&c)) return Unlock(*o);
  if (auto* n = std::get_if<cmd::CreateWorkspace>(&c)) return Create(*n);
  if (auto* f = std::get_if<cmd::ForgetRecent>(&c)) {
    (void)recent_.Remove(f->path);
    view_.unlock.recent = recent_.list();
    return;
  }
  if (std::holds_alternative<cmd::Lock>(c)) return Lock(T("msg.lock.locked"));
  if (auto* nav = std::get_if<cmd::Navigate>(&c)) return Navigate(nav->screen);
  if (std::holds_alternative<cmd::DismissMessage>(c)) { view_.message.clear(); return; }
  if (auto* p = std::get_if<cmd::ChangePassphrase>(&c)) return ChangePassphrase(*p);
  if (std::holds_alternative<cmd::SetIdleLock>(c) || std::holds_alternative<cmd::SetUiScale>(c) ||
      std::holds_alternative<cmd::SetHighContrast>(c) || std::holds_alternative<cmd::SetRecentFolders>(c) ||
      std::holds_alternative<cmd::SetDefaultLanguage>(c) || std::holds_alternative<cmd::SetAllowCopy>(c) ||
      std::holds_alternative<cmd::SetWork>(c) || std::holds_alternative<cmd::SetUiLanguage>(c))
    return HandleSettings(c);
  if (auto* tf = std::get_if<cmd::SetTableFilter>(&c)) {
    view_.table.SetFilter(tf->filter);
    if (!tf->filter.text.empty()) StartTextIndex();
    return;
  }
  if (auto* st = std::get_if<cmd::SortTable>(&c)) return view_.table.SetSort(st->column, st->ascending);
  if (auto* x = std::get_if<cmd::ImportXlsform>(&c)) return ImportForm(*x);
  if (HandleSync(c)) return;
  if (auto* cc = std::get_if<cmd::Coding>(&c)) return HandleCoding(*cc);
  if (auto* ac = std::get_if<cmd::Assessment>(&c)) return HandleAssessment(*ac);
  if (auto* cb = std::get_if<cmd::Codebook>(&c)) return HandleCodebook(*cb);
  if (auto* ag = std::get_if<cmd::Agreement>(&c)) return HandleAgreement(*ag);
  if (auto* an = std::get_if<cmd::Analysis>(&c)) return HandleAnalysis(*an);
  if (std::holds_alternative<cmd::Undo>(c)) return Undo();
  HandleInterview(c);
}

}  // namespace canvass::app
