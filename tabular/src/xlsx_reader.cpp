// XlsxReader: opens a workbook and streams a sheet's rows through the XML scanner, cell by cell.
#include "tabular/xlsx_reader.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "xlsx_internal.h"

namespace canvass::tabular {

using core::Result;
using core::Status;

struct XlsxReader::Impl {
  detail::ZipArchive zip;
  detail::Workbook wb;
  std::vector<std::string> names;
  std::vector<std::string> shared;
  std::vector<uint8_t> date_styles;
  bool loaded = false;
  XlsxLimits limits;
  std::string source;

  Status LoadShared() {
    if (loaded) return Status::Ok();
    CANVASS_RETURN_IF_ERROR(detail::ReadSharedStrings(&zip, source, wb.shared_strings, limits, &shared));
    CANVASS_RETURN_IF_ERROR(detail::ReadDateStyles(&zip, source, wb.styles, &date_styles));
    loaded = true;
    return Status::Ok();
  }
};

namespace {

// Decodes OOXML's "_xHHHH_" escapes (how Excel stores control characters such as CR).
void DecodeEscapes(std::string* s) {
  if (s->find("_x") == std::string::npos) return;
  std::string out;
  out.reserve(s->size());
  for (size_t i = 0; i < s->size(); ++i) {
    if (i + 6 < s->size() && (*s)[i] == '_' && (*s)[i + 1] == 'x' && (*s)[i + 6] == '_') {
      char* end = nullptr;
      std::string hex = s->substr(i + 2, 4);
      unsigned long cp = std::strtoul(hex.c_str(), &end, 16);
      if (end == hex.c_str() + 4 && cp < 0x80) {
        out += static_cast<char>(cp);
        i += 6;
        continue;
      }
    }
    out += (*s)[i];
  }
  *s = std::move(out);
}

// True when `t` is already what FormatShortest would print: a plain decimal ("-12", "0.25")
// without redundant zeros, at most 15 significant digits and not below 1e-4 (which %g would
// write with an exponent). Spreadsheets write most numbers this way, and it saves a printf.
bool IsShortestForm(const std::string& t) {
  size_t i = t[0] == '-' ? 1 : 0;
  if (i >= t.size() || t[i] < '0' || t[i] > '9') return false;
  if (t[i] == '0' && i + 1 < t.size() && t[i + 1] != '.') return false;  // "012"
  size_t sig = 0, dot = std::string::npos;
  bool leading = true;
  for (size_t k = i; k < t.size(); ++k) {
    char ch = t[k];
    if (ch == '.') {
      if (dot != std::string::npos) return false;
      dot = k;
      continue;
    }
    if (ch < '0' || ch > '9') return false;
    if (leading && ch == '0') continue;
    leading = false;
    ++sig;
  }
  if (sig > 15) return false;
  if (sig == 0) return t == "0";  // "-0", "0.0" print as "0"
  if (dot == std::string::npos) return t.size() - i <= 15;  // 1e15 and more print with an exponent
  if (dot + 1 == t.size() || t.back() == '0') return false;  // "12." or "1.50"
  if (t[i] == '0' && t.compare(i + 1, 5, ".0000") == 0) return false;  // below 1e-4
  return true;
}

// The sheet's XML, cell by cell: <row r><c r t s><v>|<is><t>|<f></c></row>.
class SheetParser : public detail::SaxHandler {
 public:
  SheetParser(XlsxReader::Impl* impl, std::string where, const std::function<Status(XlsxRow&)>* on_row)
      : impl_(impl), where_(std::move(where)), on_row_(on_row) {}

  void Start(std::string_view name, const detail::XmlAttr* a, size_t n) override {
    if (name == "row") StartRow(a, n);
    else if (name == "c") StartCell(a, n);
    else if (in_cell_ && (name == "v" || (name == "t" && in_is_ && phonetic_ == 0))) collect_ = true;
    else if (name == "is") in_is_ = true;
    else if (name == "rPh") ++phonetic_;
  }
  void End(std::string_view name) override {
    if (name.size() == 1) {  // the common case, cheaply: </v>, </c>, </t>
      if (name[0] == 'v' || name[0] == 't') collect_ = false;
      else if (name[0] == 'c') EndCell();
      return;
    }
    if (name == "is") in_is_ = false;
    else if (name == "rPh") --phonetic_;
    else if (name == "row") EndRow();
  }
  void Text(std::string_view t) override {
    if (!collect_) return;
    if (text_.size() + t.size() > impl_->limits.max_cell_bytes) {
      Fail("cell " + CellName(row_.number, col_) + " holds more than " + std::to_string(impl_->limits.max_cell_bytes) +
           " bytes (limit)");
      return;
    }
    text_.append(t);
  }

 private:
  void Fail(const std::string& what) {
    if (stop.ok()) stop = Status::InvalidArgument(where_ + ": " + what + "; refusing the sheet");
  }

