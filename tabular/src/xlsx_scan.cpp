// The fast XML reader for the large parts of a workbook (worksheets, shared strings): a bounded,
// hand-written scanner of UTF-8 XML without a DTD, and ParseLargePart, which runs a SaxHandler on
// it, or on expat when the limits ask for the reference parser (what the scanner is tested against).
#include <algorithm>
#include <cstring>

#include "xlsx_internal.h"

namespace canvass::tabular::detail {

using core::Status;

namespace {

constexpr size_t kMaxToken = 4u << 20;  // one tag, comment, CDATA section or processing instruction
constexpr size_t kMaxDepth = 1000;      // open elements (a sheet needs 5)
constexpr size_t kMaxAttrs = 512;       // attributes on one element
constexpr size_t kMaxRef = 40;          // "&#x0000000041;" and the like

std::string_view LocalName(std::string_view n) {
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

bool IsXmlChar(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// One reference's replacement ("lt", "#65", "#x41"), appended to *out; false when it is not one
// of the five predefined entities or a character reference to a character XML allows.
bool AppendReference(std::string_view ref, std::string* out) {
  if (ref.size() >= 2 && ref[0] == '#') {
    bool hex = ref[1] == 'x';
    size_t i = hex ? 2 : 1;
    if (i >= ref.size()) return false;
    uint32_t cp = 0;
    for (; i < ref.size(); ++i) {
      char c = ref[i];
      int d = c >= '0' && c <= '9' ? c - '0' : !hex ? -1 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return false;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      if (cp > 0x10FFFF) return false;
    }
    if (!IsXmlChar(cp)) return false;
    AppendUtf8(cp, out);
    return true;
  }
  char c = ref == "lt" ? '<' : ref == "gt" ? '>' : ref == "amp" ? '&' : ref == "quot" ? '"' : ref == "apos" ? '\'' : 0;
  if (!c) return false;
  out->push_back(c);
  return true;
}

// `raw` with references decoded and line ends normalised ("\r\n" and "\r" to "\n"); in an
// attribute value tabs and line ends become spaces, as XML says. False at a bad reference.
bool Decode(std::string_view raw, bool attribute, std::string* out) {
  out->clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '&') {
      size_t semi = raw.find(';', i + 1);
      if (semi == std::string_view::npos || semi - i > kMaxRef || !AppendReference(raw.substr(i + 1, semi - i - 1), out))
        return false;
      i = semi;
    } else if (c == '\r') {
      out->push_back(attribute ? ' ' : '\n');
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    } else {
      out->push_back(attribute && (c == '\n' || c == '\t') ? ' ' : c);
    }
  }
  return true;
}

// Checks that a stream of bytes is UTF-8 holding only characters XML allows (as expat does),
// across chunk boundaries.
class Utf8Check {
  static constexpr uint64_t kHigh = 0x8080808080808080ull;
  static constexpr uint64_t kAdd60 = 0x6060606060606060ull;

 public:
  // The offset of the first bad byte in `p`, or n.
  size_t Feed(const unsigned char* p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      // Eight printable ASCII bytes at a time (no byte with the top bit set or below 0x20).
      while (need_ == 0 && i + 8 <= n) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        // Below 0x80 every byte plus 0x60 stays in its lane, and reaches 0x80 exactly when >= 0x20.
        if ((w & kHigh) != 0 || ((w + kAdd60) & kHigh) != kHigh) break;
        i += 8;
      }
      if (i >= n) break;
      unsigned c = p[i];
      if (need_ == 0) {
        if (c >= 0x20 && c < 0x80) continue;
        if (c < 0x20) {
          if (c == '\n' || c == '\r' || c == '\t') continue;
          return i;
        }
        if (c < 0xC2 || c > 0xF4) return i;
        need_ = c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        cp_ = c & (c < 0xE0 ? 0x1F : c < 0xF0 ? 0x0F : 0x07);
        min_ = c < 0xE0 ? 0x80 : c < 0xF0 ? 0x800 : 0x10000;
      } else {
        if ((c & 0xC0) != 0x80) return i;
        cp_ = (cp_ << 6) | (c & 0x3F);
        if (--need_ == 0 && (cp_ < min_ || !IsXmlChar(cp_))) return i;
      }
    }
    return n;
  }
  bool complete() const { return need_ == 0; }

 private:
  uint32_t cp_ = 0, min_ = 0;
  int need_ = 0;
};

enum class Step { kDone, kMore, kError };

}  // namespace

const XmlAttr* FindAttr(const XmlAttr* attrs, size_t n, std::string_view local) {
  for (size_t i = 0; i < n; ++i)
    if (LocalName(attrs[i].name) == local) return &attrs[i];
  return nullptr;
}

