// View-model and commands of the Analysis screen, the researcher's tools over the coding:
// retrieval (every segment of a code and its children across interviews, with case attributes),
// text search with auto-coding of the previewed passages, code frequencies with parent totals by
// attribute, a co-occurrence matrix with drill-down, and a memo browser. Plain data built by the
// Controller (controller_analysis.cpp); no ImGui.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/status.h"
#include "storage/workspace.h"

namespace canvass::app {

// One coded passage with the attributes of its case.
struct SegmentRow {
  std::string coding_id, interview, question, code_guid, code_path, coder;
  int64_t start = 0, end = 0;
  std::string text;                                   // the coded words (a quote of the answer)
  std::string protocol, role, areas, date, question_label;  // areas by name
};

struct SearchHit {
  std::string interview, question, question_label;
  int64_t start = 0, end = 0;
  std::string before, match, after;  // the passage in context
};

struct FrequencyRow {
  std::string code_guid, path;
  int depth = 0;
  int answers = 0, interviews = 0, total_answers = 0, total_interviews = 0;
  std::vector<int> by_value;  // total interviews per AnalysisView::values
};

struct MemoRow {
  std::string kind;          // "code" | "answer"
  std::string target, label; // code GUID or answer id; code path or "question - interview"
  std::string coder, text, created;
};

struct AnalysisView {
  int tab = 0;  // 0 retrieve, 1 search, 2 frequencies, 3 co-occurrence, 4 memos
  std::vector<std::pair<std::string, std::string>> codes;  // (GUID, path), tree order: pickers
  std::string count_rule_text;  // what "applies" means in frequencies and co-occurrence
  // Retrieval
  std::string code;  // GUID
  bool children = true;
  std::vector<SegmentRow> segments;
  // Text search
  std::string query;
  std::vector<SearchHit> hits;
  // Frequencies
  std::string attribute;  // "" | protocol | role | area | date (month)
  std::vector<std::string> values;
  std::vector<FrequencyRow> frequencies;
  // Co-occurrence (codes used anywhere, tree order)
  bool same_interview = false;
  std::vector<std::string> co_codes, co_paths;
  std::vector<std::vector<int>> co;
  int co_a = -1, co_b = -1;
  std::vector<SegmentRow> drill;  // passages of both codes in the chosen units
  // Memos
  std::vector<MemoRow> memos;
  std::string message, error;
};

namespace cmd {
struct AnalysisTab { int tab = 0; };
struct AnalysisRetrieve { std::string code; bool children = true; };  // code: GUID or path
// Opens the Coding screen on that answer (all filters cleared).
struct AnalysisOpenAnswer { std::string interview, question; };
struct AnalysisSearch { std::string query; };
// Codes the listed hits (indexes into hits; empty = all shown) with `code` as the session's coder.
struct AnalysisAutoCode { std::string code; std::vector<int> hits; };
struct AnalysisFrequencies { std::string attribute; };
struct AnalysisCooccur { bool same_interview = false; };
struct AnalysisDrill { int a = -1, b = -1; };  // indexes into co_codes
struct AnalysisMemos {};
struct Analysis {
  std::variant<AnalysisTab, AnalysisRetrieve, AnalysisOpenAnswer, AnalysisSearch, AnalysisAutoCode, AnalysisFrequencies,
               AnalysisCooccur, AnalysisDrill, AnalysisMemos>
      op;
};
}  // namespace cmd

// Every segment of `code` (GUID or path) and, with `children`, of its descendants, by every coder
// (or those listed), on the current answer text (codings needing review left out), with case
// attributes; in interview, question, offset order. Shared with `canvass-cli code segments`.
core::Result<std::vector<SegmentRow>> RetrieveSegments(storage::Workspace* ws, const std::string& code, bool children,
                                                       const std::vector<std::string>& coders = {});
// The segments as CSV (quotes of answers: a restricted export; the caller writes it 0600).
std::string SegmentsCsv(const std::vector<SegmentRow>& rows);

}  // namespace canvass::app
