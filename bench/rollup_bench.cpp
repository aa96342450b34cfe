// The statewide rollup at scale: T task forces x C counties x P periods x I indicators pushed
// (each push one transaction through row-level security), against a bare COPY of the same
// rows into a plain table in the same run, then the statewide report (load, disclosure
// control, HTML) timed. Starts its own PostgreSQL server as the tests do (tests/rollup).
// Usage: bench_rollup [--task-forces T] [--counties C] [--periods P] [--indicators I]
// (issue 17's target: 50 x 3200 x 10 x 50 = 80M indicator rows; the default, 10 x 3200 x 2 x 50 =
// 3.2M, runs in about a minute).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "pg_server.h"
#include "rollup/push.h"
#include "rollup/statewide.h"
#include "test_support.h"

using namespace canvass;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::time_point a) { return std::chrono::duration<double>(Clock::now() - a).count(); }

rollup::Aggregates Make(int tf, int period, int counties, int indicators) {
  rollup::Aggregates g;
  g.period = std::to_string(2017 + period);
  g.run_id = "run-" + std::to_string(1000 + period);
  char when[32];
  std::snprintf(when, sizeof when, "%d-06-01T10:00:00Z", 2017 + period);
  g.run_created_at = when;
  g.profile_name = "default";
  g.level = "county";
  g.signing_key = std::string(64, 'a');
  for (int c = 0; c < counties; ++c) {
    std::string id = std::to_string(10000 + c);
    double v = static_cast<double>((c * 7 + tf * 13 + period) % 40);
    g.areas.push_back({id, "County " + id, c + 1, c + 1, c + 3, 50.0, double(c % 100), 0.8, (c + tf) % 5 != 0});
    g.counts.push_back({id, "concern", v, v == 0 || v >= 11});
    g.themes.push_back({id, "place: truck_stops", double((c + tf) % 25), (c + tf) % 25 == 0 || (c + tf) % 25 >= 11});
    for (int i = 0; i < indicators; ++i)
      g.indicators.push_back({id, "ind." + std::to_string(i), "2021", "percent", "ok", "acs", std::string(64, 'b'),
                              1.5 + i + c * 0.001, 0.2});
  }
  g.counts.push_back({"", "tips", double(40 + tf), true});
  return g;
}

