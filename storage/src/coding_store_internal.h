// Helpers shared by the coding_store*.cpp files (private to storage).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "core/value.h"
#include "db.h"
#include "forms/form.h"
#include "storage/coding_store.h"
#include "storage/types.h"

namespace canvass::storage::coding_internal {

// The current value of one cell; when the cell has several heads (concurrent edits), the
// latest by clock then id, with `conflict` set when their values differ.
struct Head {
  std::string id, subject, field;
  core::Value value;
  std::string hlc, author;
  bool conflict = false;
};

// Current values of every cell of `kind` (or of one subject), ordered by subject, field.
core::Result<std::vector<Head>> Heads(Db* db, const std::string& kind, const std::string& subject);
// A coding's id is its content: answer, span, code, coder and the answer version the span
// counts on. The same coding made or imported on two machines is then one cell, so merging
// never doubles it (an export's copy coming back through a laptop included).
std::string CodingId(const std::string& interview, const std::string& question, int64_t start, int64_t end,
                     const std::string& code, const std::string& coder, const std::string& text_version);
// A string member of an object value, "" when absent.
std::string Str(const core::Value& v, const char* key);
// Follows "merged_into" redirects of codes (bounded).
std::string FollowRedirects(const std::map<std::string, std::string>& redirects, std::string guid);
// Every merged code's "merged_into" target, by code GUID.
core::Result<std::map<std::string, std::string>> CodeRedirects(Db* db);
// A coding head as stored (code redirected); false for a removed or malformed one.
bool CodingFromHead(const Head& h, const std::map<std::string, std::string>& redirects, CodingRecord* r);

inline std::string HlcIso(const std::string& hlc) {
  uint64_t t = 0;
  return core::Hlc::FromText(hlc, &t) ? core::FormatIsoUtc(core::Hlc::Millis(t)) : std::string();
}

// The current value of one answer cell, or null when it is unanswered or in conflict.
using CurrentValue = std::function<const core::Value*(const std::string& question)>;

// Areas, forms of trafficking and (when `respondent` is given) the keyed respondent id of one
// interview, from its current, conflict-free answers.
void ExtractFacts(Workspace* ws, const forms::Form& form, const std::vector<std::pair<std::string, const core::Value*>>& answers,
                  std::vector<std::string>* areas, std::vector<std::string>* trafficking_forms, std::string* respondent);

// Appends one interview's codable answers (open text, not identifying, current, non-empty) in
// form order, with who marked each done (`done`: "answer:<uuid>/<qid>" -> coders).
void AppendOpenAnswers(const InterviewHeader& header, const std::string& status, const forms::Form& form,
                       const CurrentValue& current, const std::vector<std::string>& areas,
                       const std::vector<std::string>& trafficking_forms,
                       const std::map<std::string, std::vector<std::string>>& done, std::vector<OpenAnswer>* out);

}  // namespace canvass::storage::coding_internal
