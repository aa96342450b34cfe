// Workspace schema, version by version. Design notes: docs/architecture.md ("Storage").
#include "schema.h"

#include <string>

#include "fact_cache.h"
#include "indicator_blocks.h"
#include "release_ledger.h"

namespace canvass::storage {

namespace {

// Version 1. Content tables (forms, areas, interviews, versions, indicators)
// make up the digest; local records (meta, devices, bundle_log, audit_log) do not.
const char* kV1 = R"SQL(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE forms(
  form_id TEXT NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT NULL,
  json TEXT NOT NULL, added_at TEXT NOT NULL, builtin INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(form_id, version));

CREATE TABLE areas(
  area_id TEXT PRIMARY KEY,
  level TEXT NOT NULL CHECK(level IN ('state','county','zip','tract','coc','custom')),
  name TEXT NOT NULL, parent_id TEXT, land_area_sqm REAL, lat REAL, lon REAL, source TEXT NOT NULL DEFAULT '');

-- Enrolled devices (central) / this device's own record (field).
CREATE TABLE devices(
  device_id TEXT PRIMARY KEY, name TEXT NOT NULL, sign_pk BLOB,
  status TEXT NOT NULL CHECK(status IN ('self','active','revoked')),
  enrolled_at TEXT NOT NULL, revoked_at TEXT, max_seq INTEGER NOT NULL DEFAULT 0);

-- Interview headers are immutable; everything editable is a version.
CREATE TABLE interviews(
  uuid TEXT PRIMARY KEY, form_id TEXT NOT NULL, form_version INTEGER NOT NULL,
  device_id TEXT NOT NULL, interviewer TEXT NOT NULL, respondent_role TEXT NOT NULL,
  language TEXT NOT NULL, created_hlc TEXT NOT NULL,
  FOREIGN KEY(form_id, form_version) REFERENCES forms(form_id, version));

-- Content-addressed versions (MERGE.md): the append-only history of every editable cell.
-- A cell is (kind, subject, field): ('answer', interview, question), ('status', interview, ''),
-- ('coding', coding id, ''), ('memo', target, coder), ('code', code GUID, ''),
-- ('coded', 'answer:<uuid>/<qid>', coder). parents = sorted, comma-separated ids.
CREATE TABLE versions(
  version_id TEXT PRIMARY KEY, kind TEXT NOT NULL, subject TEXT NOT NULL, field TEXT NOT NULL,
  value TEXT NOT NULL, hlc TEXT NOT NULL, device_id TEXT NOT NULL, author TEXT NOT NULL,
  note TEXT NOT NULL, parents TEXT NOT NULL);
CREATE INDEX versions_cell ON versions(subject, kind, field);
CREATE TABLE version_parents(parent_id TEXT NOT NULL, version_id TEXT NOT NULL,
  PRIMARY KEY(parent_id, version_id)) WITHOUT ROWID;
-- Current heads per cell, maintained on insert: one head = the value, several = a conflict.
-- One b-tree keyed by cell: a parent is always in its child's cell, so heads are found and
-- removed by (subject, kind, field, version_id) without a separate index.
CREATE TABLE heads(subject TEXT NOT NULL, kind TEXT NOT NULL, field TEXT NOT NULL, version_id TEXT NOT NULL,
  PRIMARY KEY(subject, kind, field, version_id)) WITHOUT ROWID;
CREATE TRIGGER versions_append_only_u BEFORE UPDATE ON versions
  BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;
CREATE TRIGGER versions_append_only_d BEFORE DELETE ON versions
  BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;

-- The codebook has no table: it is the built-in starter codebook overlaid with versions of
-- kind 'code' (storage/coding_store.h), so codebook edits merge between coders like codings.

-- Quantitative indicators per area (the assessment issue fills these). Replaced in version 2.
CREATE TABLE indicator_values(
  indicator_id TEXT NOT NULL, geo_level TEXT NOT NULL, geo_id TEXT NOT NULL, period TEXT NOT NULL,
  value REAL, unit TEXT NOT NULL DEFAULT '', moe REAL, status TEXT NOT NULL DEFAULT 'ok',
  source_kind TEXT NOT NULL, source_file TEXT NOT NULL, source_hash TEXT NOT NULL,
  source_row INTEGER, PRIMARY KEY(indicator_id, geo_level, geo_id, period));
-- One row per imported file (storage/indicator_store.h): its vintage as cited in reports.
CREATE TABLE indicator_sources(
  source_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, file_name TEXT NOT NULL, bytes INTEGER NOT NULL,
  records INTEGER NOT NULL, periods TEXT NOT NULL, imported_at TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '');
-- Assessment runs: dated snapshots (profile, inputs' vintages, de-identified results JSON). Local.
CREATE TABLE assessment_runs(
  run_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, label TEXT NOT NULL DEFAULT '',
  profile_name TEXT NOT NULL, summary TEXT NOT NULL, run_json TEXT NOT NULL);

-- Bundles exported or imported here; bundle_id is the replay guard.
CREATE TABLE bundle_log(
  bundle_id TEXT PRIMARY KEY, direction TEXT NOT NULL CHECK(direction IN ('in','out')),
  device_id TEXT NOT NULL, seq INTEGER NOT NULL, sha256 TEXT NOT NULL, at TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '');

-- Append-only, hash-chained audit log. No field content ever goes here.
CREATE TABLE audit_log(
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)SQL";

// Version 2. Heads get an index by kind. Indicator values are packed per import instead of one row per value
// (storage/src/indicator_blocks.h): importing a million values writes a few dozen blobs.
// An import is what one file gave under one set of options; the newest import holding a key
// gives its current value. indicator_groups says which imports hold which indicator+level+
// period, so an import only reads back the imports it could overlap.
const char* kV2 = R"SQL(
CREATE TABLE indicator_imports(
  import_id TEXT PRIMARY KEY, source_hash TEXT NOT NULL, seq INTEGER NOT NULL UNIQUE,
  observations INTEGER NOT NULL, imported_at TEXT NOT NULL);
CREATE TABLE indicator_groups(
  indicator_id TEXT NOT NULL, geo_level TEXT NOT NULL, period TEXT NOT NULL, import_id TEXT NOT NULL,
  observations INTEGER NOT NULL, PRIMARY KEY(indicator_id, geo_level, period, import_id)) WITHOUT ROWID;
CREATE INDEX indicator_groups_import ON indicator_groups(import_id);
CREATE TABLE indicator_blocks(
  import_id TEXT NOT NULL, block INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(import_id, block));
-- Heads by kind: the codebook, codings, memos and coding sets are read by kind, which the
-- primary key (subject first) could only answer by scanning every head of every interview.
CREATE INDEX heads_kind ON heads(kind);
)SQL";

// Version 3. The assessment's facts cache (storage/src/fact_cache.h): per final interview, the
// current answers the scoring reads. Local and derived, like the heads. The triggers mark an
// interview dirty in the same transaction as any new header or answer/status version; the next
// snapshot recomputes the dirty ones. The migration marks every interview dirty.
const char* kV3 = R"SQL(
CREATE TABLE fact_cache(subject TEXT PRIMARY KEY, form_id TEXT NOT NULL, form_version INTEGER NOT NULL,
  role TEXT NOT NULL, conflict INTEGER NOT NULL, answers BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE fact_dirty(subject TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER fact_dirty_version AFTER INSERT ON versions WHEN NEW.kind IN ('answer','status')
  BEGIN INSERT OR IGNORE INTO fact_dirty(subject) VALUES(NEW.subject); END;
CREATE TRIGGER fact_dirty_interview AFTER INSERT ON interviews
  BEGIN INSERT OR IGNORE INTO fact_dirty(subject) VALUES(NEW.uuid); END;
)SQL";

// Version 4. Minimal data on field laptops (docs/security.md PR-3). Local records, not content
// (not in the digest): `receipts` holds what the coordinator's signed receipt (in an update
// bundle) says the central holds of each interview (a digest of its version ids) and when this
// laptop received it; `purged` keeps a tombstone (no content) of every interview deleted after
// a receipt, so a later update cannot bring it back. `purging` is empty except inside the purge
// transaction: the append-only trigger on versions lets a DELETE through only then.
// (Written to run again harmlessly: tests rebuild older schemas from a current file.)
const char* kV4 = R"SQL(
CREATE TABLE IF NOT EXISTS receipts(uuid TEXT PRIMARY KEY, digest TEXT NOT NULL, receipt_id TEXT NOT NULL,
  received_ms INTEGER NOT NULL, purge_after_days INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS purged(uuid TEXT PRIMARY KEY, receipt_id TEXT NOT NULL, purged_at TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS purging(active INTEGER PRIMARY KEY CHECK(active = 1));
DROP TRIGGER IF EXISTS versions_append_only_d;
CREATE TRIGGER versions_append_only_d BEFORE DELETE ON versions WHEN NOT EXISTS (SELECT 1 FROM purging)
  BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;
)SQL";

// Version 5. Refused bundles, once per distinct file (its SHA-256, "" when it could not be
// read) and reason, with a count and the first and last time (docs/security.md, "Refused
// bundles"). A local record, not content. The first refusal of a (file, reason) also adds one
// audit entry; repeats only raise the count here, so replaying a file cannot grow the audit log.
const char* kV5 = R"SQL(
CREATE TABLE IF NOT EXISTS bundle_refusals(sha256 TEXT NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL,
  first_at TEXT NOT NULL, last_at TEXT NOT NULL, PRIMARY KEY(sha256, reason)) WITHOUT ROWID;
)SQL";

// Version 6. The publication ledger (docs/assessment.md, "Disclosure control"): one row per
// release of assessment outputs (a saved run, a dataset export, a caseload table): the final
// records it counted (id -> digest of the facts read from it) and every count it showed (key
// -> value), so that a later release can neither differ from it by a few records nor show a
// count that moved by fewer than the threshold. Local, not content.
const char* kV6 = R"SQL(
CREATE TABLE IF NOT EXISTS releases(release_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, what TEXT NOT NULL,
  records TEXT NOT NULL, shown TEXT NOT NULL) WITHOUT ROWID;
)SQL";

// Version 7. Less to write per merged answer (docs/performance.md): the index of heads by kind
// leaves out answers and statuses (one head per cell of every interview, never read by kind:
// coding_store.cpp's Heads() is the one reader, for codes, codings, memos and coding sets, and
// names the same condition so that SQLite uses the partial index). `merge_changed` is where a
// merge session keeps the changed answer cells of interviews it no longer tracks in memory
// (storage/src/merge_tracking.h); it is empty outside a merge. Local, not content.
const char* kV7 = R"SQL(
DROP INDEX IF EXISTS heads_kind;
CREATE INDEX heads_kind ON heads(kind) WHERE kind NOT IN ('answer','status');
CREATE TABLE IF NOT EXISTS merge_changed(subject TEXT NOT NULL, field TEXT NOT NULL, PRIMARY KEY(subject, field)) WITHOUT ROWID;
)SQL";

