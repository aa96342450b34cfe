// Simple workbooks through libxlsxwriter, written privately and atomically.
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>

#include "core/file_util.h"
#include "tabular/xlsx_table.h"

namespace canvass::tabular {

using core::Result;
using core::Status;

namespace {

constexpr size_t kMaxCellChars = 32767;  // Excel's limit per cell

bool ReadsBackAsNumber(const std::string& s, double* v) {
  if (s.empty() || s.size() > 40 || s.find_first_not_of("0123456789+-.eE") != std::string::npos) return false;
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return *end == '\0' && FormatShortest(*v) == s;
}

Status WriteSheet(lxw_workbook* wb, const SheetData& sheet, const XlsxWriteOptions& o, lxw_format* bold) {
  if (sheet.name.empty() || sheet.name.size() > LXW_SHEETNAME_MAX)
    return Status::InvalidArgument("sheet name \"" + sheet.name + "\" must have 1 to 31 characters");
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
  if (!ws) return Status::InvalidArgument("sheet name \"" + sheet.name + "\" is not allowed by Excel");
  if (o.bold_header && !sheet.rows.empty()) worksheet_freeze_panes(ws, 1, 0);
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    if (r >= 1048576) return Status::InvalidArgument("sheet \"" + sheet.name + "\" has more rows than Excel allows");
    for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
      const std::string& s = sheet.rows[r][c];
      if (s.empty()) continue;
      if (c >= 16384) return Status::InvalidArgument("sheet \"" + sheet.name + "\" has more columns than Excel allows");
      lxw_format* f = o.bold_header && r == 0 ? bold : nullptr;
      double v;
      lxw_error e;
      if (o.numbers_as_numbers && r > 0 && ReadsBackAsNumber(s, &v)) {
        e = worksheet_write_number(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), v, f);
      } else {
        if (s.size() > kMaxCellChars * 4)
          return Status::InvalidArgument("sheet \"" + sheet.name + "\" " + CellName(static_cast<uint32_t>(r + 1), static_cast<uint32_t>(c)) +
                                         ": text longer than Excel allows in a cell");
        e = worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), s.c_str(), f);
      }
      if (e != LXW_NO_ERROR)
        return Status::InvalidArgument("sheet \"" + sheet.name + "\" " + CellName(static_cast<uint32_t>(r + 1), static_cast<uint32_t>(c)) +
                                       ": " + lxw_strerror(e));
    }
  }
  return Status::Ok();
}

// Writes the workbook to `tmp` (an existing private file, overwritten).
Status WriteTo(const std::string& tmp, const std::vector<SheetData>& sheets, const XlsxWriteOptions& o) {
  lxw_workbook* wb = workbook_new(tmp.c_str());
  if (!wb) return Status::IOError("cannot start a workbook in " + tmp);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  Status st;
  for (const auto& s : sheets) {
    st = WriteSheet(wb, s, o, bold);
    if (!st.ok()) break;
  }
  lxw_error e = workbook_close(wb);  // frees the workbook whatever happened
  CANVASS_RETURN_IF_ERROR(st);
  if (e != LXW_NO_ERROR) return Status::IOError("cannot write the workbook: " + std::string(lxw_strerror(e)));
  return Status::Ok();
}

// A private (0600) empty file in `dir`, named after `stem`.
Result<std::string> PrivateTemp(const std::string& dir, const std::string& stem) {
  std::string pattern = (dir.empty() ? "." : dir) + "/." + stem + ".XXXXXX";
  int fd = mkstemp(pattern.data());
  if (fd < 0) return Status::IOError("cannot create a temporary file in " + (dir.empty() ? std::string(".") : dir));
  close(fd);
  return pattern;
}

Result<std::string> BuildBytes(const std::string& dir, const std::vector<SheetData>& sheets, const XlsxWriteOptions& o) {
  CANVASS_ASSIGN_OR_RETURN(std::string tmp, PrivateTemp(dir, "xlsx"));
  Status st = WriteTo(tmp, sheets, o);
  Result<std::string> bytes = st.ok() ? core::ReadFileBounded(tmp, 1u << 30) : Result<std::string>(st);
  std::remove(tmp.c_str());
  return bytes;
}

}  // namespace

Status WriteXlsxFile(const std::string& path, const std::vector<SheetData>& sheets, const XlsxWriteOptions& options) {
  CANVASS_ASSIGN_OR_RETURN(std::string bytes, BuildBytes(core::DirectoryOf(path), sheets, options));
  return core::WriteFileAtomic(path, bytes, true).WithContext("writing " + path);
}

Result<std::string> WriteXlsxBytes(const std::vector<SheetData>& sheets, const XlsxWriteOptions& options) {
  std::error_code ec;
  std::string dir = std::filesystem::temp_directory_path(ec).string();
  return BuildBytes(ec ? std::string(".") : dir, sheets, options);
}

}  // namespace canvass::tabular
