// IndicatorStore's snapshot readers: the facts of final interviews the scoring reads, and
// every current answer of final interviews for the de-identified dataset export.
#include <algorithm>
#include <exception>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

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

// A query read through sqlite3's column pointers, without a std::string per column: the
// snapshot scans return about a million rows at 100,000 interviews.
class RawQuery {
 public:
  RawQuery(Db* db, const std::string& sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db->raw(), sql.c_str(), static_cast<int>(sql.size()), &s_, nullptr);
  }
  ~RawQuery() { sqlite3_finalize(s_); }
  RawQuery(const RawQuery&) = delete;
  RawQuery& operator=(const RawQuery&) = delete;
  bool Step() {
    if (rc_ != SQLITE_OK && rc_ != SQLITE_ROW) return false;
    rc_ = sqlite3_step(s_);
    return rc_ == SQLITE_ROW;
  }
  // Valid until the next Step().
  std::string_view View(int col) const {
    const unsigned char* t = sqlite3_column_text(s_, col);
    return t ? std::string_view(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(s_, col)))
             : std::string_view();
  }
  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  Status status() const {
    return rc_ == SQLITE_OK || rc_ == SQLITE_ROW || rc_ == SQLITE_DONE ? Status::Ok()
                                                                      : db_->Error(rc_, "reading the assessment snapshot");
  }

 private:
  Db* db_;
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_OK;
};

// An interview as the snapshot scans see it.
struct SnapshotInterview {
  std::string uuid, form_id, role;
  int version = 0;
  int status_heads = 0;
  bool final = false, conflict = false;
  std::string status_id;  // of the status head that decides `final` (the greatest id, as heads order)
  std::vector<std::pair<int, std::string>> answers;  // (kFactFields index, stored JSON) of head versions
};

Status ReadInterviews(Db* db, std::vector<SnapshotInterview>* out, std::unordered_map<std::string, size_t>* by_uuid) {
  RawQuery q(db, "SELECT uuid, form_id, form_version, respondent_role FROM interviews");
  while (q.Step()) {
    SnapshotInterview iv;
    iv.uuid = q.View(0);
    iv.form_id = q.View(1);
    iv.version = static_cast<int>(q.Int(2));
    iv.role = q.View(3);
    by_uuid->emplace(iv.uuid, out->size());
    out->push_back(std::move(iv));
  }
  return q.status();
}

// The head versions of every interview's status and fact answers, in one pass over `versions`.
// A cell's heads are its versions that no version names as parent (MERGE.md).
Status ReadFactHeads(Db* db, const std::unordered_map<std::string, size_t>& by_uuid, std::vector<SnapshotInterview>* interviews) {
  std::vector<std::string> parent_ids;  // versions some other version replaces: not heads
  RawQuery pq(db, "SELECT parent_id FROM version_parents");
  while (pq.Step()) parent_ids.emplace_back(pq.View(0));
  CANVASS_RETURN_IF_ERROR(pq.status());
  std::unordered_set<std::string_view> parents(parent_ids.begin(), parent_ids.end());
  std::unordered_map<std::string_view, int> field_index;
  std::string fields;
  for (const char* f : kFactFields) {
    field_index.emplace(f, static_cast<int>(field_index.size()));
    fields += std::string(fields.empty() ? "'" : ",'") + f + "'";
  }
  RawQuery q(db,
             "SELECT version_id, subject, kind, field, value FROM versions "
             "WHERE kind = 'status' OR (kind = 'answer' AND field IN (" + fields + "))");
  std::string subject;  // rows of one interview mostly come together: one lookup for them
  SnapshotInterview* iv = nullptr;
  while (q.Step()) {
    if (!parents.empty() && parents.count(q.View(0))) continue;  // replaced: not a head
    if (q.View(1) != subject) {
      subject = q.View(1);
      auto it = by_uuid.find(subject);
      iv = it == by_uuid.end() ? nullptr : &(*interviews)[it->second];
    }
    if (!iv) continue;
    if (q.View(2) == "status") {
      std::string_view id = q.View(0);
      if (iv->status_heads++ == 0 || id > iv->status_id) {
        iv->final = q.View(4) == "\"final\"";
        iv->status_id = id;
      }
      continue;
    }
    auto f = field_index.find(q.View(3));
    if (f == field_index.end()) continue;
    for (const auto& a : iv->answers)
      if (a.first == f->second) iv->conflict = true;  // several heads: a conflict
    iv->answers.emplace_back(f->second, std::string(q.View(4)));
  }
  return q.status();
}