// Version 8. The publication ledger keeps each distinct set of counted records and of shown
// counts once (storage/src/release_ledger.h): a release names its two sets by digest, so a
// ledger of many runs on the same data is read with one parse per distinct set. The old JSON
// columns stay (SQLite 3.15 cannot drop a column) and are emptied by the migration.
const char* kV8 = R"SQL(
CREATE TABLE IF NOT EXISTS release_sets(digest TEXT PRIMARY KEY, kind TEXT NOT NULL, entries INTEGER NOT NULL,
  body BLOB NOT NULL);
)SQL";  // + the two columns of `releases`, added by release_ledger::MigrateToSets unless present

// Version 9. The facts cache keeps each final interview's extracted facts and their fingerprint
// (assessment::EncodeFacts) instead of its answers, so that a snapshot decodes them rather than
// parsing answers and hashing again; only stakeholder records, data sheets and interviews with a
// conflict have a row. What is extracted depends on the form's kind, so adding a form marks the
// interviews that use it dirty. The migration marks every interview dirty.
const char* kV9 = R"SQL(
DROP TABLE IF EXISTS fact_cache;
CREATE TABLE fact_cache(subject TEXT PRIMARY KEY, conflict INTEGER NOT NULL, facts BLOB NOT NULL) WITHOUT ROWID;
DROP TRIGGER IF EXISTS fact_dirty_form;
CREATE TRIGGER fact_dirty_form AFTER INSERT ON forms
  BEGIN INSERT OR IGNORE INTO fact_dirty(subject) SELECT uuid FROM interviews
    WHERE form_id = NEW.form_id AND form_version = NEW.version; END;
)SQL";

