// Private parts of the Stata/SPSS export: the planned variables of a file, and the cells of a
// row with why a value is missing.
#pragma once

#include <string>
#include <vector>

#include "assessment/stat_export.h"
#include "forms/validation.h"

namespace canvass::assessment::stat {

// Why a value is missing; the char is Stata's extended-missing tag.
enum class Miss : char { kNone = 0, kSkipped = 'a', kEmpty = 'b', kDontKnow = 'c', kRefused = 'd', kWithheld = 'w' };
constexpr Miss kMissKinds[] = {Miss::kSkipped, Miss::kEmpty, Miss::kDontKnow, Miss::kRefused, Miss::kWithheld};
double SpssCode(Miss m);                                  // -97, -98, -99, -96, -95
std::string MissLabel(Miss m, const std::string& lang);   // "skipped by the form's logic", ...

enum class Source { kRow, kItem, kVersion, kRole, kLanguage, kAnswer, kSelected, kCount };

struct Column {
  StatVariable var;
  Source source = Source::kAnswer;
  const forms::Question* q = nullptr;
  int top_index = -1;    // the question's place among the form's top-level questions
  int child_index = -1;  // a repeat child: its place among the repeat's children
  std::string key;       // kSelected: the choice value; kCount: the cell "row" or "row|column"
  bool is_string = false;
  size_t width = 1;      // strings: the longest value in bytes (from the data)
  bool protect = false;  // a count of people: through the disclosure ledger
};

struct Plan {
  std::string file_name, form_id, repeat;
  const forms::Form* form = nullptr;
  const forms::Question* repeat_q = nullptr;
  int repeat_top_index = -1;
  std::vector<Column> columns;
  std::vector<std::string> left_out;
};

// The main file of one form version, and one long file per repeat (xlsform_... style names).
Plan PlanMain(const forms::Form& f, const StatExportOptions& o, const std::string& base_name);
std::vector<Plan> PlanRepeats(const forms::Form& f, const StatExportOptions& o, const std::string& base_name);

struct Cell {
  double number = 0;     // Stata's value (a month: months since 1960m1; a time: ms since midnight)
  double spss = 0;       // SPSS's value where it differs (a month: seconds since 1582-10-14; a time: seconds)
  std::string text;
  Miss miss = Miss::kNone;
};

// One interview's cells (main file) or one repeat item's (long file). `relevant` flags the
// plan's questions (top-level, or the item's children); `row_id` is the pseudonymous key.
struct RowInput {
  const DatasetInterview* interview = nullptr;
  const std::string* row_id = nullptr;
  const forms::Relevance* relevance = nullptr;
  int item = -1;  // repeat item (0-based), -1 for the main file
};
void RowCells(const Plan& p, const RowInput& in, int threshold, std::vector<Cell>* out);

// "2024-03-31" -> Stata monthly date (months since 1960m1) / SPSS seconds at the month's start.
bool MonthOf(const std::string& date, double* stata_month, double* spss_seconds);
// "14:30[:05]" -> milliseconds since midnight.
bool TimeOfDay(const std::string& time, double* ms);

}  // namespace canvass::assessment::stat
