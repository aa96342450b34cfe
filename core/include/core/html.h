// Text escaped for HTML (element text and quoted attribute values): the report, its charts and
// the printable questionnaire write every piece of data through it.
#pragma once

#include <string>
#include <string_view>

namespace canvass::core {

inline std::string HtmlEscape(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default: o += c;
    }
  }
  return o;
}

}  // namespace canvass::core
