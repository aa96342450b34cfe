// IndicatorImportWriter: an indicator import written block by block as the file is read, with
// rows that repeat a key (indicator, level, area, period) refused or combined by a policy.
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "core/clock.h"
#include "core/crypto_util.h"
#include "db.h"
#include "indicator_blocks.h"
#include "storage/indicator_store.h"
#include "storage/workspace.h"

namespace canvass::storage {

using assessment::Observation;
using core::Result;
using core::Status;

const char* DuplicatePolicyName(DuplicatePolicy p) {
  switch (p) {
    case DuplicatePolicy::kRefuse: return "refuse";
    case DuplicatePolicy::kLast: return "last";
    case DuplicatePolicy::kSum: return "sum";
    case DuplicatePolicy::kMean: return "mean";
  }
  return "refuse";
}

bool ParseDuplicatePolicy(const std::string& name, DuplicatePolicy* out) {
  for (auto p : {DuplicatePolicy::kRefuse, DuplicatePolicy::kLast, DuplicatePolicy::kSum, DuplicatePolicy::kMean})
    if (name == DuplicatePolicyName(p)) {
      *out = p;
      return true;
    }
  return false;
}

namespace {

constexpr size_t kExamples = 3;

// Keys of the rows written so far, as 128-bit SipHash digests with the line of the row that
// wrote them (open addressing, 24 bytes a slot): only for files not sorted by area.
class KeyDigests {
 public:
  KeyDigests() : slots_(1u << 16) { randombytes_buf(key_, sizeof key_); }
  // The line of the earlier row with this key, or 0 after recording it (line >= 1).
  uint32_t SeenOrAdd(const std::string& group_key, const std::string& geo, uint32_t line) {
    Slot s = Digest(group_key, geo);
    s.line = std::max<uint32_t>(line, 1);
    if ((used_ + 1) * 2 > slots_.size()) Grow();
    size_t at = s.a & (slots_.size() - 1);
    while (slots_[at].line) {
      if (slots_[at].a == s.a && slots_[at].b == s.b) return slots_[at].line;
      at = (at + 1) & (slots_.size() - 1);
    }
    slots_[at] = s;
    ++used_;
    return 0;
  }

 private:
  struct Slot {
    uint64_t a = 0, b = 0;
    uint32_t line = 0;  // 0 = empty
  };
  Slot Digest(const std::string& group_key, const std::string& geo) const {
    std::string k = group_key;
    k += '\x1f';
    k += geo;
    unsigned char out[crypto_shorthash_siphashx24_BYTES];
    crypto_shorthash_siphashx24(out, reinterpret_cast<const unsigned char*>(k.data()), k.size(), key_);
    Slot s;
    std::memcpy(&s.a, out, 8);
    std::memcpy(&s.b, out + 8, 8);
    return s;
  }
  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (const Slot& s : old) {
      if (!s.line) continue;
      size_t at = s.a & (slots_.size() - 1);
      while (slots_[at].line) at = (at + 1) & (slots_.size() - 1);
      slots_[at] = s;
    }
  }
  std::vector<Slot> slots_;
  size_t used_ = 0;
  unsigned char key_[crypto_shorthash_siphashx24_KEYBYTES];
};

// The later rows of one repeated key, waiting to be combined with its first row.
struct Pending {
  double sum = 0;
  int64_t values = 0;
  Observation last;
};

struct Group {
  std::string key;       // indicator \x1f level \x1f period
  std::string last_geo;  // while the file is sorted: the group's last area
  bool closed = false;   // while sorted: another group followed it
  int64_t rows = 0;
};

}  // namespace

