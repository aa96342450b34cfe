// View-model and commands of the Agreement screen: inter-coder agreement per code and pooled
// (character and segment level, the same selection and figures as `canvass-cli agreement`),
// the spans where the chosen coders differ, the selected disagreement's answer with each
// coder's codings side by side, and the commands that record a consensus coding (coder
// storage::kConsensusCoder). Plain data built by the Controller (controller_agreement.cpp);
// no ImGui. Offsets are code points of the LF-normalised answer.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "app/view_coding.h"
#include "coding/agreement.h"

namespace canvass::app {

// One code (or the pooled row): the library's figures at both levels.
struct AgreementRow {
  std::string code_guid, code_path;  // empty guid, path "(pooled)" (in the interface language) for the pooled row
  coding::AgreementFigures character, segment;
  // One line when percent agreement is high but kappa is near 0 or undefined (prevalence).
  std::string prevalence_note;
};

// One span where the chosen coders differ, and whether a consensus settled it.
struct DisagreementRow {
  std::string answer_id, interview, question, label;  // label: the question's label
  std::string code_guid, code_path;
  uint32_t color = 0xFF888888;
  int64_t start = 0, end = 0;
  std::vector<std::string> applied_by, not_applied_by;
  // "" open; "coded": consensus codings of this code cover the whole span; "no code": the
  // consensus decided "no code" on the whole span (or, from the CLI, marked the answer done) and
  // no consensus coding of the code touches it; "partly coded": a consensus coding covers part.
  std::string settled;
};

// What one decision on the selected disagreement would settle, shown before it is made:
// the rows (indexes into disagreements) whose settlement it changes, and one line saying so.
struct DecisionPreview {
  std::vector<int> rows;
  std::string text;
};

// One column of the side-by-side view: a coder's codings of the disagreement's code.
struct CoderColumn {
  std::string coder;
  std::vector<SpanView> spans;
  bool done = false;  // the coder marked the answer done
};

struct AgreementView {
  std::vector<std::string> coders;     // choices: everyone with a coding or a done mark
  std::vector<CodingSetRow> sets;      // optional restriction to one named coding set
  // The last computation (empty `chosen` = none yet).
  std::vector<std::string> chosen;
  std::string set;                     // coding set GUID computed for, "" = every answer
  int answers = 0, codings = 0, needs_review = 0;
  std::vector<AgreementRow> rows;      // per code, codebook order
  AgreementRow pooled;
  std::vector<DisagreementRow> disagreements;  // as coding::ListDisagreements
  int settled = 0;
  // The selected disagreement.
  int selected = -1;
  std::string text;                    // LF-normalised answer
  std::vector<uint32_t> code_points;
  std::vector<CoderColumn> columns;    // chosen coders, then "consensus"
  // Before deciding: what "Accept <coder>'s span" (one per compared coder, as columns), "No
  // code" and "Apply selection" (for preview_start/end, cmd::AgreementPreview) would settle.
  std::vector<DecisionPreview> accept_preview;
  DecisionPreview nocode_preview, apply_preview;
  int64_t preview_start = 0, preview_end = 0;
  bool hidden_blind = false;           // blind project: this coder has not finished the answer
  // The project's coding rules (storage::CodingSettings); only the central (coordinator) edits them.
  bool can_set_rules = false, rules_blind = false;
  std::string count_rule, count_rule_text;  // storage::CountRuleName, coding::CountBasisText
  std::string message, error;
};

namespace cmd {
// Computes for 2+ coders (names as in AgreementView::coders) over the answers all of them
// marked done, optionally only those of a coding set (GUID). Runs as a background task.
struct AgreementCompute { std::vector<std::string> coders; std::string set; };
struct AgreementSelect { int index = 0; };                  // into disagreements; clamped
// Copies `coder`'s codings of the selected disagreement's code that touch its span, as consensus.
struct AgreementAccept { std::string coder; };
// Records [start, end) of the selected answer with the disagreement's code as consensus.
struct AgreementApplySpan { int64_t start = 0, end = 0; };
// "No code": the consensus decides the code does not apply on exactly the selected span.
struct AgreementNoCode {};
// Shows what "Apply selection" on [start, end) would settle (AgreementView::apply_preview).
struct AgreementPreview { int64_t start = 0, end = 0; };
// The coordinator sets the project's rules: blind coding and what the assessment counts.
struct AgreementRules { bool blind = false; std::string count_rule; };
struct AgreementRemove { std::string coding_id; };          // a consensus coding only
struct AgreementExport { std::string path; };               // the table as CSV (0600, atomic)
struct Agreement {
  std::variant<AgreementCompute, AgreementSelect, AgreementAccept, AgreementApplySpan, AgreementNoCode, AgreementRemove,
               AgreementExport, AgreementPreview, AgreementRules>
      op;
};
}  // namespace cmd

}  // namespace canvass::app
