// Export and import of bundles, update bundles, device registry operations.
#include "sync/sync.h"

#include <algorithm>
#include <set>

#include "sync/bundle.h"
#include "sync/keys.h"

namespace canvass::sync {

using core::Result;
using core::Status;
using core::Value;

namespace {

Value Rec(const char* type, Value body) {
  body.mutable_object()["t"] = type;
  return body;
}

// Local sequence below which the central has acknowledged everything this device sent.
int64_t AckedHighWater(storage::Workspace* ws) {
  std::set<int64_t> acked;
  auto raw = ws->GetMeta("acked_seqs");
  if (raw.ok()) {
    auto v = core::ParseJson(*raw, "acked_seqs");
    if (v.ok())
      for (const auto& s : v->as_array())
        if (s.is_integer()) acked.insert(s.as_int());
  }
  auto out = ws->ListBundleLog("out", "");
  int64_t hw = 0;
  if (!out.ok()) return 0;
  for (const auto& e : *out) {
    if (!acked.count(e.seq)) break;
    auto s = core::ParseJson(e.summary, "summary");
    if (s.ok() && s->Find("high_water") && s->Find("high_water")->is_integer()) hw = std::max(hw, s->Find("high_water")->as_int());
  }
  return hw;
}

// Local sequence up to which this device has put versions in a bundle (acknowledged or not).
int64_t SentHighWater(storage::Workspace* ws) {
  auto out = ws->ListBundleLog("out", "");
  int64_t hw = 0;
  if (!out.ok()) return 0;
  for (const auto& e : *out) {
    auto s = core::ParseJson(e.summary, "summary");
    if (s.ok() && s->Find("high_water") && s->Find("high_water")->is_integer()) hw = std::max(hw, s->Find("high_water")->as_int());
  }
  return hw;
}

int64_t NextSeq(storage::Workspace* ws, const std::string& key) {
  auto cur = ws->GetMeta(key);
  int64_t n = 0;
  if (cur.ok()) n = std::atoll(cur->c_str());
  return n + 1;
}

BundleHeader NewHeader(storage::Workspace* ws, BundleKind kind, const std::string& recipient_box_pk, int64_t seq) {
  BundleHeader h;
  h.kind = kind;
  h.bundle_id = core::RandomBytes(16);
  h.project_id = UuidToBytes(ws->info().project_id);
  h.sender_id = UuidToBytes(ws->info().device_id);
  h.recipient_key_id = KeyId(recipient_box_pk);
  h.seq = static_cast<uint64_t>(seq);
  h.created_at_ms = ws->clock()->NowMillis();
  return h;
}

Value BeginRecord(const BundleHeader& h) {
  return Rec("begin", Value(Value::Object{{"bundle_id", core::ToHex(h.bundle_id)},
                                          {"project", UuidFromBytes(h.project_id)},
                                          {"device", UuidFromBytes(h.sender_id)},
                                          {"seq", Value(static_cast<int64_t>(h.seq))}}));
}

Status LogExport(storage::Workspace* ws, const BundleHeader& h, const std::string& path, const std::string& target, int64_t hw,
                 const ExportResult& r, const std::string& seq_key) {
  CANVASS_ASSIGN_OR_RETURN(std::string sha, core::Sha256File(path));
  storage::BundleLogEntry e{core::ToHex(h.bundle_id), "out", target, static_cast<int64_t>(h.seq), sha,
                            core::FormatIsoUtc(ws->clock()->NowMillis()),
                            Value(Value::Object{{"high_water", Value(hw)}, {"versions", Value(r.versions)}}).ToJson()};
  CANVASS_RETURN_IF_ERROR(ws->LogBundle(e));
  CANVASS_RETURN_IF_ERROR(ws->SetMeta(seq_key, std::to_string(h.seq)));
  return ws->AppendAudit("bundle.export", "bundle=" + e.bundle_id + " to=" + target + " seq=" + std::to_string(h.seq) +
                                              " versions=" + std::to_string(r.versions));
}

// A sink that writes every exported item as a record and counts it.
storage::Workspace::ExportSink RecordSink(BundleWriter* w, ExportResult* r) {
  storage::Workspace::ExportSink sink;
  sink.form = [w, r](const std::string& j) { ++r->forms; return w->AddRecord(Rec("form", Value(Value::Object{{"json", j}}))); };
  sink.area = [w, r](const storage::Area& a) { ++r->areas; return w->AddRecord(Rec("area", a.ToValue())); };
  sink.interview = [w, r](const storage::InterviewHeader& ih) { ++r->interviews; return w->AddRecord(Rec("interview", ih.ToValue())); };
  sink.version = [w, r](const storage::Version& v) { ++r->versions; return w->AddVersion(v); };
  return sink;
}

// The coordinator's receipt (docs/formats.md): the device's interviews that are final here,
// each with the digest of its version ids. Signed with the rest of the update bundle, so the
// laptop verifies it with the central key from its kit. Split into records of kReceiptPart.
Status AddReceipt(storage::Workspace* ws, const std::string& device_id, BundleWriter* w) {
  constexpr size_t kReceiptPart = 20000;
  CANVASS_ASSIGN_OR_RETURN(auto items, ws->ReceiptItems(device_id));
  CANVASS_ASSIGN_OR_RETURN(int days, ws->PurgeAfterDays());
  std::string id = core::ToHex(core::RandomBytes(16));
  size_t parts = std::max<size_t>(1, (items.size() + kReceiptPart - 1) / kReceiptPart);
  for (size_t p = 0; p < parts; ++p) {
    Value::Array list;
    for (size_t i = p * kReceiptPart; i < std::min(items.size(), (p + 1) * kReceiptPart); ++i)
      list.push_back(Value(Value::Array{Value(items[i].uuid), Value(items[i].digest)}));
    CANVASS_RETURN_IF_ERROR(w->AddRecord(Rec("receipt", Value(Value::Object{{"receipt_id", id}, {"device", device_id},
                                                                        {"issued_at", core::FormatIsoUtc(ws->clock()->NowMillis())},
                                                                        {"purge_after_days", Value(static_cast<int64_t>(days))},
                                                                        {"interviews", Value(std::move(list))}}))));
  }
  return ws->AppendAudit("receipt.write", "receipt=" + id + " device=" + device_id + " interviews=" + std::to_string(items.size()));
}

}  // namespace

Value ExportResult::ToValue() const {
  return Value(Value::Object{{"bundle_id", bundle_id}, {"seq", Value(static_cast<int64_t>(seq))}, {"interviews", Value(interviews)},
                             {"versions", Value(versions)}, {"forms", Value(forms)}, {"areas", Value(areas)},
                             {"bytes", Value(static_cast<int64_t>(bytes))}, {"nothing_to_send", nothing_to_send},
                             {"resent_interviews", Value(resent_interviews)}});
}

Result<ExportResult> ExportBundle(storage::Workspace* ws, const std::string& out_path, bool all, bool allow_empty) {
  if (ws->info().role != storage::Role::kField) return Status::InvalidArgument("export runs on a field workspace; a central workspace sends `sync update-kit`");
  CANVASS_ASSIGN_OR_RETURN(FieldKeys keys, LoadFieldKeys(ws));
  int64_t after = all ? 0 : AckedHighWater(ws);
  // Nothing new and nothing unacknowledged: no file, no sequence number (unless asked).
  CANVASS_ASSIGN_OR_RETURN(auto pending, ws->CountChanges(after, SentHighWater(ws)));
  if (pending.versions == 0 && !allow_empty) {
    ExportResult none;
    none.nothing_to_send = true;
    return none;
  }
  BundleHeader h = NewHeader(ws, BundleKind::kData, keys.central_box_pk, NextSeq(ws, "export_seq"));
  BundleWriter w;
  CANVASS_RETURN_IF_ERROR(w.Open(out_path, h, keys.central_box_pk, keys.device_sign_sk));
  CANVASS_RETURN_IF_ERROR(w.AddRecord(BeginRecord(h)));
  ExportResult r;
  int64_t hw = 0;
  CANVASS_RETURN_IF_ERROR(ws->ExportChanges(after, storage::Workspace::ExportScope{}, RecordSink(&w, &r), &hw));
  CANVASS_RETURN_IF_ERROR(w.AddRecord(Rec("end", Value(Value::Object{{"records", Value(static_cast<int64_t>(w.records() + 1))}}))));
  CANVASS_RETURN_IF_ERROR(w.Finish());
  r.bundle_id = core::ToHex(h.bundle_id);
  r.seq = h.seq;
  r.bytes = static_cast<uint64_t>(core::FileSize(out_path));
  r.resent_interviews = all ? 0 : pending.resent_interviews;
  CANVASS_RETURN_IF_ERROR(LogExport(ws, h, out_path, "central", hw, r, "export_seq"));
  return r;
}

Result<storage::DeviceRow> FindDevice(storage::Workspace* ws, const std::string& key) {
  CANVASS_ASSIGN_OR_RETURN(auto devices, ws->ListDevices());
  const storage::DeviceRow* found = nullptr;
  for (const auto& d : devices) {
    if (d.status == "self") continue;
    if (d.device_id == key) return d;
    if (d.name == key) {
      if (found && d.status == found->status) return Status::InvalidArgument("several devices are named \"" + key + "\"; use the device id");
      if (!found || d.status == "active") found = &d;
    }
  }
  if (found) return *found;
  return Status::NotFound("no enrolled device \"" + key + "\"; see `canvass-cli device list`");
}

Status RevokeDevice(storage::Workspace* ws, const std::string& key) {
  if (ws->info().role != storage::Role::kCentral) return Status::InvalidArgument("devices are revoked on the central workspace");
  CANVASS_ASSIGN_OR_RETURN(storage::DeviceRow d, FindDevice(ws, key));
  if (d.status == "revoked") return Status::Ok();
  d.status = "revoked";
  d.revoked_at = core::FormatIsoUtc(ws->clock()->NowMillis());
  CANVASS_RETURN_IF_ERROR(ws->PutDevice(d));
  return ws->AppendAudit("device.revoke", "device=" + d.device_id + " name=" + d.name);
}

Result<ExportResult> ExportUpdate(storage::Workspace* ws, const std::string& device, const std::string& out_path,
                                  bool with_interviews) {
  CANVASS_ASSIGN_OR_RETURN(CentralKeys keys, EnsureCentralKeys(ws));
  CANVASS_ASSIGN_OR_RETURN(storage::DeviceRow d, FindDevice(ws, device));
  if (d.status != "active") return Status::InvalidArgument("device \"" + d.name + "\" is revoked");
  std::string box_pk = BoxPublicFromSign(d.sign_pk);
  if (box_pk.empty()) return Status::Corruption("the device's stored key is damaged");
  std::string seq_key = "update_seq:" + d.device_id;
  BundleHeader h = NewHeader(ws, BundleKind::kUpdate, box_pk, NextSeq(ws, seq_key));
  BundleWriter w;
  CANVASS_RETURN_IF_ERROR(w.Open(out_path, h, box_pk, keys.sign_sk));
  CANVASS_RETURN_IF_ERROR(w.AddRecord(BeginRecord(h)));
  ExportResult r;
  storage::Workspace::ExportScope scope;
  scope.all_forms = true;
  scope.areas = true;
  scope.versions = with_interviews;
  scope.settings = true;  // the coding rules (blind project, what is counted) always travel
  int64_t hw = 0;
  CANVASS_RETURN_IF_ERROR(ws->ExportChanges(0, scope, RecordSink(&w, &r), &hw));
  CANVASS_RETURN_IF_ERROR(AddReceipt(ws, d.device_id, &w));
  CANVASS_ASSIGN_OR_RETURN(auto received, ws->ListBundleLog("in", d.device_id));
  Value::Array seqs;
  for (const auto& e : received) seqs.emplace_back(e.seq);
  CANVASS_RETURN_IF_ERROR(w.AddRecord(Rec("ack", Value(Value::Object{{"seqs", Value(std::move(seqs))}}))));
  CANVASS_RETURN_IF_ERROR(w.AddRecord(Rec("end", Value(Value::Object{{"records", Value(static_cast<int64_t>(w.records() + 1))}}))));
  CANVASS_RETURN_IF_ERROR(w.Finish());
  r.bundle_id = core::ToHex(h.bundle_id);
  r.seq = h.seq;
  r.bytes = static_cast<uint64_t>(core::FileSize(out_path));
  CANVASS_RETURN_IF_ERROR(LogExport(ws, h, out_path, d.device_id, 0, r, seq_key));
  return r;
}

}  // namespace canvass::sync
