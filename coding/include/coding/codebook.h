// Codebook: a tree of codes (themes) with stable GUIDs, and memos on codes.
//
// A Codebook is a plain value that owns its codes and memos. Mutate it from one thread
// at a time; const methods may run concurrently. Pointers returned by Find* stay valid
// until the next mutation. Names are unique among siblings and may not contain '/', so
// a name path such as "Labor trafficking/Agriculture" identifies at most one code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "coding/coding.h"
#include "core/status.h"

namespace canvass::coding {

struct Code {
  std::string guid;         // lower-case 8-4-4-4-12; never changes on rename or move
  std::string name;
  std::string description;  // inclusion / exclusion notes
  std::string color;        // "#RRGGBB" or empty
  std::string parent_guid;  // empty for a top-level code
};

struct Memo {
  std::string guid;
  std::string code_guid;  // the code the memo is about
  std::string author;     // coder id
  std::string text;
  std::string created;    // ISO 8601 UTC; may be empty
};

// Name-based UUID (RFC 9562 version 8 layout over SHA-256 of "canvass:<kind>:<key>"):
// the same kind and key always give the same GUID. Calls core::InitCrypto() itself.
std::string StableGuid(std::string_view kind, std::string_view key);

class Codebook {
 public:
  // Adds a code under `parent_guid` ("" = top level) and returns its GUID. With an empty
  // `guid` the GUID is StableGuid("code", <name path>), so re-creating a codebook from the
  // same paths gives the same GUIDs. Fails on an empty/duplicate name, '/' in the name,
  // a bad color, an unknown parent or a GUID already in use.
  core::Result<std::string> Add(const std::string& parent_guid, const std::string& name,
                                const std::string& description = "",
                                const std::string& color = "", const std::string& guid = "");

  const Code* FindByGuid(std::string_view guid) const;
  // "A/B/C" from the top level; surrounding spaces of each part are ignored.
  const Code* FindByPath(std::string_view path) const;
  std::string PathOf(std::string_view guid) const;  // "" when unknown
  std::vector<const Code*> Children(std::string_view parent_guid) const;
  // Every code, each parent before its children, siblings in insertion order.
  std::vector<const Code*> InTreeOrder() const;
  size_t size() const { return codes_.size(); }

  core::Status Rename(const std::string& guid, const std::string& new_name);
  core::Status SetDescription(const std::string& guid, const std::string& description);
  core::Status SetColor(const std::string& guid, const std::string& color);
  // Re-parents a code ("" = top level); refuses to move a code below itself.
  core::Status Move(const std::string& guid, const std::string& new_parent_guid);
  // Merges code `from` into `into`: `from`'s children and memos move to `into`, codings
  // of `from` in `*codings` (may be null) are re-pointed to `into` (exact duplicates are
  // dropped), and `from` is removed. `into` may not lie below `from`.
  core::Status Merge(const std::string& into, const std::string& from,
                     std::vector<Coding>* codings);

  core::Result<std::string> AddMemo(const std::string& code_guid, const std::string& author,
                                    const std::string& text, const std::string& created,
                                    const std::string& guid = "");
  const std::vector<Memo>& memos() const { return memos_; }
  std::vector<const Memo*> MemosFor(std::string_view code_guid) const;

 private:
  Code* Mutable(std::string_view guid);
  bool IsDescendant(std::string_view guid, std::string_view ancestor) const;
  core::Status CheckSiblingName(const std::string& parent, const std::string& name,
                                const std::string& except_guid) const;

  std::vector<Code> codes_;
  std::vector<Memo> memos_;
};

// True for "#RGB" and "#RRGGBB" (the REFI-QDA RGBType).
bool IsValidColor(std::string_view color);

}  // namespace canvass::coding
