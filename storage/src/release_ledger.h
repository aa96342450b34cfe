// The publication ledger's storage (schema version 8): a release names the set of final
// records it counted and the set of counts it showed; each distinct set is kept once, in a
// compact length-prefixed form, in `release_sets`. Re-running an assessment on the same data
// adds a row to `releases` and nothing else, so reading the ledger costs one parse per
// distinct state of the data, not one per release.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace canvass::storage {
class Db;
namespace release_ledger {

// "<len>:<id><len>:<digest>..." and "<len>:<key><len>:<%.17g>..." (exact round trip).
std::string EncodeRecords(const std::map<std::string, std::string>& records);
std::string EncodeShown(const std::map<std::string, double>& shown);
core::Status DecodeRecords(const std::string& body, std::map<std::string, std::string>* out);
core::Status DecodeShown(const std::string& body, std::map<std::string, double>* out);
// Reads a records body as it goes: `read` gets a cursor over its (id, digest) pairs, false at
// the end or at damage; Corruption when the body is malformed or its ids do not ascend (also
// when `read` stopped before the end).
core::Status ReadRecords(const std::string& body,
                         const std::function<void(const std::function<bool(std::string_view*, std::string_view*)>&)>& read);

// Stores `body` under its digest unless already there; returns the digest.
core::Result<std::string> PutSet(Db* db, const char* kind, const std::string& body, int64_t entries);

// Migration to version 8: the JSON `records`/`shown` of every release move into sets.
core::Status MigrateToSets(Db* db);

}  // namespace release_ledger
}  // namespace canvass::storage
