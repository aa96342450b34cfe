// IndicatorStore's snapshot readers: the facts of final interviews the scoring reads, and
// every current answer of final interviews for the de-identified dataset export.
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

#include "db.h"
#include "fact_cache.h"
#include "head_scan.h"
#include "storage/indicator_store.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;

namespace {

struct Facts {
  std::vector<assessment::StakeholderFact> stakeholders;
  std::vector<assessment::DataSheetFact> data_sheets;
  int conflicts = 0;  // final interviews left out
};
// Decodes one chunk of cached rows. Pure. A row that cannot be decoded throws: the caller
// reads the interviews' history instead.
struct Damaged {};
void DecodeChunk(std::vector<fact_cache::Cached>* chunk, Facts* out) {
  out->stakeholders.reserve(chunk->size());
  for (fact_cache::Cached& row : *chunk) {
    if (row.conflict) {  // a read cell with several heads: not scored until resolved
      ++out->conflicts;
      continue;
    }
    assessment::StakeholderFact s;
    assessment::DataSheetFact d;
    switch (assessment::DecodeFacts(row.facts, &s, &d)) {
      case assessment::FactKind::kStakeholder:
        s.record = std::move(row.subject);  // the row is not read again
        out->stakeholders.push_back(std::move(s));
        break;
      case assessment::FactKind::kDataSheet:
        d.record = std::move(row.subject);
        out->data_sheets.push_back(std::move(d));
        break;
      default: throw Damaged{};
    }
  }
}

// Chunks of cached rows as they are read, decoded by two threads: the reader's and a worker
// that starts on the first chunk while the second is read. Each chunk's facts are kept apart
// and appended in chunk order, so the result is the same as one pass in order.
class Extraction {
 public:
  Extraction() {
    try {
      worker_ = std::thread([this] { Work(); });
    } catch (const std::system_error&) {
      // no thread available: the reader extracts every chunk in Finish()
    }
  }
  ~Extraction() { Stop(); }
  Extraction(const Extraction&) = delete;
  Extraction& operator=(const Extraction&) = delete;

  void Add(std::vector<fact_cache::Cached>&& chunk) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      chunks_.push_back(std::move(chunk));  // a deque: earlier chunks stay where they are
      facts_.emplace_back();
    }
    ready_.notify_one();
  }

  // Extracts what is left beside the worker, waits for it, and moves the facts into `in`.
  void Finish(assessment::AssessmentInput* in, int* conflicts) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    ready_.notify_all();
    Work();
    Stop();
    if (failed_) std::rethrow_exception(failed_);
    size_t stakeholders = 0;
    for (const Facts& f : facts_) stakeholders += f.stakeholders.size();
    in->stakeholders.reserve(stakeholders);
    for (Facts& f : facts_) {
      for (auto& s : f.stakeholders) in->stakeholders.push_back(std::move(s));
      for (auto& d : f.data_sheets) in->data_sheets.push_back(std::move(d));
      *conflicts += f.conflicts;
    }
  }

 private:
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    ready_.notify_all();
    if (worker_.joinable()) worker_.join();
  }
  void Work() {
    while (true) {
      std::vector<fact_cache::Cached>* chunk;
      Facts* out;
      {
        std::unique_lock<std::mutex> lock(mu_);
        ready_.wait(lock, [this] { return next_ < chunks_.size() || done_; });
        if (next_ == chunks_.size() || failed_) return;
        chunk = &chunks_[next_];
        out = &facts_[next_];
        ++next_;
      }
      try {
        DecodeChunk(chunk, out);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu_);
        if (!failed_) failed_ = std::current_exception();
        return;
      }
    }
  }

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::vector<fact_cache::Cached>> chunks_;
  std::deque<Facts> facts_;
  size_t next_ = 0;
  bool done_ = false;
  std::exception_ptr failed_;
  std::thread worker_;
};

}  // namespace

