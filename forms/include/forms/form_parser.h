// Parses and checks a form document (docs/forms.md). All checks happen here, so a
// Form that comes back is safe to run: ids unique, expressions parse and name known
// questions, relevance has no cycles, choice lists resolved.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "core/value.h"
#include "forms/form.h"

namespace canvass::forms {

// `source` names the input in messages (a file path, or "built-in protocol X").
// Errors: "SOURCE:LINE:COL: invalid JSON: …" for syntax, and
// "SOURCE: at $.sections[1].questions[3].type: unknown type \"multi\"; use one of …" for content.
core::Result<Form> ParseForm(std::string_view json_text, std::string_view source);
core::Result<Form> ParseFormValue(const core::Value& doc, std::string_view source);
core::Result<Form> LoadFormFile(const std::string& path);

// The canonical JSON description of a form as `forms show --json` prints it:
// {"id","version","title","languages","kind","respondent_roles","sections":[{"id","title",
//  "relevant","questions":[{"id","type","label","hint","required","required_message","calculation",
//  "default","choice_filter","relevant","constraint","constraint_message","identifying",
//  "choices":[{"value","label","properties"}],"rows","columns","area_levels",
//  "questions"(repeat children),"min_items","max_items"}]}]}
// Choice lists are expanded inline. Keys with default/empty values are omitted.
core::Value FormToValue(const Form& form);

}  // namespace canvass::forms