  // strtoul of `s` (as the reader always read these attributes): the value, and in *whole whether
  // it used all of `s`. Plain digits, what spreadsheets write, skip the copy.
  static unsigned long Unsigned(std::string_view s, bool* whole) {
    if (!s.empty() && s.size() <= 9 && s.find_first_not_of("0123456789") == std::string_view::npos) {
      unsigned long v = 0;
      for (char ch : s) v = v * 10 + static_cast<unsigned long>(ch - '0');
      *whole = true;
      return v;
    }
    std::string copy(s.substr(0, 64));
    char* end = nullptr;
    unsigned long v = std::strtoul(copy.c_str(), &end, 10);
    *whole = !copy.empty() && *end == '\0' && copy.size() == s.size();
    return v;
  }

  void StartRow(const detail::XmlAttr* a, size_t count) {
    uint32_t n = last_row_ + 1;
    if (const detail::XmlAttr* r = detail::FindAttr(a, count, "r")) {
      bool whole = false;
      unsigned long v = Unsigned(r->value, &whole);
      if (!whole || v == 0 || v > 1048576) return Fail("row number \"" + std::string(r->value.substr(0, 20)) + "\" is not valid");
      n = static_cast<uint32_t>(v);
    }
    if (++rows_seen_ > impl_->limits.max_rows)
      return Fail("it has more than " + std::to_string(impl_->limits.max_rows) + " rows (limit); split the table");
    row_.number = n;
    row_.cells.clear();
    last_row_ = n;
    last_col_ = -1;
  }

  void StartCell(const detail::XmlAttr* a, size_t n) {
    in_cell_ = true;
    text_.clear();
    type_ = 'n';
    style_ = 0;
    int64_t col = last_col_ + 1;
    const detail::XmlAttr *r = nullptr, *t = nullptr, *s = nullptr;
    for (size_t i = 0; i < n; ++i) {  // the first of each, by local name, as FindAttr would
      std::string_view name = a[i].name;
      size_t colon = name.rfind(':');
      if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
      if (name.size() != 1) continue;
      const detail::XmlAttr** slot = name[0] == 'r' ? &r : name[0] == 't' ? &t : name[0] == 's' ? &s : nullptr;
      if (slot && !*slot) *slot = &a[i];
    }
    if (r) {
      col = 0;
      size_t p = 0;
      for (; p < r->value.size() && r->value[p] >= 'A' && r->value[p] <= 'Z' && col <= 20000; ++p) col = col * 26 + (r->value[p] - 'A' + 1);
      if (p == 0) return Fail("cell reference \"" + std::string(r->value.substr(0, 20)) + "\" is not valid");
      --col;
    }
    col_ = static_cast<uint32_t>(col);  // checked against the limit only if the cell holds a value
    last_col_ = col;
    if (t) type_ = TypeOf(t->value);
    if (s) style_ = Style(s->value);
  }

  static size_t Style(std::string_view s) {
    bool whole = false;
    return static_cast<size_t>(Unsigned(s, &whole));
  }

  // 's' shared, 'i' inline or formula text, 'b', 'e', 'd', else 'n' (number).
  static char TypeOf(std::string_view t) {
    if (t == "s") return 's';
    if (t == "inlineStr" || t == "str") return 'i';
    if (t == "b" || t == "e" || t == "d") return t[0];
    return 'n';
  }

  // strtod's result for the plain decimals spreadsheets write ("-12", "0.25", at most 15
  // digits), without strtod: an integer below 10^15 divided by an exact power of ten is one
  // correctly rounded operation, and strtod's result is the correctly rounded value too.
  static bool FastDecimal(const std::string& t, double* out) {
    static const double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    size_t i = !t.empty() && t[0] == '-' ? 1 : 0;
    uint64_t m = 0;
    int digits = 0, frac = -1;
    for (; i < t.size(); ++i) {
      char ch = t[i];
      if (ch == '.') {
        if (frac >= 0) return false;
        frac = 0;
        continue;
      }
      if (ch < '0' || ch > '9' || ++digits > 15) return false;
      m = m * 10 + static_cast<uint64_t>(ch - '0');
      if (frac >= 0) ++frac;
    }
    if (digits == 0) return false;
    double v = static_cast<double>(m) / kPow10[frac < 0 ? 0 : frac];
    *out = t[0] == '-' ? -v : v;
    return true;
  }

  bool Number(XlsxCell* c) {
    if (FastDecimal(text_, &c->number)) return true;
    errno = 0;
    char* end = nullptr;
    c->number = std::strtod(text_.c_str(), &end);
    if (end == text_.c_str() || *end != '\0') {
      Fail("cell " + CellName(row_.number, col_) + " should hold a number but holds \"" + text_.substr(0, 40) + "\"");
      return false;
    }
    return true;
  }

