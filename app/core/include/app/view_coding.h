// View-model and commands of the coding workbench: a queue of open-text answers, the selected
// answer with its codings (colored underlines), the code palette (1-9 = most used codes, a
// search box for any), memos, named coding sets and "blind" mode; and the codebook editor.
// Plain data built by the Controller (controller_coding.cpp, controller_codebook.cpp); no
// ImGui. Offsets are code points of the LF-normalised answer.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace canvass::app {

struct CodingQueueFilter {
  std::string form_id, question, area, role;
  std::string status;  // "" any, "todo" = not done by me, "done" = done by me
  std::string set;     // "" any, else a coding set GUID
  bool operator==(const CodingQueueFilter& o) const {
    return form_id == o.form_id && question == o.question && area == o.area && role == o.role && status == o.status &&
           set == o.set;
  }
};

// A named coding set and each coder's progress ("ana 12/20, ben 20/20").
struct CodingSetRow {
  std::string id, name;
  int answers = 0;
  std::string progress;
};

struct CodingQueueRow {
  std::string interview, question, form_id, label, role, status, areas, forms;  // areas by name
  int64_t length = 0;
  int my_codings = 0;
  bool done_by_me = false;
  std::vector<std::string> done_by;
};

// A code's "#RRGGBB" (or "#RGB") as an ImGui color (IM_COL32 layout); 0 when invalid.
// controller_coding.cpp.
uint32_t CodeColorAbgr(const std::string& hex);

struct CodeChip {
  std::string guid, name, path;
  uint32_t color = 0xFF888888;  // ImGui ABGR (IM_COL32), from the code's #RRGGBB
  int uses = 0;                 // by the current coder
};

struct SpanView {
  std::string coding_id, code_guid, code_path, coder;
  int64_t start = 0, end = 0;
  uint32_t color = 0xFF888888;
  bool mine = false;
  std::string fate;  // ok | moved | needs_review
};

struct CodingView {
  std::string coder;        // the person coding on this screen
  // The coder is chosen once per session (unlock): on the central by the first choice or the first
  // coding action; on a coder's laptop it is the laptop's enrolled name. Changing it means locking.
  bool coder_chosen = false;
  std::vector<std::string> known_coders;  // who coded or marked answers done here (choices)
  bool blind = true;        // others' work hidden until both finished the answer's sets (or the answer)
  bool project_blind = false;  // the coordinator set the project to blind: `blind` cannot be turned off
  CodingQueueFilter filter;
  std::vector<CodingSetRow> sets;     // filter choices and progress
  std::vector<std::string> forms, questions, areas, roles;  // filter choices
  std::vector<CodingQueueRow> queue;
  int selected = -1;        // index into queue
  // The selected answer.
  std::string text;         // LF-normalised
  std::vector<uint32_t> code_points;  // of `text`, for layout and selection
  // The interview around it: the previous and next codable answers (question label, text).
  std::vector<std::pair<std::string, std::string>> context_before, context_after;
  std::vector<SpanView> spans;        // visible codings (mine + others' unless blind)
  int hidden_others = 0;              // codings by others hidden by blind mode
  std::vector<CodeChip> hotkeys;      // keys 1..9
  std::vector<CodeChip> codes;        // every code, tree order
  std::string memo;                   // my memo on the answer
  std::string message, error;
};

// The codebook editor: every code in tree order with its details, memos and use.
struct CodebookRow {
  std::string guid, name, path, parent, description, color;  // color "#RRGGBB" or ""
  uint32_t col = 0xFF888888;  // shown color (inherited from the nearest colored ancestor)
  int depth = 0;
  int codings = 0;            // live codings of this code, all coders
  std::vector<std::string> memos;  // "coder: text"
  std::string my_memo;             // of CodebookView::author
};

struct CodebookView {
  std::string author;         // who edits: the coder name of the workbench
  std::vector<CodebookRow> codes;
  // Codes merged into others (from the code.merge records): (GUID, "name, merged into <path>").
  std::vector<std::pair<std::string, std::string>> merged;
  std::string message, error;
};

namespace cmd {
struct CodingSetCoder { std::string coder; };
struct CodingSetBlind { bool blind = true; };
struct CodingSetFilter { CodingQueueFilter filter; };
struct CodingSelect { int index = 0; };        // into CodingView::queue; clamped
struct CodingApply { int64_t start = 0, end = 0; std::string code_guid; };
// In-vivo coding: a new top-level code named by the selected words (or the existing one of that
// name), applied to the selection.
struct CodingInVivo { int64_t start = 0, end = 0; };
struct CodingRemove { std::string coding_id; };
struct CodingDone { bool done = true; };
struct CodingMemo { std::string text; };
// Creates the set `name` if needed and adds every answer of the current queue to it.
struct CodingQueueToSet { std::string name; };
// Edits the set chosen in the queue filter: take the queued answers out of it, rename it
// (`name`), or delete it (the filter then shows every set's answers). Codings stay.
struct CodingEditSet {
  enum class Op { kRemoveQueue, kRename, kDelete } op = Op::kRemoveQueue;
  std::string name;
};
// One alternative of app::Command carries every coding operation.
struct Coding {
  std::variant<CodingSetCoder, CodingSetBlind, CodingSetFilter, CodingSelect, CodingApply, CodingRemove, CodingDone,
               CodingMemo, CodingQueueToSet, CodingEditSet, CodingInVivo>
      op;
};

// Codebook editor. Codes are GUIDs; parent "" = top level. Each edit is a version.
struct CodebookAdd { std::string parent, name, description, color; };
struct CodebookRename { std::string code, name; };
struct CodebookMove { std::string code, parent; };
struct CodebookMerge { std::string from, into; };  // from's codings count as into
struct CodebookEdit { std::string code, description, color; };
struct CodebookMemo { std::string code, text; };   // the author's memo; "" removes it
struct CodebookImport { std::string path; };       // .qdc
struct CodebookExport { std::string path; };       // .qdc
struct CodebookSplit { std::string code; };        // a merged code (GUID) back out, as it was
struct Codebook {
  std::variant<CodebookAdd, CodebookRename, CodebookMove, CodebookMerge, CodebookEdit, CodebookMemo, CodebookImport,
               CodebookExport, CodebookSplit>
      op;
};
}  // namespace cmd

}  // namespace canvass::app
