// CSV reader (assessment/csv_reader.h), tested by what it does, not by a second copy of its
// logic: tables written with standard quoting read back field for field and line for line,
// whatever the line ends; every file in tests/data reads the same with LF, CRLF and CR ends;
// encodings (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252), delimiter detection,
// trimming, reading in pieces; and every refusal with its line number and its words.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "assessment/csv_reader.h"

using namespace canvass::assessment;
namespace fs = std::filesystem;

namespace {

using Rows = std::vector<std::vector<std::string>>;

// Writes rows the way a spreadsheet does (RFC 4180): a field is quoted when it holds the
// delimiter, a quote, a line end, or spaces at either end (read unquoted, they are trimmed),
// or when it is a row's only field and empty; quotes doubled.
// Returns the text and the line where each record starts.
std::string Write(const Rows& rows, char d, const std::string& eol, std::vector<size_t>* lines) {
  std::string out;
  size_t line = 1;
  for (const auto& row : rows) {
    lines->push_back(line);
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string& f = row[i];
      if (i) out += d;
      bool quote = f.find_first_of(std::string("\"\r\n") + d) != std::string::npos ||
                   (!f.empty() && (f.front() == ' ' || f.back() == ' ' || f.front() == '\t' || f.back() == '\t')) ||
                   (f.empty() && row.size() == 1);
      if (!quote) { out += f; continue; }
      out += '"';
      for (char c : f) {
        if (c == '"') out += '"';
        if (c == '\n') ++line;
        out += c;
      }
      out += '"';
    }
    out += eol;
    ++line;
  }
  return out;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string WithEnds(const std::string& text, const std::string& eol) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += eol;
    else out += c;
  }
  return out;
}

}  // namespace

TEST_CASE("csv: tables written with standard quoting read back field for field, line for line") {
  const std::vector<std::string> pieces = {"a", "Bexar County", "48029", "", " ", "x y", ",", "\t", "\"", "\"\"", "\n",
                                           "line\nbreak", "\r\n", "caf\xC3\xA9", "12,345", "  padded  ", "S", "(X)", "-"};
  std::mt19937 rng(20261207);
  for (int k = 0; k < 3000; ++k) {
    Rows rows(1 + rng() % 6);
    const size_t cols = 1 + rng() % 5;
    for (auto& row : rows) {
      row.resize(cols);
      for (auto& f : row)
        for (size_t n = rng() % 3; n > 0; --n) f += pieces[rng() % pieces.size()];
    }
    const char d = k % 3 == 0 ? '\t' : ',';
    const std::string eol = k % 2 ? "\r\n" : "\n";
    std::vector<size_t> lines;
    const std::string text = Write(rows, d, eol, &lines);
    CsvOptions o;
    o.delimiter = d;
    auto t = ParseCsv(text, "w.csv", o);
    INFO("table #" << k << ":\n" << text);
    REQUIRE(t.ok());
    // Line ends inside quoted fields are read as written (\r\n stays \r\n inside quotes).
    // A line holding one empty field is no record (as a blank line is not); the rest read back.
    Rows want;
    std::vector<size_t> want_lines;
    for (size_t r = 0; r < rows.size(); ++r)
      if (!(rows[r].size() == 1 && rows[r][0].empty())) {
        want.push_back(rows[r]);
        want_lines.push_back(lines[r]);
      }
    CHECK(t->rows == want);
    CHECK(t->lines == want_lines);
    CHECK_FALSE(t->converted_cp1252);
  }
}

TEST_CASE("csv: every file in tests/data reads the same with LF, CRLF and CR line ends") {
  size_t files = 0, records = 0;
  for (const auto& e : fs::recursive_directory_iterator(CANVASS_TEST_DATA)) {
    if (!e.is_regular_file()) continue;
    const std::string ext = e.path().extension().string();
    if (ext != ".csv" && ext != ".tsv" && ext != ".txt") continue;
    std::string text = Slurp(e.path());
    if (text.find('\r') != std::string::npos) continue;  // already CRLF: compared below through its LF form
    auto lf = ParseCsv(text, "f");
    if (!lf.ok()) continue;  // a file that is not a table (a refusal is tested below)
    ++files;
    records += lf->rows.size();
    INFO(e.path().string());
    for (const char* eol : {"\r\n", "\r"}) {
      auto other = ParseCsv(WithEnds(text, eol), "f");
      REQUIRE(other.ok());
      CHECK(other->rows == lf->rows);
      CHECK(other->lines == lf->lines);
      CHECK(other->delimiter == lf->delimiter);
    }
    if (ext == ".tsv") CHECK(lf->delimiter == '\t');
  }
  CHECK(files >= 10);      // the test really walked the data folder
  CHECK(records > 10000);  // and read its records
}

