// Private helpers of the form parser: error context, key checks, typed field readers.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "forms/form.h"

namespace canvass::forms::detail {

constexpr int kMaxQuestions = 2000;
constexpr size_t kMaxChoicesPerList = 500;
constexpr size_t kMaxExpressionBytes = 4096;

// State shared while one document is parsed; every error goes through Error().
struct ParseCtx {
  std::string source;
  std::vector<std::string> languages;
  std::map<std::string, std::vector<Choice>> choice_lists;
  int question_count = 0;

  // "SOURCE: at PATH: PROBLEM" (PROBLEM should end with "; <how to fix>").
  core::Status Error(const std::string& path, const std::string& problem) const {
    return core::Status::InvalidArgument(source + ": at " + path + ": " + problem);
  }
};

// `[a-z][a-z0-9_]{0,63}`: form, section, question, choice list and role ids.
bool IsId(const std::string& s);
// `[A-Za-z0-9_.-]{1,64}`: choice values.
bool IsChoiceValue(const std::string& s);
// " did you mean \"x\"?" when a candidate is within two edits of `word`, else "".
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates);
// "a, b, c"
std::string JoinList(const std::vector<std::string>& items);
// "a string", "a number", …: for "expected X, found Y" messages.
std::string Describe(core::Value::Kind kind);

// Fails unless `v` is an object whose keys are all in `allowed` (strict format).
core::Status CheckObject(const ParseCtx& ctx, const std::string& path, const core::Value& v,
                         const std::vector<std::string>& allowed, const std::string& what);
// Fails when a required key is absent.
core::Status RequireKey(const ParseCtx& ctx, const std::string& path, const core::Value& obj,
                        const std::string& key, const std::string& fix);

// Field readers: `path` is the path of the field itself.
core::Status ReadString(const ParseCtx& ctx, const std::string& path, const core::Value& v,
                        std::string* out);
core::Status ReadBool(const ParseCtx& ctx, const std::string& path, const core::Value& v,
                      bool* out);
core::Status ReadInt(const ParseCtx& ctx, const std::string& path, const core::Value& v, int min,
                     int max, int* out);
core::Status ReadId(const ParseCtx& ctx, const std::string& path, const core::Value& v,
                    const std::string& what, std::string* out);
core::Status ReadText(const ParseCtx& ctx, const std::string& path, const core::Value& v,
                      LocalizedText* out);
// An inline array of {"value","label"} (unique values, at most kMaxChoicesPerList).
core::Status ReadChoiceArray(const ParseCtx& ctx, const std::string& path, const core::Value& v,
                             std::vector<Choice>* out);
// A choice list name (resolved through ctx.choice_lists) or an inline array.
core::Status ReadChoices(const ParseCtx& ctx, const std::string& path, const core::Value& v,
                         std::vector<Choice>* out);
// calculation, default, choice_filter and required_message of one question (after its type,
// flags and constraint are read): which types may have them, and a default that fits its type.
core::Status ReadExtras(const ParseCtx& ctx, const std::string& path, const core::Value& obj, Question* q);
// The default (if any) is a valid answer to the question (its choices are known by now).
core::Status CheckDefault(const ParseCtx& ctx, const std::string& path, const Question& q);
// Reads an expression's text (a string of at most kMaxExpressionBytes).
core::Status ReadExpressionText(const ParseCtx& ctx, const std::string& path, const core::Value& v,
                                std::string* out);
// Parses and checks every expression of the form and rejects relevance cycles.
core::Status CheckExpressions(const ParseCtx& ctx, Form* form);

}  // namespace canvass::forms::detail
