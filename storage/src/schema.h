// Schema and migrations of the workspace file (PRAGMA user_version).
#pragma once

#include "core/status.h"
#include "db.h"

namespace canvass::storage {

constexpr int kSchemaVersion = 11;
// Canvass workspaces set PRAGMA application_id to this ("CNVS").
constexpr int kApplicationId = 0x434e5653;

// Brings the schema to kSchemaVersion inside one transaction. A file with a newer
// schema than this build knows is refused (Unsupported), never touched.
core::Status Migrate(Db* db);

}  // namespace canvass::storage
