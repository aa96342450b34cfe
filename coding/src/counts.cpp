// Interview and respondent counts per area / role / form x code.
#include "coding/counts.h"

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

}  // namespace

Result<CodeCounts> CountCodes(const CountInput& in, const CountOptions& options) {
  std::map<std::string, const InterviewFacts*> facts;
  for (const auto& f : in.interviews)
    if (!facts.emplace(f.interview_id, &f).second)
      return Status::InvalidArgument("interview '" + f.interview_id + "' has facts twice");
  // Each (interview, code) once, whatever the number of codings.
  std::set<std::pair<std::string, std::string>> applied;
  for (const Coding& c : in.codings) {
    if (options.basis == CountBasis::kConsensus && c.coder != options.consensus_coder) continue;
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
