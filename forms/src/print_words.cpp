// Conditions in plain words for the printed questionnaire ("If 7 (concern) is not “Yes”, go to
// 12"): comparisons, selected(), answered(), count_selected(), and/or/not (negated by De
// Morgan's rules so that the reader never meets a double negative); anything else quoted.
#include <cstdio>

#include "expression_internal.h"
#include "forms/print.h"

namespace canvass::forms {

namespace {

struct Words {
  const char *is, *is_not, *and_, *or_, *includes, *excludes, *answered, *unanswered, *less, *at_most, *more, *at_least,
      *number_marked, *length, *today, *holds, *fails, *yes, *no;
};
constexpr Words kEn = {"is", "is not", "and", "or", "includes", "does not include", "is answered", "is not answered",
                       "is less than", "is at most", "is more than", "is at least", "the number of answers marked at",
                       "the length of the answer to", "today", "holds", "does not hold", "Yes", "No"};
constexpr Words kEs = {"es", "no es", "y", "o", "incluye", "no incluye", "tiene respuesta", "no tiene respuesta",
                       "es menor que", "es como máximo", "es mayor que", "es como mínimo", "el número de respuestas marcadas en",
                       "la longitud de la respuesta a", "hoy", "se cumple", "no se cumple", "Sí", "No"};

class Renderer {
 public:
  Renderer(const Form& f, const std::string& lang, const std::map<std::string, int>& numbers)
      : f_(f), lang_(lang), w_(lang == "es" ? kEs : kEn), numbers_(numbers) {}

  std::string Condition(const Expr& e, bool negate) {
    switch (e.kind) {
      case ExprKind::kNot: return Condition(*e.operands[0], !negate);
      case ExprKind::kAnd: case ExprKind::kOr: {
        const bool is_and = (e.kind == ExprKind::kAnd) != negate;  // De Morgan
        std::string out;
        for (const auto& op : e.operands) {
          std::string part = Condition(*op, negate);
          const bool compound = op->kind == ExprKind::kAnd || op->kind == ExprKind::kOr;
          if (compound) part = "(" + part + ")";
          out += (out.empty() ? "" : std::string(" ") + (is_and ? w_.and_ : w_.or_) + " ") + part;
        }
        return out;
      }
      case ExprKind::kRef: {
        const Question* q = f_.FindQuestion(e.text);
        if (q && q->type == QuestionType::kYesNo) return Name(e.text) + " " + (negate ? w_.is_not : w_.is) + " " + w_.yes;
        return Name(e.text) + " " + (negate ? w_.unanswered : w_.answered);
      }
      case ExprKind::kCompare: return Compare(e, negate);
      case ExprKind::kCall: return Call(e, negate);
      default: return Quoted(e, negate);
    }
  }

 private:
  std::string Name(const std::string& id) const {
    auto it = numbers_.find(id);
    return it == numbers_.end() ? "(" + id + ")" : std::to_string(it->second) + " (" + id + ")";
  }

  const Question* RefQuestion(const Expr& e) const {
    return e.kind == ExprKind::kRef ? f_.FindQuestion(e.text) : nullptr;
  }

  std::string ChoiceText(const Question* q, const std::string& value) const {
    if (q)
      for (const auto& c : q->choices)
        if (c.value == value) return "“" + f_.Text(c.label, lang_) + "” [" + value + "]";
    return "“" + value + "”";
  }

  // An operand in words; `about` is the question the other side of a comparison names.
  std::string Operand(const Expr& e, const Question* about) const {
    switch (e.kind) {
      case ExprKind::kRef: return Name(e.text);
      case ExprKind::kBool:
        if (about && about->type == QuestionType::kYesNo) return e.flag ? w_.yes : w_.no;
        return e.flag ? "true" : "false";
      case ExprKind::kNumber: {
        char b[32];
        std::snprintf(b, sizeof b, "%g", e.num);
        return b;
      }
      case ExprKind::kString: return ChoiceText(about, e.text);
      case ExprKind::kCall:
        if ((e.text == "count_selected" || e.text == "string_length") && e.operands.size() == 1 && e.operands[0]->kind == ExprKind::kRef)
          return std::string(e.text == "count_selected" ? w_.number_marked : w_.length) + " " + Name(e.operands[0]->text);
        if (e.text == "today" && e.operands.empty()) return w_.today;
        return Source(e);
      default: return Source(e);
    }
  }

