// Private parts of the XLSForm import: sheets with their headers understood (base column,
// language), the languages of the form, and the collected issues and notes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/value.h"
#include "forms/xlsform.h"

namespace canvass::forms::xlsform {

// One header cell: "label::Español (es)" is base "label", language "es".
struct Column {
  std::string header;  // as written
  std::string base;    // normalised: lower case, aliases resolved ("list name" -> "list_name")
  std::string lang;    // language code, "" = the default language
  bool localized = false;
};

struct Sheet {
  std::string name;                  // as in the workbook
  uint32_t header_row = 0;
  std::vector<Column> columns;       // by column index
  std::vector<uint32_t> row_numbers; // data rows
  std::vector<std::vector<std::string>> rows;
  bool present = false;
  // The cell of data row `r` in the column with base `base` (default language when localized).
  std::string Get(size_t r, const std::string& base) const;
  int ColumnOf(const std::string& base, const std::string& lang = "") const;
};

struct Ctx {
  std::string source;
  std::vector<XlsformIssue> issues;
  std::vector<std::string> notes;
  std::vector<std::string> languages;           // codes, the default first
  std::map<std::string, std::string> lang_names; // code -> the header's language text, for messages
  void Issue(const Sheet& s, uint32_t row, const std::string& column, const std::string& message) {
    issues.push_back({s.name, row, column, message});
  }
  void Note(const std::string& n) {
    for (const auto& x : notes)
      if (x == n) return;
    notes.push_back(n);
  }
};

// Sheets and languages (xlsform_sheets.cpp).
// Parses a sheet's header row: bases, languages; refuses duplicate columns.
void ReadHeader(Ctx* ctx, Sheet* s);
// "English (en)" -> "en"; "English" -> "en"; "en" -> "en"; "" when unknown.
std::string LanguageCode(const std::string& name);
// "en" -> "English (en)"; "es" -> "Español (es)".
std::string LanguageHeader(const std::string& code);
// The form's languages: the default (settings default_language, else the first named one,
// else "en") first, then every other language a column names, in order.
void CollectLanguages(Ctx* ctx, const std::vector<Sheet*>& sheets, const std::string& default_language);
// A localized cell group of data row `r` as {"en": "...", ...}; missing languages filled from
// the first language that has a text (noted). Null when no language has a text.
core::Value Localized(Ctx* ctx, const Sheet& s, size_t r, const std::string& base);
// "yes"/"true"/"1"/"true()" -> 1, "no"/"false"/"0"/"false()"/"" -> 0, else -1.
int YesNo(const std::string& text);
std::string Lower(std::string s);
std::string Trim(const std::string& s);

// The survey sheet into sections (xlsform_survey.cpp). `choices` maps list name -> the
// choices as Canvass values; `where` records each question's and choice's JSON path -> row.
struct ChoiceList {
  core::Value::Array choices;
  std::vector<uint32_t> rows;  // sheet row of each choice
};
struct Where {
  std::string sheet;
  uint32_t row;
};
void ReadSurvey(Ctx* ctx, const Sheet& survey, const std::map<std::string, ChoiceList>& lists, const std::string& choices_sheet,
                core::Value::Array* sections, std::vector<std::pair<std::string, Where>>* where);
// Type cells and appearances (xlsform_types.cpp).
struct Type {
  std::string canvass;  // "" = not a question (skipped or refused)
  std::string list, list2;
  bool or_other = false;
};
std::vector<std::string> Words(const std::string& s);
// Parses a type cell; `problem` says why a type cannot be taken ("" when fine); `metadata` is
// set for start/end/today rows, which Canvass records itself.
Type ParseType(const std::string& cell, std::string* problem, bool* metadata);
// Applies the appearance cell of data row `r` to *type ("multiline" text is long_text);
// false (issue recorded) for an appearance Canvass cannot honour.
bool Appearance(Ctx* ctx, const Sheet& s, size_t r, std::string* type);
// Translates one expression cell, or records an issue and returns false.
bool Expression(Ctx* ctx, const Sheet& s, uint32_t row, const std::string& column, const std::string& text, std::string* out);

}  // namespace canvass::forms::xlsform
