// Codebook: code tree operations (add, find, rename, move, merge) and memos.
#include "coding/codebook.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "core/crypto_util.h"

namespace canvass::coding {

using core::Result;
using core::Status;

namespace {

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

Status CheckName(const std::string& name) {
  if (name.empty()) return Status::InvalidArgument("code name is empty; give the code a name");
  if (name.find('/') != std::string::npos) {
    return Status::InvalidArgument("code name '" + name +
                                   "' contains '/', which separates name paths; use another character");
  }
  return Status::Ok();
}

}  // namespace

std::string StableGuid(std::string_view kind, std::string_view key) {
  (void)core::InitCrypto();
  std::string input = "canvass:";
  input.append(kind).append(":").append(key);
  std::string hex = core::Sha256Hex(input).substr(0, 32);
  hex[12] = '8';  // version 8 (custom, RFC 9562)
  static const char kVariant[] = "89ab";
  hex[16] = kVariant[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];  // RFC 4122 variant
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

bool IsValidColor(std::string_view color) {
  if (color.size() != 4 && color.size() != 7) return false;
  if (color[0] != '#') return false;
  return std::all_of(color.begin() + 1, color.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

Code* Codebook::Mutable(std::string_view guid) {
  for (auto& c : codes_)
    if (c.guid == guid) return &c;
  return nullptr;
}

const Code* Codebook::FindByGuid(std::string_view guid) const {
  for (const auto& c : codes_)
    if (c.guid == guid) return &c;
  return nullptr;
}

Status Codebook::CheckSiblingName(const std::string& parent, const std::string& name,
                                  const std::string& except_guid) const {
  for (const auto& c : codes_) {
    if (c.parent_guid == parent && c.name == name && c.guid != except_guid) {
      std::string where = parent.empty() ? "at the top level" : "under '" + PathOf(parent) + "'";
      return Status::AlreadyExists("a code named '" + name + "' already exists " + where);
    }
  }
  return Status::Ok();
}

Result<std::string> Codebook::Add(const std::string& parent_guid, const std::string& raw_name,
                                  const std::string& description, const std::string& color,
                                  const std::string& guid) {
  std::string name = Trim(raw_name);
  CANVASS_RETURN_IF_ERROR(CheckName(name));
  if (!parent_guid.empty() && !FindByGuid(parent_guid))
    return Status::NotFound("parent code " + parent_guid + " not found for '" + name + "'");
  if (!color.empty() && !IsValidColor(color))
    return Status::InvalidArgument("color '" + color + "' of code '" + name + "' is not #RRGGBB");
  CANVASS_RETURN_IF_ERROR(CheckSiblingName(parent_guid, name, ""));
  std::string path = parent_guid.empty() ? name : PathOf(parent_guid) + "/" + name;
  std::string id = guid;
  if (id.empty()) {
    // A renamed or moved code keeps the GUID of its old path; a new code at that path
    // then takes the next free derivation ("path#2", ...), still deterministic.
    id = StableGuid("code", path);
    for (int n = 2; FindByGuid(id); ++n) id = StableGuid("code", path + "#" + std::to_string(n));
  } else {
    std::transform(id.begin(), id.end(), id.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (id.size() == 38 && id.front() == '{' && id.back() == '}') id = id.substr(1, 36);
    if (!core::IsUuid(id)) return Status::InvalidArgument("GUID '" + guid + "' of code '" + path + "' is not a UUID");
  }
  if (FindByGuid(id)) return Status::AlreadyExists("GUID " + id + " is already used (code '" + path + "')");
  codes_.push_back(Code{id, name, description, color, parent_guid});
  return id;
}

const Code* Codebook::FindByPath(std::string_view path) const {
  std::string parent;
  const Code* found = nullptr;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string part = Trim(path.substr(pos, slash - pos));
    found = nullptr;
    for (const auto& c : codes_) {
      if (c.parent_guid == parent && c.name == part) {
        found = &c;
        break;
      }
    }
    if (!found) return nullptr;
    parent = found->guid;
    pos = slash + 1;
  }
  return found;
}

std::string Codebook::PathOf(std::string_view guid) const {
  std::string path;
  const Code* c = FindByGuid(guid);
  for (size_t depth = 0; c && depth <= codes_.size(); ++depth) {
    path = path.empty() ? c->name : c->name + "/" + path;
    c = c->parent_guid.empty() ? nullptr : FindByGuid(c->parent_guid);
  }
  return path;
}

std::vector<const Code*> Codebook::Children(std::string_view parent_guid) const {
  std::vector<const Code*> out;
  for (const auto& c : codes_)
    if (c.parent_guid == parent_guid) out.push_back(&c);
  return out;
}

std::vector<const Code*> Codebook::InTreeOrder() const {
  std::vector<const Code*> out;
  std::vector<const Code*> stack;
  auto push_children = [&](std::string_view parent) {
    auto kids = Children(parent);
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(*it);
  };
  push_children("");
  while (!stack.empty()) {
    const Code* c = stack.back();
    stack.pop_back();
    out.push_back(c);
    push_children(c->guid);
  }
  return out;
}

bool Codebook::IsDescendant(std::string_view guid, std::string_view ancestor) const {
  const Code* c = FindByGuid(guid);
  for (size_t depth = 0; c && depth <= codes_.size(); ++depth) {
    if (c->guid == ancestor) return true;
    c = c->parent_guid.empty() ? nullptr : FindByGuid(c->parent_guid);
  }
  return false;
}

Status Codebook::Rename(const std::string& guid, const std::string& raw_name) {
  Code* c = Mutable(guid);
  if (!c) return Status::NotFound("code " + guid + " not found (rename)");
  std::string name = Trim(raw_name);
  CANVASS_RETURN_IF_ERROR(CheckName(name));
  CANVASS_RETURN_IF_ERROR(CheckSiblingName(c->parent_guid, name, guid));
  c->name = name;
  return Status::Ok();
}

Status Codebook::SetDescription(const std::string& guid, const std::string& description) {
  Code* c = Mutable(guid);
  if (!c) return Status::NotFound("code " + guid + " not found (description)");
  c->description = description;
  return Status::Ok();
}

Status Codebook::SetColor(const std::string& guid, const std::string& color) {
  Code* c = Mutable(guid);
  if (!c) return Status::NotFound("code " + guid + " not found (color)");
  if (!color.empty() && !IsValidColor(color))
    return Status::InvalidArgument("color '" + color + "' is not #RRGGBB");
  c->color = color;
  return Status::Ok();
}

Status Codebook::Move(const std::string& guid, const std::string& new_parent) {
  Code* c = Mutable(guid);
  if (!c) return Status::NotFound("code " + guid + " not found (move)");
  if (!new_parent.empty()) {
    if (!FindByGuid(new_parent)) return Status::NotFound("new parent " + new_parent + " not found");
    if (IsDescendant(new_parent, guid))
      return Status::InvalidArgument("cannot move '" + PathOf(guid) + "' below itself");
  }
  CANVASS_RETURN_IF_ERROR(CheckSiblingName(new_parent, c->name, guid));
  c->parent_guid = new_parent;
  return Status::Ok();
}

Status Codebook::Merge(const std::string& into, const std::string& from,
                       std::vector<Coding>* codings) {
  if (into == from) return Status::InvalidArgument("cannot merge code " + into + " into itself");
  if (!FindByGuid(into)) return Status::NotFound("merge target code " + into + " not found");
  if (!FindByGuid(from)) return Status::NotFound("merged code " + from + " not found");
  if (IsDescendant(into, from))
    return Status::InvalidArgument("cannot merge '" + PathOf(from) + "' into its own sub-code '" +
                                   PathOf(into) + "'");
  for (const Code* child : Children(from)) {
    CANVASS_RETURN_IF_ERROR(CheckSiblingName(into, child->name, child->guid)
                                .WithContext("merge would give '" + PathOf(into) + "' two children named '" + child->name + "'"));
  }
  for (auto& c : codes_)
    if (c.parent_guid == from) c.parent_guid = into;
  for (auto& m : memos_)
    if (m.code_guid == from) m.code_guid = into;
  codes_.erase(std::remove_if(codes_.begin(), codes_.end(),
                              [&](const Code& c) { return c.guid == from; }),
               codes_.end());
  if (!codings) return Status::Ok();
  std::vector<Coding> out;
  out.reserve(codings->size());
  std::set<std::tuple<std::string, int64_t, int64_t, std::string, std::string>> seen;
  for (Coding c : *codings) {
    if (c.code_guid == from) c.code_guid = into;
    if (seen.emplace(c.answer_id, c.start, c.end, c.code_guid, c.coder).second)
      out.push_back(std::move(c));
  }
  *codings = std::move(out);
  return Status::Ok();
}

Result<std::string> Codebook::AddMemo(const std::string& code_guid, const std::string& author,
                                      const std::string& text, const std::string& created,
                                      const std::string& guid) {
  if (!FindByGuid(code_guid)) return Status::NotFound("memo's code " + code_guid + " not found");
  std::string id = guid.empty() ? StableGuid("memo", code_guid + "\n" + author + "\n" + created +
                                                         "\n" + std::to_string(memos_.size()))
                                : guid;
  for (const auto& m : memos_)
    if (m.guid == id) return Status::AlreadyExists("memo GUID " + id + " is already used");
  memos_.push_back(Memo{id, code_guid, author, text, created});
  return id;
}

std::vector<const Memo*> Codebook::MemosFor(std::string_view code_guid) const {
  std::vector<const Memo*> out;
  for (const auto& m : memos_)
    if (m.code_guid == code_guid) out.push_back(&m);
  return out;
}

}  // namespace canvass::coding