struct IndicatorImportWriter::State {
  IndicatorStore* store = nullptr;
  Db* db = nullptr;
  std::unique_ptr<Transaction> tx;
  DuplicatePolicy policy = DuplicatePolicy::kRefuse;
  std::string pending_id;  // blocks are written under it until the import's id is known
  std::vector<Observation> rows;  // the block being filled
  std::vector<uint32_t> row_groups;  // the group number of each of them
  indicator_blocks::GroupNumbers numbers;
  std::vector<Group> groups;
  std::set<std::string> periods;
  bool sorted = true, any = false;
  uint32_t prev_group = 0;
  std::unique_ptr<KeyDigests> keys;
  int64_t added_rows = 0, duplicates = 0, written = 0;
  std::vector<std::string> examples;
  std::unordered_map<std::string, Pending> combine;  // group key \x1f area -> later rows
  std::vector<std::string> digests;  // of the blocks written, in order
  bool finished = false;

  Status FlushBlock();
  Status StartKeyTable();
  Status AddOne(Observation&& o);
  Status CombineRepeated();
  Status ForEachWritten(const std::function<Status(std::vector<Observation>&)>& fn);
};

IndicatorImportWriter::IndicatorImportWriter(std::unique_ptr<State> s) : s_(std::move(s)) {}
IndicatorImportWriter::~IndicatorImportWriter() = default;  // an unfinished transaction rolls back
int64_t IndicatorImportWriter::rows() const { return s_->added_rows; }
int64_t IndicatorImportWriter::duplicates() const { return s_->duplicates; }

Result<std::unique_ptr<IndicatorImportWriter>> IndicatorStore::BeginImport(DuplicatePolicy policy) {
  auto s = std::make_unique<IndicatorImportWriter::State>();
  s->store = this;
  s->db = ws_->db_.get();
  s->policy = policy;
  s->tx = std::make_unique<Transaction>(s->db);
  CANVASS_RETURN_IF_ERROR(s->tx->status());
  s->pending_id = "pending:" + core::NewUuid();
  return std::unique_ptr<IndicatorImportWriter>(new IndicatorImportWriter(std::move(s)));
}

// One block of rows, grouped by indicator x level x period (stable), written under pending_id.
Status IndicatorImportWriter::State::FlushBlock() {
  if (rows.empty()) return Status::Ok();
  std::vector<uint32_t> order(rows.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  const std::vector<uint32_t>& group = row_groups;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return group[x] < group[y]; });
  std::string block = indicator_blocks::Encode(rows, order.data(), order.size());
  core::Hasher h;
  h.Update(block);
  digests.push_back(h.Finish());
  Stmt ins = db->Prepare("INSERT INTO indicator_blocks(import_id, block, data) VALUES(?1,?2,?3)");
  ins.Bind(1, pending_id).Bind(2, static_cast<int64_t>(digests.size() - 1)).BindBlob(3, block);
  CANVASS_RETURN_IF_ERROR(ins.Run());
  written += static_cast<int64_t>(rows.size());
  rows.clear();
  row_groups.clear();
  return Status::Ok();
}

Status IndicatorImportWriter::State::ForEachWritten(const std::function<Status(std::vector<Observation>&)>& fn) {
  Stmt q = db->Prepare("SELECT data FROM indicator_blocks WHERE import_id = ?1 ORDER BY block");
  q.Bind(1, pending_id);
  std::vector<Observation> obs;
  while (q.Step()) {
    obs.clear();
    CANVASS_RETURN_IF_ERROR(indicator_blocks::Decode(q.Blob(0), &obs));
    CANVASS_RETURN_IF_ERROR(fn(obs));
  }
  return q.status();
}

// The file is not sorted by area within each group: from here every key is looked up, so the
// keys written so far (read back from the blocks) go into the table first.
Status IndicatorImportWriter::State::StartKeyTable() {
  sorted = false;
  keys = std::make_unique<KeyDigests>();
  auto add = [&](std::vector<Observation>& obs) {
    for (const Observation& o : obs) keys->SeenOrAdd(groups[numbers.Of(o)].key, o.geo_id, static_cast<uint32_t>(o.source_row));
    return Status::Ok();
  };
  CANVASS_RETURN_IF_ERROR(ForEachWritten(add));
  return add(rows);
}

