// The assessment's facts cache: computing, refreshing, reading and verifying it (fact_cache.h).
#include "fact_cache.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "assessment/interview_facts.h"
#include "core/value.h"
#include "core/varint.h"
#include "head_scan.h"

namespace canvass::storage::fact_cache {

using core::Result;
using core::Status;

namespace {

const char* kFieldList[] = {
    "concern", "concern_areas", "instability_areas", "trafficking_forms", "place_types", "concern_industries",
    "instability_factors", "reported_to", "member_concern", "member_concern_areas", "pc_forms", "agency_type",
    "period_start", "period_end", "data_areas", "served_total", "le_identified_total", "tips_total",
    "prosecutions_total", "served_by_type", "served_by_age", "served_by_sex", "served_by_race",
    "served_by_ethnicity", "le_by_type", "le_by_age", "le_by_sex", "le_by_race", "le_by_ethnicity",
    "tips_by_source", "prosecutions_by_type", "tips_silent_sources", "agency_name", "served_by_year",
    "le_by_year", "prosecutions_by_year"};
static_assert(std::size(kFieldList) < 256, "a cached answer names its field in one byte");

// What a stored cache was computed for: another field list or facts version (a newer build)
// rebuilds it.
std::string Signature() {
  std::string s = "facts-v4." + std::to_string(assessment::kFactsVersion);
  for (const std::string& f : Fields()) s += "," + f;
  return s;
}

std::string FieldSqlList() {
  std::string out;
  for (const std::string& f : Fields()) out += (out.empty() ? "'" : ",'") + f + "'";
  return out;
}

const std::unordered_map<std::string_view, int>& FieldIndex() {
  static const auto* k = [] {
    auto* m = new std::unordered_map<std::string_view, int>();
    for (const std::string& f : Fields()) m->emplace(f, static_cast<int>(m->size()));
    return m;
  }();
  return *k;
}

// An interview while its heads are gathered.
struct Gathering {
  Interview iv;
  std::vector<std::pair<int, std::string>> answers;  // (Fields() index, stored JSON)
  int status_heads = 0;
  std::string status_id;  // of the status head that decides `final` (the greatest id, as heads order)
  std::string status_value;
  bool status_differs = false;
  bool read_any = false;

