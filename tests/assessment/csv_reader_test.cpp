// CSV reader: the fast parser against the original character-by-character parser (kept
// here as the reference) on every file in tests/data, damaged copies and random text.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "assessment/csv_reader.h"

using namespace canvass::assessment;
using canvass::core::Result;
using canvass::core::Status;
namespace fs = std::filesystem;

namespace {

// [reference] The parser as it was before the fast path (commit 87c9038), unchanged.
std::string RefTrim(std::string s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return s.substr(a, b - a);
}

char RefDetectDelimiter(std::string_view text) {
  size_t end = text.find('\n');
  std::string_view first = text.substr(0, end == std::string_view::npos ? text.size() : end);
  auto tabs = std::count(first.begin(), first.end(), '\t');
  auto commas = std::count(first.begin(), first.end(), ',');
  return tabs > commas ? '\t' : ',';
}

Result<CsvTable> RefParseCsv(std::string_view text, std::string_view source, const CsvOptions& opts) {
  if (text.size() > opts.max_bytes) return Status::InvalidArgument(std::string(source) + ": file is larger than the limit");
  if (text.size() >= 2 && (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF")) {
    std::string utf8 = Utf16ToUtf8(text.substr(2), text[0] == '\xFE');
    return RefParseCsv(utf8, source, opts);
  }
  if (text.size() >= 4 && text.substr(0, 4) == std::string_view("PK\x03\x04", 4))
    return Status::InvalidArgument(std::string(source) + ":1: this is a zip/xlsx workbook, not CSV text; open it in a spreadsheet and save the sheet as CSV (UTF-8)");
  size_t nul = text.substr(0, 1u << 16).find('\0');
  if (nul != std::string_view::npos) {
    size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(nul), '\n'));
    return Status::InvalidArgument(std::string(source) + ":" + std::to_string(line) + ": NUL byte in text: the file is binary or UTF-16 without a byte-order mark; save it as CSV (UTF-8)");
  }
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  CsvTable t;
  t.delimiter = opts.delimiter ? opts.delimiter : RefDetectDelimiter(text);
  const char d = t.delimiter;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, was_quoted = false, field_started = false;
  size_t line = 1, row_line = 1, quote_line = 0;
  auto end_field = [&]() -> Status {
    std::string f = (opts.trim && !was_quoted) ? RefTrim(std::move(field)) : std::move(field);
    if (!IsValidUtf8(f)) { f = Cp1252ToUtf8(f); t.converted_cp1252 = true; }
    if (row.size() >= opts.max_columns)
      return Status::InvalidArgument(std::string(source) + ":" + std::to_string(row_line) + ": more than " + std::to_string(opts.max_columns) + " columns");
    row.push_back(std::move(f));
    field.clear();
    was_quoted = false;
    field_started = false;
    return Status::Ok();
  };
  auto end_row = [&]() {
    bool blank = row.size() == 1 && row[0].empty();
    if (!blank) {
      t.rows.push_back(std::move(row));
      t.lines.push_back(row_line);
    }
    row.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') { field.push_back('"'); ++i; }
        else quoted = false;
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
    } else if (c == '"' && !field_started) {
      quoted = was_quoted = field_started = true;
      quote_line = line;
      field.clear();
    } else if (c == d) {
      CANVASS_RETURN_IF_ERROR(end_field());
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      CANVASS_RETURN_IF_ERROR(end_field());
      end_row();
      ++line;
      row_line = line;
    } else {
      if (!(c == ' ' && !field_started && opts.trim)) field_started = true;
      if (was_quoted && c != ' ') {
        return Status::InvalidArgument(std::string(source) + ":" + std::to_string(line) +
                                       ": text after a closing quote; a quote inside a quoted field must be doubled (\"\")");
      }
      field.push_back(c);
    }
    if (field.size() > opts.max_field_bytes)
      return Status::InvalidArgument(std::string(source) + ":" + std::to_string(row_line) + ": a field is longer than " + std::to_string(opts.max_field_bytes) + " bytes");
  }
  if (quoted)
    return Status::InvalidArgument(std::string(source) + ":" + std::to_string(quote_line) + ": a quoted field is never closed (missing \")");
  if (!field.empty() || !row.empty() || was_quoted) {
    CANVASS_RETURN_IF_ERROR(end_field());
    end_row();
  }
  return t;
}

