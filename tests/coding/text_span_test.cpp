// Tests for code-point offsets and relocating coded spans after an answer is edited.
#include <catch2/catch.hpp>

#include "coding/text_span.h"

using namespace canvass::coding;

TEST_CASE("Code points, not bytes, and LF normalisation", "[text_span]") {
  CHECK(NormalizeNewlines("a\r\nb\rc\n") == "a\nb\nc\n");
  CHECK(*CodePointCount("na\xC3\xAFve \xF0\x9F\x98\x80") == 7);  // naïve 😀
  CHECK(*SliceCodePoints("na\xC3\xAFve", 2, 4) == "\xC3\xAFv");
  CHECK(*SliceCodePoints("abc", 3, 3) == "");
  CHECK(!SliceCodePoints("abc", 2, 4).ok());
  CHECK(!CodePointCount("\xC3").ok());          // truncated
  CHECK(!CodePointCount("\xC0\xAF").ok());      // overlong
  CHECK(!CodePointCount("\xED\xA0\x80").ok());  // surrogate
}

TEST_CASE("A span before the edit keeps its offsets", "[text_span]") {
  Relocation r = RelocateSpan("He paid a fee. Then left.", "He paid a fee. Then he left.", 3, 13);
  CHECK(r.fate == SpanFate::kUnchanged);
  CHECK(r.start == 3);
  CHECK(r.end == 13);
}

TEST_CASE("A span after the edit shifts by the change in length", "[text_span]") {
  std::string old_text = "Worked. Boss kept passport.";
  std::string new_text = "Worked on a farm \xC3\xA9t\xC3\xA9. Boss kept passport.";
  Relocation r = RelocateSpan(old_text, new_text, 8, 26);
  CHECK(r.fate == SpanFate::kMoved);
  CHECK(*SliceCodePoints(new_text, r.start, r.end) == "Boss kept passport");
  CHECK(r.start == 8 + 14);  // " on a farm été" is 14 code points (16 bytes)
}

TEST_CASE("CRLF in the old text does not move spans", "[text_span]") {
  Relocation r = RelocateSpan("one\r\ntwo", "one\ntwo", 4, 7);
  CHECK(r.fate == SpanFate::kUnchanged);
}

TEST_CASE("A span inside the edit is found again only when unique", "[text_span]") {
  // The edit swaps sentence order: the span moves but is still there once.
  Relocation moved = RelocateSpan("They took IDs. Pay was low.", "Pay was low. They took IDs.", 0, 13);
  CHECK(moved.fate == SpanFate::kMoved);
  CHECK(moved.start == 13);
  CHECK(moved.end == 26);
  Relocation changed = RelocateSpan("They took IDs.", "They took passports.", 0, 13);
  CHECK(changed.fate == SpanFate::kNeedsReview);
  CHECK(changed.start == 0);
  CHECK(!changed.reason.empty());
  Relocation twice = RelocateSpan("no pay. x", "no pay. no pay.", 0, 6);
  CHECK(twice.fate == SpanFate::kUnchanged);  // before the edit (prefix "no pay. ")
  Relocation ambiguous = RelocateSpan("a no pay b", "no pay no pay", 2, 8);
  CHECK(ambiguous.fate == SpanFate::kNeedsReview);
  CHECK(RelocateSpan("abc", "abc", 1, 9).fate == SpanFate::kNeedsReview);
}

TEST_CASE("Insertions exactly at a span boundary leave the span's text intact", "[text_span]") {
  Relocation before = RelocateSpan("abc DEF ghi", "abc xx DEF ghi", 4, 7);
  CHECK(before.fate == SpanFate::kMoved);
  CHECK(*SliceCodePoints("abc xx DEF ghi", before.start, before.end) == "DEF");
  Relocation after = RelocateSpan("abc DEF ghi", "abc DEFxx ghi", 4, 7);
  CHECK(after.fate == SpanFate::kUnchanged);
  Relocation inside = RelocateSpan("abc DEF ghi", "abc DExF ghi", 4, 7);
  CHECK(inside.fate == SpanFate::kNeedsReview);
}

