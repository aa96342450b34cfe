// CodingStore, consensus decisions and project coding settings: "no code" decisions of the
// consensus on one span of one code (kind "decision"), and the coordinator's settings that
// coders' laptops follow (kind "setting", subject "coding": blind project, what the
// assessment counts). Both are versions, so they sync and keep their history.
#include <algorithm>

#include "coding/text_span.h"
#include "coding_store_internal.h"
#include "db.h"
#include "storage/coding_store.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;
using namespace coding_internal;

namespace {

constexpr const char* kDecisionKind = "decision";
constexpr const char* kSettingKind = "setting";
constexpr const char* kSettingSubject = "coding";

std::string NoCodeField(const std::string& code, int64_t start, int64_t end) {
  return "nocode:" + code + ":" + std::to_string(start) + ":" + std::to_string(end);
}

}  // namespace

const char* CountRuleName(coding::CountBasis b) {
  switch (b) {
    case coding::CountBasis::kConsensusElseTwo: return "consensus-else-two";
    case coding::CountBasis::kConsensusElseAny: return "consensus-else-any";
    case coding::CountBasis::kConsensus: return "consensus";
    case coding::CountBasis::kAnyCoder: return "any";
  }
  return "consensus-else-any";
}

Result<coding::CountBasis> ParseCountRule(const std::string& name) {
  for (auto b : {coding::CountBasis::kConsensusElseAny, coding::CountBasis::kConsensusElseTwo,
                 coding::CountBasis::kConsensus, coding::CountBasis::kAnyCoder})
    if (name == CountRuleName(b)) return b;
  return Status::InvalidArgument("unknown count rule \"" + name.substr(0, 40) +
                                 "\": use consensus-else-any, consensus-else-two, consensus or any");
}

Status CodingStore::SetNoCode(const std::string& interview, const std::string& question, const std::string& code,
                              int64_t start, int64_t end, bool on, const std::string& author) {
  CANVASS_ASSIGN_OR_RETURN(std::string text, CurrentAnswerText(interview, question, nullptr));
  CANVASS_ASSIGN_OR_RETURN(int64_t length, coding::CodePointCount(text));
  if (start < 0 || end <= start || end > length)
    return Status::InvalidArgument("span " + std::to_string(start) + ".." + std::to_string(end) +
                                   " is not inside the answer (0.." + std::to_string(length) + ")");
  CANVASS_ASSIGN_OR_RETURN(coding::Codebook cb, LoadCodebook());
  CANVASS_ASSIGN_OR_RETURN(std::string guid, ResolveCode(cb, code));
  const std::string target = AnswerTarget(interview, question);
  return Write(kDecisionKind, target, NoCodeField(guid, start, end), on ? Value(true) : Value(), author,
               on ? "consensus.no_code" : "consensus.no_code_withdrawn",
               target.substr(7) + " code " + guid + " [" + std::to_string(start) + "," + std::to_string(end) + ")");
}

Result<std::vector<coding::NoCodeDecision>> CodingStore::ListNoCode() {
  Db* db = ws_->db_.get();
  CANVASS_ASSIGN_OR_RETURN(auto heads, Heads(db, kDecisionKind, ""));
  CANVASS_ASSIGN_OR_RETURN(auto redirects, CodeRedirects(db));
  std::vector<coding::NoCodeDecision> out;
  for (const Head& h : heads) {
    if (!(h.value == Value(true)) || h.subject.rfind("answer:", 0) != 0 || h.field.rfind("nocode:", 0) != 0) continue;
    const std::string rest = h.field.substr(7);  // <code>:<start>:<end>
    size_t b = rest.rfind(':');
    size_t a = b == std::string::npos || b == 0 ? std::string::npos : rest.rfind(':', b - 1);
    if (a == std::string::npos) continue;
    coding::NoCodeDecision d;
    d.answer_id = h.subject.substr(7);
    d.code_guid = FollowRedirects(redirects, rest.substr(0, a));
    try {
      d.start = std::stoll(rest.substr(a + 1, b - a - 1));
      d.end = std::stoll(rest.substr(b + 1));
    } catch (...) {
      continue;  // malformed: not a decision
    }
    out.push_back(std::move(d));
  }
  return out;
}

Result<CodingSettings> CodingStore::GetCodingSettings() {
  CANVASS_ASSIGN_OR_RETURN(auto heads, Heads(ws_->db_.get(), kSettingKind, kSettingSubject));
  CodingSettings s;
  for (const Head& h : heads) {
    if (h.field == "blind") s.blind = h.value == Value(true);
    if (h.field == "count_rule" && h.value.is_string()) {
      auto b = ParseCountRule(h.value.as_string());
      if (b.ok()) s.count_rule = *b;
    }
  }
  return s;
}

Status CodingStore::SetCodingSetting(const std::string& field, const Value& value, const std::string& author) {
  if (ws_->info().role != Role::kCentral)
    return Status::Unsupported("only the coordinator's central workspace sets the project's coding rules; "
                                    "they reach this laptop in the next update bundle");
  return Write(kSettingKind, kSettingSubject, field, value, author, "coding.setting", field + "=" + value.ToJson());
}

Status CodingStore::SetBlindProject(bool blind, const std::string& author) {
  return SetCodingSetting("blind", Value(blind), author);
}

Status CodingStore::SetCountRule(coding::CountBasis rule, const std::string& author) {
  return SetCodingSetting("count_rule", Value(std::string(CountRuleName(rule))), author);
}

}  // namespace canvass::storage
