// The parse tree of an expression, shared by the parser and the evaluator (private).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "forms/expression.h"

namespace canvass::forms {

// Chains of the same precedence ("a + b - c", "x or y or z") are stored as one node
// with many operands, so the tree depth equals the parenthesis/unary nesting depth
// (bounded by kMaxExpressionDepth) and never the length of the expression.
enum class ExprKind {
  kNumber,   // num
  kString,   // text
  kBool,     // flag
  kRef,      // ${text}
  kCurrent,  // .
  kOr,       // operands
  kAnd,      // operands
  kNot,      // operands[0]
  kCompare,  // operands[0] ops[0] operands[1]
  kArith,    // operands[0] ops[0] operands[1] ops[1] operands[2] ...
  kNegate,   // operands[0]
  kCall,     // text(operands...)
  kChoiceProp,  // a property of the choice being filtered (choice_filter): text
};

enum class Op { kEq, kNe, kLt, kLe, kGt, kGe, kAdd, kSub, kMul, kDiv, kMod };

struct Expr {
  ExprKind kind = ExprKind::kBool;
  double num = 0;
  bool flag = false;
  std::string text;
  std::vector<Op> ops;
  std::vector<std::unique_ptr<Expr>> operands;
};

// Deepest nesting of parentheses, "not" and unary minus a parse accepts.
constexpr int kMaxExpressionDepth = 64;
// Longest expression text ParseExpression accepts (forms cap expressions lower).
constexpr size_t kMaxExpressionBytes = 64 * 1024;

}  // namespace canvass::forms
