// Interview and respondent counts per area / role / form x code.
#include "coding/counts.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace canvass::coding {

using core::Result;
using core::Status;

namespace {

// (key, code) -> interviews and respondents seen.
using Tally = std::map<std::pair<std::string, std::string>,
                       std::pair<std::set<std::string>, std::set<std::string>>>;

void Add(Tally& t, const std::string& key, const std::string& code, const InterviewFacts& f) {
  auto& cell = t[{key, code}];
  cell.first.insert(f.interview_id);
  // An interview without a respondent id counts as its own respondent.
  cell.second.insert(f.respondent_id.empty() ? "\x01interview:" + f.interview_id : f.respondent_id);
}

std::vector<CodeCount> Flatten(const Tally& t) {
  std::vector<CodeCount> out;
  for (const auto& [key, cell] : t)
    out.push_back(CodeCount{key.first, key.second, static_cast<int>(cell.first.size()),
                            static_cast<int>(cell.second.size())});
  return out;
}

// Is [start, end) wholly inside the union of the no-code spans of (answer, code)?
bool Rejected(const std::vector<std::pair<int64_t, int64_t>>& spans, int64_t start, int64_t end) {
  std::vector<std::pair<int64_t, int64_t>> sorted(spans);
  std::sort(sorted.begin(), sorted.end());
  int64_t at = start;
  for (const auto& [s, e] : sorted) {
    if (s > at) break;
    at = std::max(at, e);
    if (at >= end) return true;
  }
  return at >= end;
}

}  // namespace

std::set<std::pair<std::string, std::string>> AppliedCodes(const CountInput& in, const CountOptions& options) {
  std::set<std::pair<std::string, std::string>> out;
  const bool decide = options.basis == CountBasis::kConsensusElseAny || options.basis == CountBasis::kConsensusElseTwo;
  if (!decide) {
    for (const Coding& c : in.codings)
      if (options.basis != CountBasis::kConsensus || c.coder == options.consensus_coder) out.emplace(c.answer_id, c.code_guid);
    return out;
  }
  std::set<std::string> done(in.consensus_done.begin(), in.consensus_done.end());
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<int64_t, int64_t>>> rejected;
  for (const auto& d : in.no_code) rejected[{d.answer_id, d.code_guid}].emplace_back(d.start, d.end);
  std::set<std::pair<std::string, std::string>> consensus;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> coders;
  for (const Coding& c : in.codings) {
    std::pair<std::string, std::string> key{c.answer_id, c.code_guid};
    if (c.coder == options.consensus_coder) { consensus.insert(key); continue; }
    auto r = rejected.find(key);
    if (r != rejected.end() && Rejected(r->second, c.start, c.end)) continue;
    coders[key].insert(c.coder);
  }
  const size_t need = options.basis == CountBasis::kConsensusElseTwo ? 2 : 1;
  out = consensus;
  for (const auto& [key, who] : coders)
    if (!consensus.count(key) && !done.count(key.first) && who.size() >= need) out.insert(key);
  return out;
}

std::string CountBasisText(CountBasis basis) {
  switch (basis) {
    case CountBasis::kAnyCoder: return "coded themes count a code when any coder applied it (no consensus used)";
    case CountBasis::kConsensus: return "coded themes count only the consensus coding";
    case CountBasis::kConsensusElseAny:
      return "coded themes count the consensus coding where coders settled an answer, otherwise a code any coder applied";
    case CountBasis::kConsensusElseTwo:
      return "coded themes count the consensus coding where coders settled an answer, otherwise a code at least two "
             "coders applied";
  }
  return "";
}

Result<CodeCounts> CountCodes(const CountInput& in, const CountOptions& options) {
  std::map<std::string, const InterviewFacts*> facts;
  for (const auto& f : in.interviews)
    if (!facts.emplace(f.interview_id, &f).second)
      return Status::InvalidArgument("interview '" + f.interview_id + "' has facts twice");
  // Each (interview, code) once, whatever the number of codings.
  std::set<std::pair<std::string, std::string>> applied;
  for (const auto& [answer_id, code] : AppliedCodes(in, options)) {
    Coding c{answer_id, 0, 0, code, "", ""};
    auto iv = in.interview_of_answer.find(c.answer_id);
    if (iv == in.interview_of_answer.end())
      return Status::NotFound("coding of answer '" + c.answer_id + "' names no known interview");
    if (!facts.count(iv->second))
      return Status::NotFound("interview '" + iv->second + "' (answer '" + c.answer_id +
                              "') has no facts (respondent, role, areas)");
    applied.emplace(iv->second, c.code_guid);
  }
  Tally by_area, by_role, by_form;
  for (const auto& [interview, code] : applied) {
    const InterviewFacts& f = *facts.at(interview);
    for (const auto& area : std::set<std::string>(f.areas.begin(), f.areas.end()))
      Add(by_area, area, code, f);
    Add(by_role, f.role, code, f);
    for (const auto& form : std::set<std::string>(f.forms.begin(), f.forms.end()))
      Add(by_form, form, code, f);
  }
  return CodeCounts{Flatten(by_area), Flatten(by_role), Flatten(by_form)};
}

}  // namespace canvass::coding
