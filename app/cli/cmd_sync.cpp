// Sync verbs: device enroll|join|list|revoke, sync export|import|update-kit|purge-after, purge,
// conflicts list|resolve.
#include <cstdio>

#include "commands.h"
#include "core/crypto_util.h"
#include "core/clock.h"
#include "core/file_util.h"
#include "storage/kdf_profile.h"
#include "sync/keys.h"
#include "sync/sync.h"

namespace canvass::cli {

using core::Value;

namespace {

int Enroll(const Args& a) {
  if (!a.Has("device-name") || !a.Has("out")) return UsageFail("--device-name NAME and --out KIT.cvkit are required", nullptr);
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  if (a.Has("code-file") && a.Get("code-file").empty()) return UsageFail("--code-file needs a file name", nullptr);
  auto r = sync::EnrollDevice(ws->get(), a.Get("device-name"), a.Get("out"), a.Get("code-file"));
  if (!r.ok()) return Fail(core::Status(r.status().code(), r.status().message() + " (nothing was enrolled)"));
  if (a.Has("json")) {
    Value v(Value::Object{{"device_id", r->device_id}, {"kit", a.Get("out")}, {"central_fingerprint", r->fingerprint}});
    if (!a.Has("code-file")) v.mutable_object()["code"] = r->code;
    PrintJson(v);
  } else {
    std::printf("Enrolled \"%s\" (device %s). Kit: %s\n", a.Get("device-name").c_str(), r->device_id.c_str(), a.Get("out").c_str());
    if (a.Has("code-file")) std::printf("One-time enrollment code written to %s.\n", a.Get("code-file").c_str());
    else std::printf("One-time enrollment code: %s\n", r->code.c_str());
    std::printf("Give the code to the field worker separately from the kit (not on the same USB stick).\n"
                "Central key fingerprint to compare on the laptop: %s\n", r->fingerprint.c_str());
  }
  return kExitOk;
}

int Join(const Args& a) {
  if (!a.Has("kit")) return UsageFail("--kit KIT.cvkit is required", nullptr);
  std::string code;
  if (a.Has("code-file")) {
    auto c = ReadPassphraseFile(a.Get("code-file"));
    if (!c.ok()) return Fail(c.status());
    code = *c;
  } else if (a.Has("code")) {
    code = a.Get("code");
  } else {
    return UsageFail("give the enrollment code with --code-file F (or --code CODE)", nullptr);
  }
  const std::string& path = a.positional[0];
  if (core::FileExists(path)) return Fail(core::Status::AlreadyExists(path + ": file exists; choose a new file name"));
  auto test_kit = sync::KitIsTestOnly(a.Get("kit"));
  if (!test_kit.ok()) return Fail(test_kit.status());
  if (*test_kit)
    std::fprintf(stderr, "canvass-cli: warning: the kit %s is %s: it was sealed with the cheap test key derivation "
                 "(CANVASS_KDF_PROFILE=test-fast on the central); do not use it for a real laptop\n",
                 a.Get("kit").c_str(), storage::kTestOnlyWords);
  auto pass = GetPassphrase(a, "New passphrase for " + path + " (12+ characters): ", true);
  if (!pass.ok()) return Fail(pass.status());
  auto ws = sync::JoinWithKit(path, *pass, a.Get("kit"), code);
  core::Wipe(*pass);
  core::Wipe(code);
  if (!ws.ok()) return Fail(ws.status());
  auto fp = (*ws)->GetMeta("central_sign_pk");
  std::string raw;
  std::string fingerprint = fp.ok() && core::FromHex(*fp, &raw) ? sync::Fingerprint(raw) : "";
  std::printf("Joined project \"%s\" as device \"%s\". Workspace: %s\nCentral key fingerprint (compare with the coordinator's screen): %s\n",
              (*ws)->info().name.c_str(), (*ws)->info().device_name.c_str(), path.c_str(), fingerprint.c_str());
  return kExitOk;
}

int DeviceList(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto devices = (*ws)->ListDevices();
  if (!devices.ok()) return Fail(devices.status());
  if (a.Has("json")) {
    Value::Array arr;
    for (const auto& d : *devices)
      arr.push_back(Value(Value::Object{{"device_id", d.device_id}, {"name", d.name}, {"status", d.status}, {"enrolled_at", d.enrolled_at},
                                        {"revoked_at", d.revoked_at}, {"last_seq", Value(d.max_seq)},
                                        {"fingerprint", d.sign_pk.empty() ? "" : sync::Fingerprint(d.sign_pk)}}));
    PrintJson(Value(Value::Object{{"devices", Value(std::move(arr))}}));
  } else {
    for (const auto& d : *devices)
      std::printf("%-36s  %-8s %-24s enrolled %s  last bundle #%lld%s\n", d.device_id.c_str(), d.status.c_str(), d.name.c_str(),
                  d.enrolled_at.c_str(), static_cast<long long>(d.max_seq), d.revoked_at.empty() ? "" : ("  revoked " + d.revoked_at).c_str());
  }
  return kExitOk;
}

int Revoke(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto st = sync::RevokeDevice(ws->get(), a.positional[1]);
  if (!st.ok()) return Fail(st);
  std::printf("Device %s is revoked: its bundles will be refused from now on.\n", a.positional[1].c_str());
  return kExitOk;
}

std::string Interviews(int64_t n) { return std::to_string(n) + (n == 1 ? " interview" : " interviews"); }

int Export(const Args& a) {
  if (!a.Has("out")) return UsageFail("--out B.cvbundle is required", nullptr);
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto r = sync::ExportBundle(ws->get(), a.Get("out"), a.Has("all"), a.Has("allow-empty"));
  if (!r.ok()) return Fail(r.status());
  if (a.Has("json")) {
    PrintJson(r->ToValue());
  } else if (r->nothing_to_send) {
    std::printf("Nothing to send: %s. No file was written (--allow-empty writes an empty bundle all the same).\n",
                a.Has("all") ? "this laptop holds no interviews or edits"
                             : "nothing on this laptop is waiting for the coordinator (nothing recorded yet, or all of it acknowledged)");
  } else {
    if (r->resent_interviews)
      std::printf("Resending %s not yet acknowledged by the coordinator.\n", Interviews(r->resent_interviews).c_str());
    std::printf("Wrote %s: bundle #%llu, %lld interviews, %lld answer versions, %llu bytes, encrypted for the central workspace.\n",
                a.Get("out").c_str(), static_cast<unsigned long long>(r->seq), static_cast<long long>(r->interviews),
                static_cast<long long>(r->versions), static_cast<unsigned long long>(r->bytes));
  }
  return kExitOk;
}

int UpdateKit(const Args& a) {
  if (!a.Has("device") || !a.Has("out")) return UsageFail("--device D and --out UPDATE.cvbundle are required", nullptr);
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto r = sync::ExportUpdate(ws->get(), a.Get("device"), a.Get("out"), a.Has("with-interviews"));
  if (!r.ok()) return Fail(r.status());
  if (a.Has("json")) PrintJson(r->ToValue());
  else std::printf("Wrote %s: update #%llu with %lld forms, %lld areas and %lld interviews for device %s.\n", a.Get("out").c_str(),
                   static_cast<unsigned long long>(r->seq), static_cast<long long>(r->forms), static_cast<long long>(r->areas),
                   static_cast<long long>(r->interviews), a.Get("device").c_str());
  return kExitOk;
}

// Plain words for the people on a field laptop (docs/security.md PR-3).
void PrintPurge(int64_t receipted, const storage::PurgeReport& p, bool dry_run) {
  if (receipted) std::printf("  The coordinator's receipt says %s from this laptop arrived.\n", Interviews(receipted).c_str());
  if (p.purged)
    std::printf("  %s received by the coordinator %s from this laptop.\n", Interviews(p.purged).c_str(),
                dry_run ? "would be deleted now" : (p.purged == 1 ? "was deleted" : "were deleted"));
  if (p.waiting)
    std::printf("  %s received by the coordinator will be deleted from this laptop %s %s (%d days after the receipt).\n",
                Interviews(p.waiting).c_str(), p.waiting == 1 ? "on" : "from", core::FormatDateUtc(p.next_due_ms).c_str(),
                p.purge_after_days);
  if (p.not_covered)
    std::printf("  %s changed here since the receipt (or not final here) stay until the coordinator has the change\n"
                "  (export a bundle).\n", Interviews(p.not_covered).c_str());
}

int Purge(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto r = (*ws)->Purge(a.Has("dry-run"));
  if (!r.ok()) return Fail(r.status());
  if (a.Has("json")) {
    Value v = r->ToValue();
    v.mutable_object()["dry_run"] = a.Has("dry-run");
    PrintJson(v);
    return kExitOk;
  }
  if (r->receipted == 0) std::printf("No interview on this laptop has a receipt from the coordinator yet; nothing to delete.\n");
  PrintPurge(0, *r, a.Has("dry-run"));
  if (r->purged && !a.Has("dry-run")) std::printf("The file was compacted (VACUUM): the deleted interviews are gone from disk.\n");
  return kExitOk;
}

int PurgeAfter(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto st = (*ws)->SetPurgeAfterDays(a.positional[1]);
  if (!st.ok()) return Fail(st);
  std::printf("purge_after_days = %d: field laptops delete final interviews that many days after a receipt (sent with each update).\n",
              *(*ws)->PurgeAfterDays());
  return kExitOk;
}

void PrintReport(const sync::ImportReport& r) {
  if (r.already_applied) {
    std::printf("%s: already imported (bundle #%llu from %s); nothing changed.\n", r.path.c_str(), static_cast<unsigned long long>(r.seq),
                r.device_name.c_str());
    return;
  }
  const auto& s = r.stats;
  std::printf("%s: bundle #%llu from %s: %lld new interviews, %lld new answer versions (%lld already seen), %lld answers changed, "
              "%lld new conflicts, %lld new forms.\n",
              r.path.c_str(), static_cast<unsigned long long>(r.seq), r.device_name.c_str(), static_cast<long long>(s.new_interviews),
              static_cast<long long>(s.new_versions), static_cast<long long>(s.known_versions), static_cast<long long>(s.updated_answers),
              static_cast<long long>(s.new_conflicts), static_cast<long long>(s.new_forms));
  if (r.kind == "update") PrintPurge(r.receipted, r.purge, false);
  for (const auto& n : r.notes) std::printf("  note: %s\n", n.c_str());
  if (s.missing_parents) std::printf("  note: %lld edits refer to earlier edits not received yet (import the other bundles)\n", static_cast<long long>(s.missing_parents));
}

int Import(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  Value::Array reports;
  int rc = kExitOk;
  for (size_t i = 1; i < a.positional.size(); ++i) {
    auto r = sync::ImportBundle(ws->get(), a.positional[i]);
    if (!r.ok()) {
      rc = Fail(r.status());
      if (a.Has("json")) reports.push_back(Value(Value::Object{{"path", a.positional[i]}, {"error", r.status().message()}}));
      continue;
    }
    if (a.Has("json")) reports.push_back(r->ToValue());
    else PrintReport(*r);
  }
  if (a.Has("json")) PrintJson(Value(Value::Object{{"imports", Value(std::move(reports))}}));
  return rc;
}

int ConflictsList(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto list = (*ws)->ListConflicts();
  if (!list.ok()) return Fail(list.status());
  if (a.Has("json")) {
    Value::Array arr;
    for (const auto& c : *list) {
      Value::Array heads;
      for (const auto& h : c.heads) heads.push_back(h.ToValue());
      arr.push_back(Value(Value::Object{{"kind", c.kind}, {"interview", c.subject}, {"question", c.field}, {"values", Value(std::move(heads))}}));
    }
    PrintJson(Value(Value::Object{{"conflicts", Value(std::move(arr))}}));
    return kExitOk;
  }
  for (const auto& c : *list) {
    std::printf("%s %s %s: %zu values\n", c.kind.c_str(), c.subject.c_str(), c.field.empty() ? "(status)" : c.field.c_str(), c.heads.size());
    for (const auto& h : c.heads)
      std::printf("    version %.12s by %s: %s\n", h.id.c_str(), h.author.c_str(), h.value.ToJson().c_str());
  }
  std::printf("%zu open conflicts\n", list->size());
  return kExitOk;
}

int ConflictsResolve(const Args& a) {
  if (!a.Has("interview") || !a.Has("reason")) return UsageFail("--interview UUID and --reason TEXT are required", nullptr);
  if (a.Has("value") == a.Has("pick")) return UsageFail("give exactly one of --value JSON or --pick VERSION_ID", nullptr);
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  std::string kind = a.Has("question") ? "answer" : "status";
  std::string field = a.Get("question");
  Value value;
  if (a.Has("value")) {
    auto v = core::ParseJson(a.Get("value"), "--value");
    if (!v.ok()) return Fail(v.status());
    value = *v;
  } else {
    auto list = (*ws)->ListConflicts();
    if (!list.ok()) return Fail(list.status());
    bool found = false;
    for (const auto& c : *list)
      if (c.kind == kind && c.subject == a.Get("interview") && c.field == field)
        for (const auto& h : c.heads)
          if (h.id.rfind(a.Get("pick"), 0) == 0 && a.Get("pick").size() >= 8) { value = h.value; found = true; }
    if (!found) return Fail(core::Status::NotFound("no conflicting value starts with " + a.Get("pick") + " (use 8+ characters of an id from `conflicts list`)"));
  }
  auto st = (*ws)->ResolveConflict(kind, a.Get("interview"), field, value, a.Get("author", "coordinator"), a.Get("reason"));
  if (!st.ok()) return Fail(st);
  std::printf("Resolved. The other values stay in the interview's history; the reason is in the audit log.\n");
  return kExitOk;
}

}  // namespace

void RegisterSyncCommands(std::vector<Command>* out) {
  out->push_back({{"device enroll", "device enroll CENTRAL --device-name NAME --out KIT.cvkit [--code-file F]",
                   "Registers a field laptop and writes its enrollment kit, sealed under a one-time code that is printed\n"
                   "(or written to --code-file). Pass the code to the field worker separately from the kit.\n"
                   "All or nothing: if anything fails (for example the code file exists), no kit, code file or device remains.",
                   1, 1, WithPass({"device-name", "out", "code-file"}), {"json"}}, Enroll});
  out->push_back({{"device join", "device join FIELD_FILE --kit KIT.cvkit --code-file F",
                   "Creates a field workspace from an enrollment kit and its code; you choose the new workspace's passphrase.",
                   1, 1, WithPass({"kit", "code-file", "code"}), {}}, Join});
  out->push_back({{"device list", "device list CENTRAL [--json]", "Lists enrolled devices, their status and the last bundle received.", 1, 1, WithPass({}), {"json"}}, DeviceList});
  out->push_back({{"device revoke", "device revoke CENTRAL DEVICE", "Revokes a device (by id or name): its bundles are refused from now on.", 2, 2, WithPass({}), {}}, Revoke});
  out->push_back({{"sync export", "sync export FIELD_FILE --out B.cvbundle [--all] [--allow-empty]",
                   "Writes an encrypted, signed bundle of everything the central has not acknowledged yet (--all: everything);\n"
                   "interviews sent before and not yet acknowledged go again, and it says how many. With nothing to send it\n"
                   "says so and writes nothing (--allow-empty: an empty bundle all the same). Only the central workspace can\n"
                   "open it; this laptop cannot read it back.",
                   1, 1, WithPass({"out"}), {"all", "allow-empty", "json"}}, Export});
  out->push_back({{"sync import", "sync import WORKSPACE B.cvbundle... [--json]",
                   "Verifies, decrypts and merges bundles, each in one transaction (all of it or nothing). On the central:\n"
                   "field bundles; on a field laptop: update bundles. Re-importing a bundle changes nothing.",
                   2, 10000, WithPass({}), {"json"}}, Import});
  out->push_back({{"sync update-kit", "sync update-kit CENTRAL --device D --out UPDATE.cvbundle [--with-interviews]",
                   "Writes an update for one enrolled device: current forms and areas, which of its bundles arrived, and\n"
                   "the coordinator's signed receipt of its final interviews (the laptop deletes them after the purge delay).\n"
                   "--with-interviews adds every interview and its history (for reviewers coding on another laptop).",
                   1, 1, WithPass({"device", "out"}), {"json", "with-interviews"}}, UpdateKit});
  out->push_back({{"sync purge-after", "sync purge-after CENTRAL DAYS",
                   "Sets how many days after the coordinator's receipt field laptops delete the final interviews the\n"
                   "central holds (default 7; 0 = at the next update). Laptops get it with the next update.",
                   2, 2, WithPass({}), {}}, PurgeAfter});
  out->push_back({{"purge", "purge FIELD_FILE [--dry-run] [--json]",
                   "Deletes from a field laptop the final interviews the coordinator's receipt (in an update) names, once\n"
                   "the purge delay has passed, then compacts the file. Interviews changed since the receipt stay. Runs by\n"
                   "itself after each update import and when the GUI opens the file. --dry-run shows what would go.",
                   1, 1, WithPass({}), {"dry-run", "json"}}, Purge});
  out->push_back({{"conflicts list", "conflicts list CENTRAL [--json]", "Lists answers edited concurrently on two devices (both values are kept).", 1, 1, WithPass({}), {"json"}}, ConflictsList});
  out->push_back({{"conflicts resolve", "conflicts resolve CENTRAL --interview UUID [--question QID] (--pick VERSION | --value JSON) --reason TEXT",
                   "Resolves a conflict with one of the values (--pick, 8+ characters of its id) or a new value. The reason is logged;\n"
                   "the other values stay in history. Without --question it resolves the interview's status.",
                   1, 1, WithPass({"interview", "question", "pick", "value", "reason", "author"}), {}}, ConflictsResolve});
}

}  // namespace canvass::cli
