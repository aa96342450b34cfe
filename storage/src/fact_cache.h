// The assessment's facts cache (schema 3, facts since schema 9): per final interview, the facts
// the scoring reads (assessment/interview_facts.h), extracted from its current answers and
// encoded with their fingerprint, kept beside the history so that a snapshot neither decrypts
// every version of every interview nor parses and hashes their answers again.
//
// The cache is derived, local data (never in the digest, a bundle or an export), held in the
// same encrypted file. Correctness rests on one rule: a trigger marks an interview dirty in the
// same transaction as any insert of its header, of an answer/status version or of the form it
// uses (the form's kind decides what is read), and a refresh recomputes exactly the dirty ones.
// What the cache holds is what the reference full scan (ComputeAll) gives, extracted; `check`
// compares the two.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "db.h"
#include "storage/types.h"

namespace canvass::storage::fact_cache {

// Question ids the assessment reads (assessment/interview_facts.h); nothing else is cached.
const std::vector<std::string>& Fields();

// An interview as the snapshot needs it: its header, whether it is final (the status head with
// the greatest id says "final") and whether a read cell has several heads (a conflict: left out).
// Its answers are one encoded string (few allocations per interview: the snapshot holds 100,000);
// ForEachAnswer reads them.
struct Interview {
  std::string uuid, form_id, role;
  int form_version = 0;
  bool final = false, conflict = false;
  std::string answers;  // per head of a read answer, sorted: u8 Fields() index, varint length, stored JSON
};

// Calls f(field index, stored JSON) for each answer; false if `answers` is malformed (f may have
// been called for the answers before the damage).
template <typename F>
bool ForEachAnswer(std::string_view answers, F&& f) {
  size_t i = 0, n = answers.size();
  while (i < n) {
    size_t field = static_cast<unsigned char>(answers[i++]);
    uint64_t len = 0;
    int shift = 0;
    while (true) {
      if (i >= n || shift > 28) return false;
      unsigned char b = static_cast<unsigned char>(answers[i++]);
      len |= static_cast<uint64_t>(b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    if (field >= Fields().size() || len > n - i) return false;
    f(static_cast<int>(field), answers.substr(i, static_cast<size_t>(len)));
    i += static_cast<size_t>(len);
  }
  return true;
}

// (form id, version) -> the form's kind: what ExtractFacts needs beside the answers.
using FormKinds = std::map<std::pair<std::string, int>, std::string>;
FormKinds KindsOf(const std::vector<FormRow>& forms);

// A cached row: a final interview that is a stakeholder record or a data sheet, or any final
// interview with a conflict (its facts empty: not scored until resolved).
struct Cached {
  std::string subject;
  bool conflict = false;
  std::string facts;  // assessment::EncodeFacts
};

// The facts of interviews as the cache keeps them, appended to *out in the same order. An
// interview that is neither a stakeholder record nor a data sheet, and has no conflict, gives
// no row: nothing of it is read.
void Extract(const std::vector<Interview>& interviews, const FormKinds& kinds, std::vector<Cached>* out);

// The reference: every interview with a status or a read answer, from sequential scans of
// `interviews`, `version_parents` and `versions` (heads = versions no version names as parent,
// MERGE.md). `only` (when not null) restricts the result to those uuids. Uuid order.
core::Status ComputeAll(Db* db, const std::vector<std::string>* only, std::vector<Interview>* out);

// Brings the cache up to date in its own transaction: recomputes the dirty interviews (per
// interview through the heads index, or by ComputeAll when many are dirty) and clears the mark.
// A change of Fields() or of assessment::kFactsVersion between builds rebuilds everything.
// `recomputed` (optional) = how many.
core::Status Refresh(Db* db, const FormKinds& kinds, int64_t* recomputed = nullptr);

// The cached rows in uuid order, handed over in chunks of up to `chunk` rows as they are read
// (so a caller can decode one chunk while the next is read). The facts are not decoded here.
core::Status Read(Db* db, size_t chunk, const std::function<void(std::vector<Cached>&&)>& take);

// `check`: the cache against ComputeAll, extracted, for every interview not marked dirty.
// Empty = agrees.
core::Result<std::string> Verify(Db* db, const FormKinds& kinds);

// The migrations to schema 3 and 9 (tables and triggers are in the schema SQL): marks every
// interview dirty.
core::Status MarkAllDirty(Db* db);

}  // namespace canvass::storage::fact_cache
