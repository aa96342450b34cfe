// CodingStore, coding sets and workbench helpers: named sets of answers (kind "coding_set"),
// their per-coder progress, code details (description, color), cheap reads for the queue.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "coding/text_span.h"
#include "coding_store_internal.h"
#include "core/crypto_util.h"
#include "db.h"
#include "head_scan.h"
#include "storage/coding_store.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;
using namespace coding_internal;

namespace {

constexpr const char* kSetKind = "coding_set";
constexpr const char* kMemberPrefix = "a:";

}  // namespace

Status CodingStore::WriteCells(const std::string& kind, const std::vector<std::pair<std::string, std::string>>& cells,
                               const std::vector<Value>& values, const std::string& author,
                               const std::string& audit_action, const std::string& audit_detail) {
  if (author.empty() || author.size() > 200) return Status::InvalidArgument("the coder name must be 1 to 200 characters");
  Workspace& ws = *ws_;
  Transaction tx(ws.db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  int written = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    const auto& [subject, field] = cells[i];
    if (subject.size() > 128 || field.size() > 128) return Status::InvalidArgument("an id is longer than 128 characters: " + field.substr(0, 60));
    CANVASS_ASSIGN_OR_RETURN(auto heads, ws.CellHeads(kind, subject, field));
    const Value& value = values[i];
    // Nothing changes when every head already holds the value (equal heads written apart stay).
    if (!heads.empty() && std::all_of(heads.begin(), heads.end(), [&](const Version& h) { return h.value == value; })) continue;
    if (heads.empty() && value.is_null()) continue;
    Version v;
    v.kind = kind;
    v.subject = subject;
    v.field = field;
    v.value = value;
    v.device_id = ws.info_.device_id;
    v.author = author;
    for (const auto& h : heads) v.parents.push_back(h.id);
    std::sort(v.parents.begin(), v.parents.end());
    v.hlc = ws.NextHlc();
    v.id = ComputeVersionId(v);
    bool inserted = false;
    CANVASS_RETURN_IF_ERROR(ws.InsertVersion(v, &inserted));
    ++written;
  }
  if (written == 0) return Status::Ok();  // nothing changed: no audit entry either (rolled back)
  CANVASS_RETURN_IF_ERROR(ws.PersistHlc());
  if (!audit_action.empty()) CANVASS_RETURN_IF_ERROR(ws.AppendAuditLocked(audit_action, audit_detail + " by " + author));
  return tx.Commit();
}

// [SECTION] coding sets

Result<std::vector<CodingSet>> CodingStore::ListCodingSets() {
  CANVASS_ASSIGN_OR_RETURN(auto heads, Heads(ws_->db_.get(), kSetKind, ""));
  std::map<std::string, CodingSet> sets;
  std::set<std::string> removed;
  for (const Head& h : heads) {
    if (h.field.empty()) {
      if (!h.value.is_object()) { removed.insert(h.subject); continue; }
      CodingSet& s = sets[h.subject];
      s.id = h.subject;
      s.name = Str(h.value, "name");
      s.created_by = Str(h.value, "created_by");
    } else if (h.field.rfind(kMemberPrefix, 0) == 0 && h.value == Value(true)) {
      sets[h.subject].answers.push_back(h.field.substr(2));
    }
  }
  std::vector<CodingSet> out;
  for (auto& [id, s] : sets) {
    if (removed.count(id) || s.id.empty()) continue;  // members whose header never arrived stay hidden
    std::sort(s.answers.begin(), s.answers.end());
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const CodingSet& a, const CodingSet& b) { return std::tie(a.name, a.id) < std::tie(b.name, b.id); });
  return out;
}

Result<CodingSet> CodingStore::GetCodingSet(const std::string& spec) {
  CANVASS_ASSIGN_OR_RETURN(auto sets, ListCodingSets());
  for (auto& s : sets)
    if (s.id == spec) return s;
  const CodingSet* found = nullptr;
  for (const auto& s : sets) {
    if (s.name != spec) continue;
    if (found) return Status::InvalidArgument("several coding sets are named \"" + spec.substr(0, 100) + "\"; use the set's GUID");
    found = &s;
  }
  if (!found) return Status::NotFound("no coding set \"" + spec.substr(0, 100) + "\"; see `canvass-cli coding-set list`");
  return *found;
}

