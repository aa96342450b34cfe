// Import of a bundle: read, verify, check policy, decrypt and merge (the pipeline below).
#include <sodium.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include "sync/bundle.h"
#include "sync/keys.h"
#include "sync/sync.h"

namespace canvass::sync {

using core::Result;
using core::Status;
using core::Value;

Value ImportReport::ToValue() const {
  Value::Array ns;
  for (const auto& n : notes) ns.emplace_back(n);
  return Value(Value::Object{{"path", path}, {"bundle_id", bundle_id}, {"device_id", device_id}, {"device_name", device_name},
                             {"kind", kind}, {"seq", Value(static_cast<int64_t>(seq))}, {"already_applied", already_applied},
                             {"merge", stats.ToValue()}, {"receipted", Value(receipted)}, {"purge", purge.ToValue()},
                             {"notes", Value(std::move(ns))}});
}

namespace {

// The pipeline, in the order ImportBundle runs it (each step a function below):
//   ReadBundleHeader  the plain header: structure only, nothing trusted yet
//   FindSigner        the key of the device the header names (or an error saying
//                     "damaged, or from ..." when no such key is known here)
//   VerifyBundle      pass 1: the signature over every byte (flips, cuts, junk)
//   CheckPolicy       the now authenticated header: project, kind, revoked, recipient
//   ConfirmDuplicate  a bundle imported before: decrypted to its final tag all the same,
//                     so a damaged copy is never called "already imported"
//   MergeStream       pass 2: decrypt + decode on a reader thread, merge on this one
//   RecordImport      commit with the bundle log, then the receipt's purge and notes
// Every failure before the commit changes nothing but the record of refused bundles
// (one audit entry per distinct file and reason; RecordRefusal below).

// The key the header's sender signs with, as far as this workspace knows it.
struct Signer {
  std::string name, sign_pk;
  bool known = false;
};

Result<Signer> FindSigner(storage::Workspace* ws, const BundleHeader& h, const std::string& sender) {
  const bool same_project = UuidFromBytes(h.project_id) == ws->info().project_id;
  const std::string other = same_project ? "" : " or belongs to another project";
  Signer s;
  if (ws->info().role == storage::Role::kCentral) {
    if (sender == ws->info().device_id) {
      CANVASS_ASSIGN_OR_RETURN(CentralKeys keys, EnsureCentralKeys(ws));
      return Signer{"this central workspace", keys.sign_pk, true};
    }
    auto dev = FindDevice(ws, sender);
    if (!dev.ok() || !core::IsUuid(sender))
      return Status::InvalidArgument("this bundle is damaged" + other +
                                     ", or comes from a device that is not enrolled here; it was not imported");
    return Signer{dev->name, dev->sign_pk, true};
  }
  CANVASS_ASSIGN_OR_RETURN(FieldKeys keys, LoadFieldKeys(ws));
  if (sender == keys.central_device_id) return Signer{"central", keys.central_sign_pk, true};
  if (sender == ws->info().device_id) return Signer{"this laptop", keys.device_sign_pk, true};
  return Status::InvalidArgument("this bundle is damaged" + other +
                                 ", or does not come from this project's central workspace (a bundle from another laptop "
                                 "is imported on the central); it was not imported");
}

// Who may send this bundle, and which keys open it.
struct Expect {
  std::string sender_name, sender_sign_pk, box_pk;
  core::SecureBytes box_sk;
  bool data = true;  // data bundle (central) or update (field)
};

// Runs on a header whose signature verified: what it says is what the signer wrote.
Result<Expect> CheckPolicy(storage::Workspace* ws, const BundleHeader& h, const std::string& sender, const Signer& signer) {
  Expect e;
  if (UuidFromBytes(h.project_id) != ws->info().project_id)
    return Status::InvalidArgument("this bundle belongs to another project; it was not imported");
  e.sender_name = signer.name;
  e.sender_sign_pk = signer.sign_pk;
  if (ws->info().role == storage::Role::kCentral) {
    if (h.kind != BundleKind::kData) return Status::InvalidArgument("this is an update bundle for a field laptop, not a bundle for the central workspace");
    if (sender == ws->info().device_id) return Status::InvalidArgument("this bundle was made by this central workspace itself");
    CANVASS_ASSIGN_OR_RETURN(storage::DeviceRow dev, FindDevice(ws, sender));
    if (dev.status == "revoked") return Status::InvalidArgument("this bundle comes from revoked device \"" + dev.name + "\"; it was not imported");
    CANVASS_ASSIGN_OR_RETURN(CentralKeys keys, EnsureCentralKeys(ws));
    e.box_pk = keys.box_pk;
    e.box_sk = std::move(keys.box_sk);
  } else {
    if (h.kind != BundleKind::kUpdate) return Status::InvalidArgument("this is a field bundle; import it on the central workspace");
    CANVASS_ASSIGN_OR_RETURN(FieldKeys keys, LoadFieldKeys(ws));
    if (sender != keys.central_device_id) return Status::InvalidArgument("this update does not come from this project's central workspace");
    e.box_pk = BoxPublicFromSign(keys.device_sign_pk);
    e.box_sk = BoxSecretFromSign(keys.device_sign_sk);
    e.data = false;
  }
  if (h.recipient_key_id != KeyId(e.box_pk)) return Status::InvalidArgument("this bundle was sealed for another workspace");
  return e;
}

// Applies one decrypted record to the merge session.
class RecordApplier {
 public:
  RecordApplier(storage::Workspace* ws, storage::MergeSession* s, const BundleHeader& h, const std::string& sender, bool data)
      : ws_(ws), s_(s), h_(h), sender_(sender), data_(data) {}

