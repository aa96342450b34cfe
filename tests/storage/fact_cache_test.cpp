// The assessment's facts cache (storage/src/fact_cache.h): whatever happens to the interviews
// (edits, finalizing, reopening, merges, conflicts, resolutions, migration, damage), the
// snapshot the scoring reads says what the history says.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "assessment/interview_facts.h"
#include "db.h"
#include "raw_open.h"
#include "storage/indicator_store.h"
#include "storage/workspace.h"
#include "test_support.h"

using namespace canvass;
using canvass::testing::TempDir;

namespace {

const char* kPass = "correct horse battery staple";
const char* kAreas[] = {"48163", "48013", "48029"};

std::unique_ptr<storage::Workspace> MakeWs(const std::string& path) {
  testing::UseFastKdf();
  auto ws = storage::Workspace::Create(path, kPass, storage::Role::kCentral, "Facts TF");
  REQUIRE(ws.ok());
  std::vector<assessment::Area> areas;
  for (const char* id : kAreas) areas.push_back({id, "county", std::string("County ") + id, "", "test", {}, {}, {}});
  REQUIRE((*ws)->ImportAreas(areas).ok());
  return std::move(*ws);
}

storage::ChangeSet All(storage::Workspace* ws) {
  int64_t hw = 0;
  auto cs = ws->CollectChanges(0, &hw);
  REQUIRE(cs.ok());
  return *cs;
}

core::Value AreasValue(unsigned bits) {
  core::Value::Array a;
  for (unsigned k = 0; k < 3; ++k)
    if (bits & (1u << k)) a.push_back(core::Value(kAreas[k]));
  return core::Value(a);
}

storage::NewInterview Stakeholder(const std::string& concern, unsigned areas, bool final) {
  storage::NewInterview in;
  in.form_id = "community_member";
  in.answers = {{"consent", core::Value(true)}, {"org_type", core::Value("resident")}, {"concern", core::Value(concern)}};
  if (concern != "no") {  // the rest is asked only of those with a concern
    in.answers["concern_areas"] = AreasValue(areas);
    in.answers["trafficking_forms"] = core::Value(core::Value::Array{core::Value("labor_trafficking")});
    in.answers["confidence"] = core::Value("some_concern");
  }
  in.final = final;
  return in;
}

// What the scoring reads of a stakeholder, comparable.
using Fact = std::tuple<std::string, std::string, std::string, std::vector<std::string>, std::vector<std::string>>;

std::vector<Fact> Facts(const std::vector<assessment::StakeholderFact>& v) {
  std::vector<Fact> out;
  for (const auto& s : v) out.emplace_back(s.form_id, s.role, s.concern, s.concern_areas, s.forms);
  return out;
}

// The snapshot through the cache. Every fact's fingerprint, kept beside it in the cache, is
// the one its facts give.
std::vector<Fact> Snapshot(storage::Workspace* ws, int* conflicts) {
  storage::IndicatorStore store(ws);
  auto in = store.LoadSnapshot(conflicts);
  REQUIRE(in.ok());
  for (const auto& s : in->stakeholders) {
    assessment::StakeholderFact bare = s;
    bare.print.clear();
    REQUIRE(s.print == assessment::FactPrint(bare));
  }
  return Facts(in->stakeholders);
}

// The same, independently: every final interview's current answers through the heads table
// (the dataset export's reader), and the conflicts from ListConflicts.
std::vector<Fact> Reference(storage::Workspace* ws, int* conflicts) {
  storage::IndicatorStore store(ws);
  auto finals = store.LoadFinalInterviews();
  REQUIRE(finals.ok());
  std::vector<assessment::StakeholderFact> facts;
  for (const auto& iv : *finals) {
    auto form = ws->GetForm(iv.form_id, iv.form_version);
    REQUIRE(form.ok());
    assessment::StakeholderFact s;
    assessment::DataSheetFact d;
    if (assessment::ExtractFacts(iv.form_id, form->kind, iv.role, iv.answers, &s, &d) == assessment::FactKind::kStakeholder)
      facts.push_back(s);
  }
  auto cells = ws->ListConflicts();
  REQUIRE(cells.ok());
  std::set<std::string> conflicted;
  for (const auto& c : *cells) {
    if (c.kind != "answer" && c.kind != "status") continue;
    auto detail = ws->GetInterview(c.subject);
    REQUIRE(detail.ok());
    if (detail->status == "final") conflicted.insert(c.subject);
  }
  *conflicts = static_cast<int>(conflicted.size());
  return Facts(facts);
}

void ExpectAgrees(storage::Workspace* ws, const std::string& step) {
  INFO(step);
  int cached_conflicts = -1, reference_conflicts = -2;
  auto cached = Snapshot(ws, &cached_conflicts);
  auto reference = Reference(ws, &reference_conflicts);
  CHECK(cached == reference);
  CHECK(cached_conflicts == reference_conflicts);
  auto check = ws->Check();
  REQUIRE(check.ok());
  for (const auto& p : check->problems) UNSCOPED_INFO(p);
  CHECK(check->ok);
}

}  // namespace

