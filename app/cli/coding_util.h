// Shared by the coding verbs (cmd_coding*.cpp): run a verb with an open workspace and its
// CodingStore.
#pragma once

#include "commands.h"
#include "storage/coding_store.h"

namespace canvass::cli {

// `code segments` (cmd_coding_analysis.cpp), registered with the coding-set verbs.
void RegisterCodingAnalysisCommands(std::vector<Command>* out);

// Runs `body(workspace, store)` with the workspace named by the first argument; a failure to
// open becomes the usual one-line error and exit code.
template <typename F>
int WithStore(const Args& a, F body) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  storage::CodingStore store(ws->get());
  return body(**ws, store);
}

}  // namespace canvass::cli
