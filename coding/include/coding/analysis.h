// Analysis over codings, for the researcher's tools (retrieval, frequencies, co-occurrence,
// text search): pure functions over plain values; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "coding/codebook.h"
#include "coding/coding.h"

namespace canvass::coding {

// `code` and every code below it in the tree.
std::set<std::string> CodeAndDescendants(const Codebook& book, const std::string& code);

// Per code (tree order): answers and interviews where the code applies, and the same counted for
// the code together with all its descendants (a parent's total counts an answer once however many
// of its children apply). `applied` holds (answer id, code GUID) pairs (AppliedCodes);
// `interview_of` maps answer ids to interviews. When `value_of` is given (interview -> attribute
// value, e.g. role), `by_value[v]` is the total interviews with that value.
struct CodeFrequency {
  std::string code_guid;
  int depth = 0;
  int answers = 0, interviews = 0;              // the code itself
  int total_answers = 0, total_interviews = 0;  // with its descendants
  std::map<std::string, int> by_value;          // total interviews per attribute value
};
std::vector<CodeFrequency> CodeFrequencies(const Codebook& book, const std::set<std::pair<std::string, std::string>>& applied,
                                           const std::map<std::string, std::string>& interview_of,
                                           const std::map<std::string, std::string>* value_of = nullptr);

// Co-occurrence of codes: n[i][j] = units where codes[i] and codes[j] both apply (n[i][i] = units
// where codes[i] applies). A unit is an answer, or its interview when `unit_of` maps answers to
// interviews. `units[i][j]` lists those units (sorted) for the drill-down.
struct CoOccurrence {
  std::vector<std::string> codes;
  std::vector<std::vector<int>> n;
  std::vector<std::vector<std::vector<std::string>>> units;
};
CoOccurrence CoOccur(const std::vector<std::string>& codes, const std::set<std::pair<std::string, std::string>>& applied,
                     const std::map<std::string, std::string>* unit_of = nullptr);

// Case-insensitive (ASCII letters folded; other characters exact) occurrences of `query` in
// `text`, as code point offsets [start, end). Empty query: none. At most `limit` matches.
std::vector<std::pair<int64_t, int64_t>> FindText(const std::string& text, const std::string& query, size_t limit = 1000);

// Code points [start, end) of `text` (clamped), as UTF-8.
std::string Slice(const std::string& text, int64_t start, int64_t end);

}  // namespace canvass::coding