struct XmlScanner::State {
  SaxHandler* h = nullptr;
  std::string where;
  std::string buf;     // bytes not yet read: buf[pos..]
  size_t pos = 0;
  uint64_t line = 1;   // the line of buf[0]
  Utf8Check utf8;
  std::string names;   // the qualified names of the open elements, end to end
  std::vector<size_t> starts;
  bool root_seen = false, started = false;
  Status err;
  std::string text, values;
  struct RawAttr {
    std::string_view name, value;
    size_t at = 0, len = 0;  // in `values`, when decoded
    bool decoded = false;
  };
  std::vector<RawAttr> raw;
  std::vector<XmlAttr> attrs;

  uint64_t LineAt(size_t p) const { return line + static_cast<uint64_t>(std::count(buf.begin(), buf.begin() + p, '\n')); }
  Step Fail(size_t at, const std::string& what) {
    err = Status::Corruption(where + ": line " + std::to_string(LineAt(at)) + ": the XML is damaged (" + what +
                             "); open the workbook in a spreadsheet and save it again");
    return Step::kError;
  }
  Step Stopped() {
    err = h->stop;
    return Step::kError;
  }
  // Waits for more bytes, unless the part has ended or the token is too large.
  Step More(bool last, const char* what) {
    if (last) return Fail(pos, "it ends inside " + std::string(what));
    if (buf.size() - pos > kMaxToken) return Fail(pos, std::string(what) + " longer than 4 MiB");
    return Step::kMore;
  }

  Step Run(bool last);
  Step ReadText(bool last);
  Step ReadStartTag(bool last);
  Step ReadAttribute(size_t* p, bool last);
  Step ReadEndTag(bool last);
  Step ReadMarkup(bool last);  // <!-- -->, <![CDATA[ ]]>, <!DOCTYPE, <? ?>
};