TEST_CASE("Code points for layout: decode agrees with CodePointCount and re-encodes to the same bytes", "[text_span]") {
  const std::string text = "Na\xC3\xAFve caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x9A\x9A truck stop";  // 2-, 3- and 4-byte characters
  auto cps = DecodeCodePoints(text);
  REQUIRE(static_cast<int64_t>(cps.size()) == *CodePointCount(text));
  CHECK(cps[2] == 0xEF);
  CHECK(cps[13] == 0x1F69A);
  std::string back;
  char buf[5];
  for (uint32_t cp : cps) back.append(buf, static_cast<size_t>(EncodeCodePoint(cp, buf)));
  CHECK(back == text);
  CHECK(DecodeCodePoints("abc\xC3").size() == 4);  // a cut-off character still counts once, never past the end
}

// Issue 21 §2: a drag on the coding screen snaps to whole words, in Spanish too: accented
// letters and ñ are letters; ¿ ¡ « » — … and spaces are not; an apostrophe or hyphen joins
// only between letters; an end already between words stays.
TEST_CASE("a selection snaps to whole words, Spanish punctuation and accents included") {
  auto snap = [](const std::string& text, int64_t lo, int64_t hi) {
    auto cps = DecodeCodePoints(text);
    SnapToWords(cps, &lo, &hi);
    return *SliceCodePoints(text, lo, hi);
  };
  const std::string es = "¿Dónde trabajó la niña? «Vivía en la casa del patrón»—dijo.";
  // "ónde trab" (inside ¿Dónde … trabajó) -> "Dónde trabajó", never the "¿".
  CHECK(snap(es, 2, 11) == "Dónde trabajó");
  CHECK(snap(es, 19, 20) == "niña");                   // one letter inside a word: the word
  CHECK(snap(es, 24, 28) == "«Vivía");                 // starting on the « keeps it; the word end snaps
  CHECK(snap(es, 25, 28) == "Vivía");
  CHECK(snap(es, 47, 51) == "patrón");                 // ends at », not past the —
  CHECK(snap(es, 54, 55) == "dijo");
  CHECK(snap(es, 6, 7) == " ");                        // between words: stays
  const std::string en = "He didn't pay the farm-worker's wages - ever.";
  CHECK(snap(en, 4, 5) == "didn't");
  CHECK(snap(en, 20, 22) == "farm-worker's");
  CHECK(snap(en, 37, 39) == " -");                     // a lone hyphen is not a word
  CHECK(snap("Pagó 1ª semana", 5, 6) == "1ª");
  CHECK(snap("I’m “here”", 1, 2) == "I’m");
  CHECK(snap("“here”", 2, 3) == "here");
  // Out of range and reversed ends are clamped and ordered, never read past the text.
  int64_t lo = 40, hi = -3;
  auto cps = DecodeCodePoints("abc def");
  SnapToWords(cps, &lo, &hi);
  CHECK(lo == 0);
  CHECK(hi == 7);
  std::vector<uint32_t> none;
  lo = 0, hi = 0;
  SnapToWords(none, &lo, &hi);
  CHECK((lo == 0 && hi == 0));
}

TEST_CASE("an in-vivo code's name: the selected words, blanks collapsed, no path separator, at most 60 characters", "[coding]") {
  auto name = [](const std::string& text, int64_t lo, int64_t hi) { return InVivoName(DecodeCodePoints(text), lo, hi); };
  CHECK(name("  they keep\n\tour  passports.  ", 0, 32) == "they keep our passports");
  CHECK(name("pagos a/de la cuadrilla,", 0, 24) == "pagos a" "\xE2\x88\x95" "de la cuadrilla");  // '/' would make a path
  CHECK(name("¿Dónde duermen?", 0, 15) == "¿Dónde duermen?");
  CHECK(name("...", 0, 3).empty());
  CHECK(name("   ", 0, 3).empty());
  const std::string long_text(100, 'x');
  CHECK(name(long_text, 0, 100).size() == 60);
  CHECK(name("abc", -5, 99) == "abc");  // ends out of range are clamped, never read past the text
  CHECK(name("abc", 2, 1).empty());
}