Status IndicatorImportWriter::State::AddOne(Observation&& o) {
  ++added_rows;
  const uint32_t g = numbers.Of(o);
  if (g >= groups.size()) {
    groups.resize(g + 1);
    groups[g].key = indicator_blocks::GroupKey(o);
  }
  if (sorted && any) {
    if (g != prev_group) {
      groups[prev_group].closed = true;
      if (groups[g].closed) CANVASS_RETURN_IF_ERROR(StartKeyTable());
    } else if (!(groups[g].last_geo < o.geo_id)) {
      CANVASS_RETURN_IF_ERROR(StartKeyTable());
    }
  }
  any = true;
  prev_group = g;
  if (!sorted) {
    const uint32_t earlier = keys->SeenOrAdd(groups[g].key, o.geo_id, static_cast<uint32_t>(o.source_row));
    if (earlier) {
      ++duplicates;
      if (examples.size() < kExamples)
        examples.push_back("line " + std::to_string(o.source_row) + " repeats line " + std::to_string(earlier) + ": " +
                           o.geo_level + " " + o.geo_id + ", " + o.indicator_id + ", " + o.period);
      if (policy == DuplicatePolicy::kRefuse) return Status::Ok();
      Pending& p = combine[groups[g].key + '\x1f' + o.geo_id];
      if (o.value) {
        p.sum += *o.value;
        ++p.values;
      }
      p.last = std::move(o);
      return Status::Ok();
    }
  } else {
    groups[g].last_geo = o.geo_id;
  }
  ++groups[g].rows;
  if (periods.empty() || o.period != *periods.rbegin()) periods.insert(o.period);
  if (rows.capacity() == 0) rows.reserve(indicator_blocks::kBlockRows);  // one block, not grown by doubling
  rows.push_back(std::move(o));
  row_groups.push_back(g);
  if (rows.size() >= indicator_blocks::kBlockRows) return FlushBlock();
  return Status::Ok();
}

Status IndicatorImportWriter::Add(std::vector<Observation>* batch) {
  if (s_->finished) return Status::Internal("indicator import: rows added after Finish");
  for (Observation& o : *batch) CANVASS_RETURN_IF_ERROR(s_->AddOne(std::move(o)));
  batch->clear();
  return Status::Ok();
}

