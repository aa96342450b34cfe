// CheckType: does one answer value have the shape its question type needs (docs/forms.md)?
#include <cmath>
#include <cstdlib>
#include <set>

#include "forms/validation.h"

namespace canvass::forms {

using core::Value;

namespace {

std::string Describe(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: return "null";
    case Value::Kind::kBool: return v.as_bool() ? "true" : "false";
    case Value::Kind::kNumber: return core::FormatNumber(v.as_number());
    case Value::Kind::kString:
      return "text \"" +
             (v.as_string().size() > 40 ? v.as_string().substr(0, 40) + "…" : v.as_string()) + "\"";
    case Value::Kind::kArray: return "an array";
    case Value::Kind::kObject: return "an object";
  }
  return "a value";
}

std::string ChoiceValues(const std::vector<Choice>& choices) {
  std::string out;
  for (size_t i = 0; i < choices.size() && i < 12; ++i) out += (i ? ", " : "") + choices[i].value;
  if (choices.size() > 12) out += ", …";
  return out;
}

bool HasChoice(const std::vector<Choice>& choices, const std::string& value) {
  for (const Choice& c : choices) {
    if (c.value == value) return true;
  }
  return false;
}

bool IsCalendarDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// "HH:MM" or "HH:MM:SS", 24-hour.
bool IsTimeOfDay(const std::string& s) {
  if (s.size() != 5 && s.size() != 8) return false;
  auto two = [&](size_t i, int max) {
    return s[i] >= '0' && s[i] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9' && (s[i] - '0') * 10 + (s[i + 1] - '0') <= max;
  };
  if (s[2] != ':' || !two(0, 23) || !two(3, 59)) return false;
  return s.size() == 5 || (s[5] == ':' && two(6, 59));
}

// "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" (local time, no zone).
bool IsDateTime(const std::string& s) {
  return s.size() > 11 && s[10] == 'T' && IsCalendarDate(s.substr(0, 10)) && IsTimeOfDay(s.substr(11));
}

// Array of distinct strings, each accepted by `ok` (which returns "" or a problem).
template <typename Check>
std::string CheckStringSet(const Value& v, const char* what, Check ok) {
  if (!v.is_array()) return "expected an array of " + std::string(what) + ", found " + Describe(v);
  std::set<std::string> seen;
  for (const Value& item : v.as_array()) {
    if (!item.is_string())
      return std::string("every item must be one of the ") + what + ", found " + Describe(item);
    if (!seen.insert(item.as_string()).second) {
      return "\"" + item.as_string() + "\" is listed twice; list each one once";
    }
    std::string problem = ok(item.as_string());
    if (!problem.empty()) return problem;
  }
  return "";
}

std::string CountBounds(const Question& q, size_t n, const char* noun) {
  if (n == 0) return "";  // empty = unanswered; "required" covers it
  if (q.min_items > 0 && n < static_cast<size_t>(q.min_items)) {
    return "has " + std::to_string(n) + " " + noun + ", fewer than the minimum of " +
           std::to_string(q.min_items) + "; add more";
  }
  if (q.max_items > 0 && n > static_cast<size_t>(q.max_items)) {
    return "has " + std::to_string(n) + " " + noun + ", more than the maximum of " +
           std::to_string(q.max_items) + "; remove some";
  }
  return "";
}

std::string CheckCountTable(const Question& q, const Value& v) {
  if (!v.is_object())
    return "expected an object of cell counts such as {\"" +
           (q.rows.empty() ? std::string("row") : q.rows[0].value) + "\": 3}, found " + Describe(v);
  for (const auto& [key, count] : v.as_object()) {
    size_t bar = key.find('|');
    bool ok;
    if (q.columns.empty()) {
      ok = bar == std::string::npos && HasChoice(q.rows, key);
    } else {
      ok = bar != std::string::npos && HasChoice(q.rows, key.substr(0, bar)) &&
           HasChoice(q.columns, key.substr(bar + 1));
    }
    if (!ok) {
      return "cell \"" + key + "\" is not in the table; use " +
             (q.columns.empty() ? std::string("a row value (") + ChoiceValues(q.rows) + ")"
                                : "\"row|column\" with rows (" + ChoiceValues(q.rows) +
                                      ") and columns (" + ChoiceValues(q.columns) + ")");
    }
    if (!count.is_integer() || count.as_number() < 0) {
      return "cell \"" + key + "\" must be a whole number ≥ 0, found " + Describe(count) +
             "; leave the cell out when the count is unknown";
    }
  }
  return "";
}

std::string CheckRepeat(const Question& q, const Value& v,
                        const std::function<bool(const std::string&)>& area_exists) {
  if (!v.is_array()) return "expected an array of items (objects), found " + Describe(v);
  std::string bounds = CountBounds(q, v.as_array().size(), "items");
  if (!bounds.empty()) return bounds;
  for (size_t i = 0; i < v.as_array().size(); ++i) {
    const Value& item = v.as_array()[i];
    const std::string where = "item " + std::to_string(i + 1) + ": ";
    if (!item.is_object()) return where + "expected an object of answers, found " + Describe(item);
    for (const auto& [id, answer] : item.as_object()) {
      const Question* child = nullptr;
      for (const Question& c : q.children) {
        if (c.id == id) child = &c;
      }
      if (child == nullptr)
        return where + "\"" + id + "\" is not a question of this repeat; remove it";
      if (answer.is_null()) continue;
      std::string problem = CheckType(*child, answer, area_exists);
      if (!problem.empty()) return where + id + ": " + problem;
    }
  }
  return "";
}

// single_choice, multiple_choice, area and areas: values from a list or the workspace.
std::string CheckChoiceOrArea(const Question& q, const Value& v,
                              const std::function<bool(const std::string&)>& area_exists) {
  auto area_ok = [&](const std::string& id) -> std::string {
    if (id.empty()) return "an area id cannot be empty; pick an area";
    if (area_exists && !area_exists(id)) {
      return "\"" + id +
             "\" is not an area of this workspace; pick an existing area or add it first";
    }
    return "";
  };
  auto choice_ok = [&](const std::string& s) -> std::string {
    if (HasChoice(q.choices, s)) return "";
    return "\"" + s + "\" is not one of the choices; use " +
           (q.type == QuestionType::kSingleChoice ? "one" : "some") + " of " +
           ChoiceValues(q.choices);
  };
  switch (q.type) {
    case QuestionType::kSingleChoice:
      if (v.is_string()) return choice_ok(v.as_string());
      return "expected one choice value, found " + Describe(v) + "; use one of " +
             ChoiceValues(q.choices);
    case QuestionType::kMultipleChoice: {
      std::string p = CheckStringSet(v, "choice values", choice_ok);
      return p.empty() ? CountBounds(q, v.as_array().size(), "choices") : p;
    }
    case QuestionType::kArea:
      if (v.is_string()) return area_ok(v.as_string());
      return "expected one area id, found " + Describe(v) + "; pick an area";
    default: return CheckStringSet(v, "area ids", area_ok);
  }
}

}  // namespace

