// Value: JSON model, strict rapidjson-based parser with line/column errors, canonical writer.
#include "core/value.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include "core/file_util.h"

namespace canvass::core {

namespace {
const Value::Array kEmptyArray;
const Value::Object kEmptyObject;
}  // namespace

bool Value::is_integer() const {
  return kind_ == Kind::kNumber && std::isfinite(num_) && std::floor(num_) == num_ &&
         std::fabs(num_) < 9.007199254740992e15;
}
const Value::Array& Value::as_array() const { return arr_ ? *arr_ : kEmptyArray; }
const Value::Object& Value::as_object() const { return obj_ ? *obj_ : kEmptyObject; }
Value::Array& Value::mutable_array() {
  if (kind_ != Kind::kArray) { *this = Value(Array{}); }
  if (arr_.use_count() > 1) arr_ = std::make_shared<Array>(*arr_);
  return *arr_;
}
Value::Object& Value::mutable_object() {
  if (kind_ != Kind::kObject) { *this = Value(Object{}); }
  if (obj_.use_count() > 1) obj_ = std::make_shared<Object>(*obj_);
  return *obj_;
}

const Value* Value::Find(const std::string& key) const {
  if (kind_ != Kind::kObject || !obj_) return nullptr;
  auto it = obj_->find(key);
  return it == obj_->end() ? nullptr : &it->second;
}

bool Value::operator==(const Value& o) const {
  if (kind_ != o.kind_) return false;
  switch (kind_) {
    case Kind::kNull: return true;
    case Kind::kBool: return bool_ == o.bool_;
    case Kind::kNumber: return num_ == o.num_;
    case Kind::kString: return str_ == o.str_;
    case Kind::kArray: return as_array() == o.as_array();
    case Kind::kObject: return as_object() == o.as_object();
  }
  return false;
}

const char* Value::KindName(Kind k) {
  switch (k) {
    case Kind::kNull: return "null";
    case Kind::kBool: return "boolean";
    case Kind::kNumber: return "number";
    case Kind::kString: return "string";
    case Kind::kArray: return "array";
    case Kind::kObject: return "object";
  }
  return "?";
}

std::string FormatNumber(double d) {
  if (!std::isfinite(d)) return "null";
  if (std::floor(d) == d && std::fabs(d) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(d));
    return buf;
  }
  char buf[40];
  for (int prec = 15; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  return buf;
}

namespace {

// The end of the run from `j` of characters written as they are (all but '"', '\\' and
// controls), eight bytes at a time (ids, hashes and answers are long runs; the import writes
// a version id per answer).
size_t PlainRunEnd(std::string_view s, size_t j) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  while (j + 8 <= s.size()) {
    uint64_t x;
    std::memcpy(&x, s.data() + j, 8);
    const uint64_t quote = x ^ (kOnes * '"'), slash = x ^ (kOnes * '\\');
    const uint64_t hit = ((x - kOnes * 0x20) & ~x) | ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash);
    if (hit & kHigh) break;  // one of the eight needs escaping: find it below
    j += 8;
  }
  while (j < s.size() && static_cast<unsigned char>(s[j]) >= 0x20 && s[j] != '"' && s[j] != '\\') ++j;
  return j;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    const size_t j = PlainRunEnd(s, i);
    out.append(s.data() + i, j - i);
    if (j == s.size()) break;
    const unsigned char c = static_cast<unsigned char>(s[j]);
    i = j + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

namespace {


void Write(const Value& v, std::string& out, int indent, int level) {
  auto newline = [&](int lvl) {
    if (indent <= 0) return;
    out.push_back('\n');
    out.append(static_cast<size_t>(indent * lvl), ' ');
  };
  switch (v.kind()) {
    case Value::Kind::kNull: out += "null"; break;
    case Value::Kind::kBool: out += v.as_bool() ? "true" : "false"; break;
    case Value::Kind::kNumber: out += FormatNumber(v.as_number()); break;
    case Value::Kind::kString: AppendJsonString(out, v.as_string()); break;
    case Value::Kind::kArray: {
      const auto& a = v.as_array();
      out.push_back('[');
      for (size_t i = 0; i < a.size(); ++i) {
        if (i) out.push_back(',');
        newline(level + 1);
        Write(a[i], out, indent, level + 1);
      }
      if (!a.empty()) newline(level);
      out.push_back(']');
      break;
    }
    case Value::Kind::kObject: {
      const auto& o = v.as_object();
      out.push_back('{');
      bool first = true;
      for (const auto& [k, child] : o) {
        if (!first) out.push_back(',');
        first = false;
        newline(level + 1);
        AppendJsonString(out, k);
        out += indent > 0 ? ": " : ":";
        Write(child, out, indent, level + 1);
      }
      if (!o.empty()) newline(level);
      out.push_back('}');
      break;
    }
  }
}

// SAX handler building a Value tree with a depth cap and duplicate-key detection.
struct Builder {
  struct Frame {
    Value value;
    std::string pending_key;
  };
  std::vector<Frame> stack;
  Value root;
  int max_depth;
  std::string error;

