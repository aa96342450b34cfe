// The statewide rollup from a central file (docs/rollup.md): setting it up (the central's
// signing key) and the aggregates of its latest released assessment run, for canvass-cli
// `rollup push` and the Assessment screen's push. UI thread or CLI; borrows the Workspace.
#pragma once

#include <string>

#include "core/status.h"
#include "rollup/aggregates.h"
#include "storage/workspace.h"

namespace canvass::app {

// Gives a central file its signing key pair if it has none (sync::EnsureCentralKeys); returns
// the public key (hex) and whether it was made now.
core::Result<std::string> SetUpRollup(storage::Workspace* ws, bool* created);

// The aggregates of the latest assessment run, which must be a release (not a draft) made
// from the file as it is now; `period` "" = the run's year.
core::Result<rollup::Aggregates> LoadRollupAggregates(storage::Workspace* ws, const std::string& period);

}  // namespace canvass::app