std::string CheckType(const Question& q, const Value& v,
                      const std::function<bool(const std::string&)>& area_exists) {
  using T = QuestionType;
  auto need = [&](bool ok, const char* expected, const char* fix) -> std::string {
    return ok ? "" : std::string("expected ") + expected + ", found " + Describe(v) + "; " + fix;
  };
  switch (q.type) {
    case T::kText:
      if (v.is_string() && v.as_string().find('\n') != std::string::npos) {
        return "must be one line; remove the line breaks";
      }
      return need(v.is_string(), "text", "put the answer in quotes");
    case T::kLongText: return need(v.is_string(), "text", "put the answer in quotes");
    case T::kInteger:
      return need(v.is_integer(), "a whole number", "enter a number without a fraction or quotes");
    case T::kDecimal: return need(v.is_number(), "a number", "enter a number without quotes");
    case T::kYesNo: return need(v.is_bool(), "true or false", "answer yes (true) or no (false)");
    case T::kDate:
      return need(v.is_string() && IsCalendarDate(v.as_string()),
                  "a calendar date written YYYY-MM-DD", "e.g. \"2025-03-31\"");
    case T::kSingleChoice:
    case T::kMultipleChoice:
    case T::kArea:
    case T::kAreas: return CheckChoiceOrArea(q, v, area_exists);
    case T::kCountTable: return CheckCountTable(q, v);
    case T::kNote:
      return "a note is text for the interviewer and takes no answer; remove this answer";
    case T::kCalculate:
      return "is calculated from other answers and takes no answer of its own; remove this answer";
    case T::kTime:
      return need(v.is_string() && IsTimeOfDay(v.as_string()), "a time of day written HH:MM (24-hour)",
                  "e.g. \"14:30\" (seconds allowed: \"14:30:05\")");
    case T::kDateTime:
      return need(v.is_string() && IsDateTime(v.as_string()), "a date and time written YYYY-MM-DDTHH:MM",
                  "e.g. \"2025-03-31T14:30\" (local time)");
    case T::kRepeat: return CheckRepeat(q, v, area_exists);
  }
  return "has an unknown question type; update Canvass";
}

Value DefaultAnswer(const Question& q) {
  const std::string& d = q.default_value;
  if (d.empty()) return Value();
  switch (q.type) {
    case QuestionType::kInteger: {
      char* end = nullptr;
      long long n = std::strtoll(d.c_str(), &end, 10);
      return *end == '\0' ? Value(static_cast<int64_t>(n)) : Value(d);
    }
    case QuestionType::kDecimal: {
      char* end = nullptr;
      double x = std::strtod(d.c_str(), &end);
      return *end == '\0' && std::isfinite(x) ? Value(x) : Value(d);
    }
    case QuestionType::kYesNo:
      return d == "true" ? Value(true) : d == "false" ? Value(false) : Value(d);
    case QuestionType::kMultipleChoice: {
      Value::Array items;
      size_t i = 0;
      while (i < d.size()) {
        size_t j = d.find(' ', i);
        if (j == std::string::npos) j = d.size();
        if (j > i) items.push_back(Value(d.substr(i, j - i)));
        i = j + 1;
      }
      return Value(std::move(items));
    }
    default: return Value(d);
  }
}

}  // namespace canvass::forms
