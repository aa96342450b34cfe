// Counts for the assessment: per area x code (and per role, per form of trafficking), how
// many interviews and how many distinct respondents had the code applied.
//
// Pure function over plain values; thread-safe.
#pragma once

#include <map>
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
};

struct CountOptions {
  CountBasis basis = CountBasis::kAnyCoder;
  std::string consensus_coder = "consensus";
};

struct CountInput {
  std::vector<InterviewFacts> interviews;
  std::map<std::string, std::string> interview_of_answer;  // answer id -> interview id
  std::vector<Coding> codings;
};

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
