// Workspace verbs: init, demo, check, digest, passwd, audit.
#include <cstdio>

#include "app/demo.h"
#include "commands.h"
#include "core/crypto_util.h"
#include "core/file_util.h"
#include "storage/kdf_profile.h"

namespace canvass::cli {

using core::Value;

namespace {

int Init(const Args& a) {
  storage::Role role;
  if (!storage::RoleFromName(a.Get("role"), &role))
    return UsageFail("--role must be central (the coordinator's file) or field (a field laptop)", nullptr);
  if (!a.Has("name")) return UsageFail("--name NAME is required (the task force or project name)", nullptr);
  const std::string& path = a.positional[0];
  if (core::FileExists(path)) return Fail(core::Status::AlreadyExists(path + ": file exists; choose a new file name"));
  auto pass = GetPassphrase(a, "New passphrase for " + path + " (12+ characters): ", true);
  if (!pass.ok()) return Fail(pass.status());
  auto ws = storage::Workspace::Create(path, *pass, role, a.Get("name"));
  core::Wipe(*pass);
  if (!ws.ok()) return Fail(ws.status());
  const auto& info = (*ws)->info();
  auto forms = (*ws)->ListForms();
  if (a.Has("json")) {
    PrintJson(Value(Value::Object{{"path", path}, {"role", storage::RoleName(info.role)}, {"name", info.name},
                                  {"project_id", info.project_id}, {"device_id", info.device_id},
                                  {"forms", Value(static_cast<int64_t>(forms.ok() ? forms->size() : 0))}}));
  } else {
    std::printf("Created %s workspace %s (\"%s\") with %zu built-in protocols.\n", storage::RoleName(info.role),
                path.c_str(), info.name.c_str(), forms.ok() ? forms->size() : 0);
    std::printf("Keep the passphrase safe: without it nobody, including you, can open this file.\n");
  }
  return kExitOk;
}

int Demo(const Args& a) {
  app::DemoResult r;
  auto st = app::BuildDemo(a.positional[0], &r);
  if (!st.ok()) return Fail(st);
  if (a.Has("json")) {
    PrintJson(Value(Value::Object{{"workspace", r.workspace}, {"passphrase_file", r.passphrase_file},
                                  {"areas", Value(static_cast<int64_t>(r.areas))},
                                  {"interviews", Value(static_cast<int64_t>(r.interviews))}}));
  } else {
    std::printf("Demo workspace: %s\nPassphrase file: %s (demo only: never keep a real passphrase in a file)\n"
                "%d areas, %d interviews.\nTry: canvass-cli interview list %s --passphrase-file %s\n",
                r.workspace.c_str(), r.passphrase_file.c_str(), r.areas, r.interviews, r.workspace.c_str(),
                r.passphrase_file.c_str());
  }
  return kExitOk;
}

int Check(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  if (a.Has("rebuild-cache")) {
    auto st = (*ws)->RebuildFactCache();
    if (!st.ok()) return Fail(st);
  }
  auto r = (*ws)->Check();
  if (!r.ok()) return Fail(r.status());
  if (a.Has("json")) {
    PrintJson(r->ToValue());
  } else {
    std::printf("%s: %s\n", a.positional[0].c_str(), r->ok ? "ok" : "PROBLEMS FOUND");
    std::printf("  cipher: SQLCipher %s on SQLite %s, key: %s%s, journal: %s, schema v%d\n", r->cipher_version.c_str(),
                r->sqlite_version.c_str(), r->kdf_profile.c_str(), r->test_only_key ? " (TEST ONLY \xe2\x80\x94 NOT PROTECTED)" : "",
                r->journal_mode.c_str(), r->schema_version);
    std::printf("  %lld forms, %lld areas, %lld interviews, %lld answer versions, %lld open conflicts, %lld audit entries (chain verified)\n",
                static_cast<long long>(r->forms), static_cast<long long>(r->areas), static_cast<long long>(r->interviews),
                static_cast<long long>(r->versions), static_cast<long long>(r->conflicts), static_cast<long long>(r->audit_entries));
    for (const auto& w : r->warnings) std::printf("  warning: %s\n", w.c_str());
    for (const auto& p : r->problems) std::printf("  problem: %s\n", p.c_str());
  }
  return r->ok ? kExitOk : kExitFailure;
}

int Digest(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto d = (*ws)->Digest();
  if (!d.ok()) return Fail(d.status());
  const bool test_only = storage::KeyProtectionOfFile(a.positional[0]) == storage::KeyProtection::kTestOnly;
  if (test_only)  // stdout stays the digest alone, for scripts that compare it
    std::fprintf(stderr, "canvass-cli: warning: %s is %s (made with CANVASS_KDF_PROFILE=test-fast)\n", a.positional[0].c_str(),
                 storage::kTestOnlyWords);
  if (a.Has("json")) PrintJson(Value(Value::Object{{"digest", *d}, {"test_only_key", test_only}}));
  else std::printf("%s\n", d->c_str());
  return kExitOk;
}

int Passwd(const Args& a) {
  const std::string& path = a.positional[0];
  if (!core::FileExists(path)) return Fail(core::Status::NotFound(path + ": no such workspace file"));
  auto old_pass = GetPassphrase(a, "Current passphrase for " + path + ": ");
  if (!old_pass.ok()) return Fail(old_pass.status());
  core::Result<std::string> new_pass = a.Has("new-passphrase-file")
                                           ? ReadPassphraseFile(a.Get("new-passphrase-file"))
                                           : GetPassphrase(Args{}, "New passphrase (12+ characters): ", true);
  if (!new_pass.ok()) return Fail(new_pass.status());
  auto st = storage::Workspace::ChangePassphrase(path, *old_pass, *new_pass);
  core::Wipe(*old_pass);
  core::Wipe(*new_pass);
  if (!st.ok()) return Fail(st.WithContext(path));
  std::printf("Passphrase changed for %s (verified: the new one opens it, the old one no longer does).\n", path.c_str());
  return kExitOk;
}

int Audit(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto entries = (*ws)->ListAudit();
  if (!entries.ok()) return Fail(entries.status());
  auto refusals = (*ws)->ListRefusals();
  if (!refusals.ok()) return Fail(refusals.status());
  if (a.Has("json")) {
    Value::Array arr, refused;
    for (const auto& e : *entries)
      arr.push_back(Value(Value::Object{{"seq", Value(e.seq)}, {"at", e.at}, {"actor", e.actor}, {"action", e.action},
                                        {"detail", e.detail}, {"hash", e.hash}}));
    for (const auto& r : *refusals)
      refused.push_back(Value(Value::Object{{"sha256", r.sha256}, {"reason", r.reason}, {"count", Value(r.count)},
                                            {"first_at", r.first_at}, {"last_at", r.last_at}}));
    PrintJson(Value(Value::Object{{"entries", Value(std::move(arr))}, {"refused_bundles", Value(std::move(refused))}}));
  } else {
    for (const auto& e : *entries)
      std::printf("%5lld  %s  %-20s %s\n", static_cast<long long>(e.seq), e.at.c_str(), e.action.c_str(), e.detail.c_str());
    if (!refusals->empty())
      std::printf("\nRefused bundle files (each file and reason is logged above once; repeats are counted here):\n");
    for (const auto& r : *refusals)
      std::printf("  %lld x, last %s  %.16s  %s\n", static_cast<long long>(r.count), r.last_at.c_str(),
                  r.sha256.empty() ? "(unreadable)" : r.sha256.c_str(), r.reason.c_str());
  }
  return kExitOk;
}

}  // namespace

void RegisterWorkspaceCommands(std::vector<Command>* out) {
  out->push_back({{"init", "init FILE --role central|field --name NAME",
                   "Creates a new encrypted workspace (a .canvass file) with the built-in assessment protocols.\n"
                   "central = the coordinator's file that receives bundles; field = a laptop used for interviews\n"
                   "(normally created with `device join` from an enrollment kit instead).",
                   1, 1, WithPass({"role", "name"}), {"json"}}, Init});
  out->push_back({{"demo", "demo DIR",
                   "Creates DIR/demo.canvass, a central workspace with sample areas (Texas counties) and synthetic\n"
                   "interviews, and DIR/demo-passphrase.txt holding its passphrase (demo only).",
                   1, 1, {}, {"json"}}, Demo});
  out->push_back({{"check", "check FILE [--json] [--rebuild-cache]",
                   "Verifies the cipher, SQLite integrity, the schema version, that every stored answer version\n"
                   "matches its content hash, the current-answer table, the assessment's facts cache, and the audit\n"
                   "log's hash chain. --rebuild-cache first recomputes the facts cache (derived from the interviews).\n"
                   "A file made with CANVASS_KDF_PROFILE=test-fast is flagged \"test only \xe2\x80\x94 not protected\".",
                   1, 1, WithPass({}), {"json", "rebuild-cache"}}, Check});
  out->push_back({{"digest", "digest FILE",
                   "Prints the canonical digest of the workspace's content (forms, areas, interviews, every answer\n"
                   "version, codebook, indicators). Two workspaces with the same content print the same digest.",
                   1, 1, WithPass({}), {"json"}}, Digest});
  out->push_back({{"passwd", "passwd FILE --new-passphrase-file F",
                   "Changes the passphrase in place (crash-safe), then verifies that the new passphrase opens the\n"
                   "file and the old one does not. Without --new-passphrase-file it asks twice on the terminal.",
                   1, 1, WithPass({"new-passphrase-file"}), {}}, Passwd});
  out->push_back({{"audit", "audit FILE [--json]",
                   "Lists the append-only audit log (no answer content is ever logged), then the refused bundle\n"
                   "files: each file (by its SHA-256) and reason is logged once, with a count of the repeats.",
                   1, 1, WithPass({}), {"json"}}, Audit});
}

}  // namespace canvass::cli