TEST_CASE("csv: encodings - BOMs, UTF-16, Windows-1252 - arrive as UTF-8") {
  const std::string utf8 = "area,name\n48029,Bexar\n48061,Cameron \xE2\x80\x94 Brownsville\n";
  auto plain = ParseCsv(utf8, "u.csv");
  REQUIRE(plain.ok());
  auto bom = ParseCsv("\xEF\xBB\xBF" + utf8, "u.csv");
  REQUIRE(bom.ok());
  CHECK(bom->rows == plain->rows);
  CHECK(bom->rows[0][0] == "area");  // not "\xEF\xBB\xBF" "area"
  // UTF-16 with a byte-order mark, both byte orders, built from the UTF-8 text.
  std::u16string wide;
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) { wide += static_cast<char16_t>(c); ++i; }
    else { wide += static_cast<char16_t>(((c & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F)); i += 3; }
  }
  std::string le = "\xFF\xFE", be = "\xFE\xFF";
  for (char16_t u : wide) {
    le += static_cast<char>(u & 0xFF);
    le += static_cast<char>(u >> 8);
    be += static_cast<char>(u >> 8);
    be += static_cast<char>(u & 0xFF);
  }
  for (const std::string* s : {&le, &be}) {
    auto t = ParseCsv(*s, "w.csv");
    REQUIRE(t.ok());
    CHECK(t->rows == plain->rows);
  }
  // Windows-1252 (a spreadsheet's "CSV" on Windows): converted, and said so.
  auto latin = ParseCsv("county,note\nB\xE9xar,ni\xF1os \x93quoted\x94\n", "l.csv");
  REQUIRE(latin.ok());
  CHECK(latin->converted_cp1252);
  CHECK(latin->rows[1] == std::vector<std::string>{"B\xC3\xA9xar", "ni\xC3\xB1os \xE2\x80\x9Cquoted\xE2\x80\x9D"});
  CHECK_FALSE(plain->converted_cp1252);
}

TEST_CASE("csv: the delimiter is found from the first line, or as given") {
  CHECK(ParseCsv("a\tb,c\td\n1\t2\t3\n", "t")->delimiter == '\t');  // more tabs than commas
  CHECK(ParseCsv("a,b\tc,d\n", "t")->delimiter == ',');
  auto pipes = ParseCsv("a|b|c|d\n1|2|3|4\n", "p");
  REQUIRE(pipes.ok());
  CHECK(pipes->delimiter == '|');
  CHECK(pipes->rows[1] == std::vector<std::string>{"1", "2", "3", "4"});
  CHECK(ParseCsv("a|b\n", "p")->delimiter == ',');  // fewer than three pipes: one column
  CsvOptions semi;
  semi.delimiter = ';';
  CHECK(ParseCsv("a;b,c\n", "s", semi)->rows[0] == std::vector<std::string>{"a", "b,c"});
}

TEST_CASE("csv: trimming, blank lines and quotes keep their meaning") {
  auto t = ParseCsv("a, b ,\"c, d\"\r\n  \"q\"\"x\" ,2\n\n,\n", "e.csv");
  REQUIRE(t.ok());
  REQUIRE(t->rows.size() == 3);
  CHECK(t->rows[0] == std::vector<std::string>{"a", "b", "c, d"});
  CHECK(t->rows[1] == std::vector<std::string>{"q\"x ", "2"});  // spaces after a closing quote are kept
  CHECK(t->rows[2] == std::vector<std::string>{"", ""});
  CHECK(t->lines == std::vector<size_t>{1, 2, 4});
  CsvOptions keep;
  keep.trim = false;
  CHECK(ParseCsv(" a , b \n", "k", keep)->rows[0] == std::vector<std::string>{" a ", " b "});
  CHECK(ParseCsv(" a , b \n", "k")->rows[0] == std::vector<std::string>{"a", "b"});
  CHECK(ParseCsv("\" a \",b\n", "k")->rows[0] == std::vector<std::string>{" a ", "b"});  // quoted: kept
  auto last = ParseCsv("a,b\n1,2", "n");  // no line end after the last record
  REQUIRE(last.ok());
  CHECK(last->rows.back() == std::vector<std::string>{"1", "2"});
}

