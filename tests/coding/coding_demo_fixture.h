// The demo workspace (ana and ben coded and finished a few answers) for the coding GUI tests,
// and a controller unlocked on it at one screen. Needs CANVASS_CLI for Cli().
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/controller.h"
#include "app/demo.h"
#include "core/clock.h"
#include "core/crypto_util.h"
#include "storage/coding_store.h"
#include "test_support.h"
#include "ui_harness.h"

namespace canvass::testing {

struct CodingDemo {
  TempDir dir;
  app::DemoResult demo;
  CodingDemo() {
    UseFastKdf();
    REQUIRE(core::InitCrypto().ok());
    auto st = app::BuildDemo(dir.File("demo"), &demo, 20);
    INFO(st.message());
    REQUIRE(st.ok());
  }
  // Runs canvass-cli ARGS with the demo's passphrase file; its stdout+stderr (REQUIREs exit 0).
  std::string Cli(const std::string& args) const {
    std::string out;
    int rc = Run(std::string(CANVASS_CLI) + " " + args + " --passphrase-file " + demo.passphrase_file, &out);
    INFO(args << "\n" << out);
    REQUIRE(rc == 0);
    return out;
  }
};

// A controller (fixed clock, its own config folder) unlocked on the demo, at `screen`.
struct DemoApp : OpenedApp {
  DemoApp(const CodingDemo& d, app::Screen screen) : OpenedApp(d.dir.path(), d.demo.workspace, app::kDemoPassphrase) {
    c->Apply(app::cmd::Navigate{screen});
  }
};

// The same at the Agreement screen, with its view and commands.
struct AgreementApp : DemoApp {
  explicit AgreementApp(const CodingDemo& d) : DemoApp(d, app::Screen::kAgreement) {}
  const app::AgreementView& v() const { return c->view().agreement; }
  void Do(app::cmd::Agreement cmd) {
    c->Apply(app::Command{std::move(cmd)});
    c->WaitIdle();
  }
  void Compute(std::vector<std::string> coders, std::string set = "") {
    Do(app::cmd::Agreement{app::cmd::AgreementCompute{std::move(coders), std::move(set)}});
  }
  storage::CodingStore store() { return storage::CodingStore(c->workspace()); }
};

}  // namespace canvass::testing
