// XLSForm (the ODK/Kobo spreadsheet form format, xlsform.org) in and out of the Canvass form
// model. Import reads the survey, choices and settings sheets, translates ODK expressions
// into Canvass's expression language, and lists every feature Canvass cannot take by sheet,
// row and column: an import with any such issue is refused whole, never partly. Export writes
// any form (the built-in protocols included) as an XLSForm that imports back to the same form;
// Canvass-only types and keys use documented custom types and columns (docs/forms.md,
// "XLSForm"). Pure apart from the file ExportXlsform writes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "forms/form.h"

namespace canvass::forms {

// One thing the import cannot take: where it is and why.
struct XlsformIssue {
  std::string sheet;   // "survey", "choices", "settings" (as named in the workbook), or "" for the workbook
  uint32_t row = 0;    // 1-based sheet row; 0 = the sheet as a whole
  std::string column;  // the column's header ("relevant", "label::Español (es)"), or ""
  std::string message;
  // "survey row 12, column relevant: regex() is not supported; ..."
  std::string Text() const;
};

struct XlsformImport {
  core::Value document;                // the Canvass form (docs/forms.md), when issues is empty
  std::vector<XlsformIssue> issues;    // non-empty: refused
  std::vector<std::string> notes;      // what was translated or filled in, in plain words
  bool version_given = false;          // settings had a version
};

struct XlsformOptions {
  std::string fallback_id;  // form id when settings has none (the file's name, made an id)
  int version = 1;          // version when settings has none
};

// Reads an XLSForm workbook. An unreadable or hostile file is an error; a readable one comes
// back with its issues (refused) or its form document (already checked by ParseFormValue).
core::Result<XlsformImport> ImportXlsform(std::string_view bytes, const std::string& source,
                                          const XlsformOptions& options);

// The sheets of a form as an XLSForm: survey, choices, settings (rows of text).
struct XlsformSheet {
  std::string name;
  std::vector<std::vector<std::string>> rows;
};
std::vector<XlsformSheet> XlsformSheets(const Form& form);
// Writes XlsformSheets(form) as an .xlsx workbook (private file, written atomically).
core::Status ExportXlsform(const Form& form, const std::string& path);

// "file_name.xlsx" -> a form id ("file_name"): lower case, other characters as '_'.
std::string IdFromFileName(const std::string& path);

// ODK <-> Canvass expression spelling: count-selected() / count_selected(), string-length() /
// string_length() (outside quoted text). ToCanvass fails, naming the problem, on what Canvass
// cannot evaluate (unsupported functions, curly quotes, paths).
core::Result<std::string> OdkToCanvassExpression(const std::string& odk);
std::string CanvassToOdkExpression(const std::string& canvass);

// What changed from one version of a form to the next, one plain line each ("added question
// x (integer)", "removed question y: its answers stay readable under version 1", ...).
std::vector<std::string> DescribeChanges(const Form& before, const Form& after);

}  // namespace canvass::forms
