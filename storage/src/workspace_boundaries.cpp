// Map boundaries kept in the workspace (meta "boundaries.geojson"/"boundaries.name"): set
// once per workspace (canvass-cli areas boundaries, the GUI's "Load boundaries..."), read
// by the assessment's map and report; and the scoring profile the GUI edits (meta
// "assessment.profile"). Validated before anything is stored.
#include <cmath>

#include "assessment/area.h"
#include "assessment/scoring_profile.h"
#include "core/crypto_util.h"
#include "db.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;

namespace {

// "" when the ring is a closed-enough list of >= 4 [lon, lat] positions in range.
std::string RingError(const Value& ring) {
  if (!ring.is_array() || ring.as_array().size() < 4) return "a ring needs at least 4 positions";
  for (const auto& pt : ring.as_array()) {
    if (!pt.is_array() || pt.as_array().size() < 2 || !pt.as_array()[0].is_number() || !pt.as_array()[1].is_number())
      return "a position is not [longitude, latitude]";
    double x = pt.as_array()[0].as_number(), y = pt.as_array()[1].as_number();
    if (!(std::fabs(x) <= 180 && std::fabs(y) <= 90)) return "a position is outside longitude -180..180, latitude -90..90";
  }
  return "";
}

std::string PolygonError(const Value& rings) {
  if (!rings.is_array() || rings.as_array().empty()) return "a polygon needs at least one ring";
  for (const auto& r : rings.as_array())
    if (std::string e = RingError(r); !e.empty()) return e;
  return "";
}

std::string GeometryError(const Value* g) {
  if (!g || !g->is_object()) return "it has no geometry";
  const Value* type = g->Find("type");
  const Value* coords = g->Find("coordinates");
  std::string t = type && type->is_string() ? type->as_string() : "";
  if (t != "Polygon" && t != "MultiPolygon") return "its geometry is \"" + t + "\", not Polygon or MultiPolygon";
  if (!coords || !coords->is_array() || coords->as_array().empty()) return "its geometry has no coordinates";
  if (t == "Polygon") return PolygonError(*coords);
  for (const auto& poly : coords->as_array())
    if (std::string e = PolygonError(poly); !e.empty()) return e;
  return "";
}

}  // namespace

Result<int> ValidateBoundaries(std::string_view text, const std::string& source) {
  if (text.size() > kMaxBoundariesBytes)
    return Status::InvalidArgument(source + ": boundaries larger than " + std::to_string(kMaxBoundariesBytes >> 20) +
                                   " MiB; keep only the project's areas");
  CANVASS_ASSIGN_OR_RETURN(Value v, core::ParseJson(text, source));
  const Value* type = v.Find("type");
  const Value* feats = v.Find("features");
  if (!v.is_object() || !type || !type->is_string() || type->as_string() != "FeatureCollection" || !feats ||
      !feats->is_array())
    return Status::InvalidArgument(source + ": not a GeoJSON FeatureCollection (needs \"type\" and \"features\")");
  if (feats->as_array().empty()) return Status::InvalidArgument(source + ": the FeatureCollection has no features");
  int n = 0;
  for (const auto& f : feats->as_array()) {
    std::string where = source + ": feature " + std::to_string(n + 1);
    if (!f.is_object()) return Status::InvalidArgument(where + " is not an object");
    if (assessment::GeoJsonFeatureId(f).empty()) return Status::InvalidArgument(where + " has no area id (\"id\", properties.GEO_ID or properties.GEOID)");
    if (std::string e = GeometryError(f.Find("geometry")); !e.empty())
      return Status::InvalidArgument(where + ": " + e);
    ++n;
  }
  return n;
}

Status Workspace::SetBoundaries(const std::string& geojson, const std::string& name, int* features) {
  CANVASS_ASSIGN_OR_RETURN(int n, ValidateBoundaries(geojson, name));
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  CANVASS_RETURN_IF_ERROR(SetMeta("boundaries.geojson", geojson));
  CANVASS_RETURN_IF_ERROR(SetMeta("boundaries.name", name));
  CANVASS_RETURN_IF_ERROR(AppendAuditLocked("boundaries.set", name + ": " + std::to_string(n) + " features, sha256 " +
                                                                   core::Sha256Hex(geojson).substr(0, 16)));
  CANVASS_RETURN_IF_ERROR(tx.Commit());
  if (features) *features = n;
  return Status::Ok();
}

Result<StoredBoundaries> Workspace::GetBoundaries() {
  StoredBoundaries b;
  CANVASS_ASSIGN_OR_RETURN(b.geojson, GetMeta("boundaries.geojson"));
  auto name = GetMeta("boundaries.name");
  if (name.ok()) b.name = *name;
  return b;
}

Status Workspace::SetScoringProfile(const std::string& json) {
  std::string name = "default";
  if (!json.empty()) {
    CANVASS_ASSIGN_OR_RETURN(auto p, assessment::ScoringProfile::FromJson(json, "scoring profile"));
    name = p.name;
  }
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  CANVASS_RETURN_IF_ERROR(SetMeta("assessment.profile", json));
  CANVASS_RETURN_IF_ERROR(AppendAuditLocked("assessment.profile", json.empty() ? "reset to the default" : "profile " + name));
  return tx.Commit();
}

Result<std::string> Workspace::GetScoringProfile() {
  auto v = GetMeta("assessment.profile");
  if (!v.ok() && v.status().code() == core::Code::kNotFound) return std::string();
  return v;
}

}  // namespace canvass::storage