  void EndCell() {
    in_cell_ = false;
    if (text_.empty() || !stop.ok()) return;
    if (col_ >= impl_->limits.max_columns)  // empty formatted cells far out are common and harmless
      return Fail("row " + std::to_string(row_.number) + " has a value beyond column " +
                  ColumnName(static_cast<uint32_t>(impl_->limits.max_columns - 1)) + " (limit)");
    XlsxCell c;
    c.column = col_;
    if (type_ == 's') {
      char* end = nullptr;
      unsigned long idx = std::strtoul(text_.c_str(), &end, 10);
      if (*end != '\0' || idx >= impl_->shared.size())
        return Fail("cell " + CellName(row_.number, col_) + " refers to text " + text_.substr(0, 20) + ", which the workbook does not hold");
      c.text = impl_->shared[idx];
      DecodeEscapes(&c.text);
      if (c.text.empty()) return;
    } else if (type_ == 'i') {
      c.text = std::move(text_);
      DecodeEscapes(&c.text);
    } else if (type_ == 'b') {
      c.type = CellType::kBool;
      c.number = text_ == "1" || text_ == "true" ? 1 : 0;
      c.text = c.number != 0 ? "TRUE" : "FALSE";
    } else if (type_ == 'e') {
      c.type = CellType::kError;
      c.text = std::move(text_);
    } else if (type_ == 'd') {
      c.type = CellType::kDate;
      c.text = std::move(text_);
    } else {
      if (!Number(&c)) return;
      c.type = CellType::kNumber;
      int kind = style_ < impl_->date_styles.size() ? impl_->date_styles[style_] : 0;
      std::string iso = kind ? ExcelSerialToIso(c.number, impl_->wb.date1904, kind == 2) : "";
      if (!iso.empty()) {
        c.type = CellType::kDate;
        c.text = std::move(iso);
      } else if (IsShortestForm(text_)) {
        c.text = std::move(text_);
      } else {
        c.text = FormatShortest(c.number);
      }
    }
    row_.cells.push_back(std::move(c));
  }

  void EndRow() {
    if (row_.cells.empty() || !stop.ok()) return;
    Status st = (*on_row_)(row_);
    if (!st.ok()) stop = st;
  }

  XlsxReader::Impl* impl_;
  std::string where_;
  const std::function<Status(XlsxRow&)>* on_row_;
  XlsxRow row_;
  uint32_t last_row_ = 0, col_ = 0;
  int64_t last_col_ = -1;
  size_t rows_seen_ = 0, style_ = 0;
  std::string text_;
  char type_ = 'n';
  bool in_cell_ = false, in_is_ = false, collect_ = false;
  int phonetic_ = 0;
};

}  // namespace

XlsxReader::XlsxReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XlsxReader::~XlsxReader() = default;

Result<std::unique_ptr<XlsxReader>> XlsxReader::Open(std::string_view bytes, std::string source, const XlsxLimits& limits) {
  if (LooksLikeOle2(bytes))
    return Status::InvalidArgument(source + ": this is an old Excel 97-2003 .xls file, or a password-protected workbook; "
                                            "open it in a spreadsheet and save it as .xlsx (without a password) or CSV");
  if (!LooksLikeZip(bytes))
    return Status::InvalidArgument(source + ": this is not an .xlsx workbook (it does not start like one); give the .xlsx "
                                            "as published, or a CSV");
  auto impl = std::make_unique<Impl>();
  impl->limits = limits;
  impl->source = source;
  CANVASS_RETURN_IF_ERROR(impl->zip.Open(bytes, source, limits));
  CANVASS_RETURN_IF_ERROR(detail::ReadWorkbook(&impl->zip, source, &impl->wb));
  for (const auto& s : impl->wb.sheets) impl->names.push_back(s.name);
  return std::unique_ptr<XlsxReader>(new XlsxReader(std::move(impl)));
}

const std::vector<std::string>& XlsxReader::SheetNames() const { return impl_->names; }
bool XlsxReader::IsWorksheet(size_t index) const {
  return index < impl_->wb.sheets.size() && !impl_->wb.sheets[index].chart;
}
uint64_t XlsxReader::inflated_bytes() const { return impl_->zip.inflated(); }
const std::string& XlsxReader::source() const { return impl_->source; }

int XlsxReader::FindSheet(std::string_view name) const {
  for (size_t i = 0; i < impl_->names.size(); ++i)
    if (impl_->names[i] == name) return static_cast<int>(i);
  auto lower = [](std::string_view s) {
    std::string o(s);
    for (char& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return o;
  };
  for (size_t i = 0; i < impl_->names.size(); ++i)
    if (lower(impl_->names[i]) == lower(name)) return static_cast<int>(i);
  return -1;
}

Status XlsxReader::ReadSheet(size_t index, const std::function<Status(XlsxRow&)>& on_row) {
  if (index >= impl_->wb.sheets.size()) return Status::InvalidArgument(impl_->source + ": no sheet " + std::to_string(index + 1));
  const detail::SheetRef& s = impl_->wb.sheets[index];
  const std::string where = impl_->source + ": sheet \"" + s.name + "\"";
  if (s.chart) return Status::InvalidArgument(where + " is a chart, not a table; name a worksheet");
  if (s.part.empty()) return Status::Corruption(where + " has no part in the archive; the workbook is damaged");
  CANVASS_RETURN_IF_ERROR(impl_->LoadShared());
  SheetParser parser(impl_.get(), where, &on_row);
  return detail::ParseLargePart(&impl_->zip, s.part, where, impl_->limits, &parser);
}

}  // namespace canvass::tabular
