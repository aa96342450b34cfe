// Interview microdata as Stata (.dta) and SPSS (.sav) files, through ReadStat: one file per
// form, and one long file per repeat group keyed by the form file's pseudonymous row. These
// are RESTRICTED microdata under the same rules as BuildMicrodata (dataset_export.h): file
// names start with RESTRICTED-, identifying questions and free text are left out unless
// asked for, dates are kept to the month, and counts of people from 1 to T-1 (and those
// withheld to protect them) are withheld. Variable labels carry the question text, value
// labels the choices; a multiple choice is one 0/1 variable per choice; and why a value is
// missing is kept apart: Stata extended missing values, SPSS user-missing codes:
//   .a / -97 skipped by the form's logic    .b / -98 relevant but left empty
//   .c / -99 "don't know" / "not sure"      .d / -96 "refused" / "prefer not to say"
//   .w / -95 withheld (a small count)
// Pure apart from the bytes handed to the caller's outputs.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/dataset_export.h"
#include "core/status.h"

namespace canvass::assessment {

enum class StatFormat { kStata, kSpss };

struct StatExportOptions {
  StatFormat format = StatFormat::kStata;
  std::string language;              // labels' language; "" = each form's first
  int threshold = 11;                // counts 1..threshold-1 withheld
  bool include_free_text = false;    // text / long_text answers
  bool include_identifying = false;  // questions marked identifying
  std::string today;                 // for today() in conditions; "" = the system's
};

// One output file; the caller decides where the bytes go (a private file written atomically).
class StatOutput {
 public:
  virtual ~StatOutput() = default;
  virtual core::Status Write(std::string_view bytes) = 0;
  virtual core::Status Finish() = 0;  // called once after the last byte
};
using OpenStatOutput = std::function<core::Result<std::unique_ptr<StatOutput>>(const std::string& file_name)>;

struct StatVariable {
  std::string name, label;
  std::string question;  // the question id it comes from ("" for row, item, ...)
  std::string part;      // a multiple choice's choice value, a count table's cell ("row" or "row|column")
  std::string kind;      // "key", "number", "count", "choice", "selected", "yes_no", "month", "time", "text"
  std::vector<std::pair<double, std::string>> codes;  // value labels (choice codes)
};

struct StatFile {
  std::string file_name;   // "RESTRICTED-outreach_provider.dta"
  std::string form_id, repeat;
  int form_version_low = 0, form_version_high = 0;
  int64_t rows = 0;
  std::vector<StatVariable> variables;
  std::vector<std::string> left_out;  // "name (identifying)", "notes (free text)", ...
};

// Writes the files of every form present in `interviews` (rows in the given order: pass them
// sorted by a random id). Refuses a form whose questions need more variables than the format
// allows. The list says what each file holds (for the README and the codebook).
core::Result<std::vector<StatFile>> WriteStatFiles(const std::vector<DatasetInterview>& interviews,
                                                   const StatExportOptions& options, const OpenStatOutput& open);

// RESTRICTED-README.txt: what the files are, the rules they follow, the missing-value codes,
// what was left out; and RESTRICTED-codebook.csv: every variable, label and code.
std::string StatReadme(const std::vector<StatFile>& files, const StatExportOptions& options);
std::string StatCodebook(const std::vector<StatFile>& files);

}  // namespace canvass::assessment
