// Reading and writing version rows: the column list, parents as text, and a row decoder.
#pragma once

#include <string>
#include <vector>

#include "db.h"
#include "storage/types.h"

namespace canvass::storage {

// Columns of a version row, in the order ReadVersionRow expects (table alias "v").
inline const char* kVersionCols =
    "v.version_id, v.kind, v.subject, v.field, v.value, v.hlc, v.device_id, v.author, v.note, v.parents";

// Parents are stored as their sorted ids joined with commas.
inline std::string JoinParents(const std::vector<std::string>& ps) {
  std::string out;
  for (const auto& p : ps) {
    if (!out.empty()) out.push_back(',');
    out += p;
  }
  return out;
}
inline std::vector<std::string> SplitParents(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i + 64 <= s.size(); i += 65) out.push_back(s.substr(i, 64));
  return out;
}

// Decodes kVersionCols starting at column c (a stored value that does not parse stays null).
inline Version ReadVersionRow(const Stmt& q, int c) {
  Version v;
  v.id = q.Text(c);
  v.kind = q.Text(c + 1);
  v.subject = q.Text(c + 2);
  v.field = q.Text(c + 3);
  auto val = core::ParseJson(q.Text(c + 4), "stored value");
  if (val.ok()) v.value = *val;
  v.hlc = q.Text(c + 5);
  v.device_id = q.Text(c + 6);
  v.author = q.Text(c + 7);
  v.note = q.Text(c + 8);
  v.parents = SplitParents(q.Text(c + 9));
  return v;
}

}  // namespace canvass::storage
