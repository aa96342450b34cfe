// Status helpers: names of codes and formatting.
#include "core/status.h"

namespace canvass::core {

const char* CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "OK";
    case Code::kNotFound: return "NotFound";
    case Code::kCorruption: return "Corruption";
    case Code::kInvalidArgument: return "InvalidArgument";
    case Code::kWrongKey: return "WrongKey";
    case Code::kConflict: return "Conflict";
    case Code::kIOError: return "IOError";
    case Code::kUnsupported: return "Unsupported";
    case Code::kAlreadyExists: return "AlreadyExists";
    case Code::kCancelled: return "Cancelled";
    case Code::kInternal: return "Internal";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(CodeName(code_)) + ": " + message_;
}

Status Status::WithContext(const std::string& prefix) const {
  if (ok()) return *this;
  return Status(code_, prefix + ": " + message_);
}

}  // namespace canvass::core
