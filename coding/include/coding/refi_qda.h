// REFI-QDA exchange: codebooks (.qdc) and projects (.qdpx = zip of project.qde + sources/).
//
// Writers produce documents that validate against Codebook.xsd / Project-mrt.xsd (empty
// containers are omitted; GUIDs are derived from ids, so repeated exports agree). Readers
// treat input as untrusted: sizes and counts are capped, DTDs are refused, and errors name
// the file and element. They accept other tools' projects, skipping what they cannot use
// (each skip is reported in `warnings`). All functions are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coding/codebook.h"
#include "coding/coding.h"
#include "core/status.h"

namespace canvass::coding {

// Exported as a REFI-QDA Case named `name` (else `id`) with the variables "Interview" (the id),
// "Area", "Role", "Protocol" and "Date".
struct QdaInterview {
  std::string id;
  std::string area;
  std::string role;
  std::string name;      // readable: "Protocol - Area - date"; "" = the id
  std::string protocol;  // the form's title
  std::string date;      // YYYY-MM-DD
};

// Exported as a TextSource named by `id`, with the source variable "Question". The text
// must already be de-identified; it is written LF-normalised as sources/<guid>.txt.
struct QdaAnswer {
  std::string id;
  std::string interview_id;
  std::string question;
  std::string text;
  std::string name;  // the TextSource's readable name; "" = the id
};

// A coder's memo on an answer: a REFI-QDA <Note> referenced by a <NoteRef> in the answer's
// <TextSource>, its creatingUser the coder. Readers also attach here notes referenced from a
// source's selections and codings (Canvass keeps memos per answer and coder, not per coding).
struct QdaAnswerMemo {
  std::string guid;       // Note GUID; empty = derived from (answer, author) when written
  std::string answer_id;  // a QdaAnswer id
  std::string author;     // coder id (exported as a REFI-QDA User)
  std::string text;
  std::string created;    // ISO 8601 UTC; may be empty
};

struct QdaProject {
  std::string name = "Canvass export";
  std::string origin = "Canvass";
  std::string created;  // ISO 8601 UTC; omitted when empty
  Codebook codebook;    // codes and memos (memos become Notes referenced from codes)
  std::vector<QdaInterview> interviews;
  std::vector<QdaAnswer> answers;
  std::vector<Coding> codings;  // coders become Users
  std::vector<QdaAnswerMemo> answer_memos;  // authors become Users
  std::vector<std::string> warnings;  // filled by readers only
};

struct QdpxLimits {
  uint64_t max_archive_bytes = 512ull << 20;
  uint64_t max_entries = 20000;
  uint64_t max_entry_bytes = 64ull << 20;   // uncompressed, per entry
  uint64_t max_total_bytes = 512ull << 20;  // uncompressed, all entries read
  uint64_t max_xml_bytes = 64ull << 20;
  uint64_t max_elements = 2000000;
};

// The GUID of a coding's <Coding> in an export: StableGuid over (answer, start, end, code,
// coder), so the same coding always gets the same GUID. Canvass also uses it as the id of
// an imported coding, so importing the same work twice, or on two laptops, gives one coding.
std::string CodingGuid(const Coding& coding);

core::Result<std::string> WriteQdc(const Codebook& codebook);
core::Result<std::string> WriteQde(const QdaProject& project);
core::Result<std::string> WriteQdpx(const QdaProject& project);  // zip bytes
core::Status WriteQdpxFile(const std::string& path, const QdaProject& project);

// `label` names the input in error messages (usually the file name).
core::Result<Codebook> ReadQdc(std::string_view xml, std::string_view label,
                               const QdpxLimits& limits = {});
core::Result<QdaProject> ReadQdpx(std::string_view zip_bytes, std::string_view label,
                                  const QdpxLimits& limits = {});
core::Result<QdaProject> ReadQdpxFile(const std::string& path, const QdpxLimits& limits = {});

}  // namespace canvass::coding
