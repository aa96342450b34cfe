// How a saved assessment run's JSON is stored (schema 10): deflated, behind a small header, in
// the `run_json` column as a BLOB. At 100,000 interviews a run's JSON is about 7 MB and every
// `assess` saves one, so the workspace grew by that much per run; deflated it is about a
// seventh, and writing (encrypting) it costs as much less. Runs saved before are TEXT and are
// read as they are.
//
//   "CVRZ" | format u8 (1) | the JSON's length, u64 LE | zlib stream of the JSON
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace canvass::storage::run_codec {

// The largest run JSON saved or read back (the header's length is checked against it before any
// memory is set aside for it).
inline constexpr size_t kMaxRunJson = size_t{1} << 30;

core::Result<std::string> Pack(std::string_view json);
// Corruption (one line, naming `check`) when the header, the length or the stream is wrong.
core::Result<std::string> Unpack(std::string_view blob);

}  // namespace canvass::storage::run_codec
