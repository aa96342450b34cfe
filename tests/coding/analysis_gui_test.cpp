// The Analysis screen on the demo (several coders): retrieval of a code and its children with
// case attributes equals the stored codings, jumps to the answer; `code segments --csv` is a
// restricted export; text search previews passages and auto-codes only the chosen ones;
// frequencies' parent totals and attribute split; co-occurrence equals a count made from the
// codings, with a drill-down to the passages; memos of every coder for the coordinator.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/controller.h"
#include "app/demo.h"
#include "core/crypto_util.h"
#include "storage/coding_store.h"
#include "coding_demo_fixture.h"
#include "test_support.h"
#include "ui_harness.h"

using namespace canvass;

namespace {

struct Fx : testing::CodingDemo, testing::DemoApp {
  Fx() : DemoApp(*this, app::Screen::kAnalysis) {}
  const app::AnalysisView& v() const { return c->view().analysis; }
  void Do(app::cmd::Analysis a) { c->Apply(app::Command{std::move(a)}); }
  storage::CodingStore store() { return storage::CodingStore(c->workspace()); }
};

}  // namespace

TEST_CASE("analysis: retrieval of a code and its children, with case attributes, jumps to the answer", "[gui][coding][analysis]") {
  Fx f;
  auto codings = f.store().ListCodings();
  auto cb = f.store().LoadCodebook();
  REQUIRE(codings.ok());
  std::multiset<std::string> expected;  // coding ids of every code under "Indicators and signs"
  for (const auto& r : *codings)
    if (cb->PathOf(r.code_guid).rfind("Indicators and signs/", 0) == 0 && r.fate != "needs_review") expected.insert(r.id);
  REQUIRE(expected.size() >= 4);

  testing::Ui ui(*f.c);
  ui.Frames(2);
  ui.Click("analysis_code");
  ui.Type("indicators and");
  ui.Frames(2);
  size_t parent = 0;  // the parent itself (items probe by their place in the whole list)
  while (parent < f.v().codes.size() && f.v().codes[parent].second != "Indicators and signs") ++parent;
  REQUIRE(parent < f.v().codes.size());
  ui.Click("analysis_code_pick_" + std::to_string(parent));
  const auto& v = f.v();
  INFO(v.error);
  REQUIRE(v.segments.size() == expected.size());
  std::multiset<std::string> got;
  for (const auto& s : v.segments) {
    got.insert(s.coding_id);
    CHECK(!s.text.empty());
    CHECK(s.areas.find("County") != std::string::npos);  // areas by name, not ids
    CHECK(s.protocol.find('_') == std::string::npos);     // the protocol's title
    CHECK(s.date.size() == 10);
  }
  CHECK(got == expected);
  // Without children: only the parent's own codings (none in the demo).
  ui.Click("analysis_children");
  CHECK(v.segments.empty());
  ui.Click("analysis_children");
  REQUIRE(!v.segments.empty());
  // Go opens the answer in the Coding screen.
  const auto first = v.segments[0];
  ui.Click("analysis_segments_open_0");
  REQUIRE(f.c->view().screen == app::Screen::kCoding);
  const auto& cv = f.c->view().coding;
  REQUIRE(cv.selected >= 0);
  CHECK(cv.queue[static_cast<size_t>(cv.selected)].interview == first.interview);
  CHECK(cv.queue[static_cast<size_t>(cv.selected)].question == first.question);

  // The CLI writes the same segments as a restricted CSV (0600, a warning).
  std::string out;
  const std::string csv = f.dir.File("seg.csv");
  f.c->Apply(app::cmd::Lock{});
  int rc = testing::Run(std::string(CANVASS_CLI) + " code segments " + f.demo.workspace + " --code 'Indicators and signs' --csv " +
                            csv + " --passphrase-file " + f.demo.passphrase_file + " 2>&1",
                        &out);
  INFO(out);
  REQUIRE(rc == 0);
  CHECK(out.find("restricted export") != std::string::npos);
  struct stat st {};
  REQUIRE(::stat(csv.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::string text = testing::ReadAll(csv);
  CHECK(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) >= expected.size() + 1);
  CHECK(text.find(first.text) != std::string::npos);
}

TEST_CASE("analysis: co-occurrence equals a count from the codings, with a drill-down", "[gui][coding][analysis]") {
  Fx f;
  f.Do({app::cmd::AnalysisCooccur{false}});
  const auto& v = f.v();
  INFO(v.error);
  REQUIRE(v.co_codes.size() >= 2);
  // Independent count (the demo has no consensus, so the default rule is "any coder").
  auto codings = f.store().ListCodings();
  REQUIRE(codings.ok());
  std::map<std::string, std::set<std::string>> answers_of;
  for (const auto& r : *codings) answers_of[r.code_guid].insert(r.answer_id());
  int best = 0, bi = -1, bj = -1;
  for (size_t i = 0; i < v.co_codes.size(); ++i)
    for (size_t j = 0; j < v.co_codes.size(); ++j) {
      const auto& a = answers_of[v.co_codes[i]];
      const auto& b = answers_of[v.co_codes[j]];
      int both = static_cast<int>(std::count_if(a.begin(), a.end(), [&](const std::string& x) { return b.count(x) > 0; }));
      CHECK(v.co[i][j] == both);
      if (i != j && both > best) { best = both; bi = static_cast<int>(i); bj = static_cast<int>(j); }
    }
  REQUIRE(best > 0);  // the demo's coders applied different codes to the same answers
  testing::Ui ui(*f.c);
  ui.Frames(2);
  ui.Click("analysis_tab_3");
  ui.Click("analysis_cell_0_0");  // a click on a cell drills down
  REQUIRE(v.co_a == 0);
  CHECK(static_cast<int>(v.drill.size()) >= v.co[0][0]);
  f.Do({app::cmd::AnalysisDrill{bi, bj}});
  REQUIRE(v.co_a == bi);
  REQUIRE(!v.drill.empty());
  std::set<std::string> units;
  for (const auto& s : v.drill) {
    CHECK((s.code_guid == v.co_codes[bi] || s.code_guid == v.co_codes[bj]));
    units.insert(s.interview + "/" + s.question);
  }
  CHECK(static_cast<int>(units.size()) == best);
  // By interview, a cell counts at least as many units as by answer... of interviews: never more than answers.
  ui.Click("analysis_co_interview");
  REQUIRE(v.same_interview);
  CHECK(v.co[bi][bj] >= 1);
  CHECK(v.co[bi][bj] <= best);
}

TEST_CASE("analysis: text search previews passages and auto-codes the chosen ones", "[gui][coding][analysis]") {
  Fx f;
  const auto& v = f.v();
  auto stamp = f.store().ChangeStamp();
  f.Do({app::cmd::AnalysisSearch{"the"}});
  REQUIRE(v.error.empty());
  REQUIRE(v.hits.size() >= 3);
  for (const auto& h : v.hits) {
    std::string m = h.match;
    for (auto& ch : m) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    CHECK(m == "the");
  }
  CHECK(*f.store().ChangeStamp() == *stamp);  // searching writes nothing
  f.Do({app::cmd::AnalysisSearch{"x"}});
  CHECK(!v.error.empty());
  f.Do({app::cmd::AnalysisSearch{"recruit"}});
  REQUIRE(!v.hits.empty());
  const auto hit = v.hits[0];
  f.Do({app::cmd::AnalysisAutoCode{"Actors/Recruiters or labor contractors", {0}}});
  INFO(v.error);
  REQUIRE(v.error.empty());
  const std::string me = f.c->view().coding.coder;
  auto mine = f.store().ListCodings(storage::CodingFilter{{me}, hit.interview, hit.question});
  REQUIRE(mine.ok());
  REQUIRE(mine->size() == 1);  // only the chosen passage
  CHECK(mine->at(0).start == hit.start);
  CHECK(mine->at(0).end == hit.end);
  f.Do({app::cmd::AnalysisAutoCode{"Actors/Recruiters or labor contractors", {0}}});
  CHECK(v.message.find("already") != std::string::npos);
  f.Do({app::cmd::AnalysisAutoCode{"No such code", {}}});
  CHECK(!v.error.empty());
}

TEST_CASE("analysis: frequencies with parent totals, split by role, and memos of every coder", "[gui][coding][analysis]") {
  Fx f;
  REQUIRE(f.store().SetMemo(*storage::CodingStore::ResolveCode(*f.store().LoadCodebook(), "Places"), "ana", "Lodging vs worksites?").ok());
  auto answers = f.store().OpenAnswersBulk();
  REQUIRE(f.store().SetMemo(storage::AnswerTarget((*answers)[0].interview, (*answers)[0].question), "ben", "Ask about dates.").ok());
  f.Do({app::cmd::AnalysisFrequencies{"role"}});
  const auto& v = f.v();
  INFO(v.error);
  REQUIRE(v.error.empty());
  REQUIRE(!v.values.empty());
  const app::FrequencyRow* parent = nullptr;
  for (const auto& r : v.frequencies)
    if (r.path == "Indicators and signs") parent = &r;
  REQUIRE(parent);
  int max_child = 0;
  for (const auto& r : v.frequencies)
    if (r.path.rfind("Indicators and signs/", 0) == 0) max_child = std::max(max_child, r.total_answers);
  CHECK(parent->answers == 0);
  CHECK(parent->total_answers >= max_child);
  CHECK(max_child > 0);
  int sum = 0;
  for (int n : parent->by_value) sum += n;
  CHECK(sum == parent->total_interviews);
  f.Do({app::cmd::AnalysisFrequencies{"colour"}});
  CHECK(!v.error.empty());
  f.Do({app::cmd::AnalysisMemos{}});
  REQUIRE(v.memos.size() >= 2);
  std::set<std::string> coders;
  for (const auto& m : v.memos) coders.insert(m.coder);
  CHECK(coders.count("ana"));
  CHECK(coders.count("ben"));
}

TEST_CASE("coding screen: queue rows name areas, the answer shows its interview's neighbours, children get their own shade",
          "[gui][coding][analysis]") {
  Fx f;
  f.c->Apply(app::cmd::Navigate{app::Screen::kCoding});
  const auto& v = f.c->view().coding;
  REQUIRE(!v.queue.empty());
  CHECK(std::any_of(v.queue.begin(), v.queue.end(), [](const app::CodingQueueRow& r) { return r.areas.find("County") != std::string::npos; }));
  bool before = false, after = false;
  for (int i = 0; i < static_cast<int>(v.queue.size()) && i < 12; ++i) {
    f.c->Apply(app::Command{app::cmd::Coding{app::cmd::CodingSelect{i}}});
    before = before || !v.context_before.empty();
    after = after || !v.context_after.empty();
    for (const auto& [q, t] : v.context_before) CHECK(q != v.queue[static_cast<size_t>(i)].label);  // another question
  }
  CHECK(before);
  CHECK(after);
  std::map<std::string, uint32_t> color;
  for (const auto& chip : v.codes) color[chip.path] = chip.color;
  CHECK(color["Labor trafficking/Agriculture"] != color["Labor trafficking"]);
  CHECK(color["Labor trafficking/Agriculture"] != color["Labor trafficking/Manufacturing"]);
}
