// Status and Result<T>: how errors cross module boundaries in Canvass.
//
// A Status is either ok or carries a Code and a one-line message that says what
// failed, on which input, and what to do. Result<T> holds a T or a non-ok Status.
// Both are plain values, cheap to move, and safe to use from any thread.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace canvass::core {

enum class Code {
  kOk = 0,
  kNotFound,
  kCorruption,
  kInvalidArgument,
  kWrongKey,
  kConflict,
  kIOError,
  kUnsupported,
  kAlreadyExists,
  kCancelled,
  kInternal,
};

const char* CodeName(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status Corruption(std::string m) { return {Code::kCorruption, std::move(m)}; }
  static Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status WrongKey(std::string m) { return {Code::kWrongKey, std::move(m)}; }
  static Status Conflict(std::string m) { return {Code::kConflict, std::move(m)}; }
  static Status IOError(std::string m) { return {Code::kIOError, std::move(m)}; }
  static Status Unsupported(std::string m) { return {Code::kUnsupported, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {Code::kAlreadyExists, std::move(m)}; }
  static Status Cancelled(std::string m) { return {Code::kCancelled, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "NotFound: message" (or "OK").
  std::string ToString() const;
  // Returns a copy with "prefix: " in front of the message.
  Status WithContext(const std::string& prefix) const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "Result built from an ok Status has no value");
    if (status_.ok()) status_ = Status::Internal("Result built from an ok Status");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace canvass::core

// Propagates a non-ok Status from an expression that yields a Status.
#define CANVASS_RETURN_IF_ERROR(expr)              \
  do {                                             \
    ::canvass::core::Status _st = (expr);          \
    if (!_st.ok()) return _st;                     \
  } while (0)

#define CANVASS_CONCAT_INNER(a, b) a##b
#define CANVASS_CONCAT(a, b) CANVASS_CONCAT_INNER(a, b)
// Declares `lhs` from a Result<T> expression, or returns its Status.
#define CANVASS_ASSIGN_OR_RETURN(lhs, expr)                              \
  auto CANVASS_CONCAT(_res_, __LINE__) = (expr);                          \
  if (!CANVASS_CONCAT(_res_, __LINE__).ok())                              \
    return CANVASS_CONCAT(_res_, __LINE__).status();                      \
  lhs = std::move(CANVASS_CONCAT(_res_, __LINE__)).value()
