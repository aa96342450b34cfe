// CodingStore: theme coding kept in a Workspace as content-addressed versions (MERGE.md),
// so coders' work merges, syncs and keeps its history like answers do:
//   kind "code"   subject = code GUID, field "": {name, parent, description, color[, merged_into]}
//   kind "coding" subject = coding GUID, field "": {answer:{interview, question}, start, end,
//                 code, coder, created, text_version}; null = removed
//   kind "memo"   subject = code GUID or "answer:<uuid>/<qid>", field = coder: text; null = removed
//   kind "coded"  subject = "answer:<uuid>/<qid>", field = coder: true = the coder finished it
// The codebook is coding::StarterCodebook() overlaid with the "code" versions, so every
// workspace starts with the same starter codes (stable GUIDs) without writing a version.
// Merging a code leaves a redirect (merged_into): codings of the old code made anywhere,
// even later on another laptop, read as the new code.
//
// A CodingStore borrows a Workspace, which must outlive it; use it on the Workspace's
// thread. Each write is one transaction with an audit entry naming ids, never text.
#pragma once

#include <string>
#include <tuple>
#include <vector>

#include "coding/agreement.h"
#include "coding/codebook.h"
#include "coding/counts.h"
#include "coding/refi_qda.h"
#include "core/status.h"
#include "core/value.h"

namespace canvass::storage {

class Workspace;

inline constexpr const char* kConsensusCoder = "consensus";

// One open-text answer reviewers can code. Answers to questions flagged "identifying" are
// never listed.
struct OpenAnswer {
  std::string interview, question;      // the answer id is "<interview>/<question>"
  std::string form_id, question_label, role, status;  // interview status: draft | final
  std::vector<std::string> areas;       // area ids from the interview's area answers
  std::vector<std::string> forms;       // form-of-trafficking values (trafficking_forms)
  std::string text;                     // LF-normalised
  int64_t length = 0;                   // code points
  std::vector<std::string> completed_by;  // coders who marked the answer done
  std::string date;                     // the interview's start date, YYYY-MM-DD (UTC)
  std::string id() const { return interview + "/" + question; }
};

// A live coding, its offsets on the answer's CURRENT text. When the answer was edited after
// the coding was made, the span is relocated (coding::RelocateSpan): fate "moved", or
// "needs_review" (offsets as stored, clamped; the coded text itself changed).
struct CodingRecord {
  std::string id;                       // coding GUID
  std::string interview, question;
  int64_t start = 0, end = 0;
  std::string code_guid;                // after code merges
  std::string coder, created;
  std::string fate = "ok";              // ok | moved | needs_review
  std::string reason;                   // why review is needed
  bool conflict = false;                // concurrent edits of this coding (several heads)
  std::string answer_id() const { return interview + "/" + question; }
  coding::Coding ToCoding() const;
};

struct NewCoding {
  std::string interview, question;
  int64_t start = 0, end = 0;           // code points of the LF-normalised answer, end exclusive
  std::string code;                     // GUID or name path ("Labor trafficking/Agriculture")
  std::string coder;
};

struct CodingFilter {
  std::vector<std::string> coders;      // empty = every coder
  std::string interview, question;      // empty = any
};

struct MemoRecord {
  std::string target, coder, text, created;
};

// A named set of answers coded together; blind mode shows another coder's codings on its
// answers once both coders finished every answer of the set.
struct CodingSet {
  std::string id, name, created_by;
  std::vector<std::string> answers;     // "<uuid>/<qid>", sorted
};
struct CodingSetProgress {
  std::string coder;
  int done = 0, total = 0;
};

struct QdaImportReport {
  int codes_added = 0, codes_known = 0;
  int codings_added = 0, codings_known = 0;
  int memos_added = 0, memos_known = 0;
  int codings_skipped = 0, memos_skipped = 0;
  std::vector<std::string> warnings;    // what was skipped and why: one line per reason, with a count
};

// The coordinator's project coding settings (kind "setting", subject "coding").
struct CodingSettings {
  bool blind = false;  // coders cannot see others' codings of an answer before marking it done
  coding::CountBasis count_rule = coding::CountBasis::kConsensusElseAny;  // what the assessment counts
};
// "consensus-else-any" | "consensus-else-two" | "consensus" | "any".
const char* CountRuleName(coding::CountBasis b);
core::Result<coding::CountBasis> ParseCountRule(const std::string& name);

// "answer:<uuid>/<qid>": the subject of memos and completion marks on an answer.
std::string AnswerTarget(const std::string& interview, const std::string& question);

class CodingStore {
 public:
  explicit CodingStore(Workspace* ws) : ws_(ws) {}

