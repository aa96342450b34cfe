// Area value conversions (bundles, --json output).
#include "assessment/area.h"

#include <cstdio>

namespace canvass::assessment {

using core::Value;

namespace {


void PutOpt(Value::Object& o, const char* key, const std::optional<double>& d) {
  if (d) o[key] = Value(*d);
}

bool GetOpt(const Value& v, const char* key, std::optional<double>* out, std::string* error) {
  const Value* f = v.Find(key);
  if (!f || f->is_null()) { out->reset(); return true; }
  if (!f->is_number()) { *error = std::string("\"") + key + "\" must be a number"; return false; }
  *out = f->as_number();
  return true;
}

}  // namespace

Value Area::ToValue() const {
  Value::Object o{{"id", id}, {"level", level}, {"name", name}};
  if (!parent_id.empty()) o["parent_id"] = parent_id;
  if (!source.empty()) o["source"] = source;
  PutOpt(o, "land_area_sqm", land_area_sqm);
  PutOpt(o, "lat", lat);
  PutOpt(o, "lon", lon);
  return Value(std::move(o));
}

bool Area::FromValue(const Value& v, Area* a, std::string* error) {
  if (!v.is_object()) { *error = "an area must be an object"; return false; }
  return core::ReadStringField(v, "id", &a->id, error) && core::ReadStringField(v, "level", &a->level, error) &&
         core::ReadStringField(v, "name", &a->name, error) &&
         core::ReadStringField(v, "parent_id", &a->parent_id, error, true) &&
         core::ReadStringField(v, "source", &a->source, error, true) &&
         GetOpt(v, "land_area_sqm", &a->land_area_sqm, error) && GetOpt(v, "lat", &a->lat, error) &&
         GetOpt(v, "lon", &a->lon, error);
}

std::string GeoJsonFeatureId(const core::Value& f) {
  if (const core::Value* id = f.Find("id")) {
    if (id->is_string()) return id->as_string();
    if (id->is_number()) {
      char b[32];
      std::snprintf(b, sizeof b, "%.0f", id->as_number());
      return b;
    }
  }
  if (const core::Value* p = f.Find("properties"); p && p->is_object()) {
    if (const core::Value* g = p->Find("GEO_ID"); g && g->is_string()) {
      const std::string& s = g->as_string();
      auto us = s.find("US");
      return us == std::string::npos ? s : s.substr(us + 2);
    }
    if (const core::Value* g = p->Find("GEOID"); g && g->is_string()) return g->as_string();
  }
  return "";
}

}  // namespace canvass::assessment
