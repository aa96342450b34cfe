// What the controller's views list from a workspace, read the same way wherever a view needs it
// again (after unlocking, an import, a protocol added). Internal to app/core.
#pragma once

#include <vector>

#include "app/view_models.h"
#include "storage/workspace.h"

namespace canvass::app {

// The latest version of each form, in the workspace's order; a form that cannot be read is left out.
std::vector<FormPtr> LatestForms(storage::Workspace* ws);

}  // namespace canvass::app
