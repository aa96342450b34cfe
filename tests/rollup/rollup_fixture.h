// Synthetic task-force aggregates for the rollup tests (what BuildAggregates would give for a
// run), the server's addresses, and a row count helper. The end-to-end test builds real ones.
#pragma once

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "pg_server.h"
#include "rollup/aggregates.h"
#include "rollup/pg.h"

namespace canvass::testing {

// An area's counts: concern (stakeholders), and the theme "place: truck_stops".
struct AreaSpec {
  std::string id;
  double concern = 0, theme = 0;
  double risk = 50;
  bool covered = true;
};

// A task force's own report shows a count unless it is 1..10 (its own disclosure control).
inline bool OwnShown(double v) { return v == 0 || v >= 11; }

inline rollup::Aggregates MakeAggregates(const std::string& run_id, const std::string& created_at,
                                         const std::vector<AreaSpec>& areas, double tips_total = 40,
                                         int indicators_per_area = 2) {
  rollup::Aggregates g;
  g.period = "2026";
  g.run_id = run_id;
  g.run_created_at = created_at;
  g.profile_name = "default";
  g.level = "county";
  g.signing_key = std::string(64, 'a');
  int rank = 0;
  for (const auto& a : areas) {
    ++rank;
    g.areas.push_back({a.id, "County " + a.id, rank, rank, rank + 1, 50.0, a.risk, 0.8, a.covered});
    g.counts.push_back({a.id, "concern", a.concern, OwnShown(a.concern)});
    if (a.theme > 0) g.themes.push_back({a.id, "place: truck_stops", a.theme, OwnShown(a.theme)});
    for (int i = 0; i < indicators_per_area; ++i)
      g.indicators.push_back({a.id, "ind." + std::to_string(i), "2021", "percent", "ok", "acs", std::string(64, 'b'),
                              1.5 + i, 0.2});
  }
  g.counts.push_back({"", "tips", tips_total, OwnShown(tips_total)});
  return g;
}

// count(*) of a table or view, as the database owner.
inline long long CountRows(rollup::PgConnection* admin, const std::string& relation, const std::string& where = "") {
  auto r = admin->Query("SELECT count(*) FROM canvass_rollup." + relation + (where.empty() ? "" : " WHERE " + where));
  INFO(r.status().message());
  REQUIRE(r.ok());
  return std::stoll(*(*r)[0][0]);
}

// Connects as `role` to the test server (REQUIREs success).
inline std::unique_ptr<rollup::PgConnection> ConnectAs(const std::string& role) {
  auto c = rollup::PgConnection::Connect(Server().Url(role));
  INFO(c.status().message());
  REQUIRE(c.ok());
  return std::move(*c);
}

// A fresh database for one test case; FAILs (never skips) without a server.
inline void FreshDatabase() {
  INFO(Server().error());
  REQUIRE(Server().error().empty());
  Server().Reset();
  INFO(Server().error());
  REQUIRE(Server().error().empty());
}

inline bool OneLine(const std::string& s) { return !s.empty() && s.find('\n') == std::string::npos; }

}  // namespace canvass::testing
