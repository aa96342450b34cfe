// Value: a small JSON value (null, bool, number, string, array, object) used for
// answers, form documents and bundle records, with strict parsing and a canonical
// serialization (object keys sorted, shortest round-trip numbers, no spaces) so that
// equal values always serialize to equal bytes (content hashes depend on it).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace canvass::core {

class Value {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  using Array = std::vector<Value>;
  using Object = std::map<std::string, Value>;  // sorted: canonical order

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : kind_(Kind::kBool), bool_(b) {}
  Value(int n) : kind_(Kind::kNumber), num_(n) {}
  Value(int64_t n) : kind_(Kind::kNumber), num_(static_cast<double>(n)) {}
  Value(double d) : kind_(Kind::kNumber), num_(d) {}
  Value(const char* s) : kind_(Kind::kString), str_(s) {}
  Value(std::string s) : kind_(Kind::kString), str_(std::move(s)) {}
  Value(Array a) : kind_(Kind::kArray), arr_(std::make_shared<Array>(std::move(a))) {}
  Value(Object o) : kind_(Kind::kObject), obj_(std::make_shared<Object>(std::move(o))) {}

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }
  // True for a number with no fractional part that fits in int64.
  bool is_integer() const;

  bool as_bool() const { return bool_; }
  double as_number() const { return num_; }
  int64_t as_int() const { return static_cast<int64_t>(num_); }
  const std::string& as_string() const { return str_; }
  const Array& as_array() const;
  const Object& as_object() const;
  Array& mutable_array();
  Object& mutable_object();

  // Object lookup; returns nullptr if not an object or key absent.
  const Value* Find(const std::string& key) const;

  bool operator==(const Value& o) const;
  bool operator!=(const Value& o) const { return !(*this == o); }

  // Canonical compact JSON (sorted keys, integers without ".0").
  std::string ToJson() const;
  // Indented JSON for people (same key order).
  std::string ToPrettyJson(int indent = 2) const;

  static const char* KindName(Kind k);

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  double num_ = 0;
  std::string str_;
  std::shared_ptr<Array> arr_;   // copy-on-write is not needed: values are small
  std::shared_ptr<Object> obj_;
};

struct JsonLimits {
  size_t max_bytes = 64u << 20;  // whole document
  int max_depth = 64;
};

// Parses JSON text. Errors name `source` (a file name or "answers"), the line and
// column, and what is wrong. Duplicate object keys are an error (a hand-edited
// form with two "required" keys should not silently keep one). NaN/Inf rejected.
Result<Value> ParseJson(std::string_view text, std::string_view source,
                        const JsonLimits& limits = {});

// Reads a whole file (bounded by limits.max_bytes) and parses it.
Result<Value> ParseJsonFile(const std::string& path, const JsonLimits& limits = {});

// Reads a string member of an object for record decoding: false with *error set when
// the key is missing (unless optional), not a string, or longer than 1 MiB.
bool ReadStringField(const Value& obj, const char* key, std::string* out, std::string* error,
                     bool optional = false);

// Formats a number the canonical way ("3", "1.5", "1e+300").
std::string FormatNumber(double d);
// Appends s as a JSON string the canonical way (quoted, escaped as ToJson escapes it).
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace canvass::core