  // A version the reader thread decoded and checked against its id (or computed the id of).
  Status ApplyVersion(const storage::Version& v, const std::string& value_json) {
    CANVASS_RETURN_IF_ERROR(Count());
    if (count_ == 1) return Status::Corruption("the bundle does not start with its identity record");
    // A device may only bring its own new versions; the central relays anyone's.
    return s_->AddVersion(v, data_ ? sender_ : "", /*id_verified=*/true, &value_json);
  }

  // Any other record, as its JSON object.
  Status Apply(const Value& r) {
    std::string t, err;
    if (!core::ReadStringField(r, "t", &t, &err)) return Status::Corruption("a bundle record has no type");
    CANVASS_RETURN_IF_ERROR(Count());
    if (count_ == 1) return Begin(r, t);
    if (t == "form") {
      std::string json;
      if (!core::ReadStringField(r, "json", &json, &err)) return Status::Corruption("a form record is damaged");
      return s_->AddForm(json);
    }
    if (t == "area" && !data_) {
      storage::Area a;
      if (!storage::Area::FromValue(r, &a, &err)) return Status::Corruption("an area record is damaged: " + err);
      return s_->AddArea(a);
    }
    if (t == "interview") {
      storage::InterviewHeader ih;
      if (!storage::InterviewHeader::FromValue(r, &ih, &err)) return Status::Corruption("an interview record is damaged: " + err);
      return s_->AddInterview(ih);
    }
    if (t == "version") return Status::Corruption("a version record is damaged");  // versions come decoded
    if (t == "ack" && !data_) return Ack(r);
    if (t == "receipt" && !data_) return Receipt(r);
    if (t == "end") {
      const Value* n = r.Find("records");
      if (!n || !n->is_integer() || n->as_int() != count_) return Status::Corruption("the bundle's record count does not match");
      ended_ = true;
      return Status::Ok();
    }
    return Status::Corruption("unexpected record \"" + t.substr(0, 20) + "\" in this kind of bundle");
  }
  bool ended() const { return ended_; }
  int64_t receipted() const { return receipted_; }

 private:
  Status Count() {
    ++count_;
    if (ended_) return Status::Corruption("the bundle has records after its end");
    return Status::Ok();
  }
  Status Begin(const Value& r, const std::string& t) {
    std::string id, project, device;
    std::string err;
    const Value* seq = r.Find("seq");
    if (t != "begin" || !core::ReadStringField(r, "bundle_id", &id, &err) || !core::ReadStringField(r, "project", &project, &err) ||
        !core::ReadStringField(r, "device", &device, &err) || !seq || !seq->is_integer())
      return Status::Corruption("the bundle does not start with its identity record");
    if (id != core::ToHex(h_.bundle_id) || project != UuidFromBytes(h_.project_id) || device != sender_ ||
        seq->as_int() != static_cast<int64_t>(h_.seq))
      return Status::Corruption("the bundle's inner identity does not match its header");
    return Status::Ok();
  }
  Status Ack(const Value& r) {
    const Value* seqs = r.Find("seqs");
    if (!seqs || !seqs->is_array() || seqs->as_array().size() > 10000000) return Status::Corruption("an acknowledgement record is damaged");
    std::set<int64_t> all;
    auto old = ws_->GetMeta("acked_seqs");
    if (old.ok()) {
      auto v = core::ParseJson(*old, "acked_seqs");
      if (v.ok())
        for (const auto& s : v->as_array()) all.insert(s.as_int());
    }
    for (const auto& s : seqs->as_array()) {
      if (!s.is_integer()) return Status::Corruption("an acknowledgement record is damaged");
      all.insert(s.as_int());
    }
    Value::Array out;
    for (int64_t s : all) out.emplace_back(s);
    return ws_->SetMeta("acked_seqs", Value(std::move(out)).ToJson());
  }

