// The README and codebook written beside the Stata/SPSS files: what they are, the rules they
// follow (restricted microdata), the missing-value codes, and every variable.
#include <cstdio>

#include "assessment/stat_export.h"

namespace canvass::assessment {

namespace {

std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

std::string Number(double d) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", d);
  return b;
}

}  // namespace

std::string StatReadme(const std::vector<StatFile>& files, const StatExportOptions& o) {
  const bool stata = o.format == StatFormat::kStata;
  const int t = o.threshold;
  std::string r =
      "RESTRICTED: interview-level microdata from Canvass (" + std::string(stata ? "Stata .dta, version 14 and later" : "SPSS .sav") +
      ").\n\n"
      "These files hold one row per final interview (and, for each repeat group, one row per item). They are for a\n"
      "named partner under a data-use agreement: never publish them, never put them beside the shareable tables\n"
      "(canvass-cli export dataset), and delete them when the agreement ends.\n\n"
      "What was done to protect the people interviewed and the people they speak about:\n"
      "  - no interview ids, interviewers, devices or times; `row` is a pseudonymous number whose order carries no meaning;\n"
      "    a repeat group's file is linked to its form's file by `row`, and `item` numbers the items;\n" +
      std::string(o.include_identifying ? "  - identifying questions ARE included (asked for with --include-identifying): handle with extra care;\n"
                                        : "  - identifying questions (names, contacts, addresses) are left out;\n") +
      (o.include_free_text ? "  - free-text answers ARE included (asked for with --include-free-text): they may name people;\n"
                           : "  - free-text answers are left out;\n") +
      "  - dates are kept to the month;\n"
      "  - counts of people from 1 to " + std::to_string(t - 1) + " (and counts withheld so that they cannot be worked out from a\n"
      "    total) are withheld, as in every Canvass output.\n\n"
      "Why a value is missing (" + std::string(stata ? "Stata extended missing values" : "SPSS user-missing codes, declared missing") + "):\n";
  const char* rows[][3] = {{".a", "-97", "skipped by the form's logic (the question was not asked)"},
                           {".b", "-98", "asked but left empty"},
                           {".c", "-99", "\"don't know\" / \"not sure\" was the answer"},
                           {".d", "-96", "\"refused\" / \"prefer not to say\" was the answer"},
                           {".w", "-95", "withheld: a small count, or one withheld to protect one"}};
  for (const auto& row : rows) r += std::string("  ") + (stata ? row[0] : row[1]) + "  " + row[2] + "\n";
  r += "Text variables (area ids" + std::string(o.include_free_text ? ", free text" : "") +
       ") are empty for every kind of missing value.\n"
       "A multiple choice is one 0/1 variable per choice (named question_choice); a count table one variable per\n"
       "cell (question_row[_column]); a cell left out of a table is unknown (.b), not zero.\n"
       "Variable names are the question ids (cut to 32 characters, made unique); variable labels the question texts\n"
       "cut to 80 characters. RESTRICTED-codebook.csv has every variable with the question it comes from, the choice\n"
       "or table cell it holds (column part), its label and its codes.\n\nFiles:\n";
  for (const auto& f : files) {
    r += "  " + f.file_name + ": form " + f.form_id + " version " + std::to_string(f.form_version_low) +
         (f.repeat.empty() ? "" : ", repeat group " + f.repeat) + "; " + std::to_string(f.rows) + " rows, " +
         std::to_string(f.variables.size()) + " variables\n";
    if (!f.left_out.empty()) {
      std::string l;
      for (const auto& x : f.left_out) l += (l.empty() ? "" : ", ") + x;
      r += "    not in this file: " + l + "\n";
    }
  }
  return r;
}

std::string StatCodebook(const std::vector<StatFile>& files) {
  std::string c = "file,variable,question,part,kind,label,code,code_label\n";
  for (const auto& f : files)
    for (const auto& v : f.variables) {
      const std::string lead = Csv(f.file_name) + "," + Csv(v.name) + "," + Csv(v.question) + "," + Csv(v.part) + "," + Csv(v.kind) + "," + Csv(v.label);
      c += lead + ",,\n";
      for (const auto& [code, label] : v.codes) c += lead + "," + Number(code) + "," + Csv(label) + "\n";
    }
  return c;
}

}  // namespace canvass::assessment
