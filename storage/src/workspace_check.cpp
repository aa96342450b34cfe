// `canvass-cli check`: cipher, SQLite integrity, schema, content addressing, facts cache, audit chain.
#include <set>

#include "db.h"
#include "fact_cache.h"
#include "indicator_blocks.h"
#include "version_row.h"
#include "keyed_open.h"
#include "schema.h"
#include "storage/kdf_profile.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;

Status VerifyAuditChain(const std::vector<AuditEntry>& entries, const std::string& head, int64_t count);

namespace {
int64_t Count(Db* db, const std::string& table) {
  auto n = db->QueryInt("SELECT count(*) FROM " + table);
  return n.ok() ? *n : -1;
}
}  // namespace

Result<CheckReport> Workspace::Check() {
  CheckReport r;
  auto problem = [&](std::string p) { r.ok = false; r.problems.push_back(std::move(p)); };
  auto cv = db_->QueryText("PRAGMA cipher_version");
  r.cipher_version = cv.ok() ? *cv : "";
  if (r.cipher_version.empty()) problem("not encrypted with SQLCipher (no cipher_version)");
  auto sv = db_->QueryText("SELECT sqlite_version()");
  r.sqlite_version = sv.ok() ? *sv : "";
  auto jm = db_->QueryText("PRAGMA journal_mode");
  r.journal_mode = jm.ok() ? *jm : "";
  r.kdf_profile = ProfileNameOfFile(path_);
  r.test_only_key = KeyProtectionOfFile(path_) == KeyProtection::kTestOnly;
  if (r.test_only_key)
    r.warnings.push_back(std::string(kTestOnlyWords) + ": this workspace was made with CANVASS_KDF_PROFILE=test-fast (a cheap key "
                         "derivation); keep no real interviews in it (a new passphrase keeps the cheap profile: make a new "
                         "workspace without the variable)");
  auto uv = db_->QueryInt("PRAGMA user_version");
  r.schema_version = uv.ok() ? static_cast<int>(*uv) : -1;
  if (r.schema_version != kSchemaVersion) problem("schema version " + std::to_string(r.schema_version) + " (expected " + std::to_string(kSchemaVersion) + ")");

  Stmt ic = db_->Prepare("PRAGMA integrity_check");
  while (ic.Step()) {
    std::string line = ic.Text(0);
    if (line != "ok") problem("SQLite integrity: " + line);
  }
  if (!ic.status().ok()) problem("SQLite integrity check failed: " + ic.status().message());
  Stmt fk = db_->Prepare("PRAGMA foreign_key_check");
  while (fk.Step()) problem("foreign key violation in table " + fk.Text(0));

  // Content addressing: every version id must recompute from its content.
  // The parent links (version_parents) must be exactly the parents the versions name: the
  // heads, and so every current value, follow from them (schema 11: `heads` is a view).
  Stmt vq = db_->Prepare(std::string("SELECT ") + kVersionCols + " FROM versions v");
  Stmt edge = db_->Prepare("SELECT 1 FROM version_parents WHERE parent_id = ?1 AND version_id = ?2");
  int64_t bad_ids = 0, named_edges = 0, missing_edges = 0;
  while (vq.Step()) {
    Version v = ReadVersionRow(vq, 0);
    if (!core::ParseJson(vq.Text(4), "stored value").ok() || ComputeVersionId(v) != v.id) ++bad_ids;
    for (const auto& p : v.parents) {
      ++named_edges;
      edge.Reset();
      edge.Bind(1, p).Bind(2, v.id);
      if (!edge.Step()) ++missing_edges;
      edge.Reset();
    }
  }
  if (bad_ids) problem(std::to_string(bad_ids) + " answer versions do not match their content hash (altered)");
  auto edges = db_->QueryInt("SELECT count(*) FROM version_parents");
  if (!edges.ok() || missing_edges || *edges != named_edges)
    problem("the history's parent links disagree with the versions (" + std::to_string(missing_edges) + " missing, " +
            std::to_string(edges.ok() ? *edges - (named_edges - missing_edges) : 0) + " not named): current answers may be wrong");

  // Indicator values: every packed block must decode (indicator_blocks.h).
  auto indicators = indicator_blocks::Resolve(db_.get());
  if (!indicators.ok()) problem("indicator values: " + indicators.status().message());

  // The facts cache (derived) must say what the history says for every interview not marked dirty.
  auto forms = ListForms();
  auto facts = forms.ok() ? fact_cache::Verify(db_.get(), fact_cache::KindsOf(*forms)) : core::Result<std::string>(forms.status());
  if (!facts.ok()) problem("facts cache: " + facts.status().message());
  else if (!facts->empty()) problem(*facts + "; it is derived from the interviews: canvass-cli check FILE --rebuild-cache recomputes it");

  auto entries = ListAudit();
  auto head = GetMeta("audit_head");
  auto count = GetMeta("audit_count");
  if (!entries.ok() || !head.ok() || !count.ok()) {
    problem("audit log unreadable");
  } else {
    Status st = VerifyAuditChain(*entries, *head, std::stoll(*count));
    if (!st.ok()) problem(st.message());
    r.audit_entries = static_cast<int64_t>(entries->size());
  }
  r.forms = Count(db_.get(), "forms");
  r.areas = Count(db_.get(), "areas");
  r.interviews = Count(db_.get(), "interviews");
  r.versions = Count(db_.get(), "versions");
  auto conf = db_->QueryInt(  // cells whose several heads differ in value (as ListConflicts)
      "SELECT count(*) FROM ("
      "SELECT c.kind, c.subject, c.field FROM (SELECT kind, subject, field FROM versions GROUP BY subject, kind, field "
      "HAVING count(*) > 1) c WHERE (SELECT count(DISTINCT v.value) FROM heads h JOIN versions v ON v.version_id = h.version_id "
      "WHERE h.subject = c.subject AND h.kind = c.kind AND h.field = c.field) > 1)");
  r.conflicts = conf.ok() ? *conf : -1;
  return r;
}

Status Workspace::RebuildFactCache() {
  {
    Transaction tx(db_.get());
    CANVASS_RETURN_IF_ERROR(tx.status());
    CANVASS_RETURN_IF_ERROR(db_->Exec("DELETE FROM fact_cache"));
    CANVASS_RETURN_IF_ERROR(fact_cache::MarkAllDirty(db_.get()));
    CANVASS_RETURN_IF_ERROR(tx.Commit());
  }
  CANVASS_ASSIGN_OR_RETURN(auto forms, ListForms());
  return fact_cache::Refresh(db_.get(), fact_cache::KindsOf(forms));
}

}  // namespace canvass::storage
