// Controller: the sync screens. Join with an enrollment kit, export and import bundles and
// write update bundles on the worker that owns the workspace meanwhile (imports stop safely
// between bundles on cmd::CancelTask). Devices: controller_devices.cpp.
//
// [SECTION] helpers
// [SECTION] join
// [SECTION] folder listing, export, import, update bundles
// [SECTION] refresh (sync, devices, conflicts, home slot) and dispatch
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <system_error>

#include "app/controller.h"
#include "app/i18n.h"
#include "controller_lists.h"
#include "controller_text.h"
#include "core/crypto_util.h"
#include "core/file_util.h"
#include "storage/kdf_profile.h"
#include "sync/bundle.h"
#include "sync/keys.h"
#include "sync/sync.h"

namespace canvass::app {

namespace fs = std::filesystem;
using core::Status;
using core::Value;
using controller_text::IsFolder;
using controller_text::Trim;
using controller_text::TypedPath;

// [SECTION] helpers

namespace {

// Field: the coordinator's receipts and the purge in plain words (a dry run: nothing changes).
std::vector<std::string> ReceiptLines(storage::Workspace* ws) {
  std::vector<std::string> out;
  auto r = ws->Purge(/*dry_run=*/true);
  if (!r.ok()) return {F("msg.sync.receipts_failed", r.status().message())};
  const auto& lang = i18n::Current();
  if (r->purged_before)
    out.push_back(P("msg.sync.receipt_deleted", r->purged_before, lang.Date(r->last_purged_at.substr(0, 10))));
  if (r->waiting)
    out.push_back(P("msg.sync.receipt_waiting", r->waiting, lang.Date(core::FormatDateUtc(r->next_due_ms)),
                    P("msg.sync.days", r->purge_after_days)));
  if (r->purged) out.push_back(P("msg.sync.receipt_due", r->purged));
  if (r->not_covered) out.push_back(P("msg.sync.receipt_changed", r->not_covered));
  return out;
}

std::string CentralFingerprint(storage::Workspace* ws) {
  auto hex = ws->GetMeta("central_sign_pk");
  std::string raw;
  return hex.ok() && core::FromHex(*hex, &raw) ? sync::Fingerprint(raw) : "";
}

// Device id -> name; the central (seen from a field laptop) is "the central workspace".
std::map<std::string, std::string> DeviceNames(storage::Workspace* ws) {
  std::map<std::string, std::string> names;
  if (auto list = ws->ListDevices(); list.ok())
    for (const auto& d : *list) names[d.device_id] = d.name;
  if (auto c = ws->GetMeta("central_device_id"); c.ok() && !names.count(*c)) names[*c] = T("msg.sync.central_name");
  return names;
}

std::string NameOf(const std::map<std::string, std::string>& names, const std::string& id) {
  auto it = names.find(id);
  return it != names.end() && !it->second.empty() ? it->second : id.substr(0, 8);
}

// "2026-01-15T10:32:00Z" -> "Jan 15, 2026, 10:32 UTC" / "15 ene 2026, 10:32 UTC".
std::string AtDisplay(const std::string& iso) {
  if (iso.size() < 16) return iso;
  return i18n::Current().DateTime(iso.substr(0, 16)) + " UTC";
}

int64_t SummaryInt(const std::string& json, const char* key) {
  auto v = core::ParseJson(json, "summary");
  if (!v.ok() || !v->is_object()) return -1;
  const Value* f = v->Find(key);
  return f && f->is_integer() ? f->as_int() : -1;
}

BundleLogItem LogItem(const storage::BundleLogEntry& e, const std::map<std::string, std::string>& names) {
  BundleLogItem it{AtDisplay(e.at), NameOf(names, e.device_id), "", e.seq};
  int64_t versions = SummaryInt(e.summary, e.direction == "out" ? "versions" : "new_versions");
  if (versions >= 0) it.summary = P(e.direction == "out" ? "msg.sync.versions" : "msg.sync.new_versions", versions);
  return it;
}

// The most recent entries first, at most `n`.
std::vector<BundleLogItem> RecentLog(storage::Workspace* ws, const char* direction,
                                     const std::map<std::string, std::string>& names, size_t n) {
  std::vector<BundleLogItem> out;
  auto log = ws->ListBundleLog(direction, "");
  if (!log.ok()) return out;
  std::vector<storage::BundleLogEntry> rows = std::move(*log);
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.at > b.at; });
  for (size_t i = 0; i < rows.size() && i < n; ++i) out.push_back(LogItem(rows[i], names));
  return out;
}

