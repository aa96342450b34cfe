// Compact version records of bundle format 2 (docs/formats.md "Bundle"): a version as
// binary fields instead of a JSON object, without its id (the reader computes it from the
// content, which the signature covers) and with the subject, device and author of the
// previous compact record reused when they repeat. About a third of the JSON record's size.
//
//   0x01 | kind u8 (1 answer, 2 status, 3 coding, 4 memo, 5 code, 6 coded, 7 coding_set, 8 decision, 9 setting) |
//   flags u8 (bit0 same subject, bit1 same device, bit2 same author as the previous compact
//   record) | [subject] | field | value (its canonical JSON) | hlc u64 LE | [device] | [author] |
//   note | parent count (varint) | parents (32 bytes each)
//
// Strings are a varint length then the bytes; varints are LEB128. A version the layout cannot
// carry exactly (an unknown kind, a clock or parent id not in lowercase hex) is written as a
// JSON record instead, as format 1 wrote every version.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "storage/types.h"
#include "sync/bundle.h"

namespace canvass::sync::record_codec {

inline constexpr char kCompactVersion = 0x01;

using Context = CompactContext;

// Appends v's compact record (value_json = v.value.ToJson()) to *out; false (nothing appended)
// when v cannot be written exactly this way.
bool EncodeVersion(const storage::Version& v, const std::string& value_json, Context* ctx, std::string* out);

// Decodes one compact record (the payload after its length): v with its computed id, and its
// value's canonical JSON. Corruption when any byte is out of place: unknown kind or flags, a
// length past the end, bytes left over, a value that is not canonical JSON.
core::Status DecodeVersion(std::string_view payload, Context* ctx, storage::Version* v, std::string* value_json);

// DecodeVersion in two halves, so that a reader can do the second on several threads:
// ReadVersionFields reads the fields in order (the repeated ones from ctx, which it updates)
// without looking inside the value; FinishVersion then parses the value, refuses one not in
// canonical form and computes the id. Both must succeed for the record to be valid.
core::Status ReadVersionFields(std::string_view payload, Context* ctx, storage::Version* v, std::string* value_json);
core::Status FinishVersion(size_t payload_size, storage::Version* v, const std::string& value_json);

}  // namespace canvass::sync::record_codec