Step XmlScanner::State::Run(bool last) {
  if (!started) {
    if (buf.size() < 3 && !last) return Step::kMore;
    if (buf.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;  // a byte order mark
    started = true;
  }
  while (pos < buf.size()) {
    Step st;
    if (buf[pos] != '<') st = ReadText(last);
    else if (pos + 1 >= buf.size()) st = More(last, "a tag");
    else if (buf[pos + 1] == '/') st = ReadEndTag(last);
    else if (buf[pos + 1] == '!' || buf[pos + 1] == '?') st = ReadMarkup(last);
    else st = ReadStartTag(last);
    if (st != Step::kDone) return st;
  }
  if (last) {
    if (!root_seen) return Fail(pos, "no element");
    if (!starts.empty()) return Fail(pos, "it ends before </" + names.substr(starts.back()) + ">");
  }
  return Step::kDone;
}

Step XmlScanner::State::ReadText(bool last) {
  const char* b = buf.data() + pos;
  const char* e = buf.data() + buf.size();
  // A loop rather than memchr: most text in a sheet is a few characters ("<v>12</v>").
  const char* lt = b;
  bool special = false;  // a reference or a CR to decode
  for (; lt < e && *lt != '<'; ++lt) special |= *lt == '&' || *lt == '\r';
  const char* end = lt;
  if (lt == e && !last) {
    // Keep a reference that may continue in the next chunk, and a CR that may be a CRLF's half.
    for (const char* q = end; q > b && end - q <= static_cast<std::ptrdiff_t>(kMaxRef); --q)
      if (q[-1] == ';') break;
      else if (q[-1] == '&') {
        end = q - 1;
        break;
      }
    if (end > b && end[-1] == '\r') --end;
    if (end == b) return Step::kMore;
  }
  std::string_view raw(b, static_cast<size_t>(end - b));
  if (starts.empty()) {
    for (char c : raw)
      if (!IsSpace(c)) return Fail(pos, root_seen ? "text after the end of the document" : "text before the first element");
  } else if (!special) {
    h->Text(raw);
    if (!h->stop.ok()) return Stopped();
  } else {
    if (!Decode(raw, false, &text)) return Fail(pos, "an undefined or invalid reference (&...;)");
    h->Text(text);
    if (!h->stop.ok()) return Stopped();
  }
  pos += raw.size();
  return Step::kDone;
}

// name="value" or name='value' at *p (after the white space before it).
Step XmlScanner::State::ReadAttribute(size_t* p, bool last) {
  size_t i = *p;
  while (i < buf.size() && !IsSpace(buf[i]) && buf[i] != '=' && buf[i] != '>' && buf[i] != '/' && buf[i] != '<') ++i;
  if (i == *p) return Fail(*p, "a tag holds a character out of place");
  std::string_view name(buf.data() + *p, i - *p);
  while (i < buf.size() && IsSpace(buf[i])) ++i;
  if (i < buf.size() && buf[i] != '=') return Fail(i, "an attribute without a value");
  ++i;
  while (i < buf.size() && IsSpace(buf[i])) ++i;
  if (i >= buf.size()) return More(last, "a tag");
  char q = buf[i];
  if (q != '"' && q != '\'') return Fail(i, "an attribute value without quotes");
  size_t close = i + 1;
  bool special = false, lt = false;  // a reference or white space to normalise; a '<'
  for (; close < buf.size() && buf[close] != q; ++close) {
    char c = buf[close];
    lt |= c == '<';
    special |= c == '&' || c == '\r' || c == '\n' || c == '\t';
  }
  if (close >= buf.size()) return More(last, "a tag");
  std::string_view value(buf.data() + i + 1, close - i - 1);
  if (lt) return Fail(i, "a '<' inside an attribute value");
  for (const RawAttr& a : raw)
    if (a.name == name) return Fail(*p, "the attribute " + std::string(name.substr(0, 40)) + " given twice");
  if (raw.size() >= kMaxAttrs) return Fail(*p, "more than " + std::to_string(kMaxAttrs) + " attributes on one element");
  RawAttr a{name, value, 0, 0, false};
  if (special) {
    if (!Decode(value, true, &text)) return Fail(i, "an undefined or invalid reference (&...;)");
    a.at = values.size();
    a.decoded = true;
    a.len = text.size();
    values += text;
  }
  raw.push_back(a);
  *p = close + 1;
  return Step::kDone;
}

Step XmlScanner::State::ReadStartTag(bool last) {
  size_t p = pos + 1;
  while (p < buf.size() && !IsSpace(buf[p]) && buf[p] != '>' && buf[p] != '/' && buf[p] != '<' && buf[p] != '=' &&
         buf[p] != '"' && buf[p] != '\'')
    ++p;
  if (p >= buf.size()) return More(last, "a tag");
  if (p == pos + 1) return Fail(pos, "a '<' that starts no tag");
  std::string_view name(buf.data() + pos + 1, p - pos - 1);
  raw.clear();
  values.clear();
  bool empty = false;
  for (;;) {
    size_t ws = p;
    while (p < buf.size() && IsSpace(buf[p])) ++p;
    if (p >= buf.size()) return More(last, "a tag");
    if (buf[p] == '>') {
      ++p;
      break;
    }
    if (buf[p] == '/') {
      if (p + 1 >= buf.size()) return More(last, "a tag");
      if (buf[p + 1] != '>') return Fail(p, "a '/' out of place in a tag");
      p += 2;
      empty = true;
      break;
    }
    if (p == ws) return Fail(p, "attributes without a space between them");
    Step st = ReadAttribute(&p, last);
    if (st != Step::kDone) return st;
  }
  if (starts.empty() && root_seen) return Fail(pos, "a second top-level element");
  if (starts.size() >= kMaxDepth) return Fail(pos, "elements nested more than " + std::to_string(kMaxDepth) + " deep");
  attrs.clear();
  for (const RawAttr& a : raw)
    attrs.push_back(XmlAttr{a.name, a.decoded ? std::string_view(values).substr(a.at, a.len) : a.value});
  root_seen = true;
  std::string_view local = LocalName(name);
  h->Start(local, attrs.data(), attrs.size());
  if (!h->stop.ok()) return Stopped();
  if (empty) {
    h->End(local);
    if (!h->stop.ok()) return Stopped();
  } else {
    starts.push_back(names.size());
    names.append(name);
  }
  pos = p;
  return Step::kDone;
}

Step XmlScanner::State::ReadEndTag(bool last) {
  const char* b = buf.data() + pos + 2;
  const char* e = buf.data() + buf.size();
  const char* gt = b;
  while (gt < e && *gt != '>') ++gt;
  if (gt == e) return More(last, "a tag");
  const char* n = b;
  while (n < gt && !IsSpace(*n)) ++n;
  for (const char* q = n; q < gt; ++q)
    if (!IsSpace(*q)) return Fail(pos, "an end tag holds more than a name");
  std::string_view name(b, static_cast<size_t>(n - b));
  if (starts.empty()) return Fail(pos, "an end tag </" + std::string(name.substr(0, 40)) + "> with no element open");
  std::string_view open = std::string_view(names).substr(starts.back());
  if (name != open)
    return Fail(pos, "the end tag </" + std::string(name.substr(0, 40)) + "> where </" + std::string(open.substr(0, 40)) + "> belongs");
  names.resize(starts.back());
  starts.pop_back();
  h->End(LocalName(name));
  if (!h->stop.ok()) return Stopped();
  pos = static_cast<size_t>(gt - buf.data()) + 1;
  return Step::kDone;
}

Step XmlScanner::State::ReadMarkup(bool last) {
  std::string_view rest = std::string_view(buf).substr(pos);
  auto starts_with = [&](std::string_view prefix) { return rest.substr(0, prefix.size()) == prefix; };
  auto may_become = [&](std::string_view prefix) { return rest.size() < prefix.size() && prefix.substr(0, rest.size()) == rest; };
  const char* close = nullptr;
  size_t open_len = 0;
  bool cdata = false;
  if (starts_with("<?")) {
    close = "?>";
    open_len = 2;
  } else if (starts_with("<!--")) {
    close = "-->";
    open_len = 4;
  } else if (starts_with("<![CDATA[")) {
    if (starts.empty()) return Fail(pos, "a CDATA section outside the elements");
    close = "]]>";
    open_len = 9;
    cdata = true;
  } else if (starts_with("<!DOCTYPE")) {
    err = Status::InvalidArgument(where + ": contains a document type declaration (DTD), which Excel never writes; refusing it");
    return Step::kError;
  } else if (!last && (may_become("<!--") || may_become("<![CDATA[") || may_become("<!DOCTYPE"))) {
    return Step::kMore;
  } else {
    return Fail(pos, "a '<!' that starts nothing XML knows");
  }
  size_t end = rest.find(close, open_len);
  if (end == std::string_view::npos) return More(last, cdata ? "a CDATA section" : open_len == 2 ? "a processing instruction" : "a comment");
  if (cdata) {
    std::string_view body = rest.substr(open_len, end - open_len);
    text.clear();
    for (size_t i = 0; i < body.size(); ++i) {
      if (body[i] != '\r') text.push_back(body[i]);
      else {
        text.push_back('\n');
        if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
      }
    }
    if (!text.empty()) {
      h->Text(text);
      if (!h->stop.ok()) return Stopped();
    }
  }
  pos += end + std::strlen(close);
  return Step::kDone;
}

XmlScanner::XmlScanner(SaxHandler* handler, std::string where) : s_(new State) {
  s_->h = handler;
  s_->where = std::move(where);
}

XmlScanner::~XmlScanner() = default;

Status XmlScanner::Feed(std::string_view chunk, bool last) {
  State& s = *s_;
  if (!s.err.ok()) return s.err;
  s.line += static_cast<uint64_t>(std::count(s.buf.begin(), s.buf.begin() + s.pos, '\n'));
  s.buf.erase(0, s.pos);
  s.pos = 0;
  size_t before = s.buf.size();
  s.buf.append(chunk);
  size_t bad = s.utf8.Feed(reinterpret_cast<const unsigned char*>(chunk.data()), chunk.size());
  if (bad < chunk.size()) {
    s.Fail(before + bad, "a byte that is not UTF-8 text, or a control character");
    return s.err;
  }
  if (last && !s.utf8.complete()) {
    s.Fail(s.buf.size(), "it ends inside a UTF-8 character");
    return s.err;
  }
  s.Run(last);
  return s.err;
}

namespace {

// Runs a SaxHandler on expat (the reference parser).
class ExpatAdapter : public XmlHandler {
 public:
  explicit ExpatAdapter(SaxHandler* h) : h_(h) {}
  void Start(std::string_view name, const char** a) override {
    attrs_.clear();
    for (size_t i = 0; a[i]; i += 2) attrs_.push_back(XmlAttr{a[i], a[i + 1]});
    h_->Start(name, attrs_.data(), attrs_.size());
    stop = h_->stop;
  }
  void End(std::string_view name) override {
    h_->End(name);
    stop = h_->stop;
  }
  void Text(std::string_view t) override {
    h_->Text(t);
    stop = h_->stop;
  }

 private:
  SaxHandler* h_;
  std::vector<XmlAttr> attrs_;
};

}  // namespace

Status ParseLargePart(ZipArchive* zip, const std::string& part, const std::string& where, const XlsxLimits& limits,
                      SaxHandler* h) {
  if (limits.reference_xml_parser) {
    ExpatAdapter adapter(h);
    return ParsePart(zip, part, where, &adapter);
  }
  XmlScanner scanner(h, where);
  CANVASS_RETURN_IF_ERROR(zip->ReadPart(part, [&](std::string_view chunk) { return scanner.Feed(chunk, false); }));
  return scanner.Feed(std::string_view(), true);
}

}  // namespace canvass::tabular::detail
