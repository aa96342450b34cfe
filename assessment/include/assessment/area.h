// Area: a place of the project's jurisdiction (county, ZIP, tract, CoC, state, or a
// custom named place inside a parent). Ids are text, zero-padded, never integers.
#pragma once

#include <optional>
#include <string>

#include "core/value.h"

namespace canvass::assessment {

struct Area {
  std::string id;
  std::string level;        // state|county|zip|tract|coc|custom
  std::string name;
  std::string parent_id;    // custom places sit inside a parent area
  std::string source;
  std::optional<double> land_area_sqm, lat, lon;
  core::Value ToValue() const;
  static bool FromValue(const core::Value& v, Area* out, std::string* error);
};

}  // namespace canvass::assessment