  // Several heads of one cell holding the same value are agreement, not a conflict (the same
  // answer typed on two laptops; docs/architecture.md): read as that one value. Stored values
  // are canonical JSON, so the same value is the same text.
  void OnStatus(std::string_view version_id, std::string_view value) {
    read_any = true;
    if (status_heads++ == 0) {
      status_value = value;
    } else if (value != status_value) {
      status_differs = true;
    }
    if (status_heads == 1 || version_id > status_id) {  // under a conflict, the greatest id says whether it is final
      iv.final = value == "\"final\"";
      status_id = version_id;
    }
  }
  void OnAnswer(int field, std::string_view value) {
    read_any = true;
    for (const auto& a : answers)
      if (a.first == field) {
        if (a.second == value) return;  // agreement: one value
        iv.conflict = true;              // heads that differ: a conflict (each value kept, sorted)
      }
    answers.emplace_back(field, std::string(value));
  }
  // Final interviews only (nothing else is ever read from the cache); answers in a fixed order.
  bool Finish() {
    if (!read_any || !iv.final) return false;
    if (status_differs) iv.conflict = true;
    std::sort(answers.begin(), answers.end());
    iv.answers.clear();
    for (const auto& [field, json] : answers) {
      iv.answers.push_back(static_cast<char>(field));
      core::PutVarint(&iv.answers, json.size());
      iv.answers += json;
    }
    return true;
  }
};

// [SECTION] computing

Status ReadHeaders(Db* db, const std::unordered_set<std::string>* only, std::vector<Gathering>* out,
                   std::unordered_map<std::string, size_t>* by_uuid) {
  RawQuery q(db, "SELECT uuid, form_id, form_version, respondent_role FROM interviews");
  while (q.Step()) {
    Gathering g;
    g.iv.uuid = q.View(0);
    if (only && !only->count(g.iv.uuid)) continue;
    g.iv.form_id = q.View(1);
    g.iv.form_version = static_cast<int>(q.Int(2));
    g.iv.role = q.View(3);
    by_uuid->emplace(g.iv.uuid, out->size());
    out->push_back(std::move(g));
  }
  return q.status();
}

// The head versions of every interview's status and read answers, in one pass over `versions`.
Status ReadHeads(Db* db, const std::unordered_map<std::string, size_t>& by_uuid, std::vector<Gathering>* all) {
  return ScanHeads(
      db, "kind = 'status' OR (kind = 'answer' AND field IN (" + FieldSqlList() + "))",
      [&](std::string_view subject) -> Gathering* {
        auto it = by_uuid.find(std::string(subject));
        return it == by_uuid.end() ? nullptr : &(*all)[it->second];
      },
      [](Gathering& g, const HeadRow& row) {
        if (row.kind == "status") {
          g.OnStatus(row.version_id, row.value);
        } else {
          auto f = FieldIndex().find(row.field);
          if (f != FieldIndex().end()) g.OnAnswer(f->second, row.value);
        }
        return Status::Ok();
      });
}

// The dirty interviews through the heads index: cheap when few are dirty.
Status ComputeDirty(Db* db, std::vector<Interview>* out) {
  RawQuery q(db,
             "SELECT d.subject, i.form_id, i.form_version, i.respondent_role, h.kind, h.field, h.version_id, v.value "
             "FROM fact_dirty d CROSS JOIN interviews i CROSS JOIN heads h CROSS JOIN versions v "
             "WHERE i.uuid = d.subject AND h.subject = d.subject AND h.kind IN ('answer','status') "
             "AND (h.kind = 'status' OR h.field IN (" + FieldSqlList() + ")) AND v.version_id = h.version_id "
             "ORDER BY d.subject");
  Gathering g;
  auto flush = [&] {
    if (!g.iv.uuid.empty() && g.Finish()) out->push_back(std::move(g.iv));
    g = Gathering();
  };
  while (q.Step()) {
    if (q.View(0) != g.iv.uuid) {
      flush();
      g.iv.uuid = q.View(0);
      g.iv.form_id = q.View(1);
      g.iv.form_version = static_cast<int>(q.Int(2));
      g.iv.role = q.View(3);
    }
    if (q.View(4) == "status") {
      g.OnStatus(q.View(6), q.View(7));
      continue;
    }
    auto f = FieldIndex().find(q.View(5));
    if (f != FieldIndex().end()) g.OnAnswer(f->second, q.View(7));
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  flush();
  return Status::Ok();
}

}  // namespace

FormKinds KindsOf(const std::vector<FormRow>& forms) {
  FormKinds kinds;
  for (const auto& f : forms) kinds[{f.form_id, f.version}] = f.kind;
  return kinds;
}

void Extract(const std::vector<Interview>& interviews, const FormKinds& kinds, std::vector<Cached>* out) {
  // Every read question is a key from the start, null when unanswered: ExtractFacts reads a null
  // like a missing answer, and no map node or key is allocated per interview.
  std::map<std::string, core::Value> answers;
  std::vector<core::Value*> slot;
  for (const std::string& f : Fields()) slot.push_back(&answers[f]);
  std::vector<int> set;
  const std::string* kind = nullptr;
  const Interview* last = nullptr;  // the form of the previous interview, mostly the same
  static const std::string kNoKind;
  for (const Interview& iv : interviews) {
    if (iv.conflict) {  // a read cell with several heads: not scored until resolved
      out->push_back({iv.uuid, true, {}});
      continue;
    }
    for (int f : set) *slot[static_cast<size_t>(f)] = core::Value();
    set.clear();
    ForEachAnswer(iv.answers, [&](int field, std::string_view json) {
      auto v = core::ParseJson(json, "stored answer");
      if (v.ok() && !v->is_null()) {
        *slot[static_cast<size_t>(field)] = std::move(*v);
        set.push_back(field);
      }
    });
    if (!last || last->form_id != iv.form_id || last->form_version != iv.form_version) {
      auto k = kinds.find({iv.form_id, iv.form_version});
      kind = k == kinds.end() ? &kNoKind : &k->second;
      last = &iv;
    }
    assessment::StakeholderFact s;
    assessment::DataSheetFact d;
    switch (assessment::ExtractFacts(iv.form_id, *kind, iv.role, answers, &s, &d)) {
      case assessment::FactKind::kStakeholder: out->push_back({iv.uuid, false, assessment::EncodeFacts(s)}); break;
      case assessment::FactKind::kDataSheet: out->push_back({iv.uuid, false, assessment::EncodeFacts(d)}); break;
      default: break;
    }
  }
}

const std::vector<std::string>& Fields() {
  static const auto* k = new std::vector<std::string>(std::begin(kFieldList), std::end(kFieldList));
  return *k;
}

Status ComputeAll(Db* db, const std::vector<std::string>* only, std::vector<Interview>* out) {
  std::unordered_set<std::string> only_set;
  if (only) only_set.insert(only->begin(), only->end());
  std::vector<Gathering> all;
  std::unordered_map<std::string, size_t> by_uuid;
  CANVASS_RETURN_IF_ERROR(ReadHeaders(db, only ? &only_set : nullptr, &all, &by_uuid));
  CANVASS_RETURN_IF_ERROR(ReadHeads(db, by_uuid, &all));
  out->clear();
  for (Gathering& g : all)
    if (g.Finish()) out->push_back(std::move(g.iv));
  std::sort(out->begin(), out->end(), [](const Interview& a, const Interview& b) { return a.uuid < b.uuid; });
  return Status::Ok();
}

Status MarkAllDirty(Db* db) { return db->Exec("INSERT OR IGNORE INTO fact_dirty(subject) SELECT uuid FROM interviews"); }

Status Refresh(Db* db, const FormKinds& kinds, int64_t* recomputed) {
  if (recomputed) *recomputed = 0;
  Transaction tx(db);
  CANVASS_RETURN_IF_ERROR(tx.status());
  const std::string signature = Signature();
  Stmt sig = db->Prepare("SELECT value FROM meta WHERE key = 'fact_cache.fields'");
  bool current = sig.Step() && sig.Text(0) == signature;
  CANVASS_RETURN_IF_ERROR(sig.status());
  if (!current) {
    CANVASS_RETURN_IF_ERROR(db->Exec("DELETE FROM fact_cache"));
    CANVASS_RETURN_IF_ERROR(MarkAllDirty(db));
    Stmt put = db->Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('fact_cache.fields', ?1)");
    put.Bind(1, signature);
    CANVASS_RETURN_IF_ERROR(put.Run());
  }
  CANVASS_ASSIGN_OR_RETURN(int64_t dirty, db->QueryInt("SELECT count(*) FROM fact_dirty"));
  if (dirty == 0) return tx.Commit();
  CANVASS_ASSIGN_OR_RETURN(int64_t total, db->QueryInt("SELECT count(*) FROM interviews"));
  std::vector<Interview> fresh;
  // Per interview, a dirty one costs a few random page reads; the scan reads every version
  // once. The scan wins when more than about one interview in twelve is dirty.
  if (dirty > 256 && dirty * 12 > total) {
    std::vector<std::string> subjects;
    Stmt q = db->Prepare("SELECT subject FROM fact_dirty");
    while (q.Step()) subjects.push_back(q.Text(0));
    CANVASS_RETURN_IF_ERROR(q.status());
    CANVASS_RETURN_IF_ERROR(ComputeAll(db, dirty == total ? nullptr : &subjects, &fresh));
  } else {
    CANVASS_RETURN_IF_ERROR(ComputeDirty(db, &fresh));
  }
  std::vector<Cached> rows;
  Extract(fresh, kinds, &rows);
  fresh = {};
  CANVASS_RETURN_IF_ERROR(db->Exec("DELETE FROM fact_cache WHERE subject IN (SELECT subject FROM fact_dirty)"));
  Stmt ins = db->Prepare("INSERT INTO fact_cache(subject, conflict, facts) VALUES(?1,?2,?3)");
  for (const Cached& row : rows) {
    ins.Reset();
    ins.Bind(1, row.subject).Bind(2, row.conflict ? 1 : 0);
    ins.BindBlob(3, row.facts);
    CANVASS_RETURN_IF_ERROR(ins.Run());
  }
  CANVASS_RETURN_IF_ERROR(db->Exec("DELETE FROM fact_dirty"));
  if (recomputed) *recomputed = dirty;
  return tx.Commit();
}

Status Read(Db* db, size_t chunk, const std::function<void(std::vector<Cached>&&)>& take) {
  RawQuery q(db, "SELECT subject, conflict, facts FROM fact_cache ORDER BY subject");
  std::vector<Cached> part;
  part.reserve(chunk);
  while (q.Step()) {
    part.push_back(Cached{std::string(q.View(0)), q.Int(1) != 0, std::string(q.Bytes(2))});
    if (part.size() == chunk) {
      take(std::move(part));
      part = std::vector<Cached>();
      part.reserve(chunk);
    }
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  if (!part.empty()) take(std::move(part));
  return Status::Ok();
}

Result<std::string> Verify(Db* db, const FormKinds& kinds) {
  std::vector<Cached> reference, cached;
  {
    std::vector<Interview> all;
    CANVASS_RETURN_IF_ERROR(ComputeAll(db, nullptr, &all));
    Extract(all, kinds, &reference);
  }
  CANVASS_RETURN_IF_ERROR(Read(db, 4096, [&](std::vector<Cached>&& part) {
    for (auto& row : part) cached.push_back(std::move(row));
  }));
  std::unordered_set<std::string> dirty;
  Stmt q = db->Prepare("SELECT subject FROM fact_dirty");
  while (q.Step()) dirty.insert(q.Text(0));
  CANVASS_RETURN_IF_ERROR(q.status());
  auto clean = [&](std::vector<Cached>* v) {
    v->erase(std::remove_if(v->begin(), v->end(), [&](const Cached& row) { return dirty.count(row.subject) > 0; }), v->end());
  };
  clean(&reference);
  clean(&cached);
  auto same = [](const Cached& a, const Cached& b) { return a.conflict == b.conflict && a.facts == b.facts; };
  size_t i = 0, j = 0;
  int64_t differ = 0;
  std::string first;
  while (i < reference.size() || j < cached.size()) {
    if (j == cached.size() || (i < reference.size() && reference[i].subject < cached[j].subject)) {
      if (first.empty()) first = reference[i].subject + " is missing";
      ++differ, ++i;
    } else if (i == reference.size() || cached[j].subject < reference[i].subject) {
      if (first.empty()) first = cached[j].subject + " is not a final interview the assessment reads";
      ++differ, ++j;
    } else {
      if (!same(reference[i], cached[j])) {
        if (first.empty()) first = reference[i].subject + " differs";
        ++differ;
      }
      ++i, ++j;
    }
  }
  if (!differ) return std::string();
  return "the assessment's facts cache disagrees with the interviews for " + std::to_string(differ) +
         " interview(s) (first: " + first + ")";
}

}  // namespace canvass::storage::fact_cache