TEST_CASE("csv: read in pieces, a record cut at the end waits for the next piece") {
  const std::string text = "h1,h2\nx,\"multi\nline\"\ny,3\nz,4";
  CsvOptions piece;
  piece.partial = true;
  const size_t cut = text.find("line");  // inside the quoted field of line 2
  auto first = ParseCsv(std::string_view(text).substr(0, cut), "p", piece);
  REQUIRE(first.ok());
  REQUIRE(first->rows.size() == 1);
  CHECK(first->consumed == text.find("x,"));
  CHECK(first->end_line == 2);
  piece.first_line = first->end_line;
  auto rest = ParseCsv(std::string_view(text).substr(first->consumed), "p", piece);
  REQUIRE(rest.ok());
  REQUIRE(rest->rows.size() == 2);  // "z,4" has no line end yet: left for the next piece
  CHECK(rest->rows[0] == std::vector<std::string>{"x", "multi\nline"});
  CHECK(rest->lines == std::vector<size_t>{2, 4});
  auto whole = ParseCsv(text, "p");
  REQUIRE(whole.ok());
  CHECK(whole->rows.size() == 4);
}

TEST_CASE("csv: every refusal names the file, the line and what to do") {
  auto msg = [](const std::string& text, CsvOptions o = {}) {
    auto t = ParseCsv(text, "in.csv", o);
    REQUIRE_FALSE(t.ok());
    return t.status().message();
  };
  CHECK(msg("a,b\n1,\"open\nstill open\n") == "in.csv:2: a quoted field is never closed (missing \")");
  CHECK(msg("a,b\n1,\"b\"c\n") == "in.csv:2: text after a closing quote; a quote inside a quoted field must be doubled (\"\")");
  CsvOptions small;
  small.max_field_bytes = 3;
  CHECK(msg("ab\nabcd\n", small) == "in.csv:2: a field is longer than 3 bytes");
  CsvOptions narrow;
  narrow.max_columns = 2;
  CHECK(msg("a,b\n1,2,3\n", narrow) == "in.csv:2: more than 2 columns");
  CsvOptions tiny;
  tiny.max_bytes = 4;
  CHECK(msg("a,b\n1,2\n", tiny) == "in.csv: file is larger than the limit");
  CHECK(msg(std::string("PK\x03\x04", 4) + "rest") ==
        "in.csv:1: this is a zip/xlsx workbook, not CSV text; open it in a spreadsheet and save the sheet as CSV (UTF-8)");
  CHECK(msg(std::string("a,b\n1,\0", 7)).rfind("in.csv:2: NUL byte in text", 0) == 0);
}

TEST_CASE("csv: random bytes never crash and every refusal is one line naming the file") {
  std::mt19937 rng(7);
  const char alphabet[] = {'a', '1', ' ', ',', '\t', '|', '"', '"', '\n', '\r', '\xE9', '\xC3', '\xA9', '\0', 'P', 'K'};
  size_t refused = 0, read = 0;
  for (int k = 0; k < 20000; ++k) {
    std::string s(rng() % 48, ' ');
    for (auto& c : s) c = alphabet[rng() % sizeof alphabet];
    CsvOptions o;
    o.max_field_bytes = 1 + rng() % 16;
    o.max_columns = 1 + rng() % 6;
    auto t = ParseCsv(s, "r.csv", o);
    if (t.ok()) {
      ++read;
      CHECK(t->rows.size() == t->lines.size());
      for (const auto& row : t->rows) CHECK(row.size() <= o.max_columns);
    } else {
      ++refused;
      CHECK(t.status().message().rfind("r.csv:", 0) == 0);
      CHECK(t.status().message().find('\n') == std::string::npos);
    }
  }
  CHECK(refused > 1000);  // the refusals were exercised
  CHECK(read > 1000);
}
