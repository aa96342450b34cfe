// Controller tests: every command, applied without any window, checked in the view-models
// and in the workspace file.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>

#include "app/controller.h"
#include "app/ui_config.h"
#include "core/crypto_util.h"
#include "test_support.h"

using namespace canvass;
using app::Screen;
namespace cmd = app::cmd;

namespace {

constexpr const char* kPass = "correct horse battery staple";

struct Fx {
  testing::TempDir dir;
  core::FakeClock clock{1'800'000'000'000};
  std::unique_ptr<app::Controller> c;
  std::string path;
  Fx() {
    testing::UseFastKdf();
    REQUIRE(core::InitCrypto().ok());
    c = Make();
    path = dir.File("w.canvass");
  }
  std::unique_ptr<app::Controller> Make() {
    app::ControllerOptions o;
    o.config_dir = dir.File("config");
    o.clock = &clock;
    return std::make_unique<app::Controller>(o);
  }
  void Create() {
    c->Apply(cmd::CreateWorkspace{path, "Task force", storage::Role::kCentral, app::Secret(kPass), app::Secret(kPass)});
    c->WaitIdle();
    REQUIRE(c->view().unlocked);
  }
  void Open(const char* pass) {
    c->Apply(cmd::OpenWorkspace{path, app::Secret(pass)});
    c->WaitIdle();
  }
  const app::AppView& v() { return c->view(); }
  std::string Section() { return v().runner.form->sections[v().runner.section].id; }
  void StartOutreach() {
    c->Apply(cmd::StartInterview{"outreach_provider", "street_outreach", "en", "Ana"});
    REQUIRE(v().runner.open);
  }
};

}  // namespace