TEST_CASE("the facts cache follows edits, finalizing, reopening, merges, conflicts and resolutions") {
  TempDir dir;
  auto central = MakeWs(dir.File("c.canvass"));
  auto field = MakeWs(dir.File("f.canvass"));
  std::mt19937 rng(20261125);
  const char* concerns[] = {"yes", "no", "unsure"};
  std::vector<std::string> uuids;
  int conflicts_seen = 0, finals_seen = 0;
  for (int step = 0; step < 60; ++step) {
    int op = static_cast<int>(rng() % 7);
    size_t ci = rng() % 3;
    std::string concern = concerns[ci];
    unsigned areas = 1 + rng() % 7;
    if (op == 0 || uuids.size() < 4) {  // a new interview, here or on the field laptop
      storage::Workspace* ws = rng() % 2 ? central.get() : field.get();
      auto id = ws->AddInterview(Stakeholder(concern, areas, rng() % 2 == 0));
      REQUIRE(id.ok());
      uuids.push_back(*id);
    } else if (op == 1 || op == 2) {  // an edit on both sides of the same draft: a conflict after the merge
      const std::string& id = uuids[rng() % uuids.size()];
      (void)central->SetAnswer(id, "concern", core::Value(concern), "C");
      if (op == 2) (void)field->SetAnswer(id, "concern_areas", AreasValue(areas), "F");
      if (op == 2) (void)field->SetAnswer(id, "concern", core::Value(concerns[(ci + 1) % 3]), "F");
    } else if (op == 3) {
      (void)central->Finalize(uuids[rng() % uuids.size()], "C");
    } else if (op == 4) {
      (void)central->Reopen(uuids[rng() % uuids.size()], "C", "a correction");
    } else if (op == 5) {  // sync both ways
      REQUIRE(central->Merge(All(field.get()), nullptr).ok());
      REQUIRE(field->Merge(All(central.get()), nullptr).ok());
    } else {  // resolve one conflict
      auto cells = central->ListConflicts();
      REQUIRE(cells.ok());
      if (!cells->empty()) {
        const auto& c = cells->front();
        REQUIRE(central->ResolveConflict(c.kind, c.subject, c.field, c.heads.front().value, "C", "checked with the interviewer").ok());
      }
    }
    ExpectAgrees(central.get(), "step " + std::to_string(step) + " op " + std::to_string(op));
    int n = 0;
    finals_seen = std::max(finals_seen, static_cast<int>(Snapshot(central.get(), &n).size()));
    conflicts_seen = std::max(conflicts_seen, n);
  }
  // And for certain: a final interview with a conflict, left out, then resolved and counted.
  auto id = central->AddInterview(Stakeholder("yes", 1, false));
  REQUIRE(id.ok());
  REQUIRE(field->Merge(All(central.get()), nullptr).ok());
  REQUIRE(central->SetAnswer(*id, "concern_areas", AreasValue(2), "C").ok());
  REQUIRE(field->SetAnswer(*id, "concern_areas", AreasValue(4), "F").ok());
  REQUIRE(central->Finalize(*id, "C").ok());
  REQUIRE(central->Merge(All(field.get()), nullptr).ok());
  int n = 0;
  size_t before = Snapshot(central.get(), &n).size();
  CHECK(n >= 1);
  conflicts_seen = std::max(conflicts_seen, n);
  ExpectAgrees(central.get(), "a final interview in conflict");
  REQUIRE(central->ResolveConflict("answer", *id, "concern_areas", AreasValue(6), "C", "both places named on the call").ok());
  auto after = Snapshot(central.get(), &n);
  CHECK(after.size() == before + 1);
  CHECK(std::count_if(after.begin(), after.end(), [](const Fact& f) {
          return std::get<3>(f) == std::vector<std::string>{"48013", "48029"};
        }) >= 1);
  ExpectAgrees(central.get(), "resolved");
  // The same answer typed on both laptops is agreement, not a conflict: the interview counts.
  auto same = central->AddInterview(Stakeholder("unsure", 1, false));
  REQUIRE(same.ok());
  REQUIRE(field->Merge(All(central.get()), nullptr).ok());
  REQUIRE(central->SetAnswer(*same, "concern", core::Value("yes"), "C").ok());
  REQUIRE(field->SetAnswer(*same, "concern", core::Value("yes"), "F").ok());
  REQUIRE(central->Finalize(*same, "C").ok());
  REQUIRE(central->Merge(All(field.get()), nullptr).ok());
  int before_agreement = n;
  auto with_agreement = Snapshot(central.get(), &n);
  CHECK(with_agreement.size() == after.size() + 1);
  CHECK(n == before_agreement);
  ExpectAgrees(central.get(), "agreement");
  // The sequence did reach the states the cache must follow.
  CHECK(finals_seen >= 3);
  CHECK(conflicts_seen >= 1);
}

