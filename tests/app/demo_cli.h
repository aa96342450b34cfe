// The demo workspace made by the real canvass-cli in a private temp dir, and a runner for
// canvass-cli verbs on it (the CLI tests of the assessment verbs share it). Needs CANVASS_CLI.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "test_support.h"

namespace canvass::testing {

struct DemoCli {
  TempDir dir;
  std::string ws, pass;  // the workspace, and " --passphrase-file FILE" for it
  bool append_pass;

  // append_passphrase: every run gets `pass` added at the end of its arguments.
  explicit DemoCli(bool append_passphrase = true) : append_pass(append_passphrase) {
    std::string out;
    REQUIRE(Run(std::string(CANVASS_CLI) + " demo " + dir.File("d"), &out) == 0);
    ws = dir.File("d/demo.canvass");
    pass = " --passphrase-file " + dir.File("d/demo-passphrase.txt");
  }
  // Runs `canvass-cli ARGS`; its exit code, and its output in *out when asked.
  int operator()(const std::string& args, std::string* out = nullptr) const {
    std::string o;
    int rc = Run(std::string(CANVASS_CLI) + " " + args + (append_pass ? pass : std::string()), &o);
    if (out) *out = o;
    return rc;
  }
};

}  // namespace canvass::testing