  // The coordinator's receipt (sync.cpp AddReceipt): checked field by field, then recorded
  // in the merge's transaction.
  Status Receipt(const Value& r) {
    std::string id, device, err;
    const Value* days = r.Find("purge_after_days");
    const Value* list = r.Find("interviews");
    if (!core::ReadStringField(r, "receipt_id", &id, &err) || id.size() != 32 || !core::ReadStringField(r, "device", &device, &err) ||
        !days || !days->is_integer() || days->as_int() < 0 || days->as_int() > storage::kMaxPurgeAfterDays || !list ||
        !list->is_array() || list->as_array().size() > 1000000)
      return Status::Corruption("a receipt record is damaged");
    if (device != ws_->info().device_id) return Status::Corruption("the receipt in this update names another device");
    std::vector<storage::ReceiptItem> items;
    items.reserve(list->as_array().size());
    for (const auto& e : list->as_array()) {
      if (!e.is_array() || e.as_array().size() != 2 || !e.as_array()[0].is_string() || !e.as_array()[1].is_string() ||
          !core::IsUuid(e.as_array()[0].as_string()) || e.as_array()[1].as_string().size() != 64)
        return Status::Corruption("a receipt record is damaged");
      items.push_back({e.as_array()[0].as_string(), e.as_array()[1].as_string()});
    }
    receipted_ += static_cast<int64_t>(items.size());
    return ws_->RecordReceipt(id, items, static_cast<int>(days->as_int()));
  }

  storage::Workspace* ws_;
  storage::MergeSession* s_;
  const BundleHeader& h_;
  std::string sender_;
  bool data_;
  int64_t count_ = 0, receipted_ = 0;
  bool ended_ = false;
};

// One decoded record on its way from the reader thread to the merge.
struct Item {
  Value rec;                // any record but a version
  bool has_version = false;
  storage::Version version;
  std::string value_json;   // the version's value, canonical JSON
};

// Records travel in batches: one lock and one wake-up per batch, not per record.
struct Batch {
  std::vector<Item> items;
  bool done = false;
  Status status;  // with done: how reading ended
};

// Bounded hand-over between the reader thread and the merging thread: memory stays flat.
class BatchQueue {
 public:
  static constexpr size_t kBatchItems = 256;
  // False if the consumer gave up (the reader should stop).
  bool Push(Batch b) {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [&] { return q_.size() < kCapacity || cancelled_; });
    if (cancelled_) return false;
    q_.push_back(std::move(b));
    not_empty_.notify_one();
    return true;
  }
  // The reader's last batch is always delivered, even after Cancel(): the merging thread
  // waits for it to know the reader has stopped.
  void PushFinal(Batch b) {
    std::lock_guard<std::mutex> lock(mu_);
    q_.push_back(std::move(b));
    not_empty_.notify_one();
  }
  Batch Pop() {
    std::unique_lock<std::mutex> lock(mu_);
    not_empty_.wait(lock, [&] { return !q_.empty(); });
    Batch b = std::move(q_.front());
    q_.pop_front();
    not_full_.notify_one();
    return b;
  }
  void Cancel() {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_ = true;
    not_full_.notify_all();
  }

