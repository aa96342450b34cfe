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

// The area id of a GeoJSON feature: "id" (a string, or a whole number), else
// properties.GEO_ID after "US" ("0500000US48163" -> "48163"), else properties.GEOID; "" if none.
// The report's map and the desktop map use it, so both draw the same areas.
std::string GeoJsonFeatureId(const core::Value& feature);

}  // namespace canvass::assessment
