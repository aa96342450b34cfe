// Bounded, forgiving CSV/TSV parser for published government data files.
#include "assessment/csv_reader.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "core/file_util.h"

namespace canvass::assessment {

using core::Result;
using core::Status;

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && !(static_cast<unsigned char>(s[i]) & 0x80)) ++i;  // ASCII prefix
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n;
    if (c < 0x80) n = 0;
    else if (c >= 0xC2 && c <= 0xDF) n = 1;
    else if (c >= 0xE0 && c <= 0xEF) n = 2;
    else if (c >= 0xF0 && c <= 0xF4) n = 3;
    else return false;
    if (i + n >= s.size() + (n == 0 ? 1 : 0) && n > 0) return false;
    for (size_t k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

std::string Cp1252ToUtf8(std::string_view s) {
  static const unsigned short k80[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                         0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                         0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                         0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  std::string out;
  out.reserve(s.size() + 8);
  for (unsigned char c : s) {
    unsigned cp = c < 0x80 ? c : c < 0xA0 ? k80[c - 0x80] : c;
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

namespace {

std::string_view Trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return s.substr(a, b - a);
}

char DetectDelimiter(std::string_view text) {
  size_t end = text.find('\n');
  std::string_view first = text.substr(0, end == std::string_view::npos ? text.size() : end);
  auto tabs = std::count(first.begin(), first.end(), '\t');
  auto commas = std::count(first.begin(), first.end(), ',');
  // Census's newer reference files ("County Name|County GEOID|Neighbor Name|Neighbor GEOID").
  if (tabs == 0 && commas == 0 && std::count(first.begin(), first.end(), '|') >= 3) return '|';
  return tabs > commas ? '\t' : ',';
}

}  // namespace

std::string Utf16ToUtf8(std::string_view s, bool big_endian) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i + 1 < s.size(); i += 2) {
    unsigned a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    unsigned cp = big_endian ? (a << 8 | b) : (b << 8 | a);
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < s.size()) {
      unsigned c = static_cast<unsigned char>(s[i + 2]), d = static_cast<unsigned char>(s[i + 3]);
      unsigned lo = big_endian ? (c << 8 | d) : (d << 8 | c);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      } else {
        cp = 0xFFFD;
      }
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

Result<CsvTable> ParseCsv(std::string_view text, std::string_view source, const CsvOptions& opts) {
  if (text.size() > opts.max_bytes) return Status::InvalidArgument(std::string(source) + ": file is larger than the limit");
  if (text.size() >= 2 && (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF")) {
    std::string utf8 = Utf16ToUtf8(text.substr(2), text[0] == '\xFE');
    return ParseCsv(utf8, source, opts);
  }
  if (text.size() >= 4 && text.substr(0, 4) == std::string_view("PK\x03\x04", 4))
    return Status::InvalidArgument(std::string(source) + ":1: this is a zip/xlsx workbook, not CSV text; open it in a spreadsheet and save the sheet as CSV (UTF-8)");
  size_t nul = text.substr(0, 1u << 16).find('\0');
  if (nul != std::string_view::npos) {
    size_t line = opts.first_line + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(nul), '\n'));
    return Status::InvalidArgument(std::string(source) + ":" + std::to_string(line) + ": NUL byte in text: the file is binary or UTF-16 without a byte-order mark; save it as CSV (UTF-8)");
  }
  const size_t prefix = text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  text.remove_prefix(prefix);
  // A piece that ends between CR and LF: the CR waits for the next piece (one line end, not two).
  if (opts.partial && !text.empty() && text.back() == '\r') text.remove_suffix(1);
  CsvTable t;
  t.delimiter = opts.delimiter ? opts.delimiter : DetectDelimiter(text);
  const char d = t.delimiter;
  const char* p = text.data();
  const size_t n = text.size();
  {
    size_t records = 1 + static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    t.rows.reserve(records);
    t.lines.reserve(records);
  }
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, was_quoted = false, field_started = false;
  size_t line = opts.first_line, row_line = opts.first_line, quote_line = 0, width = 0;
  size_t row_start = 0;  // where the record being read started
  auto too_long = [&]() {
    return Status::InvalidArgument(std::string(source) + ":" + std::to_string(row_line) + ": a field is longer than " + std::to_string(opts.max_field_bytes) + " bytes");
  };
  auto push_field = [&](std::string f) -> Status {
    if (!IsValidUtf8(f)) { f = Cp1252ToUtf8(f); t.converted_cp1252 = true; }
    if (row.size() >= opts.max_columns)
      return Status::InvalidArgument(std::string(source) + ":" + std::to_string(row_line) + ": more than " + std::to_string(opts.max_columns) + " columns");
    row.push_back(std::move(f));
    return Status::Ok();
  };
  auto end_field = [&]() -> Status {
    CANVASS_RETURN_IF_ERROR(push_field((opts.trim && !was_quoted) ? std::string(Trim(field)) : std::move(field)));
    field.clear();
    was_quoted = false;
    field_started = false;
    return Status::Ok();
  };
  auto end_row = [&]() {
    bool blank = row.size() == 1 && row[0].empty();
    width = std::max(width, row.size());
    if (!blank) {
      t.rows.push_back(std::move(row));
      t.lines.push_back(row_line);
    }
    row.clear();
    row.reserve(width);
  };
  // Ordinary characters: neither the delimiter, a line end nor a quote.
  auto run_end = [&](size_t j) {
    while (j < n && p[j] != d && p[j] != '\n' && p[j] != '\r' && p[j] != '"') ++j;
    return j;
  };
  size_t i = 0;
  while (i < n) {
    // Fast path: a whole unquoted field ended by a delimiter or a line end.
    if (!quoted && !field_started && !was_quoted && field.empty()) {
      size_t j = run_end(i);
      if (j < n && p[j] != '"') {
        if (j - i > opts.max_field_bytes) return too_long();
        std::string_view f = text.substr(i, j - i);
        CANVASS_RETURN_IF_ERROR(push_field(std::string(opts.trim ? Trim(f) : f)));
        i = j + 1;
        if (p[j] != d) {
          if (p[j] == '\r' && i < n && p[i] == '\n') ++i;
          end_row();
          ++line;
          row_line = line;
          row_start = i;
        }
        continue;
      }
    }
    // General path, character by character except for runs of ordinary text.
    char c = p[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < n && p[i + 1] == '"') { field.push_back('"'); ++i; }
        else quoted = false;
        ++i;
      } else {
        const void* q = std::memchr(p + i, '"', n - i);
        size_t j = q ? static_cast<size_t>(static_cast<const char*>(q) - p) : n;
        line += static_cast<size_t>(std::count(p + i, p + j, '\n'));
        field.append(p + i, j - i);
        i = j;
      }
    } else if (c == '"' && !field_started) {
      quoted = was_quoted = field_started = true;
      quote_line = line;
      field.clear();
      ++i;
    } else if (c == d) {
      CANVASS_RETURN_IF_ERROR(end_field());
      ++i;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < n && p[i + 1] == '\n') ++i;
      CANVASS_RETURN_IF_ERROR(end_field());
      end_row();
      ++line;
      row_line = line;
      ++i;
      row_start = i;
    } else if (!was_quoted) {
      size_t j = run_end(i + 1);
      for (size_t k = i; k < j && !field_started; ++k)
        if (!(p[k] == ' ' && opts.trim)) field_started = true;
      field.append(p + i, j - i);
      i = j;
    } else {
      if (c != ' ')
        return Status::InvalidArgument(std::string(source) + ":" + std::to_string(line) +
                                       ": text after a closing quote; a quote inside a quoted field must be doubled (\"\")");
      field.push_back(c);
      ++i;
    }
    if (field.size() > opts.max_field_bytes) return too_long();
  }
  const bool unfinished = quoted || !field.empty() || !row.empty() || was_quoted || field_started;
  if (opts.partial && unfinished) {  // the record continues in the next piece
    t.consumed = prefix + row_start;
    t.end_line = row_line;
    return t;
  }
  if (quoted)
    return Status::InvalidArgument(std::string(source) + ":" + std::to_string(quote_line) + ": a quoted field is never closed (missing \")");
  if (!field.empty() || !row.empty() || was_quoted) {
    CANVASS_RETURN_IF_ERROR(end_field());
    end_row();
  }
  t.consumed = prefix + n;
  t.end_line = line;
  return t;
}

Result<CsvTable> ReadCsvFile(const std::string& path, const CsvOptions& opts) {
  CANVASS_ASSIGN_OR_RETURN(std::string text, core::ReadFileBounded(path, opts.max_bytes));
  return ParseCsv(text, path, opts);
}

namespace {

char FoldAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Trim(a) == Trim(b) ignoring ASCII case, without a copy: importers ask for columns per row.
bool SameColumnName(std::string_view a, std::string_view b) {
  a = Trim(a);
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (FoldAscii(a[i]) != FoldAscii(b[i])) return false;
  return true;
}

}  // namespace

int ColumnIndex(const std::vector<std::string>& header, const std::string& name) {
  const std::string_view want = Trim(name);
  for (size_t i = 0; i < header.size(); ++i)
    if (SameColumnName(header[i], want)) return static_cast<int>(i);
  return -1;
}

int FindHeaderRow(const CsvTable& t, const std::vector<std::string>& names, size_t max_scan) {
  for (size_t r = 0; r < t.rows.size() && r < max_scan; ++r) {
    bool all = true;
    for (const auto& n : names) all = all && ColumnIndex(t.rows[r], n) >= 0;
    if (all) return static_cast<int>(r);
  }
  return -1;
}

}  // namespace canvass::assessment
