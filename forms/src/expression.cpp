// Evaluation of parsed expressions (semantics in docs/forms.md, "Expressions").
#include "forms/expression.h"

#include <cmath>
#include <cstdlib>

#include "core/clock.h"
#include "expression_internal.h"
#include "forms/form.h"

namespace canvass::forms {
namespace {

using core::Value;

bool IsEmptyValue(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: return true;
    case Value::Kind::kString: return v.as_string().empty();
    case Value::Kind::kArray: return v.as_array().empty();
    case Value::Kind::kObject: return v.as_object().empty();
    default: return false;
  }
}

// Strict decimal syntax: optional sign, digits, optional fraction; spaces around allowed.
bool ParseDecimal(const std::string& s, double* out) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  if (b == std::string::npos) return false;
  std::string t = s.substr(b, e - b + 1);
  size_t i = (t[0] == '-' || t[0] == '+') ? 1 : 0;
  size_t digits = 0, dots = 0;
  for (; i < t.size(); ++i) {
    if (t[i] == '.') {
      if (++dots > 1) return false;
    } else if (t[i] >= '0' && t[i] <= '9') {
      ++digits;
    } else {
      return false;
    }
  }
  if (digits == 0) return false;
  *out = std::strtod(t.c_str(), nullptr);
  return std::isfinite(*out);
}

// Number view of a value for arithmetic and numeric comparison.
bool AsNumber(const Value& v, double* out) {
  if (v.is_number()) {
    *out = v.as_number();
    return std::isfinite(*out);
  }
  if (v.is_bool()) {
    *out = v.as_bool() ? 1 : 0;
    return true;
  }
  if (v.is_string()) return ParseDecimal(v.as_string(), out);
  return false;
}

Value NumberOrEmpty(double d) { return std::isfinite(d) ? Value(d) : Value(); }

bool Equal(const Value& a, const Value& b) {
  bool ea = IsEmptyValue(a), eb = IsEmptyValue(b);
  if (ea || eb) return ea && eb;
  if (a.kind() == b.kind()) return a == b;
  if (a.is_bool() && b.is_string()) return b.as_string() == (a.as_bool() ? "true" : "false");
  if (b.is_bool() && a.is_string()) return a.as_string() == (b.as_bool() ? "true" : "false");
  double x, y;
  if (AsNumber(a, &x) && AsNumber(b, &y) && !a.is_array() && !b.is_array()) return x == y;
  return false;
}

bool Order(const Value& a, const Value& b, Op op) {
  if (IsEmptyValue(a) || IsEmptyValue(b)) return false;  // order with empty is false
  int cmp;
  double x, y;
  if (a.is_string() && b.is_string()) {
    int c = a.as_string().compare(b.as_string());
    cmp = c < 0 ? -1 : (c > 0 ? 1 : 0);
  } else if (AsNumber(a, &x) && AsNumber(b, &y)) {
    cmp = x < y ? -1 : (x > y ? 1 : 0);
  } else {
    return false;  // arrays, objects, text against non-numeric text
  }
  switch (op) {
    case Op::kLt: return cmp < 0;
    case Op::kLe: return cmp <= 0;
    case Op::kGt: return cmp > 0;
    case Op::kGe: return cmp >= 0;
    default: return false;
  }
}

std::string AsText(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_number()) return core::FormatNumber(v.as_number());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  return "";
}

size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

class Evaluator {
 public:
  explicit Evaluator(const EvalContext& ctx) : ctx_(ctx) {}

