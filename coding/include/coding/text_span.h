// Text offsets in code points, and keeping codings attached when an answer is edited.
//
// All functions are pure and thread-safe. Offsets count Unicode code points of UTF-8
// text normalised to LF line ends; spans are [start, end).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace canvass::coding {

// CRLF and lone CR become LF.
std::string NormalizeNewlines(std::string_view text);
// Code points in `utf8`; fails (naming the byte offset) on invalid UTF-8.
core::Result<int64_t> CodePointCount(std::string_view utf8);
// The UTF-8 text of code points [start, end); fails when out of range or invalid.
core::Result<std::string> SliceCodePoints(std::string_view utf8, int64_t start, int64_t end);
// Code points of `utf8` for display and layout: never fails (a malformed lead byte still
// yields one code point), so offsets match CodePointCount on valid text.
std::vector<uint32_t> DecodeCodePoints(std::string_view utf8);
// The UTF-8 bytes of one code point, NUL-terminated in `buf` (5 bytes); returns the length.
int EncodeCodePoint(uint32_t cp, char* buf);

// A letter or digit of a word: ASCII letters and digits, the letters of Latin-1 and Latin
// Extended (á, ñ, ü, ç, œ …), Greek, Cyrillic and beyond; not punctuation such as ¿ ¡ « » — …
bool IsWordCodePoint(uint32_t cp);
// Widens [*lo, *hi) of `cps` to whole words: an end that falls inside a word moves to the
// word's edge. An apostrophe (' or ’) or hyphen between two letters is part of the word
// ("don't", "trabajo-vivienda"); an end already between words stays. The coding screen's
// drag selection (Alt selects single characters).
void SnapToWords(const std::vector<uint32_t>& cps, int64_t* lo, int64_t* hi);
// The name of an in-vivo code made from [start, end) of `cps`: at most its first 60 characters,
// blanks (space, tab, line ends) collapsed to one space and trimmed, '/' (the codebook's path
// separator) written as U+2215, trailing '.' and ',' dropped. "" when nothing is left.
std::string InVivoName(const std::vector<uint32_t>& cps, int64_t start, int64_t end);

enum class SpanFate {
  kUnchanged,    // the edit did not touch the span; same offsets
  kMoved,        // same text, new offsets
  kNeedsReview,  // the coded text itself changed or cannot be found unambiguously
};

struct Relocation {
  SpanFate fate = SpanFate::kNeedsReview;
  int64_t start = 0;  // new offsets (the old ones when kNeedsReview)
  int64_t end = 0;
  std::string reason;  // why review is needed; empty otherwise
};

// Where span [start, end) of `old_text` lies in `new_text`. Both texts are normalised to
// LF first. The common prefix and suffix locate the edited region: a span wholly before
// it keeps its offsets, one wholly after it shifts by the length change, and one that
// overlaps it is kept only if its exact text occurs exactly once in the new text.
Relocation RelocateSpan(std::string_view old_text, std::string_view new_text, int64_t start,
                        int64_t end);

}  // namespace canvass::coding
