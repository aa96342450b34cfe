// Storage tests on real SQLCipher files: create/open/wrong key/rekey, encryption at rest,
// file modes, hostile files, interviews and validation.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <fstream>

#include "storage/workspace.h"
#include "test_support.h"

using namespace canvass;
using canvass::testing::TempDir;

namespace {
const char* kPass = "correct horse battery staple";

std::unique_ptr<storage::Workspace> MakeWs(const std::string& path, storage::Role role = storage::Role::kCentral) {
  testing::UseFastKdf();
  auto ws = storage::Workspace::Create(path, kPass, role, "Test TF");
  REQUIRE(ws.ok());
  return std::move(*ws);
}

forms::Answers ConsentOnly() { return {{"consent", core::Value(true)}}; }

// Answers every question the simple way (first choice, true, 3, text) and drops what
// the validator refuses until the final rules pass: a complete, valid interview.
forms::Answers FillForm(const forms::Form& form, const std::string& area) {
  forms::Answers a;
  for (const auto* q : form.TopLevelQuestions()) {
    using T = forms::QuestionType;
    switch (q->type) {
      case T::kYesNo: a[q->id] = core::Value(true); break;
      case T::kSingleChoice: a[q->id] = core::Value(q->choices[0].value); break;
      case T::kMultipleChoice: a[q->id] = core::Value(core::Value::Array{core::Value(q->choices[0].value)}); break;
      case T::kInteger: a[q->id] = core::Value(3); break;
      case T::kDecimal: a[q->id] = core::Value(1.5); break;
      case T::kDate: a[q->id] = core::Value("2026-01-15"); break;
      case T::kArea: a[q->id] = core::Value(area); break;
      case T::kAreas: a[q->id] = core::Value(core::Value::Array{core::Value(area)}); break;
      case T::kText: case T::kLongText: a[q->id] = core::Value("text for " + q->id); break;
      default: break;
    }
  }
  forms::ValidationOptions o;
  o.mode = forms::ValidationMode::kFinal;
  for (int i = 0; i < 100; ++i) {
    auto errors = forms::ValidateAnswers(form, a, o);
    if (errors.empty()) break;
    for (const auto& e : errors) a.erase(e.question_id);
  }
  return a;
}
}  // namespace

TEST_CASE("create, reopen, wrong passphrase and file header") {
  TempDir dir;
  std::string path = dir.File("w.canvass");
  { auto ws = MakeWs(path); CHECK(ws->info().role == storage::Role::kCentral); }
  auto again = storage::Workspace::Open(path, kPass);
  REQUIRE(again.ok());
  CHECK((*again)->info().name == "Test TF");
  auto wrong = storage::Workspace::Open(path, "not the passphrase at all");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().code() == core::Code::kWrongKey);
  CHECK(wrong.status().message() == "wrong passphrase or not a Canvass file");
  std::string head = testing::ReadAll(path).substr(0, 16);
  CHECK(head.find("SQLite format") == std::string::npos);
}

TEST_CASE("the library is SQLCipher, not plain SQLite") {
  TempDir dir;
  auto ws = MakeWs(dir.File("w.canvass"));
  auto r = ws->Check();
  REQUIRE(r.ok());
  CHECK(r->cipher_version == "3.4.1");  // PRAGMA cipher_version answers only under SQLCipher
  CHECK(r->journal_mode == "wal");
  CHECK(r->ok);
}

TEST_CASE("short or empty passphrases are refused and create no file") {
  TempDir dir;
  testing::UseFastKdf();
  for (const char* p : {"", "short", "elevenchars"}) {
    auto ws = storage::Workspace::Create(dir.File("x.canvass"), p, storage::Role::kField, "x");
    CHECK_FALSE(ws.ok());
    CHECK_FALSE(std::ifstream(dir.File("x.canvass")).good());
  }
}

