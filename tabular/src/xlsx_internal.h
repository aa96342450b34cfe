// Private parts of the xlsx reader: the bounded zip archive, the expat stream, the fast scanner
// for large parts, the workbook's parts (content types, relationships, sheets, styles, shared
// strings) and the reader's state.
#pragma once

#include <zip.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tabular/xlsx_reader.h"

namespace canvass::tabular::detail {

// --- zip: the archive, every part read through the limits (xlsx_zip.cpp) ---
class ZipArchive {
 public:
  ZipArchive() = default;
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;
  // Opens and checks the archive: entry count, names (no path tricks), no encryption, only
  // stored or deflated entries. `source` prefixes every message.
  core::Status Open(std::string_view bytes, const std::string& source, const XlsxLimits& limits);
  // Exact name first, then ignoring case (part names in OOXML are case-insensitive).
  bool Has(const std::string& name) const;
  // Streams one part's inflated bytes to `sink` in chunks (of limits.read_chunk_bytes), refusing
  // when the part or the archive's running total passes the limits. A sink error stops the read
  // and is returned.
  core::Status ReadPart(const std::string& name, const std::function<core::Status(std::string_view)>& sink);
  uint64_t inflated() const { return inflated_; }

 private:
  zip_int64_t Locate(const std::string& name) const;
  zip_t* za_ = nullptr;
  std::string source_;
  XlsxLimits limits_;
  uint64_t inflated_ = 0;
};

// --- expat: a stream that refuses DTDs (xlsx_xml.cpp) ---
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // `name` is the local name (any "prefix:" dropped); `attrs` expat's name/value pairs.
  virtual void Start(std::string_view name, const char** attrs) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(std::string_view) {}
  // A handler stops the parse by setting `stop` (the message is returned by Feed).
  core::Status stop;
};

// The value of the attribute whose local name is `local`, or nullptr.
const char* Attr(const char** attrs, std::string_view local);
// The value of a prefixed attribute whose local name is `local` ("r:id"), or nullptr.
const char* PrefixedAttr(const char** attrs, std::string_view local);

class XmlStream {
 public:
  XmlStream(XmlHandler* handler, std::string where);
  ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;
  core::Status Feed(std::string_view chunk, bool last);

 private:
  struct State;
  State* s_;
};

// Parses one whole part through a handler.
core::Status ParsePart(ZipArchive* zip, const std::string& part, const std::string& where, XmlHandler* h);

// --- the fast path for large parts: worksheets and shared strings (xlsx_scan.cpp) ---
struct XmlAttr {
  std::string_view name;   // qualified, as written ("r", "x14ac:dyDescent")
  std::string_view value;  // references decoded, white space normalised as XML says
};

// The first attribute whose local name (after any "prefix:") is `local`, or nullptr.
const XmlAttr* FindAttr(const XmlAttr* attrs, size_t n, std::string_view local);

// A handler for either parser. Names are local names, as for XmlHandler.
class SaxHandler {
 public:
  virtual ~SaxHandler() = default;
  virtual void Start(std::string_view name, const XmlAttr* attrs, size_t n) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(std::string_view text) = 0;
  core::Status stop;  // as XmlHandler::stop
};

// A hand-written streaming reader of the XML that worksheets and shared strings are written in:
// UTF-8 without a DTD. It reports what expat reports for such a document (elements, attributes,
// text with references decoded and line ends normalised), skips comments and processing
// instructions, reads CDATA, and refuses anything else (a DTD, an undefined entity, text that is
// not UTF-8, unbalanced tags, a tag or a nesting too large) with the line. Much faster than expat
// for a sheet's many small elements.
class XmlScanner {
 public:
  XmlScanner(SaxHandler* handler, std::string where);
  ~XmlScanner();
  XmlScanner(const XmlScanner&) = delete;
  XmlScanner& operator=(const XmlScanner&) = delete;
  core::Status Feed(std::string_view chunk, bool last);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// Parses one whole part through a SaxHandler: with the scanner, or with expat when
// limits.reference_xml_parser is set (the reference the scanner is tested against).
core::Status ParseLargePart(ZipArchive* zip, const std::string& part, const std::string& where, const XlsxLimits& limits,
                            SaxHandler* h);

// --- the workbook's structure (xlsx_parts.cpp) ---
struct SheetRef {
  std::string name;
  std::string part;   // "xl/worksheets/sheet1.xml"; "" for a sheet that cannot be read
  bool chart = false;
};

struct Workbook {
  std::vector<SheetRef> sheets;
  std::string shared_strings;     // part name or ""
  std::string styles;             // part name or ""
  bool date1904 = false;
};

// Checks [Content_Types].xml and follows _rels/.rels to the workbook and its sheets.
core::Status ReadWorkbook(ZipArchive* zip, const std::string& source, Workbook* out);
// For each cell style (xf index): 0 = not a date, 1 = date (maybe with time), 2 = time only.
core::Status ReadDateStyles(ZipArchive* zip, const std::string& source, const std::string& part,
                            std::vector<uint8_t>* out);
core::Status ReadSharedStrings(ZipArchive* zip, const std::string& source, const std::string& part,
                               const XlsxLimits& limits, std::vector<std::string>* out);
// Joins a relationship target to the directory of the part that names it, resolving "." and
// ".."; false when the target leaves the archive (a path trick) or is empty.
bool JoinPartPath(const std::string& base_dir, const std::string& target, std::string* out);
// 1 when an Excel number format code shows a date, 2 when only a time, else 0.
int DateKindOfFormat(std::string_view code);
int DateKindOfBuiltinFormat(int id);

}  // namespace canvass::tabular::detail