  Value Eval(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kNumber: return Value(e.num);
      case ExprKind::kString: return Value(e.text);
      case ExprKind::kBool: return Value(e.flag);
      case ExprKind::kRef: return Lookup(e.text);
      case ExprKind::kCurrent:
        return ctx_.current != nullptr && !IsEmptyValue(*ctx_.current) ? *ctx_.current : Value();
      case ExprKind::kOr:
        for (const auto& op : e.operands) {
          if (Truthy(Eval(*op))) return Value(true);
        }
        return Value(false);
      case ExprKind::kAnd:
        for (const auto& op : e.operands) {
          if (!Truthy(Eval(*op))) return Value(false);
        }
        return Value(true);
      case ExprKind::kNot: return Value(!Truthy(Eval(*e.operands[0])));
      case ExprKind::kCompare: return Compare(e);
      case ExprKind::kArith: return Arith(e);
      case ExprKind::kNegate: {
        double x;
        Value v = Eval(*e.operands[0]);
        return AsNumber(v, &x) && !IsEmptyValue(v) ? NumberOrEmpty(-x) : Value();
      }
      case ExprKind::kCall: return Call(e);
      case ExprKind::kChoiceProp: return ChoiceProperty(e.text);
    }
    return Value();
  }

  static bool Truthy(const Value& v) {
    if (v.is_bool()) return v.as_bool();
    if (v.is_number()) return v.as_number() != 0 && !std::isnan(v.as_number());
    return !IsEmptyValue(v);
  }

 private:
  Value Lookup(const std::string& id) {
    if (!ctx_.lookup) return Value();
    const Value* v = ctx_.lookup(id);
    return v != nullptr && !IsEmptyValue(*v) ? *v : Value();
  }

  Value Compare(const Expr& e) {
    Value a = Eval(*e.operands[0]);
    Value b = Eval(*e.operands[1]);
    Op op = e.ops[0];
    if (op == Op::kEq) return Value(Equal(a, b));
    if (op == Op::kNe) return Value(!Equal(a, b));
    return Value(Order(a, b, op));
  }

  Value Arith(const Expr& e) {
    double acc;
    Value first = Eval(*e.operands[0]);
    if (IsEmptyValue(first) || !AsNumber(first, &acc)) return Value();
    for (size_t i = 1; i < e.operands.size(); ++i) {
      Value v = Eval(*e.operands[i]);
      double x;
      if (IsEmptyValue(v) || !AsNumber(v, &x)) return Value();  // empty operand: empty
      switch (e.ops[i - 1]) {
        case Op::kAdd: acc += x; break;
        case Op::kSub: acc -= x; break;
        case Op::kMul: acc *= x; break;
        case Op::kDiv:
          if (x == 0) return Value();
          acc /= x;
          break;
        case Op::kMod:
          if (x == 0) return Value();
          acc = std::fmod(acc, x);
          break;
        default: return Value();
      }
      if (!std::isfinite(acc)) return Value();
    }
    return Value(acc);
  }

  Value ChoiceProperty(const std::string& name) {
    if (ctx_.choice == nullptr) return Value();
    if (name == "name") return Value(ctx_.choice->value);
    auto it = ctx_.choice->properties.find(name);
    return it == ctx_.choice->properties.end() || it->second.empty() ? Value() : Value(it->second);
  }

  Value Call(const Expr& e) {
    const std::string& f = e.text;
    if (f == "today") {
      if (!ctx_.today.empty()) return Value(ctx_.today);
      return Value(core::FormatDateUtc(core::SystemClock().NowMillis()));
    }
    if (f == "if") return Eval(*e.operands[Truthy(Eval(*e.operands[0])) ? 1 : 2]);  // lazy
    if (f == "coalesce") {
      Value first = Eval(*e.operands[0]);
      return IsEmptyValue(first) ? Eval(*e.operands[1]) : first;
    }
    Value a = Eval(*e.operands[0]);
    if (f == "selected") return Value(Selected(a, Eval(*e.operands[1])));
    if (f == "count_selected") {
      if (a.is_array()) return Value(static_cast<double>(a.as_array().size()));
      if (a.is_object()) return Value(static_cast<double>(a.as_object().size()));
      return Value(IsEmptyValue(a) ? 0 : 1);
    }
    if (f == "string_length") return Value(static_cast<double>(Utf8Length(AsText(a))));
    if (f == "answered") return Value(!IsEmptyValue(a));
    if (f == "number") {
      double x;
      return !IsEmptyValue(a) && AsNumber(a, &x) ? Value(x) : Value();
    }
    if (f == "sum") return Sum(a);
    return Value();
  }

  static bool Selected(const Value& answer, const Value& choice) {
    if (IsEmptyValue(choice)) return false;
    std::string wanted = AsText(choice);
    if (answer.is_array()) {
      for (const Value& item : answer.as_array()) {
        if (item.is_string() && item.as_string() == wanted) return true;
      }
      return false;
    }
    return answer.is_string() && answer.as_string() == wanted;
  }

  static Value Sum(const Value& a) {
    if (IsEmptyValue(a)) return Value();  // unknown, not zero
    double total = 0, x;
    if (a.is_object()) {
      for (const auto& kv : a.as_object()) {
        if (AsNumber(kv.second, &x) && !kv.second.is_string()) total += x;
      }
    } else if (a.is_array()) {
      for (const Value& item : a.as_array()) {
        if (item.is_number()) total += item.as_number();
      }
    } else if (!AsNumber(a, &total)) {
      return Value();
    }
    return NumberOrEmpty(total);
  }

  const EvalContext& ctx_;
};

void CollectIds(const Expr& e, ExprKind kind, std::set<std::string>* out) {
  if (e.kind == kind) out->insert(e.text);
  for (const auto& op : e.operands) CollectIds(*op, kind, out);
}

}  // namespace

std::set<std::string> ReferencedIds(const Expr& e) {
  std::set<std::string> out;
  CollectIds(e, ExprKind::kRef, &out);
  return out;
}

std::set<std::string> ReferencedChoiceProperties(const Expr& e) {
  std::set<std::string> out;
  CollectIds(e, ExprKind::kChoiceProp, &out);
  return out;
}

bool UsesCurrent(const Expr& e) {
  if (e.kind == ExprKind::kCurrent) return true;
  for (const auto& op : e.operands) {
    if (UsesCurrent(*op)) return true;
  }
  return false;
}

Value Evaluate(const Expr& e, const EvalContext& ctx) {
  try {
    return Evaluator(ctx).Eval(e);
  } catch (...) {  // a throwing lookup (or bad_alloc) must not escape: treat as empty
    return Value();
  }
}

bool EvaluateBool(const Expr& e, const EvalContext& ctx) {
  return Evaluator::Truthy(Evaluate(e, ctx));
}

}  // namespace canvass::forms
