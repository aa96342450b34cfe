// The demo workspace behind a controller on the Assessment screen, and the assessment library's
// own result on the same workspace (shared by the assessment screen's tests).
#pragma once

#include <catch2/catch.hpp>

#include <memory>

#include "app/controller.h"
#include "app/demo.h"
#include "core/crypto_util.h"
#include "storage/coding_store.h"
#include "storage/indicator_store.h"
#include "test_support.h"

namespace canvass::testing {

struct DemoFx {
  testing::TempDir dir;
  core::FakeClock clock{1'800'000'000'000};
  std::unique_ptr<app::Controller> c;
  app::DemoResult demo;
  DemoFx() {
    testing::UseFastKdf();
    REQUIRE(core::InitCrypto().ok());
    app::ControllerOptions o;
    o.config_dir = dir.File("config");
    o.clock = &clock;
    c = std::make_unique<app::Controller>(o);
    REQUIRE(app::BuildDemo(dir.File("demo"), &demo, 20).ok());
  }
  const app::AssessmentView& v() { return c->view().assessment; }
  void Open() {
    c->Apply(app::cmd::OpenWorkspace{demo.workspace, app::Secret(app::kDemoPassphrase)});
    c->WaitIdle();
    REQUIRE(c->view().unlocked);
    c->Apply(app::cmd::Navigate{app::Screen::kAssessment});
    REQUIRE(c->view().screen == app::Screen::kAssessment);
  }
  void Do(app::cmd::Assessment a) {
    c->Apply(std::move(a));
    c->WaitIdle();
  }
  void Run() {
    Do({app::cmd::AssessRun{}});
    INFO(v().error);
    REQUIRE(v().has_result);
  }
  // The library's own result on the same workspace, computed without the controller.
  assessment::AssessmentResult Library(const assessment::ScoringProfile& profile) {
    c->Apply(app::cmd::Lock{});
    auto ws = storage::Workspace::Open(demo.workspace, app::kDemoPassphrase);
    REQUIRE(ws.ok());
    storage::IndicatorStore store(ws->get());
    int conflicts = 0;
    auto input = store.LoadSnapshot(&conflicts);
    REQUIRE(input.ok());
    storage::CodingStore coding(ws->get());
    coding::CountOptions rule;  // the project's default: the agreed coding, else any coder
    rule.basis = coding::CountBasis::kConsensusElseAny;
    auto counts = coding.CountCodes(rule);
    auto book = coding.LoadCodebook();
    REQUIRE(counts.ok());
    REQUIRE(book.ok());
    for (const auto& cc : counts->by_area)
      if (book->FindByGuid(cc.code_guid)) input->theme_counts[cc.key][book->PathOf(cc.code_guid)] += cc.interviews;
    assessment::AssessOptions opt;
    opt.suppression_threshold = *store.SuppressionThreshold();
    auto r = assessment::Assess(*input, profile, opt);
    REQUIRE(r.ok());
    return *r;
  }
};


}  // namespace canvass::testing
