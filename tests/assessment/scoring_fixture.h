// Small hand-made areas and observations for the scoring tests (scoring_test.cpp,
// rank_draws_test.cpp).
#pragma once

#include <optional>
#include <string>

#include "assessment/scoring.h"

namespace canvass::assessment::testing {

inline Area County(const std::string& id, const std::string& name) {
  Area a;
  a.id = id;
  a.level = "county";
  a.name = name;
  return a;
}

inline Observation Obs(const std::string& ind, const std::string& area, double v, const std::string& unit = "percent",
                std::optional<double> moe = std::nullopt) {
  Observation o;
  o.indicator_id = ind;
  o.geo_level = "county";
  o.geo_id = area;
  o.period = "2021";
  o.value = v;
  o.unit = unit;
  o.moe = moe;
  o.source_kind = "generic";
  o.source_file = "hand.csv";
  return o;
}

}  // namespace canvass::assessment::testing
