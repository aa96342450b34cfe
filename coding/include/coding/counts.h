// Counts for the assessment: per area x code (and per role, per form of trafficking), how
// many interviews and how many distinct respondents had the code applied.
//
// Pure function over plain values; thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "coding/coding.h"
#include "core/status.h"

namespace canvass::coding {

struct InterviewFacts {
  std::string interview_id;
  std::string respondent_id;        // the same person may give several interviews
  std::string role;                 // respondent's role (e.g. "service provider")
  std::vector<std::string> areas;   // areas the interview covers
  std::vector<std::string> forms;   // form-of-trafficking tags ("sex", "labor", ...)
};

enum class CountBasis {
  kAnyCoder,   // a code counts when any coder applied it
  kConsensus,  // only codings by CountOptions::consensus_coder (the reconciled coding)
  // Per (answer, code): the consensus decision where one exists, otherwise the fallback rule
  // over the coders' codings (the consensus coder's own codings excluded):
  kConsensusElseAny,  // ... a code any coder applied
  kConsensusElseTwo,  // ... a code at least two different coders applied
};

struct CountOptions {
  CountBasis basis = CountBasis::kAnyCoder;
  std::string consensus_coder = "consensus";
};

// A consensus "no code" decision: the consensus does not apply `code_guid` on [start, end) of
// the answer. Coders' codings of that code lying wholly inside such spans are not evidence.
struct NoCodeDecision {
  std::string answer_id, code_guid;
  int64_t start = 0, end = 0;
};

struct CountInput {
  std::vector<InterviewFacts> interviews;
  std::map<std::string, std::string> interview_of_answer;  // answer id -> interview id
  std::vector<Coding> codings;
  // The consensus decisions the kConsensusElse* bases read (ignored by the others).
  std::vector<std::string> consensus_done;   // answers the consensus coder marked done: the codes
                                             // it did not apply there are absent
  std::vector<NoCodeDecision> no_code;
};

// Which codes of which answers count under `options` (answer id, code GUID), each once.
// kConsensusElse*: a consensus coding of the code on the answer counts; else a consensus done
// mark on the answer means absent; else the rule over the coders' remaining codings.
std::set<std::pair<std::string, std::string>> AppliedCodes(const CountInput& in, const CountOptions& options);

// One line for reports: what a count means under `basis`.
std::string CountBasisText(CountBasis basis);

struct CodeCount {
  std::string key;  // the area, role or form
  std::string code_guid;
  int interviews = 0;
  int respondents = 0;  // distinct respondent ids (an empty id counts per interview)
};

struct CodeCounts {
  std::vector<CodeCount> by_area;  // sorted by key, then code GUID
  std::vector<CodeCount> by_role;
  std::vector<CodeCount> by_form;
};

// Fails when a coding names an answer with no interview, or an interview with no facts.
core::Result<CodeCounts> CountCodes(const CountInput& in, const CountOptions& options = {});

}  // namespace canvass::coding
