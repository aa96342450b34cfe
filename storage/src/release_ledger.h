// The publication ledger's storage (schema version 8): a release names the set of final
// records it counted and the set of counts it showed; each distinct set is kept once, in a
// compact length-prefixed form, in `release_sets`. Re-running an assessment on the same data
// adds a row to `releases` and nothing else, so reading the ledger costs one parse per
// distinct state of the data, not one per release.
#pragma once

#include <map>
#include <string>

#include "core/status.h"

namespace canvass::storage {
class Db;
namespace release_ledger {

// "<len>:<id><len>:<digest>..." and "<len>:<key><len>:<%.17g>..." (exact round trip).
std::string EncodeRecords(const std::map<std::string, std::string>& records);
std::string EncodeShown(const std::map<std::string, double>& shown);
core::Status DecodeRecords(const std::string& body, std::map<std::string, std::string>* out);
core::Status DecodeShown(const std::string& body, std::map<std::string, double>* out);
// How many records were added, removed or changed between a records body and `now`, read as
// it goes (assessment::ChangedRecords); Corruption when the body is malformed or its ids do
// not ascend.
core::Status CountChanged(const std::string& body, const std::map<std::string, std::string>& now, int* changed);

// Stores `body` under its digest unless already there; returns the digest.
core::Result<std::string> PutSet(Db* db, const char* kind, const std::string& body, int64_t entries);

// Migration to version 8: the JSON `records`/`shown` of every release move into sets.
core::Status MigrateToSets(Db* db);

}  // namespace release_ledger
}  // namespace canvass::storage