TEST_CASE("an interview whose form arrives after it is counted once the form is there") {
  TempDir dir;
  std::string path = dir.File("w.canvass");
  std::string form_json;
  {
    auto ws = MakeWs(path);
    auto json = ws->GetFormJson("community_member", 0);
    REQUIRE(json.ok());
    form_json = *json;
    REQUIRE(ws->AddInterview(Stakeholder("yes", 1, true)).ok());
  }
  {  // as in a central file that received an interview before its form
    sqlite3* db = testing::RawOpen(path);
    testing::Exec(db, "DELETE FROM forms WHERE form_id = 'community_member'");
    sqlite3_close(db);
  }
  auto ws = storage::Workspace::Open(path, kPass);
  REQUIRE(ws.ok());
  int conflicts = 0;
  CHECK(Snapshot(ws->get(), &conflicts).empty());  // no form, no kind: nothing is read
  storage::FormRow row;
  bool added = false;
  REQUIRE((*ws)->AddForm(form_json, "test", false, &row, &added).ok());
  REQUIRE(added);
  auto facts = Snapshot(ws->get(), &conflicts);
  REQUIRE(facts.size() == 1);
  CHECK(std::get<2>(facts[0]) == "yes");
  ExpectAgrees(ws->get(), "the form added");
}

TEST_CASE("many changed interviews are recomputed by the scan, few one by one - both agree with the history") {
  TempDir dir;
  auto field = MakeWs(dir.File("f.canvass"));
  auto central = MakeWs(dir.File("c.canvass"));
  std::vector<std::string> ids;
  for (int k = 0; k < 600; ++k) {
    auto id = field->AddInterview(Stakeholder(k % 3 ? "yes" : "no", 1 + k % 7, true));
    INFO(id.status().message());
    REQUIRE(id.ok());
    ids.push_back(*id);
  }
  REQUIRE(central->Merge(All(field.get()), nullptr).ok());  // 600 new: the whole scan
  ExpectAgrees(central.get(), "600 new");
  for (int k = 0; k < 300; ++k) REQUIRE(field->Reopen(ids[static_cast<size_t>(k) * 2], "F", "recount").ok());
  REQUIRE(central->Merge(All(field.get()), nullptr).ok());  // 300 of 600 changed: the scan of those
  int conflicts = 0;
  CHECK(Snapshot(central.get(), &conflicts).size() == 300);
  ExpectAgrees(central.get(), "300 reopened");
  REQUIRE(central->SetAnswer(ids[2], "concern", core::Value("unsure"), "C").ok());  // one: through the heads
  REQUIRE(central->Finalize(ids[2], "C").ok());
  auto facts = Snapshot(central.get(), &conflicts);
  CHECK(facts.size() == 301);
  CHECK(std::count_if(facts.begin(), facts.end(), [](const Fact& f) { return std::get<2>(f) == "unsure"; }) == 1);
  ExpectAgrees(central.get(), "one edited");
}