  // --- Codebook (coding_store.cpp) ---
  core::Result<coding::Codebook> LoadCodebook();
  // A GUID (also of a merged code: its target) or a name path; NotFound names the input.
  static core::Result<std::string> ResolveCode(const coding::Codebook& cb, const std::string& guid_or_path);
  // `parent` is a GUID, a path, or "" for the top level. Returns the new GUID.
  core::Result<std::string> AddCode(const std::string& parent, const std::string& name, const std::string& description,
                                    const std::string& color, const std::string& author);
  core::Status RenameCode(const std::string& code, const std::string& new_name, const std::string& author);
  core::Status MoveCode(const std::string& code, const std::string& new_parent, const std::string& author);
  // `from` disappears; its codings, children and memos read as `into` from now on.
  core::Status MergeCodes(const std::string& into, const std::string& from, const std::string& author);
  // Splits a merged code back out (the audit's "code.merge FROM into INTO"): `from` (its GUID, or
  // the name it had) reads as itself again, with its children, memos and the codings made on it;
  // codings made on the target stay the target's. Refused when a sibling now has its name.
  core::Status SplitMergedCode(const std::string& from, const std::string& author);
  // Merged codes: (GUID, name it had, GUID it was merged into).
  core::Result<std::vector<std::tuple<std::string, std::string, std::string>>> ListMergedCodes();
  // Adds the codes of `cb` that are not here (by GUID, else by path); returns how many.
  core::Result<int> ImportCodebook(const coding::Codebook& cb, const std::string& author);
  // Sets (empty text = removes) `coder`'s memo on a code GUID or an AnswerTarget.
  core::Status SetMemo(const std::string& target, const std::string& coder, const std::string& text);
  core::Result<std::vector<MemoRecord>> ListMemos(const std::string& target = "");

  // --- Codings (coding_store_codings.cpp) ---
  // `author`: the person recording it (version author, audit) when not the coder, e.g. who
  // settled a consensus coding; "" = the coder.
  core::Result<std::string> AddCoding(const NewCoding& in, const std::string& author = "");
  core::Status RemoveCoding(const std::string& coding_id, const std::string& author);
  core::Result<std::vector<CodingRecord>> ListCodings(const CodingFilter& filter = {});
  // Marks (or unmarks) an answer as finished by `coder`; agreement compares only answers
  // every compared coder finished.
  core::Status SetCompleted(const std::string& interview, const std::string& question, const std::string& coder,
                            bool done);

  // --- Queries (coding_store_queries.cpp) ---
  // Reads interview by interview (each one's whole history): the independent reference that
  // OpenAnswersBulk is tested against. Everything else calls OpenAnswersBulk.
  core::Result<std::vector<OpenAnswer>> OpenAnswers();
  // Answers all `coders` completed and their codings (after relocation; codings needing
  // review are left out and counted in *needs_review when given).
  core::Result<coding::AgreementInput> AgreementInputFor(const std::vector<std::string>& coders,
                                                         int* needs_review = nullptr);
  // Per area x code (and role, form of trafficking): interviews and distinct respondents
  // (a keyed hash of the identifying name/contact answers; none = one per interview).
  core::Result<coding::CodeCounts> CountCodes(const coding::CountOptions& options = {});
  // Codebook, de-identified open answers, interviews (area, role) and the codings of
  // `coders` (empty = all). Codings that need review are left out (listed in warnings).
  core::Result<coding::QdaProject> ExportProject(const std::vector<std::string>& coders);
  // Codes, code memos and codings of answers this workspace holds; idempotent.
  // One transaction. Refused with nothing changed (InvalidArgument, saying why) when the file
  // has codings and none of them is or can be in this workspace.
  core::Result<QdaImportReport> ImportProject(const coding::QdaProject& project, const std::string& author);