TEST_CASE("controller: create validates, writes recent.txt 0600 with the path only", "[gui][controller]") {
  Fx f;
  f.c->Apply(cmd::CreateWorkspace{f.path, "TF", storage::Role::kCentral, app::Secret("short"), app::Secret("short")});
  CHECK(f.v().unlock.error.find("12 characters") != std::string::npos);
  f.c->Apply(cmd::CreateWorkspace{f.path, "TF", storage::Role::kCentral, app::Secret(kPass), app::Secret("other passphrase!!")});
  CHECK(f.v().unlock.error.find("differ") != std::string::npos);
  f.c->Apply(cmd::CreateWorkspace{f.path, "", storage::Role::kCentral, app::Secret(kPass), app::Secret(kPass)});
  CHECK(f.v().unlock.error.find("name") != std::string::npos);
  f.Create();
  CHECK(f.v().screen == Screen::kHome);
  CHECK(f.v().home.info.name == "Task force");
  const std::string recent = f.dir.File("config/recent.txt");
  CHECK(testing::ReadAll(recent) == f.path + "\n");
  struct stat st {};
  REQUIRE(stat(recent.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  f.c->Apply(cmd::Lock{});
  f.c->Apply(cmd::CreateWorkspace{f.path, "TF", storage::Role::kCentral, app::Secret(kPass), app::Secret(kPass)});
  CHECK(f.v().unlock.error.find("already exists") != std::string::npos);
  f.c->Apply(cmd::ForgetRecent{f.path});
  CHECK(f.v().unlock.recent.empty());
  CHECK(testing::ReadAll(recent).empty());
}

TEST_CASE("controller: wrong passphrases back off from the 4th failure", "[gui][controller]") {
  Fx f;
  f.Create();
  f.c->Apply(cmd::Lock{});
  for (int i = 1; i <= 3; ++i) {
    f.Open("wrong wrong wrong");
    CHECK(f.v().unlock.failures == i);
    CHECK(f.v().unlock.wait_seconds == 0);
  }
  f.Open("wrong wrong wrong");
  CHECK(f.v().unlock.failures == 4);
  CHECK(f.v().unlock.wait_seconds == 2);
  f.Open(kPass);  // refused while waiting, even with the right passphrase
  CHECK_FALSE(f.v().unlocked);
  CHECK(f.v().unlock.error.find("wait") != std::string::npos);
  f.clock.Advance(2000);
  f.Open("wrong wrong wrong");
  CHECK(f.v().unlock.wait_seconds == 4);
  CHECK(app::BackoffSeconds(6) == 8);
  CHECK(app::BackoffSeconds(40) == app::kMaxBackoffSeconds);
  f.clock.Advance(4000);
  f.Open(kPass);
  CHECK(f.v().unlocked);
  CHECK(f.v().unlock.failures == 0);
}

TEST_CASE("controller: the back-off survives a restart of the app (KD-1)", "[gui][controller]") {
  Fx f;
  f.Create();
  f.c->Apply(cmd::Lock{});
  for (int i = 1; i <= 5; ++i) {
    f.Open("wrong wrong wrong");
    f.clock.Advance(int64_t{app::BackoffSeconds(i)} * 1000);
  }
  f.Open("wrong wrong wrong");  // 6th: wait 8 s
  REQUIRE(f.v().unlock.wait_seconds == 8);
  const std::string file = f.dir.File("config/unlock.txt");
  struct stat st {};
  REQUIRE(stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(testing::ReadAll(file).find(f.path) == std::string::npos);  // counts only, no path

  f.c = f.Make();  // quit and start again
  CHECK(f.v().unlock.failures == 6);
  f.Open(kPass);  // still refused: the wait started before the restart
  CHECK_FALSE(f.v().unlocked);
  CHECK(f.v().unlock.error.find("wait") != std::string::npos);
  f.clock.Advance(8000);
  f.Open("wrong wrong wrong");  // 7th counts on from 6
  CHECK(f.v().unlock.failures == 7);
  CHECK(f.v().unlock.wait_seconds == 16);

  // A clock set back a day cannot stretch the wait past the cap.
  f.clock.Advance(-86'400'000);
  f.c = f.Make();
  f.clock.Advance(int64_t{app::kMaxBackoffSeconds} * 1000);
  f.Open(kPass);
  CHECK(f.v().unlocked);
  CHECK(f.v().unlock.failures == 0);
  f.c = f.Make();
  CHECK(f.v().unlock.failures == 0);  // the success was saved too
}

// Issue 14: the high-contrast theme is one setting; the file chooser's recent folders and the
// last bundle folder are remembered across restarts and locks (a damaged line is ignored).
TEST_CASE("controller: high contrast, recent folders and the last bundle folder persist", "[gui][controller]") {
  Fx f;
  CHECK_FALSE(f.v().settings.high_contrast);
  f.c->Apply(cmd::SetHighContrast{true});
  const std::string bundles = f.dir.File("usb");
  REQUIRE(::mkdir(bundles.c_str(), 0700) == 0);
  f.c->Apply(cmd::SetRecentFolders{{bundles, "relative/ignored", f.dir.path(), "/a", "/b", "/c", "/d", "/e", "/f"}});
  CHECK(f.v().settings.recent_folders.size() == 6);  // kept: absolute paths, at most six
  CHECK(f.v().settings.recent_folders.front() == bundles);
  f.Create();
  f.c->Apply(cmd::ListBundleFolder{bundles + "/"});
  CHECK(f.v().settings.last_bundle_folder == bundles);
  f.c->Apply(cmd::Lock{});
  CHECK(f.v().settings.high_contrast);
  CHECK(f.v().settings.last_bundle_folder == bundles);
  f.c = f.Make();
  CHECK(f.v().settings.high_contrast);
  CHECK(f.v().settings.recent_folders.size() == 6);
  CHECK(f.v().settings.recent_folders[1] == f.dir.path());
  CHECK(f.v().settings.last_bundle_folder == bundles);
  std::string text = testing::ReadAll(f.dir.File("config/settings.txt"));
  CHECK(text.find("high_contrast=1") != std::string::npos);
  testing::WriteAll(f.dir.File("config/settings.txt"), text + "recent_folder=not/absolute\nhigh_contrast=maybe\n");
  f.c = f.Make();
  CHECK(f.v().settings.high_contrast);
  CHECK(f.v().settings.recent_folders.size() == 6);
}

TEST_CASE("controller: copying is off by default - the setting persists (LK-6)", "[gui][controller]") {
  Fx f;
  CHECK_FALSE(f.v().settings.allow_copy);
  f.c->Apply(cmd::SetAllowCopy{true});
  CHECK(f.v().settings.allow_copy);
  CHECK(testing::ReadAll(f.dir.File("config/settings.txt")).find("allow_copy=1") != std::string::npos);
  f.c = f.Make();
  CHECK(f.v().settings.allow_copy);
  f.Create();
  f.c->Apply(cmd::Lock{});
  CHECK(f.v().settings.allow_copy);  // locking keeps the setting
  f.c->Apply(cmd::SetAllowCopy{false});
  f.c = f.Make();
  CHECK_FALSE(f.v().settings.allow_copy);
}

TEST_CASE("controller: scripted guessing with restarts gets at most 100 tries an hour (KD-1)", "[gui][controller]") {
  Fx f;
  f.Create();
  f.c->Apply(cmd::Lock{});
  const int64_t start = f.clock.NowMillis();
  while (f.clock.NowMillis() - start < 3'600'000) {
    f.c = f.Make();  // a script restarting the app between guesses
    f.Open("wrong wrong wrong");
    f.clock.Advance(int64_t{std::max(1, f.v().unlock.wait_seconds)} * 1000);
  }
  const int tries = f.v().unlock.failures;  // every guess that was really tried
  CHECK(tries > 3);
  CHECK(tries <= 100);
}

// Open file descriptors of this process on `path` (the workspace's SQLCipher connection).
static int OpenFdsOn(const std::string& path) {
  int n = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    std::error_code ec2;
    auto target = std::filesystem::read_symlink(e.path(), ec2);
    if (!ec2 && target == std::filesystem::path(path)) ++n;
  }
  return n;
}

TEST_CASE("controller: lock on command and after idle time drops everything", "[gui][controller]") {
  Fx f;
  f.Create();
  f.StartOutreach();
  uint64_t epoch = f.v().lock_epoch;
  REQUIRE(OpenFdsOn(f.path) > 0);
  f.c->Apply(cmd::Lock{});
  CHECK_FALSE(f.v().unlocked);
  CHECK(f.c->workspace() == nullptr);
  // The Workspace object is gone, not only hidden: its connection is closed (no descriptor
  // on the file, and the last close removed the -wal), which frees SQLCipher's page cache.
  CHECK(OpenFdsOn(f.path) == 0);
  CHECK_FALSE(std::filesystem::exists(f.path + "-wal"));
  CHECK_FALSE(f.v().runner.open);
  CHECK(f.v().table.rows().empty());
  CHECK(f.v().lock_epoch == epoch + 1);
  CHECK(f.v().screen == Screen::kUnlock);
  f.Open(kPass);
  REQUIRE(f.v().unlocked);
  f.c->Apply(cmd::SetIdleLock{2});
  f.clock.Advance(90'000);
  f.c->NoteActivity();
  f.clock.Advance(90'000);
  f.c->Poll();
  CHECK(f.v().unlocked);  // activity restarted the timer
  f.clock.Advance(31'000);
  f.c->Poll();
  CHECK_FALSE(f.v().unlocked);
  CHECK(f.v().message.find("idle") != std::string::npos);
  CHECK(OpenFdsOn(f.path) == 0);
}

TEST_CASE("controller: navigation, messages and coming screens", "[gui][controller]") {
  Fx f;
  f.c->Apply(cmd::Navigate{Screen::kHome});
  CHECK(f.v().screen == Screen::kUnlock);  // locked: nowhere else to go
  f.Create();
  f.c->Apply(cmd::Navigate{Screen::kRunner});
  CHECK(f.v().screen == Screen::kNewInterview);  // no interview open
  f.c->Apply(cmd::Navigate{Screen::kSync});
  CHECK(f.v().screen == Screen::kSync);
  f.c->Apply(cmd::Navigate{Screen::kDetail});
  CHECK(f.v().screen == Screen::kInterviews);
  CHECK_FALSE(f.v().message.empty());
  f.c->Apply(cmd::DismissMessage{});
  CHECK(f.v().message.empty());
}

TEST_CASE("controller: runner commands", "[gui][controller]") {
  Fx f;
  f.Create();
  f.c->Apply(cmd::StartInterview{"outreach_provider", "", "en", "  "});
  CHECK(f.v().error.find("interviewer") != std::string::npos);
  f.StartOutreach();
  const std::string uuid = f.v().runner.uuid;
  CHECK(f.Section() == "consent_section");
  f.c->Apply(cmd::SetAnswer{"consent", core::Value(false)});
  CHECK(f.v().runner.save_errors.count("consent"));
  f.c->Apply(cmd::SetAnswer{"consent", core::Value(true)});
  CHECK(f.v().runner.save_errors.empty());
  f.c->Apply(cmd::SetAnswer{"concern", core::Value("no")});
  f.c->Apply(cmd::GoToSection{2});
  CHECK(f.Section() == "concern_section");
  f.c->Apply(cmd::StepSection{+1});
  CHECK(f.Section() == "barriers_and_instability");  // two hidden sections skipped
  f.c->Apply(cmd::StepSection{-1});
  CHECK(f.Section() == "concern_section");
  f.c->Apply(cmd::SetAnswer{"contacts_per_month", core::Value(-3)});
  CHECK(f.v().runner.save_errors.count("contacts_per_month"));  // constraint . >= 0
  f.c->Apply(cmd::SetRunnerLanguage{"es"});
  CHECK(f.v().runner.language == "es");
  f.c->Apply(cmd::SetRunnerLanguage{"fr"});
  CHECK(f.v().runner.language == "es");
  f.c->Apply(cmd::FinalizeInterview{});
  CHECK(f.v().runner.status == "draft");  // org_type missing
  CHECK(f.v().runner.errors.count("org_type"));
  CHECK(f.Section() == "respondent");
  f.c->Apply(cmd::SetAnswer{"org_type", core::Value("youth_shelter")});
  f.c->Apply(cmd::CloseInterview{});
  CHECK_FALSE(f.v().runner.open);
  CHECK(f.v().screen == Screen::kHome);
  REQUIRE(f.v().home.drafts.size() == 1);
  f.c->Apply(cmd::ResumeInterview{uuid});
  CHECK(f.v().runner.answers.at("org_type") == core::Value("youth_shelter"));
  f.c->Apply(cmd::FinalizeInterview{});
  CHECK(f.v().runner.status == "final");
  f.c->Apply(cmd::SetAnswer{"org_name", core::Value("X")});
  CHECK(f.v().runner.save_errors.count("org_name"));  // read-only
  f.c->Apply(cmd::ReopenInterview{"  "});
  CHECK(f.v().runner.status == "final");
  f.c->Apply(cmd::ReopenInterview{"typo in org name"});
  CHECK(f.v().runner.status == "draft");
  auto d = f.c->workspace()->GetInterview(uuid);
  REQUIRE(d.ok());
  CHECK(d->status == "draft");
  CHECK(d->answers.at("org_type").heads[0].value == core::Value("youth_shelter"));
}

TEST_CASE("controller: table filter, sort, text index and detail", "[gui][controller]") {
  Fx f;
  f.Create();
  f.StartOutreach();
  const std::string uuid = f.v().runner.uuid;
  f.c->Apply(cmd::SetAnswer{"consent", core::Value(true)});
  f.c->Apply(cmd::SetAnswer{"org_name", core::Value("Harbor Street Clinic")});
  f.c->Apply(cmd::CloseInterview{});
  f.c->Apply(cmd::StartInterview{"community_member", "", "es", "Luis"});
  f.c->Apply(cmd::CloseInterview{});
  f.c->Apply(cmd::Navigate{Screen::kInterviews});
  CHECK(f.v().table.visible().size() == 2);
  cmd::TableFilter filt;
  filt.form_id = "outreach_provider";
  f.c->Apply(cmd::SetTableFilter{filt});
  CHECK(f.v().table.visible().size() == 1);
  filt = {};
  filt.text = "harbor";
  f.c->Apply(cmd::SetTableFilter{filt});
  f.c->WaitIdle();  // the text index is built off the UI thread
  REQUIRE(f.v().table.has_text_index());
  REQUIRE(f.v().table.visible().size() == 1);
  CHECK(f.v().table.rows()[f.v().table.visible()[0]].uuid == uuid);
  f.c->Apply(cmd::SetTableFilter{cmd::TableFilter{}});
  f.c->Apply(cmd::SortTable{cmd::Column::kInterviewer, true});
  CHECK(f.v().table.rows()[f.v().table.visible()[0]].interviewer == "Ana");
  f.c->Apply(cmd::SortTable{cmd::Column::kInterviewer, false});
  CHECK(f.v().table.rows()[f.v().table.visible()[0]].interviewer == "Luis");
  f.c->Apply(cmd::OpenDetail{uuid});
  CHECK(f.v().screen == Screen::kDetail);
  CHECK(f.v().detail.answers.size() == 2);
  CHECK(f.v().detail.history.size() >= 2);
}

TEST_CASE("controller: settings and passphrase change", "[gui][controller]") {
  Fx f;
  f.Create();
  f.c->Apply(cmd::SetIdleLock{0});
  CHECK(f.v().settings.idle_minutes == 1);
  f.c->Apply(cmd::SetUiScale{250});
  CHECK(f.v().settings.ui_scale == 200);
  f.c->Apply(cmd::SetDefaultLanguage{"es"});
  CHECK(f.v().settings.default_language == "es");
  f.c->Apply(cmd::SetDefaultLanguage{"de"});
  CHECK(f.v().settings.default_language == "es");
  auto again = f.Make();
  CHECK(again->settings().ui_scale == 200);
  CHECK(again->settings().default_language == "es");

  const char* next = "a brand new passphrase";
  f.c->Apply(cmd::ChangePassphrase{app::Secret(kPass), app::Secret(next), app::Secret("mismatch mismatch")});
  CHECK(f.v().settings.error.find("differ") != std::string::npos);
  f.c->Apply(cmd::ChangePassphrase{app::Secret("wrong wrong wrong"), app::Secret(next), app::Secret(next)});
  f.c->WaitIdle();
  CHECK(f.v().settings.error.find("wrong") != std::string::npos);
  REQUIRE(f.c->workspace() != nullptr);
  f.c->Apply(cmd::ChangePassphrase{app::Secret(kPass), app::Secret(next), app::Secret(next)});
  CHECK(f.v().busy);
  f.c->WaitIdle();
  CHECK(f.v().settings.message.find("changed") != std::string::npos);
  REQUIRE(f.c->workspace() != nullptr);
  f.c->Apply(cmd::Lock{});
  CHECK_FALSE(storage::Workspace::Open(f.path, kPass).ok());
  CHECK(storage::Workspace::Open(f.path, next).ok());
}

// Issue 15 §2: XLSForm import in the app as in the CLI - previewed first (nothing written),
// added on "Add it", unchanged the second time; a workbook with problems lists every one and
// adds nothing; a field laptop is told protocols come from the coordinator.
TEST_CASE("controller: an XLSForm is previewed, then added - problems are listed and nothing is added", "[gui][controller][xlsform]") {
  Fx f;
  f.Create();
  CHECK(f.v().start.central);
  const size_t before = f.v().start.forms.size();
  const std::string good = std::string(CANVASS_TEST_DATA) + "/xlsform/example_xls__text_and_integer.xlsx";
  f.c->Apply(cmd::ImportXlsform{good, true});
  const auto& iv = f.v().start.import;
  INFO(iv.error);
  CHECK(iv.error.empty());
  CHECK(iv.can_add);
  CHECK(iv.message.rfind("Would add form ", 0) == 0);
  CHECK(f.v().start.forms.size() == before);  // a preview writes nothing
  f.c->Apply(cmd::ImportXlsform{good, false});
  CHECK(iv.message.rfind("Added form ", 0) == 0);
  CHECK_FALSE(iv.can_add);
  REQUIRE(f.v().start.forms.size() == before + 1);
  f.c->Apply(cmd::ImportXlsform{good, true});
  CHECK(iv.message.find("already here with the same questions") != std::string::npos);
  CHECK_FALSE(iv.can_add);

  const std::string bad = std::string(CANVASS_TEST_DATA) + "/xlsform/example_xls__choice_filter_test.xlsx";
  f.c->Apply(cmd::ImportXlsform{bad, true});
  CHECK(iv.refused);
  CHECK_FALSE(iv.can_add);
  CHECK(iv.error.find("cannot be imported as it is") != std::string::npos);
  REQUIRE_FALSE(iv.lines.empty());
  CHECK(iv.lines[0].find("choices row 6") != std::string::npos);
  f.c->Apply(cmd::ImportXlsform{f.dir.File("missing.xlsx"), true});
  CHECK_FALSE(iv.error.empty());
  CHECK(f.v().start.forms.size() == before + 1);
}