// [compare]
void SameAsReference(const std::string& text, const CsvOptions& opts, const std::string& what) {
  auto got = ParseCsv(text, "in.csv", opts);
  auto want = RefParseCsv(text, "in.csv", opts);
  INFO(what);
  REQUIRE(got.ok() == want.ok());
  if (!want.ok()) {
    CHECK(got.status().message() == want.status().message());
    return;
  }
  CHECK(got->delimiter == want->delimiter);
  CHECK(got->converted_cp1252 == want->converted_cp1252);
  CHECK(got->lines == want->lines);
  REQUIRE(got->rows.size() == want->rows.size());
  for (size_t r = 0; r < want->rows.size(); ++r) {
    INFO("record " << r << " line " << want->lines[r]);
    REQUIRE(got->rows[r] == want->rows[r]);
  }
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<CsvOptions> OptionSets() {
  CsvOptions plain, no_trim, tab, tiny;
  no_trim.trim = false;
  tab.delimiter = '\t';
  tiny.max_field_bytes = 7;
  tiny.max_columns = 5;
  return {plain, no_trim, tab, tiny};
}

}  // namespace

TEST_CASE("fast CSV parser gives the reference fields on every file in tests/data") {
  size_t files = 0, records = 0;
  for (const auto& e : fs::recursive_directory_iterator(CANVASS_TEST_DATA)) {
    if (!e.is_regular_file()) continue;
    std::string text = Slurp(e.path());
    ++files;
    for (const auto& o : OptionSets()) SameAsReference(text, o, e.path().string());
    auto t = ParseCsv(text, "x", {});
    if (t.ok()) records += t->rows.size();
    // Damaged copies: cut in the middle of a record, CRLF and CR line ends, cp1252 bytes.
    SameAsReference(text.substr(0, text.size() / 2 + 7), {}, e.path().string() + " truncated");
    std::string crlf, cr;
    for (char c : text) {
      if (c == '\n') { crlf += "\r\n"; cr += '\r'; }
      else { crlf += c; cr += c; }
    }
    SameAsReference(crlf, {}, e.path().string() + " CRLF");
    SameAsReference(cr, {}, e.path().string() + " CR");
    std::string latin = text;
    for (size_t i = 13; i < latin.size(); i += 97)
      if (latin[i] != '"' && latin[i] != '\n' && latin[i] != ',') latin[i] = '\xE9';
    SameAsReference(latin, {}, e.path().string() + " cp1252");
  }
  CHECK(files >= 15);      // the test really walked the data folder
  CHECK(records > 10000);  // and parsed its records
}

TEST_CASE("fast CSV parser gives the reference result on random text, errors included") {
  const char alphabet[] = {'a', 'b', '1', ' ', ' ', ',', ',', '\t', '"', '"', '\n', '\r', '\xE9', '\xC3', '\xA9', 'x'};
  std::mt19937 rng(20261124);
  size_t errors = 0, oks = 0;
  for (int k = 0; k < 20000; ++k) {
    std::string s(rng() % 40, ' ');
    for (auto& c : s) c = alphabet[rng() % sizeof alphabet];
    for (const auto& o : OptionSets()) {
      SameAsReference(s, o, "random text #" + std::to_string(k));
      (ParseCsv(s, "r", o).ok() ? oks : errors) += 1;
    }
  }
  CHECK(errors > 1000);  // the error paths were exercised
  CHECK(oks > 1000);
}

TEST_CASE("CSV parser edge cases keep their meaning") {
  auto t = ParseCsv("a, b ,\"c, d\"\r\n  \"q\"\"x\" ,2\n\n,\n", "e.csv");
  REQUIRE(t.ok());
  REQUIRE(t->rows.size() == 3);
  CHECK(t->rows[0] == std::vector<std::string>{"a", "b", "c, d"});
  CHECK(t->rows[1] == std::vector<std::string>{"q\"x ", "2"});  // spaces after a closing quote are kept
  CHECK(t->rows[2] == std::vector<std::string>{"", ""});
  CHECK(t->lines == std::vector<size_t>{1, 2, 4});
  auto bad = ParseCsv("a,\"b\"c\n", "e.csv");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "e.csv:1: text after a closing quote; a quote inside a quoted field must be doubled (\"\")");
  CsvOptions small;
  small.max_field_bytes = 3;
  auto long_field = ParseCsv("ab,abcd\n", "e.csv", small);
  REQUIRE_FALSE(long_field.ok());
  CHECK(long_field.status().message() == "e.csv:1: a field is longer than 3 bytes");
}
