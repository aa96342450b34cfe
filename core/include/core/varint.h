// Unsigned LEB128 ("varint") writing: 7 bits per byte, low bits first, the high bit set on all
// but the last byte. Shared by the compact encodings (bundle records, indicator blocks, the
// facts cache and its facts); each reader keeps its own bounds on what it accepts.
#pragma once

#include <cstdint>
#include <string>

namespace canvass::core {

inline void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

}  // namespace canvass::core