Result<std::string> CodingStore::AddCodingSet(const std::string& name, const std::string& author) {
  if (name.empty() || name.size() > 200 || name.find('\n') != std::string::npos)
    return Status::InvalidArgument("a coding set name must be one line of 1 to 200 characters");
  CANVASS_ASSIGN_OR_RETURN(auto sets, ListCodingSets());
  for (const auto& s : sets)
    if (s.name == name) return Status::InvalidArgument("a coding set named \"" + name + "\" already exists (" + s.id + ")");
  std::string id = core::NewUuid();
  CANVASS_RETURN_IF_ERROR(WriteCells(kSetKind, {{id, ""}}, {Value(Value::Object{{"name", name}, {"created_by", author}})},
                                     author, "coding_set.add", id));
  return id;
}

Result<int> CodingStore::AddToCodingSet(const std::string& set, const std::vector<std::string>& answer_ids,
                                        const std::string& author) {
  CANVASS_ASSIGN_OR_RETURN(CodingSet s, GetCodingSet(set));
  CANVASS_ASSIGN_OR_RETURN(auto open, OpenAnswersBulk());
  std::set<std::string> known;
  for (const auto& a : open) known.insert(a.id());
  std::set<std::string> current(s.answers.begin(), s.answers.end());
  std::vector<std::pair<std::string, std::string>> cells;
  std::set<std::string> seen;
  for (const auto& id : answer_ids) {
    if (!known.count(id))
      return Status::NotFound("answer " + id.substr(0, 100) + " is not an open-text answer of this workspace; see `canvass-cli code answers`");
    if (current.count(id) || !seen.insert(id).second) continue;
    cells.emplace_back(s.id, kMemberPrefix + id);
  }
  if (cells.empty()) return 0;
  CANVASS_RETURN_IF_ERROR(WriteCells(kSetKind, cells, std::vector<Value>(cells.size(), Value(true)), author, "coding_set.add_answers",
                                     s.id + " +" + std::to_string(cells.size())));
  return static_cast<int>(cells.size());
}

Result<int> CodingStore::RemoveFromCodingSet(const std::string& set, const std::vector<std::string>& answer_ids,
                                             const std::string& author) {
  CANVASS_ASSIGN_OR_RETURN(CodingSet s, GetCodingSet(set));
  std::set<std::string> current(s.answers.begin(), s.answers.end());
  std::vector<std::pair<std::string, std::string>> cells;
  for (const auto& id : std::set<std::string>(answer_ids.begin(), answer_ids.end()))
    if (current.count(id)) cells.emplace_back(s.id, kMemberPrefix + id);
  if (cells.empty()) return 0;
  CANVASS_RETURN_IF_ERROR(WriteCells(kSetKind, cells, std::vector<Value>(cells.size(), Value()), author,
                                     "coding_set.remove_answers", s.id + " -" + std::to_string(cells.size())));
  return static_cast<int>(cells.size());
}

Status CodingStore::RenameCodingSet(const std::string& set, const std::string& new_name, const std::string& author) {
  if (new_name.empty() || new_name.size() > 200 || new_name.find('\n') != std::string::npos)
    return Status::InvalidArgument("a coding set name must be one line of 1 to 200 characters");
  CANVASS_ASSIGN_OR_RETURN(CodingSet s, GetCodingSet(set));
  CANVASS_ASSIGN_OR_RETURN(auto sets, ListCodingSets());
  for (const auto& other : sets)
    if (other.name == new_name && other.id != s.id)
      return Status::InvalidArgument("a coding set named \"" + new_name + "\" already exists (" + other.id + ")");
  return WriteCells(kSetKind, {{s.id, ""}}, {Value(Value::Object{{"name", new_name}, {"created_by", s.created_by}})}, author,
                    "coding_set.rename", s.id);
}

