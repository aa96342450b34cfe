// Pushing a task force's aggregates to the statewide database: one transaction, the schema
// version checked first, the same run twice changes nothing, a newer run supersedes the
// older one for the task force and period (kept, marked superseded), an older one is refused.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "rollup/aggregates.h"
#include "rollup/pg.h"

namespace canvass::rollup {

// The schema version this build writes and reads (rollup/sql/schema.sql).
inline constexpr int kSchemaVersion = 1;

// Refuses a database without the schema, or with another version, in one line.
core::Status CheckSchemaVersion(PgConnection* db);

// The task force the connected role pushes for (canvass_rollup.task_forces); an error when
// the role is not registered, or when `expected` is not empty and differs.
core::Result<std::string> TaskForceOfRole(PgConnection* db, const std::string& expected);

struct PushResult {
  enum Kind { kPushed, kUnchanged } kind = kPushed;
  std::string task_force, period, superseded_run;  // superseded_run: "" when none
  int64_t push_id = 0, rows = 0;
};

// Pushes *g (its task_force set from the role when empty). dry_run: every check, nothing
// written (the transaction is rolled back).
core::Result<PushResult> Push(PgConnection* db, Aggregates g, bool dry_run);

}  // namespace canvass::rollup