struct Facts {
  std::vector<assessment::StakeholderFact> stakeholders;
  std::vector<assessment::DataSheetFact> data_sheets;
};
using FormKinds = std::map<std::pair<std::string, int>, std::string>;

// Parses the answers of order[from, to) and extracts their facts. Pure: safe on two threads.
void ExtractRange(const std::vector<const SnapshotInterview*>& order, size_t from, size_t to, const FormKinds& kind_of,
                  Facts* out) {
  std::map<std::string, Value> answers;
  for (size_t k = from; k < to; ++k) {
    const SnapshotInterview& iv = *order[k];
    answers.clear();
    for (const auto& [field, json] : iv.answers) {
      auto v = core::ParseJson(json, "stored answer");
      if (v.ok() && !v->is_null()) answers[kFactFields[field]] = std::move(*v);
    }
    auto kind = kind_of.find({iv.form_id, iv.version});
    assessment::StakeholderFact s;
    assessment::DataSheetFact d;
    switch (assessment::ExtractFacts(iv.form_id, kind == kind_of.end() ? std::string() : kind->second, iv.role, answers, &s, &d)) {
      case assessment::FactKind::kStakeholder: out->stakeholders.push_back(std::move(s)); break;
      case assessment::FactKind::kDataSheet: out->data_sheets.push_back(std::move(d)); break;
      default: break;
    }
  }
}

// The first and the second half side by side, appended in order: the same vectors as one pass.
void ExtractAll(const std::vector<const SnapshotInterview*>& order, const FormKinds& kind_of, assessment::AssessmentInput* in) {
  Facts first, second;
  size_t half = order.size() / 2;
  std::exception_ptr failed;
  std::thread worker;
  try {
    worker = std::thread([&] {
      try {
        ExtractRange(order, half, order.size(), kind_of, &second);
      } catch (...) {
        failed = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    ExtractRange(order, half, order.size(), kind_of, &second);  // no thread available: in turn
  }
  try {
    ExtractRange(order, 0, half, kind_of, &first);
  } catch (...) {
    if (worker.joinable()) worker.join();
    throw;
  }
  if (worker.joinable()) worker.join();
  if (failed) std::rethrow_exception(failed);
  in->stakeholders = std::move(first.stakeholders);
  in->data_sheets = std::move(first.data_sheets);
  for (auto& f : second.stakeholders) in->stakeholders.push_back(std::move(f));
  for (auto& f : second.data_sheets) in->data_sheets.push_back(std::move(f));
}

}  // namespace

// The facts are read in sequential scans of `interviews`, `version_parents` and `versions`
// instead of a join through `heads`: at 100,000 interviews the join visited the encrypted
// pages of heads, versions and their indexes in random order, every visit a decrypt (54 s).
// Heads are "the versions no other version names as parent" (MERGE.md; Workspace::Check
// verifies the heads table against exactly that), so the same cells, values and conflicts
// result: a cell with several heads leaves its interview out. Facts stay in interview id order.
Result<assessment::AssessmentInput> IndicatorStore::LoadSnapshot(int* skipped_conflicts) {
  *skipped_conflicts = 0;
  assessment::AssessmentInput in;
  in.project_name = ws_->info().name;
  CANVASS_ASSIGN_OR_RETURN(in.areas, ws_->ListAreas());
  CANVASS_RETURN_IF_ERROR(LoadValuesAndSources(&in.observations, &in.sources));
  CANVASS_ASSIGN_OR_RETURN(auto forms, ws_->ListForms());
  FormKinds kind_of;
  for (const auto& f : forms) kind_of[{f.form_id, f.version}] = f.kind;
  std::vector<SnapshotInterview> interviews;
  std::unordered_map<std::string, size_t> by_uuid;
  CANVASS_RETURN_IF_ERROR(ReadInterviews(ws_->db_.get(), &interviews, &by_uuid));
  CANVASS_RETURN_IF_ERROR(ReadFactHeads(ws_->db_.get(), by_uuid, &interviews));
  std::vector<const SnapshotInterview*> order;
  order.reserve(interviews.size());
  for (const auto& iv : interviews) {
    if (iv.answers.empty() && iv.status_heads == 0) continue;  // nothing read: not in the snapshot
    bool conflict = iv.conflict || iv.status_heads != 1;
    if (iv.final && conflict) ++*skipped_conflicts;
    if (iv.final && !conflict) order.push_back(&iv);
  }
  std::sort(order.begin(), order.end(), [](const SnapshotInterview* a, const SnapshotInterview* b) { return a->uuid < b->uuid; });
  ExtractAll(order, kind_of, &in);
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
