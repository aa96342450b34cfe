// IndicatorStore's snapshot readers: the facts of final interviews the scoring reads, and
// every current answer of final interviews for the de-identified dataset export.
#include <map>
#include <set>
#include <string>

#include "db.h"
#include "storage/indicator_store.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;

namespace {

// Question ids the assessment reads (interview_facts.h); nothing else is loaded.
const char* kFactFields[] = {
    "concern", "concern_areas", "instability_areas", "trafficking_forms", "place_types", "concern_industries",
    "instability_factors", "reported_to", "member_concern", "member_concern_areas", "pc_forms", "agency_type",
    "period_start", "period_end", "data_areas", "served_total", "le_identified_total", "tips_total",
    "prosecutions_total", "served_by_type", "served_by_age", "served_by_sex", "served_by_race",
    "served_by_ethnicity", "le_by_type", "le_by_age", "le_by_sex", "le_by_race", "le_by_ethnicity",
    "tips_by_source", "prosecutions_by_type", "tips_silent_sources"};

}  // namespace

Result<assessment::AssessmentInput> IndicatorStore::LoadSnapshot(int* skipped_conflicts) {
  *skipped_conflicts = 0;
  assessment::AssessmentInput in;
  in.project_name = ws_->info().name;
  CANVASS_ASSIGN_OR_RETURN(in.areas, ws_->ListAreas());
  CANVASS_ASSIGN_OR_RETURN(in.observations, LoadObservations());
  CANVASS_ASSIGN_OR_RETURN(in.sources, ListSources());
  CANVASS_ASSIGN_OR_RETURN(auto forms, ws_->ListForms());
  std::map<std::pair<std::string, int>, std::string> kind_of;
  for (const auto& f : forms) kind_of[{f.form_id, f.version}] = f.kind;
  std::string fields;
  for (const char* f : kFactFields) fields += std::string(fields.empty() ? "'" : ",'") + f + "'";
  Stmt q = ws_->db_->Prepare(
      "SELECT i.uuid, i.form_id, i.form_version, i.respondent_role, h.kind, h.field, v.value FROM interviews i "
      "JOIN heads h ON h.subject = i.uuid JOIN versions v ON v.version_id = h.version_id "
      "WHERE h.kind = 'status' OR (h.kind = 'answer' AND h.field IN (" + fields + ")) ORDER BY i.uuid, h.kind, h.field");
  struct Current {
    std::string uuid, form_id, role;
    int version = 0;
    int status_heads = 0;
    bool final = false, conflict = false;
    std::map<std::string, Value> answers;
  } cur;
  auto flush = [&]() {
    if (cur.uuid.empty()) return;
    if (cur.status_heads != 1) cur.conflict = true;
    if (cur.final && cur.conflict) ++*skipped_conflicts;
    if (cur.final && !cur.conflict) {
      assessment::StakeholderFact s;
      assessment::DataSheetFact d;
      switch (assessment::ExtractFacts(cur.form_id, kind_of[{cur.form_id, cur.version}], cur.role, cur.answers, &s, &d)) {
        case assessment::FactKind::kStakeholder: in.stakeholders.push_back(std::move(s)); break;
        case assessment::FactKind::kDataSheet: in.data_sheets.push_back(std::move(d)); break;
        default: break;
      }
    }
    cur = Current{};
  };
  std::string last_field;
  while (q.Step()) {
    std::string uuid = q.Text(0);
    if (uuid != cur.uuid) {
      flush();
      cur.uuid = uuid;
      cur.form_id = q.Text(1);
      cur.version = static_cast<int>(q.Int(2));
      cur.role = q.Text(3);
      last_field.clear();
    }
    std::string kind = q.Text(4), field = q.Text(5), value = q.Text(6);
    if (kind == "status") {
      ++cur.status_heads;
      cur.final = value == "\"final\"";
      continue;
    }
    if (field == last_field) { cur.conflict = true; continue; }  // several heads: a conflict
    last_field = field;
    auto v = core::ParseJson(value, "stored answer");
    if (v.ok() && !v->is_null()) cur.answers[field] = std::move(*v);
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  flush();
  return in;
}

Result<std::vector<IndicatorStore::FinalInterview>> IndicatorStore::LoadFinalInterviews() {
  std::vector<FinalInterview> out;
  Stmt q = ws_->db_->Prepare(
      "SELECT i.uuid, i.form_id, i.form_version, i.respondent_role, i.language, h.kind, h.field, v.value, "
      "(SELECT count(*) FROM heads h2 WHERE h2.subject = h.subject AND h2.kind = h.kind AND h2.field = h.field) "
      "FROM interviews i JOIN heads h ON h.subject = i.uuid JOIN versions v ON v.version_id = h.version_id "
      "WHERE h.kind IN ('status','answer') ORDER BY i.uuid");
  std::string uuid;
  bool final = false, conflict = false;
  FinalInterview cur;
  auto flush = [&]() {
    if (!uuid.empty() && final && !conflict) out.push_back(std::move(cur));
    cur = FinalInterview{};
    final = conflict = false;
  };
  while (q.Step()) {
    if (q.Text(0) != uuid) {
      flush();
      uuid = q.Text(0);
      cur.form_id = q.Text(1);
      cur.form_version = static_cast<int>(q.Int(2));
      cur.role = q.Text(3);
      cur.language = q.Text(4);
    }
    if (q.Int(8) > 1) { conflict = true; continue; }
    if (q.Text(5) == "status") { final = q.Text(7) == "\"final\""; continue; }
    auto v = core::ParseJson(q.Text(7), "stored answer");
    if (v.ok() && !v->is_null()) cur.answers[q.Text(6)] = std::move(*v);
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  flush();
  return out;
}

}  // namespace canvass::storage