 private:
  static constexpr size_t kCapacity = 16;  // batches: at most 4,096 records in flight
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Batch> q_;
  bool cancelled_ = false;
};

// A record as the merge takes it: versions decoded and their ids checked (JSON records of
// format 1) or computed (compact records of format 2).
Status ToItem(const BundleRecord& r, Item* it) {
  if (r.version) {
    it->version = std::move(*r.version);
    it->value_json = std::move(*r.value_json);
    it->has_version = true;
    return Status::Ok();
  }
  const Value* t = r.json->Find("t");
  if (!t || !t->is_string() || t->as_string() != "version") {
    it->rec = *r.json;
    return Status::Ok();
  }
  std::string err;
  if (!storage::Version::FromValue(*r.json, &it->version, &err)) return Status::Corruption("a version record is damaged: " + err);
  it->value_json = it->version.value.ToJson();
  if (storage::ComputeVersionId(it->version, it->value_json) != it->version.id)
    return Status::Corruption("a version does not match its id (altered content)");
  it->has_version = true;
  return Status::Ok();
}

// Decrypts and decodes on a second thread (after VerifyBundle) while this thread merges:
// the two halves of an import overlap on a two-core laptop.
Status MergeStream(const std::string& path, const ReaderKeys& keys, const std::string& signed_digest, RecordApplier* applier) {
  BatchQueue queue;
  std::thread reader([&] {
    Batch batch;
    Status st = DecryptBundleRecords(path, keys, signed_digest, [&](const BundleRecord& r) -> Status {
      batch.items.emplace_back();
      CANVASS_RETURN_IF_ERROR(ToItem(r, &batch.items.back()));
      if (batch.items.size() < BatchQueue::kBatchItems) return Status::Ok();
      bool go_on = queue.Push(std::move(batch));
      batch = Batch();
      return go_on ? Status::Ok() : Status::Cancelled("import stopped");
    }, /*threads=*/1);  // the merge sets the pace: a helper would only take CPU from it
    if (st.ok() && !batch.items.empty() && !queue.Push(std::move(batch))) st = Status::Cancelled("import stopped");
    Batch end;
    end.done = true;
    end.status = st;
    queue.PushFinal(std::move(end));
  });
  Status result;
  while (true) {
    Batch b = queue.Pop();
    for (Item& it : b.items) {
      if (!result.ok()) break;  // drain until the reader has stopped
      result = it.has_version ? applier->ApplyVersion(it.version, it.value_json) : applier->Apply(it.rec);
      if (!result.ok()) queue.Cancel();
    }
    if (b.done) {
      if (result.ok()) result = b.status;
      break;
    }
  }
  reader.join();
  return result;
}

// A bundle whose id is in the bundle log: its signature verified, and it is decrypted to
// its final tag (records parsed, not merged) before it is called a duplicate.
Result<ImportReport> ConfirmDuplicate(storage::Workspace* ws, const std::string& path, const ReaderKeys& keys,
                                      const std::string& signed_digest, ImportReport r) {
  CANVASS_RETURN_IF_ERROR(DecryptBundle(path, keys, signed_digest, [](const Value&) { return Status::Ok(); }));
  r.already_applied = true;
  CANVASS_RETURN_IF_ERROR(ws->AppendAudit("bundle.duplicate", "bundle=" + r.bundle_id + " already applied; nothing changed"));
  return r;
}

// The merge's commit, with the bundle log entry; then, for an update, the purge its receipt
// allows, and notes on bundles of this device not imported yet.
Result<ImportReport> RecordImport(storage::Workspace* ws, storage::MergeSession* session, const BundleHeader& h, const Expect& e,
                                  const std::string& sha, const RecordApplier& applier, ImportReport r) {
  if (e.data) {
    CANVASS_ASSIGN_OR_RETURN(storage::DeviceRow d, FindDevice(ws, r.device_id));
    d.max_seq = std::max<int64_t>(d.max_seq, static_cast<int64_t>(h.seq));
    CANVASS_RETURN_IF_ERROR(ws->PutDevice(d));
  }
  storage::BundleLogEntry log{r.bundle_id, "in", r.device_id, static_cast<int64_t>(h.seq), sha,
                              core::FormatIsoUtc(ws->clock()->NowMillis()), session->stats().ToValue().ToJson()};
  CANVASS_ASSIGN_OR_RETURN(r.stats, session->Commit(&log, e.data ? "bundle.import" : "update.import"));
  r.receipted = applier.receipted();
  if (!e.data) {
    auto purge = ws->Purge(/*dry_run=*/false);
    if (purge.ok()) r.purge = *purge;
    else r.notes.push_back("the update was imported, but purging received interviews failed: " + purge.status().message());
  }
  // Gaps in the sequence of bundles received from this device (reported, not fatal).
  CANVASS_ASSIGN_OR_RETURN(auto got, ws->ListBundleLog("in", r.device_id));
  std::set<int64_t> seqs;
  for (const auto& g : got) seqs.insert(g.seq);
  int64_t max = seqs.empty() ? 0 : *seqs.rbegin();
  std::string missing;
  for (int64_t s = 1; s < max && missing.size() < 200; ++s)
    if (!seqs.count(s)) missing += (missing.empty() ? "" : ", ") + std::to_string(s);
  if (!missing.empty()) r.notes.push_back("bundles " + missing + " from " + r.device_name + " have not been imported yet");
  return r;
}

Result<ImportReport> RunImport(storage::Workspace* ws, const std::string& path, ImportReport* report) {
  ImportReport& r = *report;
  CANVASS_ASSIGN_OR_RETURN(BundleHeader h, ReadBundleHeader(path));
  r.bundle_id = core::ToHex(h.bundle_id);
  r.device_id = UuidFromBytes(h.sender_id);
  r.seq = h.seq;
  r.kind = h.kind == BundleKind::kData ? "data" : "update";
  CANVASS_ASSIGN_OR_RETURN(Signer signer, FindSigner(ws, h, r.device_id));
  auto digest = VerifyBundle(path, signer.sign_pk);
  if (!digest.ok()) {
    if (UuidFromBytes(h.project_id) != ws->info().project_id)
      return Status::Corruption("this bundle is damaged, or belongs to another project; it was not imported");
    return digest.status();
  }
  CANVASS_ASSIGN_OR_RETURN(Expect e, CheckPolicy(ws, h, r.device_id, signer));
  r.device_name = e.sender_name;
  ReaderKeys keys{e.sender_sign_pk, &e.box_sk, e.box_pk};
  CANVASS_ASSIGN_OR_RETURN(bool seen, ws->BundleSeen(r.bundle_id));
  if (seen) return ConfirmDuplicate(ws, path, keys, *digest, r);
  CANVASS_ASSIGN_OR_RETURN(auto session, ws->BeginMerge());
  RecordApplier applier(ws, session.get(), h, r.device_id, e.data);
  CANVASS_RETURN_IF_ERROR(MergeStream(path, keys, *digest, &applier));
  if (!applier.ended()) return Status::Corruption("the bundle has no end record");
  CANVASS_ASSIGN_OR_RETURN(std::string sha, core::Sha256File(path));
  return RecordImport(ws, session.get(), h, e, sha, applier, r);
}

}  // namespace