Status CodingStore::DeleteCodingSet(const std::string& set, const std::string& author) {
  CANVASS_ASSIGN_OR_RETURN(CodingSet s, GetCodingSet(set));
  return WriteCells(kSetKind, {{s.id, ""}}, {Value()}, author, "coding_set.delete", s.id);
}

Result<std::vector<CodingSetProgress>> CodingStore::SetProgress(const CodingSet& set, const std::vector<std::string>& coders) {
  CANVASS_ASSIGN_OR_RETURN(auto marks, Heads(ws_->db_.get(), "coded", ""));
  std::set<std::string> members;
  for (const auto& a : set.answers) members.insert("answer:" + a);
  std::map<std::string, int> done;
  for (const auto& c : coders) done[c];
  for (const Head& h : marks)
    if (h.value == Value(true) && members.count(h.subject)) ++done[h.field];
  std::vector<CodingSetProgress> out;
  for (const auto& [coder, n] : done) out.push_back({coder, n, static_cast<int>(set.answers.size())});
  return out;
}

// [SECTION] code details and cheap reads

Status CodingStore::SetCodeDetails(const std::string& code, const std::string& description, const std::string& color,
                                   const std::string& author) {
  if (!color.empty() && !coding::IsValidColor(color)) return Status::InvalidArgument("color \"" + color.substr(0, 20) + "\" is not #RRGGBB");
  if (description.size() > 100000) return Status::InvalidArgument("a code description is limited to 100,000 bytes");
  CANVASS_ASSIGN_OR_RETURN(coding::Codebook cb, LoadCodebook());
  CANVASS_ASSIGN_OR_RETURN(std::string guid, ResolveCode(cb, code));
  const coding::Code& c = *cb.FindByGuid(guid);
  Value v(Value::Object{{"name", c.name}, {"parent", c.parent_guid}, {"description", description}, {"color", color}});
  return WriteCells("code", {{guid, ""}}, {v}, author, "code.edit", guid);
}

Result<std::vector<CodingRecord>> CodingStore::ListCodingsAsStored() {
  CANVASS_ASSIGN_OR_RETURN(auto heads, Heads(ws_->db_.get(), "coding", ""));
  CANVASS_ASSIGN_OR_RETURN(auto redirects, CodeRedirects(ws_->db_.get()));
  std::vector<CodingRecord> out;
  for (const Head& h : heads) {
    CodingRecord r;
    if (CodingFromHead(h, redirects, &r)) out.push_back(std::move(r));
  }
  return out;
}