// What the views need again after an import changed forms, areas or interviews.
struct Lists {
  std::vector<FormPtr> forms;
  std::shared_ptr<std::vector<storage::Area>> areas;
  std::vector<storage::InterviewSummary> interviews;
  bool ok = false;
};

Lists LoadLists(storage::Workspace* ws) {
  Lists l;
  l.forms = LatestForms(ws);
  auto areas = ws->ListAreas();
  l.areas = std::make_shared<std::vector<storage::Area>>(areas.ok() ? std::move(*areas) : std::vector<storage::Area>{});
  auto list = ws->ListInterviews();
  if (list.ok()) { l.interviews = std::move(*list); l.ok = true; }
  return l;
}

}  // namespace

std::string NewBundlePath(const std::string& folder, const std::string& label, int64_t now_ms) {
  std::string name;
  for (char ch : label) name += (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-') ? ch : '-';
  if (name.empty()) name = "canvass";
  std::string stamp;
  for (char ch : core::FormatIsoUtc(now_ms)) if (std::isdigit(static_cast<unsigned char>(ch))) stamp += ch;
  if (stamp.size() >= 14) stamp = stamp.substr(0, 8) + "-" + stamp.substr(8, 6);
  std::string base = (fs::path(folder) / (name + "-" + stamp)).string();
  std::string path = base + ".cvbundle";
  for (int i = 2; core::FileExists(path); ++i) path = base + "-" + std::to_string(i) + ".cvbundle";
  return path;
}

// [SECTION] join

void Controller::Join(cmd::JoinWorkspace& c) {
  auto& err = view_.unlock.error;
  std::string path = TypedPath(c.path), kit = TypedPath(c.kit_path);
  if (path.empty()) { err = T("msg.join.no_path"); return; }
  if (core::FileExists(path)) { err = F("msg.join.exists", path); return; }
  if (kit.empty() || !core::FileExists(kit)) { err = F("msg.join.no_kit", kit); return; }
  std::string code = sync::NormalizeCode(std::string(c.code.view()));
  if (code.empty()) { err = T("msg.join.bad_code"); return; }
  if (Utf8Length(c.passphrase.view()) < kMinPassphraseChars) {
    err = F("msg.pass.short", kMinPassphraseChars);
    core::Wipe(code);
    return;
  }
  if (c.passphrase.view() != c.repeat.view()) { err = T("msg.pass.differ"); core::Wipe(code); return; }
  auto secret_code = std::make_shared<core::SecureBytes>(Secret(code));
  core::Wipe(code);
  auto test_kit = sync::KitIsTestOnly(kit);
  const bool weak_kit = test_kit.ok() && *test_kit;
  Opener open = [path, kit, secret_code, weak_kit](std::string_view pass, std::string* note) {
    std::string typed(secret_code->view());
    auto ws = sync::JoinWithKit(path, pass, kit, typed);
    core::Wipe(typed);
    *secret_code = core::SecureBytes();
    if (ws.ok())
      *note = F("msg.join.done", (*ws)->info().name, (*ws)->info().device_name, CentralFingerprint(ws->get())) +
              (weak_kit ? " " + F("msg.join.test_kit", storage::kTestOnlyWords) : "");
    return ws;
  };
  StartOpenTask(path, std::move(c.passphrase), true, storage::Role::kField, "", std::move(open));
}

// [SECTION] folder listing, export, import, update bundles

void Controller::ListFolder(const std::string& folder) {
  auto& sv = view_.sync;
  sv.folder = folder;
  sv.files.clear();
  std::string dir = TypedPath(folder);
  if (!IsFolder(dir)) { sv.error = F("msg.sync.not_folder", folder); return; }
  NoteBundleFolder(dir);
  std::map<std::string, std::string> names;
  if (ws_ && !view_.busy) names = DeviceNames(ws_.get());
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end && sv.files.size() < 500; it.increment(ec)) {
    if (it->path().extension() != ".cvbundle" || !it->is_regular_file(ec)) continue;
    BundleFileItem f;
    f.path = it->path().string();
    f.name = it->path().filename().string();
    f.bytes = static_cast<uint64_t>(std::max(0LL, core::FileSize(f.path)));
    auto h = sync::ReadBundleHeader(f.path);
    if (!h.ok()) {
      f.problem = h.status().message();
    } else {
      f.kind = h->kind == sync::BundleKind::kData ? "data" : "update";
      f.seq = static_cast<int64_t>(h->seq);
      f.from = NameOf(names, sync::UuidFromBytes(h->sender_id));
      if (ws_ && !view_.busy)
        if (auto seen = ws_->BundleSeen(core::ToHex(h->bundle_id)); seen.ok()) f.imported = *seen;
    }
    sv.files.push_back(std::move(f));
  }
  if (ec) sv.error = F("msg.sync.folder_failed", dir, ec.message());
  std::sort(sv.files.begin(), sv.files.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
}

void Controller::ExportData(const cmd::ExportBundle& c) {
  auto& sv = view_.sync;
  sv.message.clear();
  sv.error.clear();
  if (!NeedWorkspace()) return;
  if (ws_->info().role != storage::Role::kField) {
    sv.error = T("msg.sync.central_no_export");
    return;
  }
  std::string folder = TypedPath(c.folder), out;
  if (fs::path(folder).extension() == ".cvbundle" && !IsFolder(folder)) {  // a file chosen in the file chooser
    out = folder;
    folder = fs::path(folder).parent_path().string();
  }
  if (!IsFolder(folder)) { sv.error = F("msg.sync.export_not_folder", c.folder); return; }
  std::string typed = out.empty() ? c.folder : folder;  // listed after the export
  if (out.empty()) out = NewBundlePath(folder, ws_->info().device_name, clock_->NowMillis());
  auto ws = std::make_shared<std::unique_ptr<storage::Workspace>>(std::move(ws_));
  bool all = c.all;
  RunTask(T("msg.task.exporting"), [this, ws, out, all, typed]() -> Finish {
    auto r = std::make_shared<core::Result<sync::ExportResult>>(sync::ExportBundle(ws->get(), out, all));
    return [this, ws, r, out, typed] {
      ws_ = std::move(*ws);
      auto& sv = view_.sync;
      if (!r->ok()) {
        sv.error = F("msg.sync.export_failed", r->status().message());
      } else if ((*r)->nothing_to_send) {
        sv.message = T("msg.sync.nothing_to_send");
      } else {
        const auto& e = **r;
        sv.message = (e.resent_interviews ? P("msg.sync.resending", e.resent_interviews) + " " : std::string()) +
                     F("msg.sync.wrote_bundle", out, std::to_string(e.seq), P("msg.sync.n_interviews", e.interviews),
                       P("msg.sync.versions", e.versions), (e.bytes + 1023) / 1024);
      }
      RefreshSync(Screen::kSync);
      ListFolder(typed);
    };
  });
}

void Controller::ImportBundles(const cmd::ImportBundles& c) {
  auto& sv = view_.sync;
  sv.message.clear();
  sv.error.clear();
  if (!NeedWorkspace()) return;
  std::vector<std::string> paths;
  int64_t total_kib = 0;
  for (const auto& p : c.paths) {
    std::string path = TypedPath(p);
    if (path.empty()) continue;
    paths.push_back(path);
    total_kib += std::max(1LL, core::FileSize(path) / 1024);
  }
  if (paths.empty()) { sv.error = T("msg.sync.choose_bundles"); return; }
  NoteBundleFolder(fs::path(paths.front()).parent_path().string());
  auto ws = std::make_shared<std::unique_ptr<storage::Workspace>>(std::move(ws_));
  progress_done_ = std::make_shared<std::atomic<int>>(0);
  progress_total_ = std::make_shared<std::atomic<int>>(static_cast<int>(std::min<int64_t>(total_kib, 1 << 30)));
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  auto done = progress_done_;
  auto cancel = cancel_;
  std::string label = P("msg.task.importing", static_cast<int64_t>(paths.size()));
  RunTask(label, [this, ws, paths, done, cancel]() -> Finish {
    auto lines = std::make_shared<std::vector<ImportLine>>();
    bool cancelled = false;
    for (const auto& p : paths) {
      if (*cancel) { cancelled = true; break; }  // between bundles: each one is all or nothing
      ImportLine line;
      line.path = p;
      line.name = fs::path(p).filename().string();
      auto r = sync::ImportBundle(ws->get(), p);
      if (r.ok()) {
        line.ok = true;
        line.already = r->already_applied;
        line.kind = r->kind;
        line.from = r->device_name.empty() ? r->device_id.substr(0, 8) : r->device_name;
        line.seq = static_cast<int64_t>(r->seq);
        line.stats = r->stats;
        line.notes = r->notes;
        if (r->stats.missing_parents)
          line.notes.push_back(P("msg.sync.missing_parents", r->stats.missing_parents));
      } else {
        line.error = r.status().message();
      }
      *done += static_cast<int>(std::max(1LL, core::FileSize(p) / 1024));
      lines->push_back(std::move(line));
    }
    auto lists = std::make_shared<Lists>(LoadLists(ws->get()));
    return [this, ws, lines, lists, cancelled] {
      ws_ = std::move(*ws);
      view_.busy_cancellable = false;
      cancel_.reset();
      if (lists->ok) {
        view_.start.forms = lists->forms;
        view_.runner.areas = lists->areas;
        std::vector<InterviewRow> rows;
        for (const auto& s : lists->interviews) rows.push_back(RowFromSummary(s, FormTitle(s.header.form_id)));
        view_.table.SetRows(std::move(rows));
      }
      auto& sv = view_.sync;
      int ok = 0, failed = 0;
      int64_t conflicts = 0;
      for (const auto& l : *lines) { (l.ok ? ok : failed)++; conflicts += l.stats.new_conflicts; }
      sv.report = std::move(*lines);
      sv.report_cancelled = cancelled;
      sv.message = P(cancelled ? "msg.sync.imported_cancelled" : "msg.sync.imported", static_cast<int64_t>(sv.report.size()), ok) +
                   (conflicts ? " " + P("msg.sync.new_conflicts", conflicts) : "");
      if (failed) sv.error = P("msg.sync.refused_n", failed);
      RefreshSync(Screen::kSync);
      if (!sv.folder.empty()) ListFolder(sv.folder);
    };
  });
  view_.busy_cancellable = true;
}

void Controller::ExportUpdate(const cmd::ExportUpdate& c) {
  auto& sv = view_.sync;
  sv.message.clear();
  sv.error.clear();
  if (!NeedWorkspace()) return;
  if (ws_->info().role != storage::Role::kCentral) { sv.error = T("msg.sync.only_central_update"); return; }
  auto device = sync::FindDevice(ws_.get(), c.device_id);
  if (!device.ok()) { sv.error = F("msg.sync.choose_device", device.status().message()); return; }
  std::string folder = TypedPath(c.folder), out;
  if (fs::path(folder).extension() == ".cvbundle" && !IsFolder(folder)) {  // a file chosen in the file chooser
    out = folder;
    folder = fs::path(folder).parent_path().string();
  }
  if (!IsFolder(folder)) { sv.error = F("msg.sync.update_not_folder", c.folder); return; }
  std::string typed = out.empty() ? c.folder : folder;  // listed after writing
  if (out.empty()) out = NewBundlePath(folder, "update-" + device->name, clock_->NowMillis());
  auto ws = std::make_shared<std::unique_ptr<storage::Workspace>>(std::move(ws_));
  std::string id = device->device_id, name = device->name;
  bool with = c.with_interviews;
  RunTask(F("msg.task.writing_update", name), [this, ws, out, id, name, with, typed]() -> Finish {
    auto r = std::make_shared<core::Result<sync::ExportResult>>(sync::ExportUpdate(ws->get(), id, out, with));
    return [this, ws, r, out, name, typed] {
      ws_ = std::move(*ws);
      auto& sv = view_.sync;
      if (!r->ok()) sv.error = F("msg.sync.update_failed", r->status().message());
      else sv.message = F("msg.sync.wrote_update", out, std::to_string((*r)->seq), P("msg.sync.n_forms", (*r)->forms),
                          P("msg.sync.n_areas", (*r)->areas), P("msg.sync.n_interviews", (*r)->interviews), name);
      RefreshSync(Screen::kSync);
      ListFolder(typed);
    };
  });
}

// [SECTION] refresh and dispatch

void Controller::FillSyncSlots(HomeView* h) {
  if (!ws_) return;
  auto names = DeviceNames(ws_.get());
  auto line = [](const std::vector<BundleLogItem>& items, const char* key) {
    if (items.empty()) return std::string();
    const auto& i = items.front();
    return F(key, i.at, std::to_string(i.seq), i.device) + (i.summary.empty() ? "" : " (" + i.summary + ")");
  };
  bool central = ws_->info().role == storage::Role::kCentral;
  h->last_export = line(RecentLog(ws_.get(), "out", names, 1), central ? "msg.sync.last_update_for" : "msg.sync.last_bundle_for");
  h->last_import = line(RecentLog(ws_.get(), "in", names, 1), central ? "msg.sync.last_bundle_from" : "msg.sync.last_update_from");
  if (!central) h->central_fingerprint = CentralFingerprint(ws_.get());
}

void Controller::RefreshSync(Screen s) {
  if (view_.busy || !ws_) return;
  auto names = DeviceNames(ws_.get());
  bool central = ws_->info().role == storage::Role::kCentral;
  if (s == Screen::kSync) {
    auto& sv = view_.sync;
    sv.central = central;
    sv.device_name = ws_->info().device_name;
    sv.fingerprint = CentralFingerprint(ws_.get());
    sv.exports = RecentLog(ws_.get(), "out", names, 10);
    sv.imports = RecentLog(ws_.get(), "in", names, 10);
    sv.devices.clear();
    if (auto list = ws_->ListDevices(); list.ok())
      for (const auto& d : *list)
        if (d.status == "active") sv.devices.emplace_back(d.device_id, d.name);
    auto conflicts = ws_->ListConflicts();
    sv.open_conflicts = conflicts.ok() ? static_cast<int>(conflicts->size()) : 0;
    sv.receipt_lines = central ? std::vector<std::string>{} : ReceiptLines(ws_.get());
  } else if (s == Screen::kDevices) {
    auto& dv = view_.devices;
    dv.devices.clear();
    auto list = ws_->ListDevices();
    if (!list.ok()) { dv.error = F("msg.devices.list_failed", list.status().message()); return; }
    for (const auto& d : *list)
      dv.devices.push_back({d.device_id, d.name, d.status, AtDisplay(d.enrolled_at), AtDisplay(d.revoked_at),
                            d.sign_pk.empty() ? "" : sync::Fingerprint(d.sign_pk), d.max_seq});
  } else if (s == Screen::kConflicts) {
    RefreshConflicts();
  }
}

bool Controller::HandleSync(Command& c) {
  if (auto* j = std::get_if<cmd::JoinWorkspace>(&c)) { Join(*j); return true; }
  if (auto* l = std::get_if<cmd::ListBundleFolder>(&c)) {
    view_.sync.error.clear();
    ListFolder(l->folder);
    return true;
  }
  if (auto* e = std::get_if<cmd::ExportBundle>(&c)) { ExportData(*e); return true; }
  if (auto* i = std::get_if<cmd::ImportBundles>(&c)) { ImportBundles(*i); return true; }
  if (std::holds_alternative<cmd::CancelTask>(c)) {
    if (cancel_) *cancel_ = true;
    return true;
  }
  if (auto* u = std::get_if<cmd::ExportUpdate>(&c)) { ExportUpdate(*u); return true; }
  if (auto* en = std::get_if<cmd::EnrollDevice>(&c)) { Enroll(*en); return true; }
  if (std::holds_alternative<cmd::DismissEnrollment>(c)) { WipeSyncSecrets(); return true; }
  if (auto* r = std::get_if<cmd::RevokeDevice>(&c)) { Revoke(*r); return true; }
  if (auto* rc = std::get_if<cmd::ResolveConflict>(&c)) { Resolve(*rc); return true; }
  return false;
}

}  // namespace canvass::app
