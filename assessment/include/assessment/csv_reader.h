// CSV/TSV reading for published data files as they come: UTF-8 with or without BOM,
// Windows-1252 bytes (converted per field), CRLF/LF/CR, quoted fields with embedded
// commas and newlines, tab-, comma- or pipe-separated (auto-detected), preamble lines before
// the header, ragged rows. Bounded: file size, columns and field length are capped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace canvass::assessment {

struct CsvOptions {
  size_t max_bytes = 1024u << 20;  // 1 GiB
  size_t max_columns = 20000;
  size_t max_field_bytes = 1u << 20;
  char delimiter = 0;              // 0 = auto (tab if the first line has more tabs than commas; '|'
                                   // if it has no tab or comma and at least 3 pipes)
  bool trim = true;                // strip spaces around unquoted fields
  // Reading a file in pieces (the streaming importers): line numbers start at first_line, and
  // with partial the text may end inside a record, which is left out (CsvTable::consumed says
  // where the next piece starts). A piece must start at a record's start.
  size_t first_line = 1;
  bool partial = false;
};

struct CsvTable {
  std::vector<std::vector<std::string>> rows;  // every record, header included
  std::vector<size_t> lines;                   // 1-based line where each record starts
  char delimiter = ',';
  bool converted_cp1252 = false;               // some fields were Windows-1252
  size_t consumed = 0;                         // bytes of text read into rows (all, unless partial)
  size_t end_line = 1;                         // the line number where `consumed` ends
};

core::Result<CsvTable> ParseCsv(std::string_view text, std::string_view source, const CsvOptions& opts = {});
core::Result<CsvTable> ReadCsvFile(const std::string& path, const CsvOptions& opts = {});

// Index of the first record that contains every one of `names` (case-insensitive,
// trimmed), searching the first `max_scan` records; -1 if none.
int FindHeaderRow(const CsvTable& t, const std::vector<std::string>& names, size_t max_scan = 50);
// Column index of `name` in a header record (case-insensitive), -1 if absent.
int ColumnIndex(const std::vector<std::string>& header, const std::string& name);

// Converts UTF-16 code units (no BOM) to UTF-8; unpaired surrogates become U+FFFD.
// ParseCsv applies it to text that starts with a UTF-16 byte-order mark, and rejects
// xlsx workbooks and text with NUL bytes with a one-line error.
std::string Utf16ToUtf8(std::string_view s, bool big_endian);
// Converts Windows-1252 bytes to UTF-8.
std::string Cp1252ToUtf8(std::string_view s);
bool IsValidUtf8(std::string_view s);

}  // namespace canvass::assessment
