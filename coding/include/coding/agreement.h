// Inter-coder agreement: percent agreement, Cohen's kappa, Krippendorff's alpha (nominal),
// at character and segment level, per code and pooled; plus the spans where coders differ.
//
// Pure functions over plain values; thread-safe. Formulas and worked examples are in
// docs/agreement.md. A coefficient is std::nullopt when it is undefined (no variation).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "coding/coding.h"
#include "core/status.h"

namespace canvass::coding {

// 2x2 table of two coders' binary judgements (code applied or not) over units.
struct BinaryTable {
  double both = 0;    // A yes, B yes
  double only_a = 0;  // A yes, B no
  double only_b = 0;  // A no, B yes
  double neither = 0;
  double total() const { return both + only_a + only_b + neither; }
};

std::optional<double> PercentAgreement(const BinaryTable& t);  // po
std::optional<double> CohenKappa(const BinaryTable& t);        // (po - pe) / (1 - pe)

// Reliability data: data[coder][unit], std::nullopt = missing. Units with fewer than two
// values are not pairable and are ignored (Krippendorff 2011).
std::optional<double> KrippendorffAlphaNominal(
    const std::vector<std::vector<std::optional<int>>>& data);

// An answer every listed coder has completed; `length` in code points (LF-normalised).
struct AnswerUnit {
  std::string answer_id;
  int64_t length = 0;
};

struct AgreementFigures {
  std::string code_guid;     // empty for the pooled row
  double units = 0;          // characters (or answers) compared
  std::optional<double> percent_agreement;   // mean pairwise agreement, 0..1
  std::optional<double> cohen_kappa;         // two coders only
  std::optional<double> krippendorff_alpha;  // nominal, any number of coders
  BinaryTable table;                         // two coders only
};

struct AgreementReport {
  std::vector<AgreementFigures> per_code;  // in the order of `code_guids` (or first use)
  AgreementFigures pooled;                 // all (unit, code) pairs together
};

struct AgreementInput {
  std::vector<std::string> coders;       // 2..64 distinct coder ids
  std::vector<AnswerUnit> answers;       // answers all coders completed
  std::vector<Coding> codings;           // codings by others or elsewhere are ignored
  std::vector<std::string> code_guids;   // codes to report; empty = every code used
};

// Units are the characters of the answers: per code, a coder's value at a character is 1
// when one of their codings of that code covers it. Fails on a coding outside its answer.
core::Result<AgreementReport> CharacterAgreement(const AgreementInput& in);
// Units are the answers: per code, a coder's value is 1 when they applied it anywhere.
core::Result<AgreementReport> SegmentAgreement(const AgreementInput& in);

// A maximal span of one answer where the coders' judgements on one code differ.
struct Disagreement {
  std::string answer_id;
  std::string code_guid;
  int64_t start = 0;
  int64_t end = 0;
  std::vector<std::string> applied_by;      // in the order of AgreementInput::coders
  std::vector<std::string> not_applied_by;
};

// Ordered by answer (input order), code, start. Same validation as CharacterAgreement.
core::Result<std::vector<Disagreement>> ListDisagreements(const AgreementInput& in);

}  // namespace canvass::coding
