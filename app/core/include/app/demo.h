// The demo workspace: a central file with Texas counties, a custom place and synthetic
// interviews generated from the built-in protocols with a fixed seed.
#pragma once

#include <string>

#include "core/status.h"
#include "storage/workspace.h"

namespace canvass::app {

constexpr const char* kDemoPassphrase = "canvass demo passphrase (not for real data)";

struct DemoResult {
  std::string workspace, passphrase_file;
  int areas = 0, interviews = 0;
};

// Creates DIR (0700) with demo.canvass and demo-passphrase.txt. Fails if demo.canvass exists.
core::Status BuildDemo(const std::string& dir, DemoResult* out, int interviews = 60);

// Fills `ws` with synthetic interviews (used by the demo and by tests/benchmarks).
core::Status AddSyntheticInterviews(storage::Workspace* ws, int count, unsigned seed, int* added);

// Imports the demo's real indicator files (app/demo/: SAIPE, RUCC, PEP, PIT for Texas
// counties) and border flags into `ws`; *values = values stored.
core::Status ImportDemoIndicators(storage::Workspace* ws, int* values);
// Adds six synthetic final task-force data sheets (tips by source, victims, prosecutions).
core::Status AddDemoDataSheets(storage::Workspace* ws, int* added);

// Two reviewers ("ana", "ben") code and finish a few open answers (demo_coding.cpp).
core::Status AddDemoCodings(storage::Workspace* ws, int* added);

// The embedded demo resource files (app/demo/*), by file name; "" if absent.
const std::string& DemoResource(const std::string& name);

}  // namespace canvass::app