  // --- Coding sets, code details, cheap reads for the workbench (coding_store_sets.cpp) ---
  // kind "coding_set", subject = set GUID: field "" = {name, created_by} (null = removed),
  // field "a:<uuid>/<qid>" = true (member) or null, so additions made apart merge as a union.
  core::Result<std::string> AddCodingSet(const std::string& name, const std::string& author);
  // Adds answers ("<uuid>/<qid>") to a set (GUID or name) in one transaction; returns how many
  // were new. Every answer must be an open answer of this workspace.
  core::Result<int> AddToCodingSet(const std::string& set, const std::vector<std::string>& answer_ids,
                                   const std::string& author);
  // Takes answers out of a set (null member cells); returns how many were members. Answers
  // that are not members are ignored; codings and done marks are untouched.
  core::Result<int> RemoveFromCodingSet(const std::string& set, const std::vector<std::string>& answer_ids,
                                        const std::string& author);
  // Renames a set; the new name must be one line, 1-200 characters, and not another set's.
  core::Status RenameCodingSet(const std::string& set, const std::string& new_name, const std::string& author);
  // Deletes a set (its header cell becomes null); codings and done marks are untouched.
  core::Status DeleteCodingSet(const std::string& set, const std::string& author);
  core::Result<std::vector<CodingSet>> ListCodingSets();
  core::Result<CodingSet> GetCodingSet(const std::string& guid_or_name);
  // Per coder who marked any answer of the set done (plus `coders`): done / total.
  core::Result<std::vector<CodingSetProgress>> SetProgress(const CodingSet& set, const std::vector<std::string>& coders);
  // Sets a code's description (inclusion/exclusion notes) and color (#RRGGBB or "").
  core::Status SetCodeDetails(const std::string& code, const std::string& description, const std::string& color,
                              const std::string& author);
  // Live codings as stored (no relocation onto edited answers): cheap counts for a queue.
  core::Result<std::vector<CodingRecord>> ListCodingsAsStored();
  // Rises whenever any version is written here or merged in (max rowid of versions), and at a
  // purge (the count of purged interviews above bit 40).
  core::Result<int64_t> ChangeStamp();
  // The codable answers (open text, not identifying, current), read in bulk (three queries,
  // not one interview at a time): OpenAnswers()'s answers in its order. The queue, exports,
  // agreement and coding sets read this.
  core::Result<std::vector<OpenAnswer>> OpenAnswersBulk();

  // --- Consensus decisions, project settings (coding_store_decisions.cpp) ---
  //   kind "decision" subject "answer:<uuid>/<qid>", field "nocode:<code>:<start>:<end>": true = the
  //   consensus does not apply the code on that span (null = withdrawn). `author` is the person
  //   settling. Exactly that span of that code is decided; nothing else changes.
  core::Status SetNoCode(const std::string& interview, const std::string& question, const std::string& code,
                         int64_t start, int64_t end, bool on, const std::string& author);
  core::Result<std::vector<coding::NoCodeDecision>> ListNoCode();  // codes after merges
  //   kind "setting" subject "coding": written only on the central workspace (the coordinator);
  //   Unsupported elsewhere. They travel to coders' laptops in update bundles.
  core::Result<CodingSettings> GetCodingSettings();
  core::Status SetBlindProject(bool blind, const std::string& author);
  core::Status SetCountRule(coding::CountBasis rule, const std::string& author);

 private:
  core::Status SetCodingSetting(const std::string& field, const core::Value& value, const std::string& author);
  core::Status Write(const std::string& kind, const std::string& subject, const std::string& field,
                     const core::Value& value, const std::string& author, const std::string& audit_action,
                     const std::string& audit_detail);
  core::Result<std::string> CurrentAnswerText(const std::string& interview, const std::string& question,
                                              std::string* version_id);

  // One transaction writing several cells of one kind (coding_store_sets.cpp).
  core::Status WriteCells(const std::string& kind, const std::vector<std::pair<std::string, std::string>>& cells,
                          const std::vector<core::Value>& values, const std::string& author,
                          const std::string& audit_action, const std::string& audit_detail);

  Workspace* ws_;
};

}  // namespace canvass::storage
