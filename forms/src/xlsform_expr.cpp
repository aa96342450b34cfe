// ODK expressions <-> Canvass expressions: the two spell a few functions differently; anything
// Canvass cannot evaluate is named here, before the expression parser sees it.
#include <cctype>
#include <set>

#include "forms/xlsform.h"

namespace canvass::forms {

using core::Result;
using core::Status;

namespace {

bool NameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool NameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':'; }

const std::set<std::string> kKeywords = {"and", "or", "not", "div", "mod", "true", "false"};
const std::set<std::string> kFunctions = {"selected",      "count_selected", "string_length", "answered", "sum", "number",
                                          "today",         "not",            "true",          "false",    "if",  "coalesce"};

struct Rename {
  const char* odk;
  const char* canvass;
};
constexpr Rename kRenames[] = {{"count-selected", "count_selected"}, {"string-length", "string_length"}};

bool IsCurlyQuote(const std::string& s, size_t i) {
  return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
         (static_cast<unsigned char>(s[i + 2]) == 0x98 || static_cast<unsigned char>(s[i + 2]) == 0x99 ||
          static_cast<unsigned char>(s[i + 2]) == 0x9C || static_cast<unsigned char>(s[i + 2]) == 0x9D);
}

// Calls `on_name(start, end)` for each bare name outside quotes and ${...}; `on_char` for
// every other character outside quotes. Returns false on an unclosed quote.
template <typename OnName, typename OnChar>
bool Scan(const std::string& s, OnName on_name, OnChar on_char) {
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '\'' || c == '"') {
      size_t close = s.find(c, i + 1);
      if (close == std::string::npos) return false;
      i = close + 1;
    } else if (c == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      size_t close = s.find('}', i);
      i = close == std::string::npos ? s.size() : close + 1;
    } else if (NameStart(c) && (i == 0 || !NameChar(s[i - 1]))) {
      size_t j = i + 1;
      while (j < s.size() && NameChar(s[j])) ++j;
      on_name(i, j);
      i = j;
    } else {
      on_char(i);
      ++i;
    }
  }
  return true;
}

bool FollowedByParen(const std::string& s, size_t end) {
  while (end < s.size() && std::isspace(static_cast<unsigned char>(s[end]))) ++end;
  return end < s.size() && s[end] == '(';
}

std::string FunctionList() {
  return "selected, count-selected, string-length, if, coalesce, not, number, sum, today, true, false (and Canvass's "
         "answered)";
}

}  // namespace

Result<std::string> OdkToCanvassExpression(const std::string& odk) {
  std::string problem;
  std::vector<std::pair<size_t, size_t>> names;
  bool closed = Scan(
      odk, [&](size_t b, size_t e) { names.emplace_back(b, e); },
      [&](size_t i) {
        if (!problem.empty()) return;
        if (IsCurlyQuote(odk, i))
          problem = "uses curly quotes (\xE2\x80\x98 \xE2\x80\x99 \xE2\x80\x9C \xE2\x80\x9D), which Excel puts in when typing; write "
                    "straight quotes ' or \" around text";
        else if (odk[i] == '/')
          problem = "uses '/', which in ODK is a path, not a division; divide with div, and name questions as ${name}";
        else if (odk[i] == '|' || odk[i] == '@' || odk[i] == '[')
          problem = std::string("uses '") + odk[i] + "', an XPath feature Canvass does not evaluate; rewrite the expression";
      });
  if (!closed) return Status::InvalidArgument("a quoted text is never closed; add the closing quote");
  if (!problem.empty()) return Status::InvalidArgument(problem);
  std::string out;
  size_t at = 0;
  for (const auto& [b, e] : names) {
    std::string name = odk.substr(b, e - b);
    std::string canvass = name;
    for (const Rename& r : kRenames)
      if (name == r.odk) canvass = r.canvass;
    if (FollowedByParen(odk, e) && !kKeywords.count(canvass) && !kFunctions.count(canvass))
      return Status::InvalidArgument("function " + name + "() is not supported by Canvass (it evaluates " + FunctionList() +
                                     "); rewrite the expression without it");
    if (name.find_first_of(".:") != std::string::npos || (name.find('-') != std::string::npos && canvass == name))
      return Status::InvalidArgument("\"" + name + "\" is a path or name Canvass does not read; name questions as ${name}");
    out += odk.substr(at, b - at) + canvass;
    at = e;
  }
  return out + odk.substr(at);
}

std::string CanvassToOdkExpression(const std::string& canvass) {
  std::vector<std::pair<size_t, size_t>> names;
  Scan(canvass, [&](size_t b, size_t e) { names.emplace_back(b, e); }, [](size_t) {});
  std::string out;
  size_t at = 0;
  for (const auto& [b, e] : names) {
    std::string name = canvass.substr(b, e - b);
    for (const Rename& r : kRenames)
      if (name == r.canvass) name = r.odk;
    out += canvass.substr(at, b - at) + name;
    at = e;
  }
  return out + canvass.substr(at);
}

}  // namespace canvass::forms