// Version 10. A saved run's JSON is stored deflated, as a BLOB in the same column
// (storage/src/run_codec.h); runs saved before stay text and are read as they are. Nothing to
// convert: the version tells an older Canvass that it cannot read these runs.
const char* kV10 = "-- saved runs' JSON deflated (run_codec.h); no change to the tables";

// Version 11. The heads are derived, not stored (docs/performance.md, "fewer writes per merged
// version"): a cell's heads are its versions that no version names as parent, which
// version_parents already says (`check` compares it with the parents the versions name).
// `heads` becomes a view with the table's name and columns, so every reader keeps its query;
// nothing writes heads any more (a merged answer writes one B-tree entry fewer, and no
// statement). The index of heads by kind becomes a partial index of versions by kind (codes,
// codings, memos and sets are read by kind: coding_store.cpp names the same condition).
// merge_changed (empty outside a merge) keeps one row per interview that left the merge's
// tracker, its changed fields packed, instead of one row per changed answer, and whether it
// left fresh with no version yet (it comes back fresh: no head count is queried for it).
const char* kV11 = R"SQL(
DROP INDEX IF EXISTS heads_kind;
DROP TABLE IF EXISTS heads;
CREATE VIEW heads AS SELECT v.subject AS subject, v.kind AS kind, v.field AS field, v.version_id AS version_id
  FROM versions v WHERE NOT EXISTS (SELECT 1 FROM version_parents p WHERE p.parent_id = v.version_id);