// The first row of each repeated key takes the policy's value (last row, sum or mean); the
// blocks holding them are rewritten. Margins are not combined: a sum or mean has none.
Status IndicatorImportWriter::State::CombineRepeated() {
  Stmt q = db->Prepare("SELECT block, data FROM indicator_blocks WHERE import_id = ?1 ORDER BY block");
  q.Bind(1, pending_id);
  std::vector<std::pair<int64_t, std::string>> changed;
  std::vector<Observation> obs;
  while (q.Step()) {
    obs.clear();
    CANVASS_RETURN_IF_ERROR(indicator_blocks::Decode(q.Blob(1), &obs));
    bool any_change = false;
    for (Observation& o : obs) {
      auto it = combine.find(indicator_blocks::GroupKey(o) + '\x1f' + o.geo_id);
      if (it == combine.end()) continue;
      Pending& p = it->second;
      any_change = true;
      if (policy == DuplicatePolicy::kLast) {
        o = std::move(p.last);
      } else {
        const int64_t n = p.values + (o.value ? 1 : 0);
        const double total = p.sum + (o.value ? *o.value : 0.0);
        if (n > 0) {
          o.value = policy == DuplicatePolicy::kSum ? total : total / static_cast<double>(n);
          o.status = assessment::obs_status::kOk;
        }
        o.moe.reset();
      }
      combine.erase(it);
    }
    if (!any_change) continue;
    std::string block = indicator_blocks::Encode(obs, nullptr, obs.size());
    core::Hasher h;
    h.Update(block);
    const int64_t b = q.Int(0);
    if (b < 0 || static_cast<size_t>(b) >= digests.size()) return Status::Corruption("indicator import: block numbers out of order");
    digests[static_cast<size_t>(b)] = h.Finish();
    changed.emplace_back(b, std::move(block));
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  Stmt up = db->Prepare("UPDATE indicator_blocks SET data = ?3 WHERE import_id = ?1 AND block = ?2");
  for (auto& [b, data] : changed) {
    up.Reset();
    up.Bind(1, pending_id).Bind(2, b).BindBlob(3, data);
    CANVASS_RETURN_IF_ERROR(up.Run());
  }
  return Status::Ok();
}

namespace {

// The groups an import touches that hold stored values, in batches of about kCompareValues
// stored values (a larger group is a batch of its own): FinishImportLocked compares batch by
// batch, so what it holds is bounded.
constexpr int64_t kCompareValues = 131072;
Result<std::vector<std::vector<std::string>>> CompareBatches(Db* db, const std::vector<std::pair<std::string, int64_t>>& groups) {
  Stmt q = db->Prepare("SELECT ifnull(sum(observations), 0) FROM indicator_groups WHERE indicator_id = ?1 AND geo_level = ?2 AND period = ?3");
  std::vector<std::vector<std::string>> out;
  int64_t in_last = 0;
  for (const auto& g : groups) {
    const std::string& key = g.first;
    const size_t a = key.find('\x1f'), b = key.find('\x1f', a + 1);
    q.Reset();
    q.Bind(1, key.substr(0, a)).Bind(2, key.substr(a + 1, b - a - 1)).Bind(3, key.substr(b + 1));
    if (!q.Step()) return q.status().ok() ? Status::Internal("indicator import: a count returned no row") : q.status();
    const int64_t n = std::max<int64_t>(q.Int(0), 0);
    if (n == 0) continue;  // nothing stored: every value of it is added
    if (out.empty() || in_last + n > kCompareValues) {
      out.emplace_back();
      in_last = 0;
    }
    out.back().push_back(key);
    in_last += n;
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

// The current values an import is compared with (FinishImportLocked): per value its key (group
// number, area id), its import, and what SameObservation compares (value, moe, unit, status,
// source kind), the texts as numbers in a pool of the few distinct ones.
class CurrentValues {
 public:
  void Add(indicator_blocks::GroupNumbers& numbers, const Observation& o, uint32_t import) {
    geos_.push_back(o.geo_id);
    bool fresh;
    table_.Insert(numbers.Of(o), geos_.back(), static_cast<uint32_t>(values_.size()), &fresh);
    values_.push_back({import, Text(o.unit), Text(o.status), Text(o.source_kind), o.value.has_value(), o.moe.has_value(),
                       o.value.value_or(0), o.moe.value_or(0)});
  }
  bool empty() const { return values_.empty(); }
  // False when no current value has o's key; else its import and whether SameObservation holds.
  bool Find(indicator_blocks::GroupNumbers& numbers, const Observation& o, uint32_t* import, bool* same) const {
    const uint32_t* at = table_.Find(numbers.Of(o), o.geo_id);
    if (!at) return false;
    const Value& v = values_[*at];
    *import = v.import;
    *same = v.has_value == o.value.has_value() && (!v.has_value || v.value == *o.value) && v.has_moe == o.moe.has_value() &&
            (!v.has_moe || v.moe == *o.moe) && Is(v.unit, o.unit) && Is(v.status, o.status) && Is(v.kind, o.source_kind);
    return true;
  }

 private:
  struct Value {
    uint32_t import, unit, status, kind;
    bool has_value, has_moe;
    double value, moe;
  };
  uint32_t Text(const std::string& t) {
    auto it = pool_.find(t);
    if (it != pool_.end()) return it->second;
    texts_.push_back(t);
    return pool_.emplace(t, static_cast<uint32_t>(texts_.size() - 1)).first->second;
  }
  bool Is(uint32_t text, const std::string& t) const { return texts_[text] == t; }

  std::deque<std::string> geos_;  // the table's keys view them: a deque's strings never move
  indicator_blocks::KeyTable table_;
  std::vector<Value> values_;
  std::unordered_map<std::string, uint32_t> pool_;
  std::vector<std::string> texts_;
};

std::string PeriodRange(const std::set<std::string>& periods) {
  if (periods.empty()) return "";
  if (periods.size() == 1) return *periods.begin();
  return *periods.begin() + ".." + *periods.rbegin();
}

std::string RefuseMessage(const std::string& file, int64_t n, const std::vector<std::string>& examples) {
  std::string ex;
  for (const auto& e : examples) ex += (ex.empty() ? "" : "; ") + e;
  if (n > static_cast<int64_t>(examples.size())) ex += "; ...";
  return file + ": " + std::to_string(n) + (n == 1 ? " row repeats" : " rows repeat") +
         " the indicator, area and period of an earlier row (" + ex + "); nothing was imported. If the file has several rows "
         "for one area on purpose, choose what to store with --on-duplicate last, sum or mean; if they come from names "
         "matched to the wrong area, correct the file";
}

}  // namespace

Result<IndicatorImportStats> IndicatorImportWriter::Finish(const assessment::ImportResult& meta) {
  State& s = *s_;
  if (s.finished) return Status::Internal("indicator import finished twice");
  s.finished = true;
  auto result = s.store->FinishImportLocked(s, meta);
  s.tx.reset();  // committed, or rolled back on any error
  return result;
}

Result<IndicatorImportStats> IndicatorStore::FinishImportLocked(IndicatorImportWriter::State& s, const assessment::ImportResult& meta) {
  Db* db = s.db;
  IndicatorImportStats st;
  const std::string& hash = meta.source.sha256;
  if (hash.empty()) return Status::InvalidArgument(meta.source.file_name + ": import has no file hash; nothing stored");
  if (s.duplicates && s.policy == DuplicatePolicy::kRefuse)
    return Status::InvalidArgument(RefuseMessage(meta.source.file_name, s.duplicates, s.examples));
  CANVASS_RETURN_IF_ERROR(s.FlushBlock());
  if (s.duplicates) CANVASS_RETURN_IF_ERROR(s.CombineRepeated());
  st.duplicates = s.duplicates;
  std::vector<std::pair<std::string, int64_t>> groups;
  for (const Group& g : s.groups) {
    if (std::count(g.key.begin(), g.key.end(), '\x1f') != 2)
      return Status::InvalidArgument(meta.source.file_name + ": an indicator id, level or period contains a control character; nothing stored");
    if (g.rows) groups.emplace_back(g.key, g.rows);
  }
  std::sort(groups.begin(), groups.end());
  {
    Stmt known = db->Prepare("SELECT 1 FROM indicator_sources WHERE source_hash = ?1");
    known.Bind(1, hash);
    st.source_known = known.Step();
    CANVASS_RETURN_IF_ERROR(known.status());
  }
  core::Hasher h;
  h.Field("canvass-indicator-import-v1");
  h.Field(hash);
  for (const std::string& d : s.digests) h.Field(d);
  indicator_blocks::ImportRow row{h.FinishHex(), hash, 0, s.written};
  // Added, replaced or unchanged against the current values of the groups it touches; how
  // many current values of each older import it covers. The groups are compared in batches of
  // at most kCompareValues stored values, each batch one pass over the blocks just written, so
  // what is held stays bounded whatever the size of the file and of what is stored.
  CANVASS_ASSIGN_OR_RETURN(std::vector<std::vector<std::string>> batches, CompareBatches(db, groups));
  std::vector<indicator_blocks::ImportRow> imports;  // every import met, by id below
  std::map<std::string, size_t> import_index;
  std::vector<int64_t> found_of, live;
  for (const auto& batch : batches) {
    CurrentValues now;
    CANVASS_ASSIGN_OR_RETURN(indicator_blocks::Resolved cur,
                             indicator_blocks::Resolve(db, &batch, [&](const Observation& o, uint32_t k) { now.Add(s.numbers, o, k); }));
    std::vector<size_t> global(cur.imports.size());
    for (size_t k = 0; k < cur.imports.size(); ++k) {
      auto it = import_index.find(cur.imports[k].import_id);
      if (it == import_index.end()) {
        it = import_index.emplace(cur.imports[k].import_id, imports.size()).first;
        imports.push_back(cur.imports[k]);
        found_of.push_back(0);
        live.push_back(0);
      }
      global[k] = it->second;
      live[it->second] += cur.live[k];
    }
    if (now.empty()) continue;
    std::vector<bool> in_batch;  // by group number
    for (const std::string& key : batch) {
      const uint32_t n = s.numbers.OfKey(key);
      if (n >= in_batch.size()) in_batch.resize(n + 1, false);
      in_batch[n] = true;
    }
    CANVASS_RETURN_IF_ERROR(s.ForEachWritten([&](std::vector<Observation>& obs) {
      for (const Observation& o : obs) {
        const uint32_t n = s.numbers.Of(o);
        if (n >= in_batch.size() || !in_batch[n]) continue;
        uint32_t k = 0;
        bool same = false;
        if (!now.Find(s.numbers, o, &k, &same)) continue;  // added: counted below
        const size_t g = global[k];
        if (imports[g].source_hash == hash && same) ++st.unchanged; else ++st.replaced;
        ++found_of[g];
      }
      return Status::Ok();
    }));
  }
  st.added = s.written - st.unchanged - st.replaced;
  int64_t self = -1;
  for (size_t k = 0; k < imports.size(); ++k)
    if (imports[k].import_id == row.import_id) self = static_cast<int64_t>(k);
  CANVASS_ASSIGN_OR_RETURN(int64_t top, db->QueryInt("SELECT ifnull(max(seq), 0) FROM indicator_imports"));
  if (self < 0) {
    row.seq = top + 1;
    CANVASS_RETURN_IF_ERROR(indicator_blocks::WriteImport(db, row, {}, groups, core::FormatIsoUtc(ws_->clock()->NowMillis())));
    Stmt move = db->Prepare("UPDATE indicator_blocks SET import_id = ?2 WHERE import_id = ?1");
    move.Bind(1, s.pending_id).Bind(2, row.import_id);
    CANVASS_RETURN_IF_ERROR(move.Run());
  } else {
    Stmt drop = db->Prepare("DELETE FROM indicator_blocks WHERE import_id = ?1");
    drop.Bind(1, s.pending_id);
    CANVASS_RETURN_IF_ERROR(drop.Run());
    if (st.added + st.replaced > 0 && imports[static_cast<size_t>(self)].seq != top) {
      Stmt up = db->Prepare("UPDATE indicator_imports SET seq = ?1 WHERE import_id = ?2");
      up.Bind(1, top + 1).Bind(2, row.import_id);
      CANVASS_RETURN_IF_ERROR(up.Run());
    }
  }
  // Older imports whose every current value this one replaced hold nothing current any more.
  if (st.replaced > 0) {
    Stmt other = db->Prepare(
        "SELECT count(*) FROM indicator_groups g WHERE g.import_id = ?1 AND NOT EXISTS (SELECT 1 FROM indicator_groups n "
        "WHERE n.import_id = ?2 AND n.indicator_id = g.indicator_id AND n.geo_level = g.geo_level AND n.period = g.period)");
    for (size_t k = 0; k < imports.size(); ++k) {
      if (static_cast<int64_t>(k) == self || found_of[k] != live[k]) continue;
      other.Reset();
      other.Bind(1, imports[k].import_id).Bind(2, row.import_id);
      if (!other.Step()) return other.status().ok() ? Status::Internal("count returned no row") : other.status();
      if (other.Int(0) != 0) continue;
      CANVASS_RETURN_IF_ERROR(indicator_blocks::DeleteImport(db, imports[k].import_id));
    }
  }
  CANVASS_RETURN_IF_ERROR(RecordSourceLocked(meta, PeriodRange(s.periods), st));
  CANVASS_RETURN_IF_ERROR(s.tx->Commit());
  return st;
}

}  // namespace canvass::storage
