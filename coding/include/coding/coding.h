// Coding: one code applied by one coder to a span of one answer's text.
//
// Offsets count Unicode code points in the answer text normalised to LF line ends;
// `end` is exclusive (the REFI-QDA PlainTextSelection convention). A Coding is a plain
// value with no references to other objects; safe to copy between threads.
#pragma once

#include <cstdint>
#include <string>

namespace canvass::coding {

struct Coding {
  std::string answer_id;  // the answer (one interview's answer to one question)
  int64_t start = 0;      // first code point
  int64_t end = 0;        // one past the last code point
  std::string code_guid;
  std::string coder;      // coder id (a user name or id; exported as a REFI-QDA User)
  std::string time;       // ISO 8601 UTC "2025-03-01T10:00:00Z"; may be empty

  bool operator==(const Coding& o) const {
    return answer_id == o.answer_id && start == o.start && end == o.end &&
           code_guid == o.code_guid && coder == o.coder && time == o.time;
  }
};

}  // namespace canvass::coding