namespace {

// The refusal's reason as the audit keeps it: one line, without the file's path (where a
// file lies says nothing about the bundle and may name a person's folders).
std::string ReasonWithoutPath(std::string reason, const std::string& path) {
  for (const std::string& p : {path + ": ", path}) {
    if (path.empty()) break;
    const std::string with = p == path ? "the file" : "";
    for (size_t at = reason.find(p); at != std::string::npos; at = reason.find(p, at + with.size()))
      reason.replace(at, p.size(), with);
  }
  for (char& c : reason)
    if (c == '\n' || c == '\r') c = ' ';
  return reason.substr(0, 300);
}

// A refused bundle goes into the audit once per distinct file (SHA-256) and reason; a
// repeat only raises that refusal's count (Workspace::RecordRefusal).
void RecordRefusal(storage::Workspace* ws, const std::string& path, const ImportReport& r, const Status& why) {
  auto sha = core::Sha256File(path);
  const std::string hash = sha.ok() ? *sha : "";
  const std::string reason = ReasonWithoutPath(why.message(), path);
  const std::string detail = "sha256=" + (hash.empty() ? std::string("unreadable") : hash) + " bundle=" +
                             (r.bundle_id.empty() ? "?" : r.bundle_id) + " device=" + (r.device_id.empty() ? "unknown" : r.device_id) +
                             " reason=" + reason;
  (void)ws->RecordRefusal(hash, reason, "bundle.reject", detail);
}

}  // namespace

Result<ImportReport> ImportBundle(storage::Workspace* ws, const std::string& path) {
  ImportReport r;
  r.path = path;
  Result<ImportReport> out = RunImport(ws, path, &r);
  if (!out.ok()) {
    RecordRefusal(ws, path, r, out.status());
    return out.status().WithContext(path);
  }
  return out;
}

}  // namespace canvass::sync