TEST_CASE("a damaged facts cache is reported by check, never trusted, and rebuilt on request") {
  TempDir dir;
  std::string path = dir.File("w.canvass");
  {
    auto ws = MakeWs(path);
    for (int k = 0; k < 5; ++k) REQUIRE(ws->AddInterview(Stakeholder("yes", 1, true)).ok());
    ExpectAgrees(ws.get(), "before");
  }
  {
    sqlite3* db = testing::RawOpen(path);
    // A row that cannot be decoded, and one whose flag says "conflict" when there is none.
    testing::Exec(db, "UPDATE fact_cache SET facts = x'ff05' WHERE subject = (SELECT min(subject) FROM fact_cache)");
    testing::Exec(db, "UPDATE fact_cache SET conflict = 1 WHERE subject = (SELECT max(subject) FROM fact_cache)");
    sqlite3_close(db);
  }
  auto ws = storage::Workspace::Open(path, kPass);
  REQUIRE(ws.ok());
  int conflicts = 0;
  auto facts = Snapshot(ws->get(), &conflicts);  // the damaged row: read from the history instead
  CHECK(facts.size() == 5);
  CHECK(conflicts == 0);
  auto check = (*ws)->Check();
  REQUIRE(check.ok());
  CHECK_FALSE(check->ok);
  bool named = false;
  for (const auto& p : check->problems) named = named || p.find("facts cache") != std::string::npos;
  CHECK(named);
  REQUIRE((*ws)->RebuildFactCache().ok());
  ExpectAgrees(ws->get(), "after the rebuild");
}

TEST_CASE("a schema-2 workspace gets the facts cache - every interview is computed at the first snapshot") {
  TempDir dir;
  std::string path = dir.File("w.canvass");
  {
    auto ws = MakeWs(path);
    REQUIRE(ws->AddInterview(Stakeholder("yes", 3, true)).ok());
    REQUIRE(ws->AddInterview(Stakeholder("no", 1, false)).ok());
  }
  {
    sqlite3* db = testing::RawOpen(path);
    testing::Exec(db, testing::kHeadsAsTableSql);
    testing::Exec(db, "DROP TRIGGER fact_dirty_version; DROP TRIGGER fact_dirty_interview; DROP TABLE fact_cache; "
                      "DROP TABLE fact_dirty; DELETE FROM meta WHERE key = 'fact_cache.fields'; PRAGMA user_version = 2;");
    sqlite3_close(db);
  }
  auto ws = storage::Workspace::Open(path, kPass);
  REQUIRE(ws.ok());
  auto check = (*ws)->Check();
  REQUIRE(check.ok());
  CHECK(check->schema_version == 11);
  int conflicts = 0;
  auto facts = Snapshot(ws->get(), &conflicts);
  REQUIRE(facts.size() == 1);
  CHECK(std::get<3>(facts[0]) == std::vector<std::string>{"48163", "48013"});
  ExpectAgrees(ws->get(), "migrated");
  // The triggers are in place: a new final interview is seen at once.
  REQUIRE((*ws)->AddInterview(Stakeholder("unsure", 4, true)).ok());
  CHECK(Snapshot(ws->get(), &conflicts).size() == 2);
  ExpectAgrees(ws->get(), "after a new interview");
}

// The snapshot reads the facts and values through a 2 MiB page cache (storage/src/db.h,
// ScanCache); the workspace's own 64 MiB comes back afterwards, for the writes that follow.
TEST_CASE("a scan's small page cache is put back afterwards") {
  storage::Db db;
  REQUIRE(db.Open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE).ok());
  REQUIRE(db.Exec("PRAGMA cache_size=-65536").ok());
  {
    storage::ScanCache scan(&db, 2048);
    CHECK(*db.QueryInt("PRAGMA cache_size") == -2048);
  }
  CHECK(*db.QueryInt("PRAGMA cache_size") == -65536);
}