  std::string Compare(const Expr& e, bool negate) {
    Op op = e.ops[0];
    if (negate) {
      static const std::map<Op, Op> kOpposite = {{Op::kEq, Op::kNe}, {Op::kNe, Op::kEq}, {Op::kLt, Op::kGe},
                                                 {Op::kGe, Op::kLt}, {Op::kGt, Op::kLe}, {Op::kLe, Op::kGt}};
      op = kOpposite.at(op);
    }
    const char* verb = op == Op::kEq ? w_.is : op == Op::kNe ? w_.is_not : op == Op::kLt ? w_.less : op == Op::kLe ? w_.at_most
                     : op == Op::kGt ? w_.more : w_.at_least;
    const Question* left = RefQuestion(*e.operands[0]);
    const Question* right = RefQuestion(*e.operands[1]);
    return Operand(*e.operands[0], right) + " " + verb + " " + Operand(*e.operands[1], left);
  }

  std::string Call(const Expr& e, bool negate) {
    if (e.text == "selected" && e.operands.size() == 2 && e.operands[0]->kind == ExprKind::kRef && e.operands[1]->kind == ExprKind::kString) {
      const Question* q = f_.FindQuestion(e.operands[0]->text);
      const bool multiple = q && q->type == QuestionType::kMultipleChoice;
      const char* verb = multiple ? (negate ? w_.excludes : w_.includes) : (negate ? w_.is_not : w_.is);
      return Name(e.operands[0]->text) + " " + verb + " " + ChoiceText(q, e.operands[1]->text);
    }
    if (e.text == "answered" && e.operands.size() == 1 && e.operands[0]->kind == ExprKind::kRef)
      return Name(e.operands[0]->text) + " " + (negate ? w_.unanswered : w_.answered);
    return Quoted(e, negate);
  }

  std::string Quoted(const Expr& e, bool negate) const {
    return "“" + Source(e) + "” " + (negate ? w_.fails : w_.holds);
  }

  // The expression written back in the form's own syntax (for what the words do not cover).
  static std::string Source(const Expr& e) {
    static const char* kOps[] = {"=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "div", "mod"};
    switch (e.kind) {
      case ExprKind::kNumber: {
        char b[32];
        std::snprintf(b, sizeof b, "%g", e.num);
        return b;
      }
      case ExprKind::kString: return "'" + e.text + "'";
      case ExprKind::kBool: return e.flag ? "true" : "false";
      case ExprKind::kRef: return "${" + e.text + "}";
      case ExprKind::kCurrent: return ".";
      case ExprKind::kChoiceProp: return e.text;
      case ExprKind::kNot: return "not(" + Source(*e.operands[0]) + ")";
      case ExprKind::kNegate: return "-" + Source(*e.operands[0]);
      case ExprKind::kOr: case ExprKind::kAnd: {
        std::string out;
        for (const auto& op : e.operands) out += (out.empty() ? "" : e.kind == ExprKind::kOr ? " or " : " and ") + Source(*op);
        return "(" + out + ")";
      }
      case ExprKind::kCompare: case ExprKind::kArith: {
        std::string out = Source(*e.operands[0]);
        for (size_t i = 1; i < e.operands.size(); ++i)
          out += std::string(" ") + kOps[static_cast<int>(e.ops[i - 1])] + " " + Source(*e.operands[i]);
        return out;
      }
      case ExprKind::kCall: {
        std::string out = e.text + "(";
        for (size_t i = 0; i < e.operands.size(); ++i) out += (i ? ", " : "") + Source(*e.operands[i]);
        return out + ")";
      }
    }
    return "";
  }

  const Form& f_;
  std::string lang_;
  const Words& w_;
  const std::map<std::string, int>& numbers_;
};

}  // namespace

std::string ConditionInWords(const Form& form, const Expr& condition, bool negate, const std::string& lang,
                             const std::map<std::string, int>& numbers) {
  return Renderer(form, lang, numbers).Condition(condition, negate);
}

}  // namespace canvass::forms
