// Forms and areas of a workspace.
#include <cmath>
#include <regex>

#include "core/crypto_util.h"
#include "area_row.h"
#include "db.h"
#include "forms/form_parser.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;

Status Workspace::AddForm(const std::string& json_text, const std::string& source, bool builtin,
                          FormRow* row, bool* added) {
  *added = false;
  CANVASS_ASSIGN_OR_RETURN(Value doc, core::ParseJson(json_text, source));
  CANVASS_ASSIGN_OR_RETURN(forms::Form form, forms::ParseFormValue(doc, source));
  std::string canonical = doc.ToJson();
  std::string hash = core::Blake2bHex("canvass-form-v1\n" + canonical, 32);
  row->form_id = form.id;
  row->version = form.version;
  row->content_hash = hash;
  row->title = form.Text(form.title, "");
  row->kind = form.kind;
  row->builtin = builtin;
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  CANVASS_RETURN_IF_ERROR(StoreFormLocked(canonical, hash, builtin, row, added));
  return tx.Commit();
}

// Inserts a parsed form's canonical JSON (row filled by the caller) inside a transaction.
Status Workspace::StoreFormLocked(const std::string& canonical, const std::string& hash, bool builtin,
                                  FormRow* row, bool* added) {
  *added = false;
  const std::string& source = row->form_id;
  Stmt q = db_->Prepare("SELECT content_hash FROM forms WHERE form_id = ?1 AND version = ?2");
  q.Bind(1, row->form_id).Bind(2, row->version);
  if (q.Step()) {
    if (q.Text(0) == hash) return Status::Ok();
    return Status::Conflict("form \"" + source + "\" version " + std::to_string(row->version) +
                            " is already in the workspace with different content; raise \"version\" to " +
                            std::to_string(row->version + 1) + " to add the changed form");
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  Stmt ins = db_->Prepare(
      "INSERT INTO forms(form_id, version, content_hash, json, added_at, builtin) VALUES(?1,?2,?3,?4,?5,?6)");
  CANVASS_RETURN_IF_ERROR(ins.Bind(1, row->form_id).Bind(2, row->version).Bind(3, hash).Bind(4, canonical)
                              .Bind(5, core::FormatIsoUtc(clock_->NowMillis())).Bind(6, builtin ? 1 : 0).Run());
  CANVASS_RETURN_IF_ERROR(AppendAuditLocked("form.add", row->form_id + " v" + std::to_string(row->version)));
  *added = true;
  return Status::Ok();
}

Result<std::vector<FormRow>> Workspace::ListForms() {
  std::vector<FormRow> out;
  Stmt q = db_->Prepare("SELECT form_id, version, content_hash, json, builtin FROM forms ORDER BY form_id, version");
  while (q.Step()) {
    FormRow r;
    r.form_id = q.Text(0);
    r.version = static_cast<int>(q.Int(1));
    r.content_hash = q.Text(2);
    r.builtin = q.Int(4) != 0;
    auto f = forms::ParseForm(q.Text(3), "stored form " + r.form_id);
    if (f.ok()) {
      r.title = f->Text(f->title, "");
      r.kind = f->kind;
      int n = 0;
      for (const auto& s : f->sections) n += static_cast<int>(s.questions.size());
      r.question_count = n;
    }
    out.push_back(std::move(r));
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::string> Workspace::GetFormJson(const std::string& form_id, int version) {
  Stmt q = version > 0
               ? db_->Prepare("SELECT json FROM forms WHERE form_id = ?1 AND version = ?2")
               : db_->Prepare("SELECT json FROM forms WHERE form_id = ?1 ORDER BY version DESC LIMIT 1");
  q.Bind(1, form_id);
  if (version > 0) q.Bind(2, version);
  if (q.Step()) return q.Text(0);
  CANVASS_RETURN_IF_ERROR(q.status());
  std::string v = version > 0 ? " version " + std::to_string(version) : "";
  return Status::NotFound("no form \"" + form_id + "\"" + v + " in this workspace; see `canvass-cli forms list`");
}

Result<forms::Form> Workspace::GetForm(const std::string& form_id, int version) {
  CANVASS_ASSIGN_OR_RETURN(std::string json, GetFormJson(form_id, version));
  return forms::ParseForm(json, "stored form " + form_id);
}

namespace {
Status CheckArea(const Area& a) {
  static const std::regex kId("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
  if (!std::regex_match(a.id, kId))
    return Status::InvalidArgument("area id \"" + a.id.substr(0, 80) + "\" is not valid: use letters, digits, '_', '-', '.', ':' (up to 64)");
  static const char* kLevels[] = {"state", "county", "zip", "tract", "coc", "custom"};
  bool ok = false;
  for (const char* l : kLevels) ok = ok || a.level == l;
  if (!ok) return Status::InvalidArgument("area " + a.id + ": unknown level \"" + a.level + "\"; use county, zip, tract, coc, state or custom");
  if (a.name.empty() || a.name.size() > 300) return Status::InvalidArgument("area " + a.id + ": name must be 1 to 300 characters");
  for (const auto& d : {a.lat, a.lon, a.land_area_sqm})
    if (d && !std::isfinite(*d)) return Status::InvalidArgument("area " + a.id + ": a coordinate is not a number");
  return Status::Ok();
}
bool SameArea(const Area& a, const Area& b) {
  return a.ToValue() == b.ToValue();
}
}  // namespace

Result<AreaImportStats> Workspace::ImportAreas(const std::vector<Area>& areas) {
  for (const Area& a : areas) CANVASS_RETURN_IF_ERROR(CheckArea(a));
  AreaImportStats stats;
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  for (const Area& a : areas) {
    Stmt q = db_->Prepare(std::string("SELECT ") + kAreaCols + " FROM areas WHERE area_id = ?1");
    q.Bind(1, a.id);
    bool exists = q.Step();
    CANVASS_RETURN_IF_ERROR(q.status());
    if (exists) {
      if (SameArea(ReadAreaRow(q), a)) { ++stats.unchanged; continue; }
      ++stats.updated;
    } else {
      ++stats.added;
    }
    if (!a.parent_id.empty() && a.parent_id == a.id)
      return Status::InvalidArgument("area " + a.id + " cannot be its own parent");
    CANVASS_RETURN_IF_ERROR(WriteAreaRow(db_.get(), a));
  }
  // Parents must exist once the whole batch is in.
  auto orphans = db_->QueryText("SELECT area_id FROM areas WHERE parent_id IS NOT NULL AND parent_id NOT IN (SELECT area_id FROM areas) LIMIT 1");
  if (orphans.ok()) return Status::InvalidArgument("area " + *orphans + " names a parent area that does not exist; import the parent first");
  CANVASS_RETURN_IF_ERROR(AppendAuditLocked("areas.import", "added=" + std::to_string(stats.added) + " updated=" + std::to_string(stats.updated)));
  CANVASS_RETURN_IF_ERROR(tx.Commit());
  return stats;
}

Result<std::vector<Area>> Workspace::ListAreas() {
  std::vector<Area> out;
  Stmt q = db_->Prepare(std::string("SELECT ") + kAreaCols + " FROM areas ORDER BY level, area_id");
  while (q.Step()) out.push_back(ReadAreaRow(q));
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Result<bool> Workspace::AreaExists(const std::string& area_id) {
  Stmt q = db_->Prepare("SELECT 1 FROM areas WHERE area_id = ?1");
  q.Bind(1, area_id);
  bool found = q.Step();
  CANVASS_RETURN_IF_ERROR(q.status());
  return found;
}

}  // namespace canvass::storage
