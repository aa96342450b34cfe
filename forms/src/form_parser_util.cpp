// Form parser helpers: id patterns, "did you mean", strict key checks, typed field readers.
#include <algorithm>
#include <cctype>
#include <set>

#include "form_parser_internal.h"

namespace canvass::forms::detail {

using core::Status;
using core::Value;

namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

bool IsId(const std::string& s) {
  if (s.empty() || s.size() > 64 || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsChoiceValue(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
}

std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  if (word.size() > 200) return "";  // edit distance is quadratic; long keys are not typos
  const std::string* best = nullptr;
  size_t best_d = 3;
  for (const std::string& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_d) {
      best_d = d;
      best = &c;
    }
  }
  return best ? " did you mean " + Quote(*best) + "?" : "";
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string Describe(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNull: return "null";
    case Value::Kind::kBool: return "true/false";
    case Value::Kind::kNumber: return "a number";
    case Value::Kind::kString: return "a string";
    case Value::Kind::kArray: return "an array";
    case Value::Kind::kObject: return "an object";
  }
  return "a value";
}

Status CheckObject(const ParseCtx& ctx, const std::string& path, const Value& v,
                   const std::vector<std::string>& allowed, const std::string& what) {
  if (!v.is_object()) {
    return ctx.Error(path, "expected " + what + " (a JSON object), found " + Describe(v.kind()) +
                               "; write it as {\"key\": value, …}");
  }
  for (const auto& kv : v.as_object()) {
    if (std::find(allowed.begin(), allowed.end(), kv.first) != allowed.end()) continue;
    std::string hint = DidYouMean(kv.first, allowed);
    return ctx.Error(path,
                     "unknown key " + Quote(kv.first) + " in " + what + ";" +
                         (hint.empty() ? " allowed keys are " + JoinList(allowed)
                                       : hint + " (allowed keys are " + JoinList(allowed) + ")"));
  }
  return Status::Ok();
}

Status RequireKey(const ParseCtx& ctx, const std::string& path, const Value& obj,
                  const std::string& key, const std::string& fix) {
  if (obj.Find(key) != nullptr) return Status::Ok();
  return ctx.Error(path, "missing required key " + Quote(key) + "; " + fix);
}

Status ReadString(const ParseCtx& ctx, const std::string& path, const Value& v, std::string* out) {
  if (!v.is_string()) {
    return ctx.Error(path, "expected a string, found " + Describe(v.kind()) +
                               "; put the value in double quotes");
  }
  *out = v.as_string();
  return Status::Ok();
}

Status ReadBool(const ParseCtx& ctx, const std::string& path, const Value& v, bool* out) {
  if (!v.is_bool()) {
    return ctx.Error(path, "expected true or false, found " + Describe(v.kind()) +
                               "; write true or false without quotes");
  }
  *out = v.as_bool();
  return Status::Ok();
}

Status ReadInt(const ParseCtx& ctx, const std::string& path, const Value& v, int min, int max,
               int* out) {
  if (!v.is_integer() || v.as_number() < min || v.as_number() > max) {
    std::string found = v.is_number() ? core::FormatNumber(v.as_number()) : Describe(v.kind());
    return ctx.Error(path, "expected a whole number from " + std::to_string(min) + " to " +
                               std::to_string(max) + ", found " + found +
                               "; write a whole number without quotes");
  }
  *out = static_cast<int>(v.as_int());
  return Status::Ok();
}

Status ReadId(const ParseCtx& ctx, const std::string& path, const Value& v, const std::string& what,
              std::string* out) {
  CANVASS_RETURN_IF_ERROR(ReadString(ctx, path, v, out));
  if (!IsId(*out)) {
    return ctx.Error(path, what + " " + Quote(*out) +
                               " is not a valid id; use 1 to 64 characters: a lower-case letter, "
                               "then lower-case letters, digits or '_'");
  }
  return Status::Ok();
}

Status ReadText(const ParseCtx& ctx, const std::string& path, const Value& v, LocalizedText* out) {
  out->clear();
  if (v.is_string()) {  // shorthand: same text in every language
    for (const std::string& lang : ctx.languages) (*out)[lang] = v.as_string();
    return Status::Ok();
  }
  if (!v.is_object()) {
    return ctx.Error(path, "expected a localized text like {\"" + ctx.languages.front() +
                               "\": \"…\"}, found " + Describe(v.kind()) +
                               "; give one string per language");
  }
  for (const auto& [lang, text] : v.as_object()) {
    if (std::find(ctx.languages.begin(), ctx.languages.end(), lang) == ctx.languages.end()) {
      return ctx.Error(path, "language " + Quote(lang) + " is not in $.languages (" +
                                 JoinList(ctx.languages) + "); add it there or remove this text");
    }
    CANVASS_RETURN_IF_ERROR(ReadString(ctx, path + "." + lang, text, &(*out)[lang]));
  }
  for (const std::string& lang : ctx.languages) {
    if (out->count(lang) == 0) {
      return ctx.Error(path, "missing the " + Quote(lang) +
                                 " text; every localized text needs "
                                 "every language in $.languages (" +
                                 JoinList(ctx.languages) + ")");
    }
  }
  return Status::Ok();
}

namespace {

bool IsPropertyName(const std::string& s) {
  if (s.empty() || s.size() > 64 || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// {"state": "texas", ...}: the columns a choice_filter reads.
Status ReadChoiceProperties(const ParseCtx& ctx, const std::string& path, const Value& v,
                            std::map<std::string, std::string>* out) {
  if (!v.is_object())
    return ctx.Error(path, "expected an object of property names to texts, e.g. {\"state\": \"texas\"}, found " +
                               Describe(v.kind()));
  if (v.as_object().size() > 32) return ctx.Error(path, "more than 32 properties; keep only those a choice_filter reads");
  for (const auto& [name, text] : v.as_object()) {
    if (!IsPropertyName(name) || name == "name")
      return ctx.Error(path + "." + name, "property name " + Quote(name) +
                                              " is not allowed; use letters, digits and '_' (\"name\" is the choice's value)");
    CANVASS_RETURN_IF_ERROR(ReadString(ctx, path + "." + name, text, &(*out)[name]));
    if ((*out)[name].size() > 1000) return ctx.Error(path + "." + name, "longer than 1000 characters");
  }
  return Status::Ok();
}

}  // namespace

Status ReadChoiceArray(const ParseCtx& ctx, const std::string& path, const Value& v,
                       std::vector<Choice>* out) {
  if (!v.is_array() || v.as_array().empty()) {
    return ctx.Error(path, "expected a non-empty array of {\"value\", \"label\"} choices, found " +
                               Describe(v.kind()) + "; list at least one choice");
  }
  const Value::Array& items = v.as_array();
  if (items.size() > kMaxChoicesPerList) {
    return ctx.Error(
        path, "has " + std::to_string(items.size()) + " choices, more than the limit of " +
                  std::to_string(kMaxChoicesPerList) + "; use a text question or split the list");
  }
  std::set<std::string> seen;
  out->clear();
  for (size_t i = 0; i < items.size(); ++i) {
    std::string p = path + "[" + std::to_string(i) + "]";
    CANVASS_RETURN_IF_ERROR(CheckObject(ctx, p, items[i], {"value", "label", "properties"}, "a choice"));
    CANVASS_RETURN_IF_ERROR(
        RequireKey(ctx, p, items[i], "value", "give the stored value, e.g. \"yes\""));
    CANVASS_RETURN_IF_ERROR(RequireKey(ctx, p, items[i], "label", "give the text people see"));
    Choice c;
    CANVASS_RETURN_IF_ERROR(ReadString(ctx, p + ".value", *items[i].Find("value"), &c.value));
    if (!IsChoiceValue(c.value)) {
      return ctx.Error(p + ".value",
                       "choice value " + Quote(c.value) +
                           " is not valid; use 1 to 64 letters, digits, '_', '.' or '-'");
    }
    if (!seen.insert(c.value).second) {
      return ctx.Error(p + ".value", "duplicate choice value " + Quote(c.value) +
                                         "; every value in a list must be different");
    }
    CANVASS_RETURN_IF_ERROR(ReadText(ctx, p + ".label", *items[i].Find("label"), &c.label));
    if (const Value* props = items[i].Find("properties"))
      CANVASS_RETURN_IF_ERROR(ReadChoiceProperties(ctx, p + ".properties", *props, &c.properties));
    out->push_back(std::move(c));
  }
  return Status::Ok();
}

Status ReadChoices(const ParseCtx& ctx, const std::string& path, const Value& v,
                   std::vector<Choice>* out) {
  if (!v.is_string()) return ReadChoiceArray(ctx, path, v, out);
  auto it = ctx.choice_lists.find(v.as_string());
  if (it != ctx.choice_lists.end()) {
    *out = it->second;
    return Status::Ok();
  }
  std::vector<std::string> names;
  for (const auto& kv : ctx.choice_lists) names.push_back(kv.first);
  std::string hint = DidYouMean(v.as_string(), names);
  return ctx.Error(path, "no choice list named " + Quote(v.as_string()) + " in $.choice_lists;" +
                             (hint.empty() ? " define it there or give the choices inline" : hint));
}

Status ReadExpressionText(const ParseCtx& ctx, const std::string& path, const Value& v,
                          std::string* out) {
  CANVASS_RETURN_IF_ERROR(ReadString(ctx, path, v, out));
  if (out->size() > kMaxExpressionBytes) {
    return ctx.Error(path, "expression is " + std::to_string(out->size()) +
                               " bytes, more than the limit of " +
                               std::to_string(kMaxExpressionBytes) + "; simplify it");
  }
  return Status::Ok();
}

}  // namespace canvass::forms::detail
