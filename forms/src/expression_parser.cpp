// Recursive-descent parser of the expression language (grammar in docs/forms.md).
#include <cctype>
#include <cstdlib>
#include <utility>

#include "expression_internal.h"

namespace canvass::forms {
namespace {

using core::Result;
using core::Status;
using ExprPtr = std::unique_ptr<Expr>;

struct FunctionSpec {
  const char* name;
  int min_args;
  int max_args;
};

constexpr FunctionSpec kFunctions[] = {
    {"selected", 2, 2}, {"count_selected", 1, 1}, {"string_length", 1, 1}, {"answered", 1, 1},
    {"sum", 1, 1},      {"number", 1, 1},         {"today", 0, 0},         {"not", 1, 1},
    {"true", 0, 0},     {"false", 0, 0},         {"if", 3, 3},            {"coalesce", 2, 2},
};

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

ExprPtr Leaf(ExprKind kind) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  return e;
}

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options) : text_(text), options_(options) {}

  Result<std::shared_ptr<const Expr>> Run() {
    SkipSpace();
    if (pos_ >= text_.size()) return Fail("expected an expression, found nothing");
    ExprPtr e = ParseOr();
    if (!e) return error_;
    SkipSpace();
    if (pos_ < text_.size()) {
      return Fail("expected an operator or the end of the expression, found '" +
                  std::string(1, text_[pos_]) + "'");
    }
    return std::shared_ptr<const Expr>(std::move(e));
  }

 private:
  Status Fail(const std::string& what) {
    if (error_.ok()) {
      error_ = Status::InvalidArgument("column " + std::to_string(pos_ + 1) + ": " + what);
    }
    return error_;
  }
  ExprPtr FailNull(const std::string& what) {
    (void)Fail(what);
    return nullptr;
  }

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool PeekChar(char c) {
    SkipSpace();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  // Matches a keyword ("and", "div") followed by a non-name character.
  bool MatchWord(std::string_view word) {
    SkipSpace();
    if (text_.substr(pos_, word.size()) != word) return false;
    size_t end = pos_ + word.size();
    if (end < text_.size() && IsNameChar(text_[end])) return false;
    pos_ = end;
    return true;
  }
  bool MatchOp(std::string_view op) {
    SkipSpace();
    if (text_.substr(pos_, op.size()) != op) return false;
    pos_ += op.size();
    return true;
  }

  // Depth guard: every recursion into a nested expression goes through Enter().
  bool Enter() {
    if (++depth_ > kMaxExpressionDepth) {
      (void)Fail("expression nested too deeply (more than " + std::to_string(kMaxExpressionDepth) +
                 " levels); simplify it");
      return false;
    }
    return true;
  }

  ExprPtr ParseChain(ExprKind kind, const char* word, ExprPtr (Parser::*next)()) {
    ExprPtr first = (this->*next)();
    if (!first) return nullptr;
    if (!MatchWord(word)) return first;
    auto node = Leaf(kind);
    node->operands.push_back(std::move(first));
    do {
      ExprPtr rhs = (this->*next)();
      if (!rhs) return nullptr;
      node->operands.push_back(std::move(rhs));
    } while (MatchWord(word));
    return node;
  }

  ExprPtr ParseOr() {
    if (!Enter()) return nullptr;
    ExprPtr e = ParseChain(ExprKind::kOr, "or", &Parser::ParseAnd);
    --depth_;
    return e;
  }
  ExprPtr ParseAnd() { return ParseChain(ExprKind::kAnd, "and", &Parser::ParseNot); }

  ExprPtr ParseNot() {
    SkipSpace();
    size_t save = pos_;
    // "not(" without a space is the function form, parsed as an atom.
    if (MatchWord("not") && !(pos_ < text_.size() && text_[pos_] == '(')) {
      if (!Enter()) return nullptr;
      ExprPtr inner = ParseNot();
      --depth_;
      if (!inner) return nullptr;
      auto node = Leaf(ExprKind::kNot);
      node->operands.push_back(std::move(inner));
      return node;
    }
    pos_ = save;
    return ParseCompare();
  }

  bool MatchCompareOp(Op* op) {
    static const std::pair<const char*, Op> kOps[] = {{"!=", Op::kNe}, {"<=", Op::kLe},
                                                      {">=", Op::kGe}, {"=", Op::kEq},
                                                      {"<", Op::kLt},  {">", Op::kGt}};
    for (const auto& [text, value] : kOps) {
      if (MatchOp(text)) {
        *op = value;
        return true;
      }
    }
    return false;
  }

  ExprPtr ParseCompare() {
    ExprPtr lhs = ParseSum();
    if (!lhs) return nullptr;
    Op op;
    if (!MatchCompareOp(&op)) return lhs;
    ExprPtr rhs = ParseSum();
    if (!rhs) return nullptr;
    auto node = Leaf(ExprKind::kCompare);
    node->ops.push_back(op);
    node->operands.push_back(std::move(lhs));
    node->operands.push_back(std::move(rhs));
    if (MatchCompareOp(&op)) {
      return FailNull("comparisons cannot be chained; join them with 'and'");
    }
    return node;
  }

  bool MatchSumOp(Op* op) {
    if (MatchOp("+")) {
      *op = Op::kAdd;
      return true;
    }
    if (MatchOp("-")) {
      *op = Op::kSub;
      return true;
    }
    return false;
  }
  bool MatchProdOp(Op* op) {
    if (MatchOp("*")) {
      *op = Op::kMul;
      return true;
    }
    if (MatchOp("/")) {
      *op = Op::kDiv;
      return true;
    }
    if (MatchWord("div")) {
      *op = Op::kDiv;
      return true;
    }
    if (MatchWord("mod")) {
      *op = Op::kMod;
      return true;
    }
    return false;
  }

  ExprPtr ParseArith(bool (Parser::*match)(Op*), ExprPtr (Parser::*next)()) {
    ExprPtr first = (this->*next)();
    if (!first) return nullptr;
    Op op;
    if (!(this->*match)(&op)) return first;
    auto node = Leaf(ExprKind::kArith);
    node->operands.push_back(std::move(first));
    do {
      node->ops.push_back(op);
      ExprPtr rhs = (this->*next)();
      if (!rhs) return nullptr;
      node->operands.push_back(std::move(rhs));
    } while ((this->*match)(&op));
    return node;
  }
  ExprPtr ParseSum() { return ParseArith(&Parser::MatchSumOp, &Parser::ParseProd); }
  ExprPtr ParseProd() { return ParseArith(&Parser::MatchProdOp, &Parser::ParseUnary); }

  ExprPtr ParseUnary() {
    if (!MatchOp("-")) return ParseAtom();
    if (!Enter()) return nullptr;
    ExprPtr inner = ParseUnary();
    --depth_;
    if (!inner) return nullptr;
    auto node = Leaf(ExprKind::kNegate);
    node->operands.push_back(std::move(inner));
    return node;
  }

  ExprPtr ParseNumber() {
    size_t start = pos_;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (pos_ >= text_.size() || !IsDigit(text_[pos_])) {
        return FailNull("expected a digit after the decimal point");
      }
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    auto node = Leaf(ExprKind::kNumber);
    node->num = std::strtod(std::string(text_.substr(start, pos_ - start)).c_str(), nullptr);
    return node;
  }

  ExprPtr ParseString() {
    char quote = text_[pos_];
    size_t start = pos_++;
    size_t close = text_.find(quote, pos_);
    if (close == std::string_view::npos) {
      pos_ = start;
      return FailNull(std::string("expected a closing ") + quote +
                      " for the string that starts here");
    }
    auto node = Leaf(ExprKind::kString);
    node->text = std::string(text_.substr(pos_, close - pos_));
    pos_ = close + 1;
    return node;
  }

  ExprPtr ParseRef() {
    pos_ += 2;  // "${"
    size_t start = pos_;
    while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
    if (pos_ == start) return FailNull("expected a question id after '${'");
    if (pos_ >= text_.size() || text_[pos_] != '}') {
      return FailNull("expected '}' to close '${" + std::string(text_.substr(start, pos_ - start)) +
                      "'");
    }
    auto node = Leaf(ExprKind::kRef);
    node->text = std::string(text_.substr(start, pos_ - start));
    ++pos_;
    return node;
  }

  ExprPtr ParseParenthesized() {
    ++pos_;  // "("
    ExprPtr inner = ParseOr();
    if (!inner) return nullptr;
    if (!MatchOp(")")) return FailNull("expected ')'");
    return inner;
  }

  ExprPtr ParseAtom() {
    SkipSpace();
    if (pos_ >= text_.size()) return FailNull("expected a value, found the end of the expression");
    char c = text_[pos_];
    if (IsDigit(c) || (c == '.' && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1]))) {
      return ParseNumber();
    }
    if (c == '.') {
      ++pos_;
      return Leaf(ExprKind::kCurrent);
    }
    if (c == '\'' || c == '"') return ParseString();
    if (c == '$' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '{') return ParseRef();
    if (c == '(') return ParseParenthesized();
    if (IsNameStart(c)) return ParseName();
    return FailNull("expected a value (number, 'text', ${id}, '.', function or '('), found '" +
                    std::string(1, c) + "'");
  }

  ExprPtr ParseName() {
    size_t start = pos_;
    while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
    std::string name(text_.substr(start, pos_ - start));
    bool has_parens = pos_ < text_.size() && text_[pos_] == '(';
    if ((name == "true" || name == "false") && !has_parens) {
      auto node = Leaf(ExprKind::kBool);
      node->flag = name == "true";
      return node;
    }
    const FunctionSpec* spec = nullptr;
    for (const FunctionSpec& f : kFunctions) {
      if (name == f.name) spec = &f;
    }
    if (spec == nullptr && options_.choice_properties && !has_parens) {
      auto node = Leaf(ExprKind::kChoiceProp);
      node->text = name;
      return node;
    }
    if (spec == nullptr) {
      pos_ = start;
      return FailNull("unknown name '" + name + "'; use ${" + name +
                      "} for a question, quotes for text, or one of the "
                      "functions selected, count_selected, string_length, answered, sum, "
                      "number, today, if, coalesce");
    }
    if (!has_parens) return FailNull("expected '(' after " + name);
    return ParseCall(name, *spec);
  }

  ExprPtr ParseCall(const std::string& name, const FunctionSpec& spec) {
    ++pos_;  // "("
    auto node = Leaf(ExprKind::kCall);
    node->text = name;
    if (!PeekChar(')')) {
      do {
        ExprPtr arg = ParseOr();
        if (!arg) return nullptr;
        node->operands.push_back(std::move(arg));
      } while (MatchOp(","));
    }
    if (!MatchOp(")")) return FailNull("expected ',' or ')' in the call of " + name + "()");
    int n = static_cast<int>(node->operands.size());
    if (n < spec.min_args || n > spec.max_args) {
      return FailNull(name + "() takes " + std::to_string(spec.min_args) + " argument" +
                      (spec.min_args == 1 ? "" : "s") + ", not " + std::to_string(n));
    }
    if (name == "not") node->kind = ExprKind::kNot;
    if (name == "true" || name == "false") {
      node->kind = ExprKind::kBool;
      node->flag = name == "true";
    }
    return node;
  }

  std::string_view text_;
  ParseOptions options_;
  size_t pos_ = 0;
  int depth_ = 0;
  Status error_;
};

}  // namespace

Result<std::shared_ptr<const Expr>> ParseExpression(std::string_view text, const ParseOptions& options) {
  if (text.size() > kMaxExpressionBytes) {
    return Status::InvalidArgument("expression is " + std::to_string(text.size()) +
                                   " bytes, more than the limit of " +
                                   std::to_string(kMaxExpressionBytes) + "; simplify it");
  }
  return Parser(text, options).Run();
}

}  // namespace canvass::forms