// One sequential pass over `versions` (head_scan.h) instead of a join through `heads` per cell:
// at 100,000 interviews the join visited encrypted pages in random order (79 s, 731 MB with
// every answer parsed). Only the cells the queue shows or filters by are kept: top-level open
// text, area questions and trafficking_forms. The same rules as OpenAnswers: a status is final
// or draft when its heads agree, a cell whose heads hold different values is left out, and
// interviews come in ListInterviews' order (created_hlc, uuid).
Result<std::vector<OpenAnswer>> CodingStore::OpenAnswersBulk() {
  Db* db = ws_->db_.get();
  struct Cell { Value value; bool conflict = false; };
  struct Entry {
    InterviewHeader header;
    std::vector<std::string> statuses;  // distinct stored values of the status heads
    std::map<std::string, Cell> cells;
    const forms::Form* form = nullptr;
  };
  std::map<std::pair<std::string, int>, std::unique_ptr<forms::Form>> forms_cache;
  std::set<std::string> needed;  // question ids the queue reads, over every form in use
  std::vector<Entry> entries;
  std::unordered_map<std::string, size_t> by_uuid;
  {
    RawQuery q(db, "SELECT uuid, form_id, form_version, device_id, interviewer, respondent_role, language, created_hlc "
                   "FROM interviews ORDER BY created_hlc, uuid");
    while (q.Step()) {
      Entry e;
      e.header = {std::string(q.View(0)), std::string(q.View(1)), static_cast<int>(q.Int(2)), std::string(q.View(3)),
                  std::string(q.View(4)), std::string(q.View(5)), std::string(q.View(6)), std::string(q.View(7))};
      by_uuid.emplace(e.header.uuid, entries.size());
      entries.push_back(std::move(e));
    }
    CANVASS_RETURN_IF_ERROR(q.status());
  }
  for (Entry& e : entries) {
    auto key = std::make_pair(e.header.form_id, e.header.form_version);
    auto it = forms_cache.find(key);
    if (it == forms_cache.end()) {
      CANVASS_ASSIGN_OR_RETURN(forms::Form f, ws_->GetForm(key.first, key.second));
      it = forms_cache.emplace(key, std::make_unique<forms::Form>(std::move(f))).first;
      for (const forms::Question* q : it->second->TopLevelQuestions())
        if (q->is_open_text() || q->type == forms::QuestionType::kArea || q->type == forms::QuestionType::kAreas ||
            q->id == "trafficking_forms")
          needed.insert(q->id);
    }
    e.form = it->second.get();
  }
  std::string fields;
  for (const std::string& f : needed) {
    if (f.find('\'') != std::string::npos) continue;  // form ids are validated; never quoted into SQL
    fields += (fields.empty() ? "'" : ",'") + f + "'";
  }
  CANVASS_RETURN_IF_ERROR(ScanHeads(
      db, "kind = 'status'" + (fields.empty() ? std::string() : " OR (kind = 'answer' AND field IN (" + fields + "))"),
      [&](std::string_view subject) -> Entry* {
        auto it = by_uuid.find(std::string(subject));
        return it == by_uuid.end() ? nullptr : &entries[it->second];
      },
      [](Entry& e, const HeadRow& row) -> Status {
        if (row.kind == "status") {
          if (std::find(e.statuses.begin(), e.statuses.end(), row.value) == e.statuses.end())
            e.statuses.emplace_back(row.value);
          return Status::Ok();
        }
        CANVASS_ASSIGN_OR_RETURN(Value v, core::ParseJson(row.value, "stored answer"));
        std::string field(row.field);
        auto it = e.cells.find(field);
        if (it == e.cells.end()) e.cells.emplace(std::move(field), Cell{std::move(v), false});
        else if (!(it->second.value == v)) it->second.conflict = true;
        return Status::Ok();
      }));
  CANVASS_ASSIGN_OR_RETURN(auto marks, Heads(db, "coded", ""));
  std::map<std::string, std::vector<std::string>> done;
  for (const Head& h : marks)
    if (h.value == Value(true)) done[h.subject].push_back(h.field);
  std::vector<OpenAnswer> out;
  for (const Entry& e : entries) {
    std::string status = e.statuses.size() != 1           ? "conflict"
                         : e.statuses[0] == "\"final\"" ? "final"
                         : e.statuses[0] == "\"draft\"" ? "draft"
                                                         : "conflict";
    std::vector<std::pair<std::string, const Value*>> answers;
    for (const auto& [qid, cell] : e.cells)
      if (!cell.conflict) answers.emplace_back(qid, &cell.value);
    std::vector<std::string> areas, trafficking;
    ExtractFacts(ws_, *e.form, answers, &areas, &trafficking, nullptr);
    const auto& cells = e.cells;
    auto current = [&cells](const std::string& qid) -> const Value* {
      auto it = cells.find(qid);
      return it == cells.end() || it->second.conflict ? nullptr : &it->second.value;
    };
    AppendOpenAnswers(e.header, status, *e.form, current, areas, trafficking, done, &out);
  }
  return out;
}

Result<int64_t> CodingStore::ChangeStamp() {
  // Versions only grow, except on a field laptop's purge (PR-3), which deletes some and lets
  // SQLite reuse their rowids: the number of purged interviews in the high bits keeps the stamp
  // rising, so a stamp never comes back to an earlier value with other content.
  return ws_->db_->QueryInt(
      "SELECT coalesce((SELECT max(rowid) FROM versions), 0) + ((SELECT count(*) FROM purged) << 40)");
}

}  // namespace canvass::storage