// The facts come from the facts cache (fact_cache.h), brought up to date first: at 100,000
// interviews reading the history itself decrypts the whole `versions` table (about 1.6 s), and
// extracting and hashing every interview's facts again took another 0.6 s. When the cache cannot
// be written (a read-only file, a transaction already open) or read back, the same facts are
// computed from the history instead (`check` reports a damaged cache). A cell with several heads
// leaves its interview out. Facts stay in interview id order.
Result<assessment::AssessmentInput> IndicatorStore::LoadSnapshot(int* skipped_conflicts) {
  assessment::AssessmentInput in;
  in.project_name = ws_->info().name;
  CANVASS_ASSIGN_OR_RETURN(in.areas, ws_->ListAreas());
  CANVASS_ASSIGN_OR_RETURN(auto forms, ws_->ListForms());
  const fact_cache::FormKinds kinds = fact_cache::KindsOf(forms);
  Db* db = ws_->db_.get();
  constexpr size_t kChunk = 4096;
  // The indicator values are read once the facts are, while the worker is still decoding them.
  std::optional<Status> values;
  auto read_values = [&] {
    if (!values) values = LoadValuesAndSources(&in.observations, &in.sources);
  };
  auto decode = [&](const std::function<Status(Extraction*)>& feed) -> bool {
    *skipped_conflicts = 0;
    in.stakeholders.clear();
    in.data_sheets.clear();
    Extraction ex;
    ScanCache scan(db, 2048);  // read once: 2 MiB of pages, not the workspace's 64 MiB
    if (!feed(&ex).ok()) return false;
    read_values();
    try {
      ex.Finish(&in, skipped_conflicts);
    } catch (const Damaged&) {
      return false;
    }
    return true;
  };
  if (fact_cache::Refresh(db, kinds).ok() &&
      decode([&](Extraction* ex) { return fact_cache::Read(db, kChunk, [&](std::vector<fact_cache::Cached>&& c) { ex->Add(std::move(c)); }); })) {
    CANVASS_RETURN_IF_ERROR(*values);
    return in;
  }
  std::vector<fact_cache::Cached> rows;
  {
    std::vector<fact_cache::Interview> all;
    CANVASS_RETURN_IF_ERROR(fact_cache::ComputeAll(db, nullptr, &all));
    fact_cache::Extract(all, kinds, &rows);
  }
  decode([&](Extraction* ex) {
    ex->Add(std::move(rows));
    return Status::Ok();
  });
  read_values();
  CANVASS_RETURN_IF_ERROR(*values);
  return in;
}

// Every current answer of every final interview without a conflict, for the de-identified dataset
// export: one sequential pass over `versions` (head_scan.h; a join through `heads` took 45 s at
// 100,000 interviews). Heads of one cell with the same value are agreement, not a conflict.
Result<std::vector<IndicatorStore::FinalInterview>> IndicatorStore::LoadFinalInterviews() {
  Db* db = ws_->db_.get();
  struct Entry {
    FinalInterview iv;
    std::string status;  // the stored value of the status heads; "" = none yet
    bool conflict = false;
    std::vector<std::pair<int, std::string>> cells;  // (index in `fields`, stored JSON) of the heads
  };
  std::vector<std::string> fields;  // question ids, each stored once
  std::unordered_map<std::string, int> field_index;
  std::vector<Entry> entries;
  std::unordered_map<std::string, size_t> by_uuid;
  {
    RawQuery q(db, "SELECT uuid, form_id, form_version, respondent_role, language FROM interviews ORDER BY uuid");
    while (q.Step()) {
      Entry e;
      e.iv.form_id = q.View(1);
      e.iv.form_version = static_cast<int>(q.Int(2));
      e.iv.role = q.View(3);
      e.iv.language = q.View(4);
      by_uuid.emplace(std::string(q.View(0)), entries.size());
      entries.push_back(std::move(e));
    }
    CANVASS_RETURN_IF_ERROR(q.status());
  }
  CANVASS_RETURN_IF_ERROR(ScanHeads(
      db, "kind IN ('status','answer')",
      [&](std::string_view subject) -> Entry* {
        auto it = by_uuid.find(std::string(subject));
        return it == by_uuid.end() ? nullptr : &entries[it->second];
      },
      [&](Entry& e, const HeadRow& row) {
        if (row.kind == "status") {
          if (e.status.empty()) e.status = row.value;
          else if (e.status != row.value) e.conflict = true;
          return Status::Ok();
        }
        std::string field(row.field);
        auto fi = field_index.find(field);
        if (fi == field_index.end()) {
          fi = field_index.emplace(field, static_cast<int>(fields.size())).first;
          fields.push_back(field);
        }
        bool seen = false;
        for (const auto& [f, v] : e.cells)
          if (f == fi->second) {
            seen = true;
            if (v != row.value) e.conflict = true;
          }
        if (!seen) e.cells.emplace_back(fi->second, std::string(row.value));
        return Status::Ok();
      }));
  std::vector<FinalInterview> out;
  for (Entry& e : entries) {
    if (e.conflict || e.status != "\"final\"") continue;
    for (const auto& [field, json] : e.cells) {
      auto v = core::ParseJson(json, "stored answer");
      if (v.ok() && !v->is_null()) e.iv.answers[fields[static_cast<size_t>(field)]] = std::move(*v);
    }
    e.cells = {};
    out.push_back(std::move(e.iv));
  }
  return out;
}

}  // namespace canvass::storage
