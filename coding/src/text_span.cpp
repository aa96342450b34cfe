// Code-point offsets and span relocation after an answer is edited.
#include "coding/text_span.h"

#include <algorithm>

namespace canvass::coding {

using core::Result;
using core::Status;

namespace {

// Decodes strict UTF-8 (no overlongs, surrogates or values above U+10FFFF).
Result<std::u32string> Decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size())
      return Status::InvalidArgument("invalid UTF-8 at byte " + std::to_string(i));
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80)
        return Status::InvalidArgument("invalid UTF-8 at byte " + std::to_string(i + k));
      cp = (cp << 6) | (cc & 0x3F);
    }
    static const char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return Status::InvalidArgument("invalid UTF-8 sequence at byte " + std::to_string(i));
    out.push_back(cp);
    i += len;
  }
  return out;
}

}  // namespace

std::string NormalizeNewlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

Result<int64_t> CodePointCount(std::string_view utf8) {
  CANVASS_ASSIGN_OR_RETURN(std::u32string cps, Decode(utf8));
  return static_cast<int64_t>(cps.size());
}

Result<std::string> SliceCodePoints(std::string_view utf8, int64_t start, int64_t end) {
  CANVASS_ASSIGN_OR_RETURN(std::u32string cps, Decode(utf8));
  if (start < 0 || end < start || end > static_cast<int64_t>(cps.size()))
    return Status::InvalidArgument("span [" + std::to_string(start) + ", " + std::to_string(end) +
                                   ") is outside a text of " + std::to_string(cps.size()) +
                                   " code points");
  // Walk the bytes again to cut on code-point boundaries.
  size_t byte = 0, b_start = 0, b_end = utf8.size();
  int64_t cp = 0;
  while (byte <= utf8.size()) {
    if (cp == start) b_start = byte;
    if (cp == end) { b_end = byte; break; }
    if (byte == utf8.size()) break;
    unsigned char c = static_cast<unsigned char>(utf8[byte]);
    byte += c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    ++cp;
  }
  return std::string(utf8.substr(b_start, b_end - b_start));
}

namespace {

Relocation Review(int64_t start, int64_t end, std::string reason) {
  return Relocation{SpanFate::kNeedsReview, start, end, std::move(reason)};
}

}  // namespace

Relocation RelocateSpan(std::string_view old_raw, std::string_view new_raw, int64_t start,
                        int64_t end) {
  auto old_r = Decode(NormalizeNewlines(old_raw));
  auto new_r = Decode(NormalizeNewlines(new_raw));
  if (!old_r.ok() || !new_r.ok()) return Review(start, end, "text is not valid UTF-8");
  const std::u32string& a = *old_r;
  const std::u32string& b = *new_r;
  const int64_t na = static_cast<int64_t>(a.size()), nb = static_cast<int64_t>(b.size());
  if (start < 0 || end < start || end > na)
    return Review(start, end, "span is outside the old text");
  // The edit replaced a[prefix, na - suffix) with b[prefix, nb - suffix).
  int64_t prefix = 0;
  while (prefix < na && prefix < nb && a[prefix] == b[prefix]) ++prefix;
  int64_t suffix = 0;
  while (suffix < na - prefix && suffix < nb - prefix && a[na - 1 - suffix] == b[nb - 1 - suffix])
    ++suffix;
  if (end <= prefix)
    return Relocation{SpanFate::kUnchanged, start, end, ""};
  if (start >= na - suffix) {
    int64_t delta = nb - na;
    if (delta == 0) return Relocation{SpanFate::kUnchanged, start, end, ""};
    return Relocation{SpanFate::kMoved, start + delta, end + delta, ""};
  }
  if (start == end) return Review(start, end, "empty span inside the edited text");
  std::u32string needle = a.substr(start, end - start);
  size_t first = b.find(needle);
  if (first == std::u32string::npos) return Review(start, end, "the coded text was changed");
  if (b.find(needle, first + 1) != std::u32string::npos)
    return Review(start, end, "the coded text now occurs more than once");
  int64_t s = static_cast<int64_t>(first);
  SpanFate fate = s == start ? SpanFate::kUnchanged : SpanFate::kMoved;
  return Relocation{fate, s, s + static_cast<int64_t>(needle.size()), ""};
}

std::vector<uint32_t> DecodeCodePoints(std::string_view s) {
  std::vector<uint32_t> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += static_cast<size_t>(n);
  }
  return out;
}

int EncodeCodePoint(uint32_t cp, char* buf) {
  int n = 0;
  if (cp < 0x80) {
    buf[n++] = static_cast<char>(cp);
  } else if (cp < 0x800) {
    buf[n++] = static_cast<char>(0xC0 | (cp >> 6));
    buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    buf[n++] = static_cast<char>(0xE0 | (cp >> 12));
    buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    buf[n++] = static_cast<char>(0xF0 | (cp >> 18));
    buf[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  }
  buf[n] = 0;
  return n;
}

bool IsWordCodePoint(uint32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA;  // ª µ º; the rest is ¡ ¿ « » ° and spaces
  if (c == 0xD7 || c == 0xF7) return false;                    // × ÷
  if (c >= 0x2000 && c <= 0x2BFF) return false;                // punctuation, symbols, arrows (— … “ ” ’)
  if (c >= 0x3000 && c <= 0x303F) return false;                // CJK punctuation
  if (c >= 0xFE30 && c <= 0xFE4F) return false;
  if (c >= 0xFF00 && c <= 0xFFEF)                              // full-width forms: letters and digits only
    return (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
  if (c >= 0x1F000 && c <= 0x1FAFF) return false;              // emoji and pictographs
  return true;
}

std::string InVivoName(const std::vector<uint32_t>& cps, int64_t start, int64_t end) {
  std::string name;
  bool blank = false;
  char buf[5];
  start = std::max<int64_t>(start, 0);
  end = std::min<int64_t>(end, static_cast<int64_t>(cps.size()));
  for (int64_t i = start; i < end && i < start + 60; ++i) {
    const uint32_t cp = cps[static_cast<size_t>(i)];
    if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r') { blank = !name.empty(); continue; }
    if (blank) name += ' ';
    blank = false;
    if (cp == '/') name += "\xE2\x88\x95";
    else name.append(buf, static_cast<size_t>(EncodeCodePoint(cp, buf)));
  }
  while (!name.empty() && (name.back() == '.' || name.back() == ',')) name.pop_back();
  return name;
}

void SnapToWords(const std::vector<uint32_t>& cps, int64_t* lo, int64_t* hi) {
  const int64_t n = static_cast<int64_t>(cps.size());
  *lo = std::clamp<int64_t>(*lo, 0, n);
  *hi = std::clamp<int64_t>(*hi, 0, n);
  if (*lo > *hi) std::swap(*lo, *hi);
  auto letter = [&](int64_t i) { return i >= 0 && i < n && IsWordCodePoint(cps[static_cast<size_t>(i)]); };
  auto part = [&](int64_t i) {  // code point i belongs to a word (a joiner only between letters)
    if (letter(i)) return true;
    if (i <= 0 || i >= n) return false;
    uint32_t c = cps[static_cast<size_t>(i)];
    bool joiner = c == '\'' || c == 0x2019 || c == '-' || c == 0x2010;
    return joiner && letter(i - 1) && letter(i + 1);
  };
  while (*lo > 0 && part(*lo - 1) && part(*lo)) --*lo;
  while (*hi < n && *hi > 0 && part(*hi - 1) && part(*hi)) ++*hi;
}

}  // namespace canvass::coding
