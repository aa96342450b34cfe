// Form parser: the keys real XLSForms use beside the core ones: calculation, default,
// choice_filter and required_message, with the types that may carry each.
#include "form_parser_internal.h"
#include "forms/validation.h"

namespace canvass::forms::detail {

using core::Status;
using core::Value;

namespace {

bool TakesDefault(QuestionType t) {
  using T = QuestionType;
  return t == T::kText || t == T::kLongText || t == T::kInteger || t == T::kDecimal || t == T::kYesNo ||
         t == T::kSingleChoice || t == T::kMultipleChoice || t == T::kDate || t == T::kTime || t == T::kDateTime;
}

bool IsChoice(QuestionType t) { return t == QuestionType::kSingleChoice || t == QuestionType::kMultipleChoice; }

}  // namespace

Status ReadExtras(const ParseCtx& ctx, const std::string& path, const Value& obj, Question* q) {
  const bool calc = q->type == QuestionType::kCalculate;
  if (const Value* v = obj.Find("calculation")) {
    if (!calc)
      return ctx.Error(path + ".calculation", "\"calculation\" is used by a calculate question only; remove it, or make the type "
                                              "\"calculate\"");
    CANVASS_RETURN_IF_ERROR(ReadExpressionText(ctx, path + ".calculation", *v, &q->calculation));
  }
  if (calc && q->calculation.empty())
    return ctx.Error(path, "missing required key \"calculation\"; a calculate question holds the value of an expression, "
                           "e.g. \"${adults} + ${children}\"");
  if (const Value* v = obj.Find("required_message")) {
    if (!q->required)
      return ctx.Error(path + ".required_message", "there is no \"required\": true for this message; add it or remove the message");
    CANVASS_RETURN_IF_ERROR(ReadText(ctx, path + ".required_message", *v, &q->required_message));
  }
  if (const Value* v = obj.Find("choice_filter")) {
    if (!IsChoice(q->type))
      return ctx.Error(path + ".choice_filter", "\"choice_filter\" is used by single_choice and multiple_choice questions only; "
                                                "remove it");
    CANVASS_RETURN_IF_ERROR(ReadExpressionText(ctx, path + ".choice_filter", *v, &q->choice_filter));
  }
  if (const Value* v = obj.Find("default")) {
    if (!TakesDefault(q->type))
      return ctx.Error(path + ".default", std::string("a ") + TypeName(q->type) + " question cannot have a default answer; remove "
                                                                                 "\"default\"");
    CANVASS_RETURN_IF_ERROR(ReadString(ctx, path + ".default", *v, &q->default_value));
  }
  return Status::Ok();
}

// Called once the choices are known (after ReadTypeFields): the default must be an answer.
Status CheckDefault(const ParseCtx& ctx, const std::string& path, const Question& q) {
  if (q.default_value.empty()) return Status::Ok();
  std::string problem = CheckType(q, DefaultAnswer(q), nullptr);
  if (problem.empty()) return Status::Ok();
  return ctx.Error(path + ".default", "the default \"" + q.default_value + "\" is not a valid answer: " + problem);
}

}  // namespace canvass::forms::detail