TEST_CASE("workspace files are private (0600)") {
  TempDir dir;
  std::string path = dir.File("w.canvass");
  auto ws = MakeWs(path);
  REQUIRE(ws->AddInterview({"community_member", 0, "tester", "", "", ConsentOnly(), false}).ok());
  for (const std::string& f : {path, path + "-wal"}) {
    struct stat st;
    REQUIRE(stat(f.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
}

TEST_CASE("no planted marker reaches the disk in clear, in any encoding") {
  TempDir dir;
  std::string path = dir.File("w.canvass");
  const std::string ascii = "TFK-ALPHA-7731", greek = "TFK-ΒΗΤΑ-7731";
  {
    auto ws = MakeWs(path);
    auto form = ws->GetForm("community_member");
    REQUIRE(form.ok());
    // Put markers into every text question of the form that is relevant with consent.
    forms::Answers a = ConsentOnly();
    int planted = 0;
    for (const auto* q : form->TopLevelQuestions()) {
      if (!q->is_open_text()) continue;
      forms::Answers trial = a;
      trial[q->id] = core::Value(ascii + " " + greek + " " + q->id);
      forms::ValidationOptions o;
      if (forms::ValidateAnswers(*form, trial, o).empty()) { a = trial; ++planted; }
    }
    REQUIRE(planted >= 3);
    auto uuid = ws->AddInterview({"community_member", 0, "tester", "", "", a, false});
    REQUIRE(uuid.ok());
    // While the connection is open the -wal holds the data: scan it too.
    for (const std::string& m : {ascii, greek, testing::Utf16Le(ascii)})
      CHECK(testing::FilesContaining(dir.path(), m).empty());
  }
  for (const std::string& m : {ascii, greek, testing::Utf16Le(ascii)})
    CHECK(testing::FilesContaining(dir.path(), m).empty());
}

TEST_CASE("passphrase change: new opens, old does not, content kept") {
  TempDir dir;
  std::string path = dir.File("w.canvass");
  std::string digest;
  {
    auto ws = MakeWs(path);
    REQUIRE(ws->AddInterview({"community_member", 0, "tester", "", "", ConsentOnly(), false}).ok());
    digest = *ws->Digest();
  }
  REQUIRE(storage::Workspace::ChangePassphrase(path, kPass, "a brand new passphrase").ok());
  CHECK(storage::Workspace::Open(path, kPass).status().code() == core::Code::kWrongKey);
  auto ws = storage::Workspace::Open(path, "a brand new passphrase");
  REQUIRE(ws.ok());
  CHECK(*(*ws)->Digest() == digest);
  CHECK((*ws)->Check()->ok);
  // A wrong old passphrase changes nothing.
  CHECK_FALSE(storage::Workspace::ChangePassphrase(path, "wrong wrong wrong", "another passphrase x").ok());
  CHECK(storage::Workspace::Open(path, "a brand new passphrase").ok());
}

TEST_CASE("hostile and truncated files are rejected cleanly") {
  TempDir dir;
  std::string path = dir.File("w.canvass");
  { auto ws = MakeWs(path); }
  std::string bytes = testing::ReadAll(path);
  for (size_t cut : {size_t(0), size_t(10), size_t(16), size_t(1000), bytes.size() / 2}) {
    std::string t = dir.File("cut" + std::to_string(cut) + ".canvass");
    testing::WriteAll(t, bytes.substr(0, cut));
    auto ws = storage::Workspace::Open(t, kPass);
    if (ws.ok()) CHECK_FALSE((*ws)->Check()->ok);  // opens only if page 1 survived; then check must fail
  }
  testing::WriteAll(dir.File("plain.canvass"), "SQLite format 3\0 this is not encrypted");
  CHECK_FALSE(storage::Workspace::Open(dir.File("plain.canvass"), kPass).ok());
  CHECK(storage::Workspace::Open(dir.File("missing.canvass"), kPass).status().code() == core::Code::kNotFound);
}

TEST_CASE("interviews validate answers like the app does") {
  TempDir dir;
  auto ws = MakeWs(dir.File("w.canvass"));
  // Unknown question.
  auto bad = ws->AddInterview({"community_member", 0, "t", "", "", {{"consent", core::Value(true)}, {"no_such_q", core::Value(1)}}, false});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("no_such_q") != std::string::npos);
  // Wrong type.
  auto typ = ws->AddInterview({"community_member", 0, "t", "", "", {{"consent", core::Value("yes")}}, false});
  CHECK_FALSE(typ.ok());
  // Unknown form and role.
  CHECK(ws->AddInterview({"nope", 0, "t", "", "", ConsentOnly(), false}).status().code() == core::Code::kNotFound);
  CHECK_FALSE(ws->AddInterview({"community_member", 0, "t", "astronaut", "", ConsentOnly(), false}).ok());
  // Nothing was written by the failures.
  CHECK(ws->ListInterviews()->empty());
  auto ok = ws->AddInterview({"community_member", 0, "t", "", "es", ConsentOnly(), false});
  REQUIRE(ok.ok());
  auto d = ws->GetInterview(*ok);
  REQUIRE(d.ok());
  CHECK(d->status == "draft");
  CHECK(d->header.language == "es");
  CHECK(d->answers.at("consent").heads[0].value == core::Value(true));
}

TEST_CASE("edits keep history - finalize is read-only until reopened") {
  TempDir dir;
  auto ws = MakeWs(dir.File("w.canvass"));
  auto form = ws->GetForm("community_member");
  REQUIRE(form.ok());
  const forms::Question* text_q = nullptr;
  for (const auto* q : form->TopLevelQuestions())
    if (q->is_open_text() && !q->required) {
      forms::Answers t = ConsentOnly();
      t[q->id] = core::Value("x");
      if (forms::ValidateAnswers(*form, t, {}).empty()) { text_q = q; break; }
    }
  REQUIRE(text_q != nullptr);
  auto uuid = ws->AddInterview({"community_member", 0, "t", "", "", ConsentOnly(), false});
  REQUIRE(uuid.ok());
  REQUIRE(ws->SetAnswer(*uuid, text_q->id, core::Value("first"), "t").ok());
  REQUIRE(ws->SetAnswer(*uuid, text_q->id, core::Value("second"), "t").ok());
  auto d = ws->GetInterview(*uuid);
  CHECK(d->answers.at(text_q->id).heads[0].value == core::Value("second"));
  int seen = 0;
  for (const auto& v : d->history)
    if (v.field == text_q->id) ++seen;
  CHECK(seen == 2);
  // Required answers are missing: finalize refuses and says why.
  auto fin = ws->Finalize(*uuid, "t");
  REQUIRE_FALSE(fin.ok());
  CHECK(fin.message().find("required") != std::string::npos);
  // A complete interview finalizes; then it is read-only until reopened with a reason.
  assessment::Area frio;
  frio.id = "48163";
  frio.level = "county";
  frio.name = "Frio County";
  REQUIRE(ws->ImportAreas({frio}).ok());
  auto full = FillForm(*form, "48163");
  auto done = ws->AddInterview({"community_member", 0, "t", "", "", full, false});
  REQUIRE(done.ok());
  auto fin2 = ws->Finalize(*done, "t");
  INFO(fin2.message());
  REQUIRE(fin2.ok());
  CHECK(ws->GetInterview(*done)->status == "final");
  CHECK_FALSE(ws->SetAnswer(*done, text_q->id, core::Value("third"), "t").ok());
  CHECK_FALSE(ws->Reopen(*done, "t", "").ok());  // a reason is required
  REQUIRE(ws->Reopen(*done, "t", "typo in the answer").ok());
  CHECK(ws->SetAnswer(*done, text_q->id, core::Value("third"), "t").ok());
  CHECK(ws->Check()->ok);
}

TEST_CASE("finalizing clears answers inside repeat items whose condition is false there - history keeps them") {
  TempDir dir;
  auto ws = MakeWs(dir.File("w.canvass"));
  storage::FormRow row;
  bool added = false;
  auto st = ws->AddForm(testing::kSiteVisitsFormJson, "test", false, &row, &added);
  INFO(st.message());
  REQUIRE(st.ok());
  using core::Value;
  Value seen(Value::Object{{"site_name", Value("truck stop")}, {"site_seen", Value(true)}, {"site_detail", Value("crews")}});
  Value not_seen(Value::Object{{"site_name", Value("motel")}, {"site_seen", Value(true)}, {"site_detail", Value("rooms")}});
  auto uuid = ws->AddInterview({"site_visits", 0, "t", "", "", {{"sites", Value(Value::Array{seen, not_seen})}}, false});
  INFO(uuid.status().message());
  REQUIRE(uuid.ok());
  // The answer that turns the detail off in the second item, as the runner writes it.
  Value changed(Value::Object{{"site_name", Value("motel")}, {"site_seen", Value(false)}, {"site_detail", Value("rooms")}});
  REQUIRE(ws->SetAnswer(*uuid, "sites", Value(Value::Array{seen, changed}), "t").ok());
  auto fin = ws->Finalize(*uuid, "t");
  INFO(fin.message());
  REQUIRE(fin.ok());
  auto d = ws->GetInterview(*uuid);
  REQUIRE(d.ok());
  const Value& items = d->answers.at("sites").heads[0].value;
  REQUIRE(items.as_array().size() == 2);
  CHECK(items.as_array()[0].Find("site_detail") != nullptr);  // still relevant: kept
  CHECK(items.as_array()[1].Find("site_detail") == nullptr);  // not relevant: cleared
  CHECK(*items.as_array()[1].Find("site_name") == Value("motel"));
  bool in_history = false;
  for (const auto& v : d->history)
    if (v.field == "sites" && v.value.is_array() && v.value.as_array()[1].Find("site_detail")) in_history = true;
  CHECK(in_history);
  CHECK(ws->Check()->ok);
}