CREATE INDEX IF NOT EXISTS versions_kind ON versions(kind) WHERE kind NOT IN ('answer','status');
DROP TABLE IF EXISTS merge_changed;
CREATE TABLE merge_changed(subject TEXT PRIMARY KEY, cells INTEGER NOT NULL, fields BLOB NOT NULL,
  fresh INTEGER NOT NULL) WITHOUT ROWID;
)SQL";

struct Migration {
  int to;
  const char* sql;
  core::Status (*then)(Db*);   // data conversion after the SQL, or null
};
const Migration kMigrations[] = {
    {1, kV1, nullptr}, {2, kV2, indicator_blocks::MigrateRowsToBlocks}, {3, kV3, fact_cache::MarkAllDirty},
    {4, kV4, nullptr}, {5, kV5, nullptr}, {6, kV6, nullptr}, {7, kV7, nullptr},
    {8, kV8, release_ledger::MigrateToSets}, {9, kV9, fact_cache::MarkAllDirty}, {10, kV10, nullptr},
    {11, kV11, nullptr}};

}  // namespace

core::Status Migrate(Db* db) {
  CANVASS_ASSIGN_OR_RETURN(int64_t have, db->QueryInt("PRAGMA user_version"));
  if (have > kSchemaVersion) {
    return core::Status::Unsupported("this workspace was written by a newer Canvass (schema " +
                                     std::to_string(have) + "); update Canvass to open it");
  }
  if (have == kSchemaVersion) return core::Status::Ok();
  if (have != 0) {
    auto app = db->QueryInt("PRAGMA application_id");
    if (!app.ok() || *app != kApplicationId)
      return core::Status::InvalidArgument("this SQLCipher file is not a Canvass workspace");
  }
  Transaction tx(db);
  CANVASS_RETURN_IF_ERROR(tx.status());
  for (const Migration& m : kMigrations) {
    if (m.to <= have) continue;
    CANVASS_RETURN_IF_ERROR(db->Exec(m.sql));
    if (m.then) CANVASS_RETURN_IF_ERROR(m.then(db));
  }
  CANVASS_RETURN_IF_ERROR(db->Exec("PRAGMA application_id=" + std::to_string(kApplicationId)));
  CANVASS_RETURN_IF_ERROR(db->Exec("PRAGMA user_version=" + std::to_string(kSchemaVersion)));
  return tx.Commit();
}

}  // namespace canvass::storage
