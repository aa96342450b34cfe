// Issue 20's attack suite on the demo workspace, end to end: the run JSON that `assess` saves
// (everything the report, scores CSV and shareable dataset show) recovers no withheld count and
// narrows no small one; a second release after a few new interviews is refused, and after
// enough of them shows no count that moved by fewer than the threshold.
#include <catch2/catch.hpp>

#include "app/demo.h"
#include "app/view_assessment.h"
#include "assessment/report.h"
#include "attack.h"
#include "storage/indicator_store.h"
#include "storage/workspace.h"
#include "test_support.h"

using namespace canvass;

namespace {

core::Value RunOf(const assessment::AssessmentResult& r) {
  assessment::ReportMeta meta;
  meta.run_id = "run-x";
  return assessment::ResultToJson(r, meta);
}

}  // namespace

TEST_CASE("attack on the demo: no withheld count recovered or narrowed, releases cannot be differenced") {
  testing::UseFastKdf();
  testing::TempDir dir;
  app::DemoResult demo;
  REQUIRE(app::BuildDemo(dir.File("demo"), &demo).ok());
  auto ws = storage::Workspace::Open(demo.workspace, app::kDemoPassphrase);
  REQUIRE(ws.ok());
  int conflicts = 0;
  std::map<std::string, std::string> fp1;
  auto r1 = app::ScoreWorkspace(ws->get(), assessment::DefaultProfile(), {}, &conflicts, &fp1);
  REQUIRE(r1.ok());
  auto snap = app::LoadAssessmentInput(ws->get(), &conflicts);
  REQUIRE(snap.ok());
  const int T = r1->options.suppression_threshold;
  auto o = assessment::attack::Attack(RunOf(*r1), assessment::attack::Truth(*snap), T);
  INFO(o.withheld << " withheld; e.g. " << (o.examples.empty() ? "" : o.examples[0]));
  CHECK(o.withheld > 20);
  CHECK(o.exact == 0);
  CHECK(o.narrowed == 0);
  REQUIRE(app::RecordRelease(ws->get(), "run-0001", "report", fp1, *r1).ok());
  // Three more interviews: the next release is refused.
  int added = 0;
  REQUIRE(app::AddSyntheticInterviews(ws->get(), 3, 99, &added).ok());
  std::map<std::string, std::string> fp2;
  auto r2 = app::ScoreWorkspace(ws->get(), assessment::DefaultProfile(), {}, &conflicts, &fp2);
  REQUIRE(r2.ok());
  auto gate = app::ReleaseGate(ws->get(), fp2, T);
  REQUIRE_FALSE(gate.ok());
  CHECK(gate.message().find("changed since release run-0001") != std::string::npos);
  // Twenty more: allowed; no count both releases show moved by 1..T-1, and it holds up alone.
  REQUIRE(app::AddSyntheticInterviews(ws->get(), 20, 7, &added).ok());
  std::map<std::string, std::string> fp3;
  auto r3 = app::ScoreWorkspace(ws->get(), assessment::DefaultProfile(), {}, &conflicts, &fp3);
  REQUIRE(r3.ok());
  CHECK(app::ReleaseGate(ws->get(), fp3, T).ok());
  CHECK(assessment::attack::SmallChangesShown(RunOf(*r1), RunOf(*r3), T) == 0);
  auto snap3 = app::LoadAssessmentInput(ws->get(), &conflicts);
  REQUIRE(snap3.ok());
  auto o3 = assessment::attack::Attack(RunOf(*r3), assessment::attack::Truth(*snap3), T);
  CHECK(o3.exact == 0);
  CHECK(o3.narrowed == 0);
}