int Arg(int argc, char** argv, const char* name, int def) {
  for (int i = 1; i + 1 < argc; ++i)
    if (!std::strcmp(argv[i], name)) return std::atoi(argv[i + 1]);
  return def;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const int T = Arg(argc, argv, "--task-forces", 10), C = Arg(argc, argv, "--counties", 3200),
            P = Arg(argc, argv, "--periods", 2), I = Arg(argc, argv, "--indicators", 50);
  testing::PgServer& server = testing::Server();
  if (!server.error().empty()) {
    std::fprintf(stderr, "bench_rollup: %s\n", server.error().c_str());
    return 1;
  }
  server.Reset();
  auto admin = server.Admin();
  std::string pgpass;
  for (int t = 0; t < T; ++t) {
    std::string role = "tf_bench_" + std::to_string(t);
    (void)admin->Exec("DROP ROLE IF EXISTS " + role);
    if (auto st = admin->Exec("CREATE ROLE " + role + " LOGIN PASSWORD 'bench-pw-1' IN ROLE canvass_push"); !st.ok()) {
      std::fprintf(stderr, "bench_rollup: %s\n", st.message().c_str());
      return 1;
    }
    (void)admin->Exec("INSERT INTO canvass_rollup.task_forces VALUES ('Task force " + std::to_string(t) + "', '" + role + "')");
    pgpass += "*:*:*:" + role + ":bench-pw-1\n";
  }
  testing::WriteAll(std::getenv("PGPASSFILE"), testing::ReadAll(std::getenv("PGPASSFILE")) + pgpass);
  std::printf("rollup bench: %d task forces x %d counties x %d periods x %d indicators = %lld indicator rows\n", T, C, P, I,
              static_cast<long long>(T) * C * P * I);
  // The pushes.
  double push_s = 0, build_s = 0;
  long long rows = 0;
  std::string baseline_data;  // the same indicator rows, for the bare COPY
  for (int t = 0; t < T; ++t) {
    auto db = rollup::PgConnection::Connect(server.Url("tf_bench_" + std::to_string(t)));
    if (!db.ok()) {
      std::fprintf(stderr, "bench_rollup: %s\n", db.status().message().c_str());
      return 1;
    }
    for (int p = 0; p < P; ++p) {
      auto b0 = Clock::now();
      rollup::Aggregates g = Make(t, p, C, I);
      build_s += Seconds(b0);
      if (t == 0 && p == 0)
        for (const auto& i : g.indicators)
          rollup::CopyRow(&baseline_data, {"1", "Task force 0", i.area_id, i.indicator_id, i.period, i.unit, i.status, i.source_kind,
                                           i.source_sha256, core::FormatNumber(*i.value), core::FormatNumber(*i.moe)});
      rows += static_cast<long long>(g.rows());
      auto t0 = Clock::now();
      auto r = rollup::Push(db->get(), std::move(g), false);
      push_s += Seconds(t0);
      if (!r.ok()) {
        std::fprintf(stderr, "bench_rollup: %s\n", r.status().message().c_str());
        return 1;
      }
    }
  }
  // The baseline: a bare COPY of one push's indicator rows into a plain table, repeated as
  // many times as there were pushes (the same number of rows), in one transaction each.
  (void)admin->Exec("CREATE TABLE bench_plain (push_id bigint, task_force text, area_id text, indicator_id text, period text, "
                    "unit text, status text, source_kind text, source_sha256 text, value double precision, moe double precision)");
  auto c0 = Clock::now();
  for (int k = 0; k < T * P; ++k) {
    (void)admin->Exec("BEGIN");
    if (auto st = admin->CopyIn("COPY bench_plain FROM STDIN", baseline_data); !st.ok()) {
      std::fprintf(stderr, "bench_rollup: %s\n", st.message().c_str());
      return 1;
    }
    (void)admin->Exec("COMMIT");
  }
  const double copy_s = Seconds(c0);
  const long long ind_rows = static_cast<long long>(T) * C * P * I;
  std::printf("push: %lld rows (%lld indicator rows) in %.2f s = %.0f rows/s (building the aggregates in memory: %.2f s)\n", rows,
              ind_rows, push_s, rows / push_s, build_s);
  std::printf("bare COPY of the same %lld indicator rows into a plain table: %.2f s = %.0f rows/s; push / COPY time: %.2fx\n",
              ind_rows, copy_s, ind_rows / copy_s, push_s / copy_s);
  // The statewide report.
  auto state = rollup::PgConnection::Connect(server.Url(testing::kStateRole));
  if (!state.ok()) return 1;
  auto r0 = Clock::now();
  auto in = rollup::LoadStatewide(state->get());
  if (!in.ok()) {
    std::fprintf(stderr, "bench_rollup: %s\n", in.status().message().c_str());
    return 1;
  }
  const double load_s = Seconds(r0);
  auto r1 = Clock::now();
  auto rep = rollup::BuildStatewideReport(*in, {});
  const double build_report_s = Seconds(r1);
  auto r2 = Clock::now();
  auto st = rollup::RecordStatewideReport(state->get(), rep);
  const double record_s = Seconds(r2);
  std::printf("report: load %.2f s, disclosure control + HTML %.2f s (%zu KB), ledger recorded %.2f s (%zu cells): total %.2f s%s\n",
              load_s, build_report_s, rep.html.size() / 1024, record_s, rep.shown.size(), load_s + build_report_s + record_s,
              st.ok() ? "" : " (recording failed)");
  std::printf("report withheld: %d small, %d to protect others, %d changed since an earlier report\n", rep.withheld_small,
              rep.withheld_to_protect, rep.withheld_changed);
  return 0;
}