  bool Put(Value v) {
    if (stack.empty()) { root = std::move(v); return true; }
    Frame& top = stack.back();
    if (top.value.is_array()) {
      top.value.mutable_array().push_back(std::move(v));
    } else {
      auto& obj = top.value.mutable_object();
      if (!obj.emplace(top.pending_key, std::move(v)).second) {
        error = "duplicate key \"" + top.pending_key + "\"";
        return false;
      }
    }
    return true;
  }
  bool Null() { return Put(Value()); }
  bool Bool(bool b) { return Put(Value(b)); }
  bool Int(int i) { return Put(Value(static_cast<double>(i))); }
  bool Uint(unsigned u) { return Put(Value(static_cast<double>(u))); }
  bool Int64(int64_t i) { return Put(Value(static_cast<double>(i))); }
  bool Uint64(uint64_t u) { return Put(Value(static_cast<double>(u))); }
  bool Double(double d) {
    if (!std::isfinite(d)) { error = "number out of range"; return false; }
    return Put(Value(d));
  }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return false; }
  bool String(const char* s, rapidjson::SizeType n, bool) { return Put(Value(std::string(s, n))); }
  bool StartObject() { return Push(Value(Value::Object{})); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    stack.back().pending_key.assign(s, n);
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return Pop(); }
  bool StartArray() { return Push(Value(Value::Array{})); }
  bool EndArray(rapidjson::SizeType) { return Pop(); }
  bool Push(Value v) {
    if (static_cast<int>(stack.size()) >= max_depth) {
      error = "nesting deeper than " + std::to_string(max_depth) + " levels";
      return false;
    }
    stack.push_back(Frame{std::move(v), {}});
    return true;
  }
  bool Pop() {
    Value v = std::move(stack.back().value);
    stack.pop_back();
    return Put(std::move(v));
  }
};

void LineCol(std::string_view text, size_t offset, size_t* line, size_t* col) {
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') { ++*line; *col = 1; } else { ++*col; }
  }
}

}  // namespace

std::string Value::ToJson() const {
  std::string out;
  Write(*this, out, 0, 0);
  return out;
}

std::string Value::ToPrettyJson(int indent) const {
  std::string out;
  Write(*this, out, indent, 0);
  return out;
}

namespace {

// A string of printable ASCII without a quote or backslash, quoted: the text between is the
// value, exactly as the full parser would read it.
bool PlainString(std::string_view t, size_t from, size_t* end) {
  if (from >= t.size() || t[from] != '"') return false;
  for (size_t i = from + 1; i < t.size(); ++i) {
    char c = t[i];
    if (c == '"') { *end = i + 1; return true; }
    if (c < 0x20 || c > 0x7e || c == '\\') return false;
  }
  return false;
}

// Most stored answers are a plain string or an array of plain strings in canonical form (no
// spaces): area ids, choice values. Read directly, they give the same Value the parser gives;
// anything else returns false and goes through the parser.
bool ParsePlain(std::string_view t, Value* out) {
  size_t end = 0;
  if (PlainString(t, 0, &end)) {
    if (end != t.size()) return false;
    *out = Value(std::string(t.substr(1, end - 2)));
    return true;
  }
  if (t.size() < 2 || t.front() != '[' || t.back() != ']') return false;
  Value::Array items;
  size_t i = 1;
  if (t.size() > 2) {
    while (true) {
      if (!PlainString(t, i, &end)) return false;
      items.push_back(Value(std::string(t.substr(i + 1, end - i - 2))));
      if (end == t.size() - 1) break;
      if (t[end] != ',') return false;
      i = end + 1;
    }
  }
  *out = Value(std::move(items));
  return true;
}

}  // namespace

Result<Value> ParseJson(std::string_view text, std::string_view source, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::InvalidArgument(std::string(source) + ": JSON document is larger than " +
                                   std::to_string(limits.max_bytes) + " bytes");
  }
  if (limits.max_depth >= 1) {
    Value plain;
    if (ParsePlain(text, &plain)) return plain;
  }
  std::string_view body = text;
  size_t skipped = 0;
  if (body.size() >= 3 && static_cast<unsigned char>(body[0]) == 0xEF &&
      static_cast<unsigned char>(body[1]) == 0xBB && static_cast<unsigned char>(body[2]) == 0xBF) {
    body.remove_prefix(3);  // UTF-8 byte-order mark, as Windows editors write it
    skipped = 3;
  }
  Builder b;
  b.max_depth = limits.max_depth;
  rapidjson::Reader reader;
  rapidjson::MemoryStream ms(body.data(), body.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> is(ms);
  constexpr unsigned kFlags = rapidjson::kParseValidateEncodingFlag | rapidjson::kParseStopWhenDoneFlag;
  rapidjson::ParseResult r = reader.Parse<kFlags>(is, b);
  size_t line = 0, col = 0;
  if (!r) {
    LineCol(text, r.Offset() + skipped, &line, &col);
    std::string what = !b.error.empty() ? b.error : rapidjson::GetParseError_En(r.Code());
    return Status::InvalidArgument(std::string(source) + ":" + std::to_string(line) + ":" +
                                   std::to_string(col) + ": invalid JSON: " + what);
  }
  // Only white space may follow the document.
  size_t end = is.Tell();
  for (size_t i = end; i < body.size(); ++i) {
    char c = body[i];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      LineCol(text, i + skipped, &line, &col);
      return Status::InvalidArgument(std::string(source) + ":" + std::to_string(line) + ":" +
                                     std::to_string(col) +
                                     ": invalid JSON: text after the end of the document");
    }
  }
  return std::move(b.root);
}

bool ReadStringField(const Value& v, const char* key, std::string* out, std::string* error, bool optional) {
  const Value* f = v.Find(key);
  if (!f) {
    if (optional) { out->clear(); return true; }
    *error = std::string("missing \"") + key + "\"";
    return false;
  }
  if (!f->is_string()) { *error = std::string("\"") + key + "\" must be a string"; return false; }
  if (f->as_string().size() > (1u << 20)) { *error = std::string("\"") + key + "\" is too long"; return false; }
  *out = f->as_string();
  return true;
}

Result<Value> ParseJsonFile(const std::string& path, const JsonLimits& limits) {
  CANVASS_ASSIGN_OR_RETURN(std::string text, ReadFileBounded(path, limits.max_bytes));
  return ParseJson(text, path, limits);
}

}  // namespace canvass::core
