// A printable questionnaire: one self-contained HTML page per form (print CSS, a page break
// before each section), for the day a laptop fails. Every printed item is numbered; skip logic
// is written as "If …, go to …" before the questions it skips; question ids and choice codes
// are printed so that the paper answers can be keyed in later; notes (the consent text) in full.
// Pure.
#pragma once

#include <map>
#include <string>

#include "forms/form.h"

namespace canvass::forms {

// `lang`: "" = the form's first language; a language the form lacks falls back per text.
std::string PrintableQuestionnaire(const Form& form, const std::string& lang);

// A condition in plain words ("2 (consent) is Yes"; negated: "2 (consent) is not Yes"), the
// questions named by their printed numbers (`numbers`: question id -> number). Conditions the
// words do not cover are quoted as written.
std::string ConditionInWords(const Form& form, const Expr& condition, bool negate, const std::string& lang,
                             const std::map<std::string, int>& numbers);

}  // namespace canvass::forms
