// CodingStore, codebook part: the starter codebook overlaid with "code" versions, code edits
// (add, rename, move, merge, import) and memos. Codings: coding_store_codings.cpp.
#include "storage/coding_store.h"

#include <algorithm>
#include <map>
#include <set>

#include "coding/starter_codebook.h"
#include "coding_store_internal.h"
#include "core/crypto_util.h"
#include "db.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;

std::string AnswerTarget(const std::string& interview, const std::string& question) {
  return "answer:" + interview + "/" + question;
}

namespace coding_internal {

Result<std::vector<Head>> Heads(Db* db, const std::string& kind, const std::string& subject) {
  std::vector<Head> out;
  std::string sql =
      "SELECT v.version_id, v.subject, v.field, v.value, v.hlc, v.author FROM heads h "
      "JOIN versions v ON v.version_id = h.version_id WHERE h.kind = ?1"
      // The condition of the partial index versions_kind (schema 11): without it SQLite cannot use it.
      " AND h.kind NOT IN ('answer','status')";
  if (!subject.empty()) sql += " AND h.subject = ?2";
  sql += " ORDER BY v.subject, v.field, v.hlc, v.version_id";
  Stmt q = db->Prepare(sql);
  q.Bind(1, kind);
  if (!subject.empty()) q.Bind(2, subject);
  while (q.Step()) {
    Head h{q.Text(0), q.Text(1), q.Text(2), Value(), q.Text(4), q.Text(5), false};
    auto v = core::ParseJson(q.Text(3), "stored " + kind);
    if (!v.ok()) return v.status();
    h.value = std::move(*v);
    // Several heads of one cell: the latest (by clock, then id) wins; they are a conflict only
    // when their values differ (the same value written apart is agreement, not a conflict).
    if (!out.empty() && out.back().subject == h.subject && out.back().field == h.field) {
      if (!(out.back().value == h.value)) out.back().conflict = true;
      out.back().value = std::move(h.value);
      out.back().id = h.id;
      out.back().hlc = h.hlc;
      out.back().author = h.author;
      continue;
    }
    out.push_back(std::move(h));
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

std::string Str(const Value& v, const char* key) {
  const Value* f = v.is_object() ? v.Find(key) : nullptr;
  return f && f->is_string() ? f->as_string() : std::string();
}

std::string FollowRedirects(const std::map<std::string, std::string>& redirects, std::string guid) {
  for (int hops = 0; hops < 64; ++hops) {
    auto it = redirects.find(guid);
    if (it == redirects.end()) break;
    guid = it->second;
  }
  return guid;
}

}  // namespace coding_internal

using namespace coding_internal;

namespace {

struct CodeState {
  coding::Code code;
  std::string merged_into;
  bool removed = false;
  std::string created;  // first hlc, for a deterministic order of added codes
};

Value CodeValue(const coding::Code& c) {
  return Value(Value::Object{{"name", c.name}, {"parent", c.parent_guid}, {"description", c.description}, {"color", c.color}});
}

}  // namespace

Status CodingStore::Write(const std::string& kind, const std::string& subject, const std::string& field,
                          const Value& value, const std::string& author, const std::string& audit_action,
                          const std::string& audit_detail) {
  return WriteCells(kind, {{subject, field}}, {value}, author, audit_action, audit_detail);
}

// [SECTION] codebook

Result<coding::Codebook> CodingStore::LoadCodebook() {
  Db* db = ws_->db_.get();
  std::map<std::string, CodeState> states;
  std::vector<std::string> order;
  coding::Codebook starter = coding::StarterCodebook();
  for (const coding::Code* c : starter.InTreeOrder()) {
    states[c->guid].code = *c;
    order.push_back(c->guid);
  }
  CANVASS_ASSIGN_OR_RETURN(auto heads, Heads(db, "code", ""));
  // An added code's first clock orders it among the added ones. Looked up per code through the
  // cell index: `versions` has no index by kind, and a scan of it reads every interview's history.
  Stmt first_hlc = db->Prepare("SELECT min(hlc) FROM versions WHERE subject = ?1 AND kind = 'code'");
  std::vector<std::pair<std::string, std::string>> added;  // (first hlc, guid)
  std::map<std::string, std::string> redirects;
  for (const Head& h : heads) {
    auto it = states.find(h.subject);
    if (it == states.end()) {
      it = states.emplace(h.subject, CodeState{}).first;
      it->second.code.guid = h.subject;
      first_hlc.Reset();
      first_hlc.Bind(1, h.subject);
      std::string hlc = first_hlc.Step() ? first_hlc.Text(0) : std::string();
      CANVASS_RETURN_IF_ERROR(first_hlc.status());
      added.emplace_back(hlc, h.subject);
    }
    CodeState& s = it->second;
    if (h.value.is_null()) { s.removed = true; continue; }
    s.code.name = Str(h.value, "name");
    s.code.parent_guid = Str(h.value, "parent");
    s.code.description = Str(h.value, "description");
    s.code.color = Str(h.value, "color");
    s.merged_into = Str(h.value, "merged_into");
    if (!s.merged_into.empty()) redirects[h.subject] = s.merged_into;
  }
  std::sort(added.begin(), added.end());
  for (const auto& a : added) order.push_back(a.second);
  coding::Codebook cb;
  std::set<std::string> placed;
  // Parents first; a parent that is gone or never arrives puts the code at the top level.
  for (int pass = 0; pass < 2; ++pass) {
    bool progress = true;
    while (progress) {
      progress = false;
      for (const std::string& guid : order) {
        CodeState& s = states[guid];
        if (placed.count(guid) || s.removed || !s.merged_into.empty()) continue;
        std::string parent = FollowRedirects(redirects, s.code.parent_guid);
        if (!parent.empty() && !placed.count(parent)) {
          bool alive = states.count(parent) && !states[parent].removed && states[parent].merged_into.empty();
          if (pass == 0 && alive) continue;
          parent.clear();
        }
        std::string color = coding::IsValidColor(s.code.color) ? s.code.color : "";
        std::string name = s.code.name.empty() ? "(unnamed)" : s.code.name;
        auto r = cb.Add(parent, name, s.code.description, color, guid);
        if (!r.ok()) r = cb.Add(parent, name + " (" + guid.substr(0, 4) + ")", s.code.description, color, guid);
        if (!r.ok()) return r.status().WithContext("codebook entry " + guid);
        placed.insert(guid);
        progress = true;
      }
    }
  }
  CANVASS_ASSIGN_OR_RETURN(auto memos, Heads(db, "memo", ""));
  for (const Head& m : memos) {
    if (!m.value.is_string() || m.subject.rfind("answer:", 0) == 0) continue;
    std::string code = FollowRedirects(redirects, m.subject);
    if (!cb.FindByGuid(code)) continue;
    auto r = cb.AddMemo(code, m.field, m.value.as_string(), HlcIso(m.hlc), coding::StableGuid("memo", m.subject + "|" + m.field));
    if (!r.ok()) return r.status();
  }
  return cb;
}

Result<std::string> CodingStore::ResolveCode(const coding::Codebook& cb, const std::string& spec) {
  if (const coding::Code* c = cb.FindByGuid(spec)) return c->guid;
  if (const coding::Code* c = cb.FindByPath(spec)) return c->guid;
  return Status::NotFound("no code \"" + spec.substr(0, 200) + "\" in the codebook (give a GUID or a name path such as "
                          "\"Labor trafficking/Agriculture\"); see `canvass-cli codebook list`");
}

Result<std::string> CodingStore::AddCode(const std::string& parent, const std::string& name, const std::string& description,
                                         const std::string& color, const std::string& author) {
  CANVASS_ASSIGN_OR_RETURN(coding::Codebook cb, LoadCodebook());
  std::string parent_guid;
  if (!parent.empty()) { CANVASS_ASSIGN_OR_RETURN(parent_guid, ResolveCode(cb, parent)); }
  CANVASS_ASSIGN_OR_RETURN(std::string guid, cb.Add(parent_guid, name, description, color));
  CANVASS_RETURN_IF_ERROR(Write("code", guid, "", CodeValue(*cb.FindByGuid(guid)), author, "code.add", guid));
  return guid;
}

Status CodingStore::RenameCode(const std::string& code, const std::string& new_name, const std::string& author) {
  CANVASS_ASSIGN_OR_RETURN(coding::Codebook cb, LoadCodebook());
  CANVASS_ASSIGN_OR_RETURN(std::string guid, ResolveCode(cb, code));
  CANVASS_RETURN_IF_ERROR(cb.Rename(guid, new_name));
  return Write("code", guid, "", CodeValue(*cb.FindByGuid(guid)), author, "code.rename", guid);
}

Status CodingStore::MoveCode(const std::string& code, const std::string& new_parent, const std::string& author) {
  CANVASS_ASSIGN_OR_RETURN(coding::Codebook cb, LoadCodebook());
  CANVASS_ASSIGN_OR_RETURN(std::string guid, ResolveCode(cb, code));
  std::string parent_guid;
  if (!new_parent.empty()) { CANVASS_ASSIGN_OR_RETURN(parent_guid, ResolveCode(cb, new_parent)); }
  CANVASS_RETURN_IF_ERROR(cb.Move(guid, parent_guid));
  return Write("code", guid, "", CodeValue(*cb.FindByGuid(guid)), author, "code.move", guid);
}

Status CodingStore::MergeCodes(const std::string& into, const std::string& from, const std::string& author) {
  CANVASS_ASSIGN_OR_RETURN(coding::Codebook cb, LoadCodebook());
  CANVASS_ASSIGN_OR_RETURN(std::string into_guid, ResolveCode(cb, into));
  CANVASS_ASSIGN_OR_RETURN(std::string from_guid, ResolveCode(cb, from));
  coding::Code old = *cb.FindByGuid(from_guid);
  CANVASS_RETURN_IF_ERROR(cb.Merge(into_guid, from_guid, nullptr));
  Value v = CodeValue(old);
  v.mutable_object()["merged_into"] = into_guid;
  return Write("code", from_guid, "", v, author, "code.merge", from_guid + " into " + into_guid);
}

Result<std::vector<std::tuple<std::string, std::string, std::string>>> CodingStore::ListMergedCodes() {
  CANVASS_ASSIGN_OR_RETURN(auto heads, Heads(ws_->db_.get(), "code", ""));
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  for (const Head& h : heads)
    if (h.value.is_object() && !Str(h.value, "merged_into").empty())
      out.emplace_back(h.subject, Str(h.value, "name"), Str(h.value, "merged_into"));
  return out;
}

Status CodingStore::SplitMergedCode(const std::string& from, const std::string& author) {
  CANVASS_ASSIGN_OR_RETURN(auto merged, ListMergedCodes());
  std::string guid;
  for (const auto& [g, name, into] : merged)
    if (g == from || (name == from && guid.empty())) guid = g;
  if (guid.empty()) return Status::NotFound("no merged code "" + from.substr(0, 200) + "" (see the audit's code.merge entries)");
  CANVASS_ASSIGN_OR_RETURN(auto heads, Heads(ws_->db_.get(), "code", guid));
  Value v = heads.back().value;
  v.mutable_object().erase("merged_into");
  CANVASS_ASSIGN_OR_RETURN(coding::Codebook cb, LoadCodebook());
  std::string parent = Str(v, "parent");
  if (!parent.empty() && !cb.FindByGuid(parent)) parent = "";  // its parent is gone: the top level
  for (const coding::Code* sib : cb.Children(parent))
    if (sib->name == Str(v, "name"))
      return Status::AlreadyExists("\"" + cb.PathOf(sib->guid) + "\" exists now; rename it before splitting the merged code back");
  v.mutable_object()["parent"] = parent;
  return Write("code", guid, "", v, author, "code.split", guid);
}

Result<int> CodingStore::ImportCodebook(const coding::Codebook& in, const std::string& author) {
  CANVASS_ASSIGN_OR_RETURN(coding::Codebook cb, LoadCodebook());
  std::map<std::string, std::string> mapped;  // incoming GUID -> GUID here
  int added = 0;
  for (const coding::Code* c : in.InTreeOrder()) {
    std::string parent = c->parent_guid.empty() ? "" : mapped[c->parent_guid];
    if (cb.FindByGuid(c->guid)) { mapped[c->guid] = c->guid; continue; }
    const coding::Code* same = nullptr;
    for (const coding::Code* sib : cb.Children(parent))
      if (sib->name == c->name) same = sib;
    if (same) { mapped[c->guid] = same->guid; continue; }
    CANVASS_ASSIGN_OR_RETURN(std::string guid, cb.Add(parent, c->name, c->description, c->color, c->guid));
    CANVASS_RETURN_IF_ERROR(Write("code", guid, "", CodeValue(*cb.FindByGuid(guid)), author, "code.import", guid));
    mapped[c->guid] = guid;
    ++added;
  }
  for (const coding::Memo& m : in.memos()) {
    auto it = mapped.find(m.code_guid);
    if (it == mapped.end() || m.text.empty()) continue;
    CANVASS_ASSIGN_OR_RETURN(auto existing, ListMemos(it->second));
    bool known = false;
    std::string text = m.text;
    for (const MemoRecord& e : existing) {
      if (e.coder != (m.author.empty() ? author : m.author)) continue;
      if (e.text.find(m.text) != std::string::npos) known = true;
      else text = e.text + "\n\n" + m.text;
    }
    if (!known) CANVASS_RETURN_IF_ERROR(SetMemo(it->second, m.author.empty() ? author : m.author, text));
  }
  return added;
}

// [SECTION] memos

Status CodingStore::SetMemo(const std::string& target, const std::string& coder, const std::string& text) {
  if (target.rfind("answer:", 0) != 0) {
    CANVASS_ASSIGN_OR_RETURN(coding::Codebook cb, LoadCodebook());
    if (!cb.FindByGuid(target)) return Status::NotFound("no code " + target + " for the memo; see `canvass-cli codebook list`");
  }
  if (text.size() > 100000) return Status::InvalidArgument("a memo is limited to 100,000 bytes");
  return Write("memo", target, coder, text.empty() ? Value() : Value(text), coder, "memo.set", target);
}

Result<std::vector<MemoRecord>> CodingStore::ListMemos(const std::string& target) {
  CANVASS_ASSIGN_OR_RETURN(auto heads, Heads(ws_->db_.get(), "memo", target));
  std::vector<MemoRecord> out;
  for (const Head& h : heads)
    if (h.value.is_string()) out.push_back({h.subject, h.field, h.value.as_string(), HlcIso(h.hlc)});
  return out;
}

}  // namespace canvass::storage
