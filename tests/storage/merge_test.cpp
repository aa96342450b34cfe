// Merge properties at the storage level: idempotent, order-independent, conflicts kept.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>

#include "storage/workspace.h"
#include "test_support.h"
#include "ws_fixture.h"

using namespace canvass;
using canvass::testing::TempDir;

namespace {
std::unique_ptr<storage::Workspace> MakeWs(const std::string& path) { return testing::MakeCentralWs(path, "Merge TF"); }

storage::ChangeSet All(storage::Workspace* ws) {
  int64_t hw = 0;
  auto cs = ws->CollectChanges(0, &hw);
  REQUIRE(cs.ok());
  return *cs;
}
std::string FirstOpenText(storage::Workspace* ws) {
  auto form = ws->GetForm("community_member");
  for (const auto* q : form->TopLevelQuestions()) {
    if (!q->is_open_text() || q->required) continue;
    forms::Answers t{{"consent", core::Value(true)}, {q->id, core::Value("x")}};
    if (forms::ValidateAnswers(*form, t, {}).empty()) return q->id;
  }
  return "";
}
}  // namespace

TEST_CASE("merging change sets in any order gives one digest - re-merging is a no-op") {
  TempDir dir;
  auto a = MakeWs(dir.File("a.canvass"));
  auto b = MakeWs(dir.File("b.canvass"));
  for (int i = 0; i < 3; ++i) {
    REQUIRE(a->AddInterview({"community_member", 0, "A", "", "", {{"consent", core::Value(true)}}, false}).ok());
    REQUIRE(b->AddInterview({"community_member", 0, "B", "", "", {{"consent", core::Value(true)}}, false}).ok());
  }
  auto ca = All(a.get()), cb = All(b.get());
  auto c1 = MakeWs(dir.File("c1.canvass"));
  auto c2 = MakeWs(dir.File("c2.canvass"));
  REQUIRE(c1->Merge(ca, nullptr).ok());
  REQUIRE(c1->Merge(cb, nullptr).ok());
  REQUIRE(c2->Merge(cb, nullptr).ok());
  REQUIRE(c2->Merge(ca, nullptr).ok());
  std::string d1 = *c1->Digest();
  CHECK(d1 == *c2->Digest());
  auto again = c1->Merge(ca, nullptr);
  REQUIRE(again.ok());
  CHECK(again->new_versions == 0);
  CHECK(again->known_versions == static_cast<int64_t>(ca.versions.size()));
  CHECK(*c1->Digest() == d1);
  CHECK(c1->ListInterviews()->size() == 6);
}

TEST_CASE("versions arriving child-first still give the same heads") {
  TempDir dir;
  auto a = MakeWs(dir.File("a.canvass"));
  std::string q = FirstOpenText(a.get());
  REQUIRE_FALSE(q.empty());
  auto uuid = a->AddInterview({"community_member", 0, "A", "", "", {{"consent", core::Value(true)}}, false});
  REQUIRE(uuid.ok());
  for (const char* v : {"one", "two", "three"}) REQUIRE(a->SetAnswer(*uuid, q, core::Value(v), "A").ok());
  auto cs = All(a.get());
  std::mt19937 rng(7);
  std::string want;
  for (int round = 0; round < 8; ++round) {
    auto shuffled = cs;
    std::shuffle(shuffled.versions.begin(), shuffled.versions.end(), rng);
    auto c = MakeWs(dir.File("c" + std::to_string(round) + ".canvass"));
    REQUIRE(c->Merge(shuffled, nullptr).ok());
    auto d = c->GetInterview(*uuid);
    REQUIRE(d.ok());
    CHECK(d->answers.at(q).heads.size() == 1);
    CHECK(d->answers.at(q).heads[0].value == core::Value("three"));
    CHECK(c->Check()->ok);
    if (want.empty()) want = *c->Digest();
    CHECK(*c->Digest() == want);
  }
}

TEST_CASE("concurrent edits become a conflict that a resolution closes - nothing is lost") {
  TempDir dir;
  auto field = MakeWs(dir.File("f.canvass"));
  auto central = MakeWs(dir.File("c.canvass"));
  std::string q = FirstOpenText(field.get());
  auto uuid = field->AddInterview({"community_member", 0, "F", "", "", {{"consent", core::Value(true)}}, false});
  REQUIRE(uuid.ok());
  REQUIRE(field->SetAnswer(*uuid, q, core::Value("base"), "F").ok());
  REQUIRE(central->Merge(All(field.get()), nullptr).ok());
  REQUIRE(field->SetAnswer(*uuid, q, core::Value("field edit"), "F").ok());
  REQUIRE(central->SetAnswer(*uuid, q, core::Value("central edit"), "C").ok());
  auto stats = central->Merge(All(field.get()), nullptr);
  REQUIRE(stats.ok());
  CHECK(stats->new_conflicts == 1);
  auto conflicts = central->ListConflicts();
  REQUIRE(conflicts->size() == 1);
  CHECK((*conflicts)[0].heads.size() == 2);
  CHECK_FALSE(central->SetAnswer(*uuid, q, core::Value("sneaky overwrite"), "C").ok());
  CHECK_FALSE(central->ResolveConflict("answer", *uuid, q, core::Value("field edit"), "C", "").ok());
  REQUIRE(central->ResolveConflict("answer", *uuid, q, core::Value("field edit"), "C", "field notes are first-hand").ok());
  CHECK(central->ListConflicts()->empty());
  auto d = central->GetInterview(*uuid);
  std::set<std::string> values;
  for (const auto& v : d->history)
    if (v.field == q) values.insert(v.value.as_string());
  CHECK(values == std::set<std::string>{"base", "field edit", "central edit"});
  CHECK(central->Check()->ok);
}

TEST_CASE("altered versions are refused by merge") {
  TempDir dir;
  auto a = MakeWs(dir.File("a.canvass"));
  REQUIRE(a->AddInterview({"community_member", 0, "A", "", "", {{"consent", core::Value(true)}}, false}).ok());
  auto cs = All(a.get());
  auto c = MakeWs(dir.File("c.canvass"));
  std::string before = *c->Digest();
  cs.versions[0].value = core::Value(false);  // id no longer matches content
  CHECK(c->Merge(cs, nullptr).status().code() == core::Code::kCorruption);
  CHECK(*c->Digest() == before);
}
