// The project's count rule in the interface language, for the Agreement and Analysis screens
// (internal). Same meaning as coding::CountBasisText, which stays English for the report's notes.
#pragma once

#include <string>

#include "app/i18n.h"
#include "coding/counts.h"

namespace canvass::app {

inline std::string CountRuleText(coding::CountBasis basis) {
  switch (basis) {
    case coding::CountBasis::kAnyCoder: return T("msg.agreement.count_any");
    case coding::CountBasis::kConsensus: return T("msg.agreement.count_consensus");
    case coding::CountBasis::kConsensusElseAny: return T("msg.agreement.count_consensus_else_any");
    case coding::CountBasis::kConsensusElseTwo: return T("msg.agreement.count_consensus_else_two");
  }
  return coding::CountBasisText(basis);
}

}  // namespace canvass::app
