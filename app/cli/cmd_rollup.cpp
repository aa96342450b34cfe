// `rollup setup`, `rollup push` and `rollup report`: the statewide view on PostgreSQL
// (docs/rollup.md). Passwords never on the command line: libpq's ~/.pgpass or a service file.
#include <cctype>
#include <cstdio>

#include "app/rollup_push.h"
#include "assessment/border.h"
#include "assessment/csv_reader.h"
#include "commands.h"
#include "core/clock.h"
#include "core/file_util.h"
#include "rollup/push.h"
#include "rollup/statewide.h"
#include "sync/keys.h"

namespace canvass::cli {

namespace {

// Connects, refusing an address with a password before anything else is opened.
core::Result<std::unique_ptr<rollup::PgConnection>> ConnectTo(const std::string& address) {
  return rollup::PgConnection::Connect(address);
}

int Setup(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  bool created = false;
  auto key = app::SetUpRollup(ws->get(), &created);
  if (!key.ok()) return Fail(key.status());
  std::string raw;
  core::FromHex(*key, &raw);
  std::printf("%s: signing key %s (fingerprint %s)\n", created ? "Made the central file's signing key" : "The central file already has a signing key",
              key->substr(0, 16).c_str(), sync::Fingerprint(raw).c_str());
  std::printf("Give the fingerprint to the state's database administrator with the task force's name.\n");
  return kExitOk;
}

int Push(const Args& a) {
  if (!a.Has("to")) return UsageFail("rollup push needs --to URL (the statewide database)", nullptr);
  if (a.Has("period")) {
    const std::string p = a.Get("period");
    bool plain = !p.empty() && p.size() <= 32;
    for (char c : p) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
    if (!plain) return UsageFail("--period takes a short name such as 2026 or 2026-Q1 (letters, digits, - _ .)", nullptr);
  }
  if (std::string err; rollup::AddressHasPassword(a.Get("to"), &err))
    return Fail(core::Status::InvalidArgument("the database address holds a password: remove it and keep the password in ~/.pgpass "
                                              "(or the file PGPASSFILE names); passwords never go on the command line"));
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto g = app::LoadRollupAggregates(ws->get(), a.Get("period"));
  if (!g.ok()) return Fail(g.status());
  g->task_force = a.Get("task-force");
  auto db = ConnectTo(a.Get("to"));
  if (!db.ok()) return Fail(db.status());
  const bool dry = a.Has("dry-run");
  auto r = rollup::Push(db->get(), std::move(*g), dry);
  if (!r.ok()) return Fail(r.status());
  if (r->kind == rollup::PushResult::kUnchanged) {
    std::printf("Already pushed: this run is in the statewide database for %s, period %s; nothing changed.\n", r->task_force.c_str(),
                r->period.c_str());
    return kExitOk;
  }
  std::printf("%s %lld rows for %s, period %s%s%s.\n", dry ? "Dry run: would push" : "Pushed", static_cast<long long>(r->rows),
              r->task_force.c_str(), r->period.c_str(), r->superseded_run.empty() ? "" : ", replacing ",
              r->superseded_run.c_str());
  if (dry) std::printf("Nothing was written.\n");
  return kExitOk;
}

int Report(const Args& a) {
  if (!a.Has("from") || !a.Has("out")) return UsageFail("rollup report needs --from URL and --out STATE.html", nullptr);
  if (std::string err; rollup::AddressHasPassword(a.Get("from"), &err))
    return Fail(core::Status::InvalidArgument("the database address holds a password: remove it and keep the password in ~/.pgpass "
                                              "(or the file PGPASSFILE names); passwords never go on the command line"));
  rollup::StatewideOptions opt;
  if (a.Has("boundaries")) {
    auto g = core::ReadFileBounded(a.Get("boundaries"), 256u << 20);
    if (!g.ok()) return Fail(g.status());
    opt.boundaries_geojson = *g;
    opt.boundaries_name = a.Get("boundaries");
  }
  if (a.Has("adjacency")) {
    auto t = assessment::ReadCsvFile(a.Get("adjacency"));
    if (!t.ok()) return Fail(t.status());
    auto pairs = assessment::NeighborPairs(*t, a.Get("adjacency"), "");
    if (!pairs.ok()) return Fail(pairs.status());
    opt.neighbours = assessment::NeighborsFromObservations(*pairs);
  }
  auto db = ConnectTo(a.Get("from"));
  if (!db.ok()) return Fail(db.status());
  auto in = rollup::LoadStatewide(db->get());
  if (!in.ok()) return Fail(in.status());
  if (in->pushes.empty()) return Fail(core::Status::NotFound("no task force has pushed yet: nothing to report"));
  opt.created_at = core::FormatIsoUtc(core::SystemClock().NowMillis());
  auto report = rollup::BuildStatewideReport(*in, opt);
  // Recorded before the files are written: a report not recorded is never written.
  if (auto st = rollup::RecordStatewideReport(db->get(), report); !st.ok()) return Fail(st);
  if (auto st = core::WriteFileAtomic(a.Get("out"), report.html, true); !st.ok()) return Fail(st);
  if (a.Has("csv"))
    if (auto st = core::WriteFileAtomic(a.Get("csv"), report.csv, true); !st.ok()) return Fail(st);
  std::printf("Statewide report: %s (%zu task forces; %d small counts and %d others withheld, %d changed too little since an "
              "earlier statewide report)\n",
              a.Get("out").c_str(), in->pushes.size(), report.withheld_small, report.withheld_to_protect, report.withheld_changed);
  return kExitOk;
}

}  // namespace

void RegisterRollupCommands(std::vector<Command>* out) {
  out->push_back({{"rollup setup", "rollup setup FILE",
                   "Gives a central file the signing key its pushes are tagged with (once; a file that has one keeps it),\n"
                   "and prints its fingerprint for the state's database administrator (docs/rollup.md).",
                   1, 1, WithPass({}), {}}, Setup});
  out->push_back({{"rollup push", "rollup push FILE --to URL [--dry-run] [--task-force NAME] [--period P]",
                   "Pushes the de-identified, area-level aggregates of the file's latest assessment run (a release) to the\n"
                   "statewide PostgreSQL database, in one transaction: scores and rank intervals, exact counts, theme\n"
                   "counts, indicator values with source and vintage. Never interviews, text, names, device ids or paths.\n"
                   "URL: postgresql://USER@HOST:PORT/DB?sslmode=verify-full or service=NAME; the password comes from\n"
                   "~/.pgpass (PGPASSFILE), never the command line. The same run twice changes nothing; a newer run\n"
                   "replaces the older for the period (default: the run's year), which stays in the history.",
                   1, 1, WithPass({"to", "task-force", "period"}), {"dry-run"}}, Push});
  out->push_back({{"rollup report", "rollup report --from URL --out STATE.html [--csv OUT.csv] [--boundaries GEOJSON] [--adjacency FILE]",
                   "The statewide report from every task force's latest push: one table (and a map with --boundaries),\n"
                   "areas no task force covers, neighbours whose risk differs sharply across a jurisdiction line (with\n"
                   "--adjacency, the Census county adjacency file). Counts 1-10 and any count that sums across task forces\n"
                   "or earlier statewide reports could reveal are withheld; the database keeps what each report showed.",
                   0, 0, {"from", "out", "csv", "boundaries", "adjacency"}, {}}, Report});
}

}  // namespace canvass::cli
