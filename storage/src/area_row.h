// Reading and writing rows of the areas table.
#pragma once

#include "db.h"
#include "storage/types.h"

namespace canvass::storage {

// Columns ReadAreaRow expects, in order.
inline const char* kAreaCols = "area_id, level, name, ifnull(parent_id,''), source, land_area_sqm, lat, lon";

inline Area ReadAreaRow(const Stmt& q) {
  Area a{q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), {}, {}, {}};
  if (!q.IsNull(5)) a.land_area_sqm = q.Double(5);
  if (!q.IsNull(6)) a.lat = q.Double(6);
  if (!q.IsNull(7)) a.lon = q.Double(7);
  return a;
}

// Inserts or replaces one area (empty parent and absent numbers stored as NULL).
inline core::Status WriteAreaRow(Db* db, const Area& a) {
  Stmt ins = db->Prepare("INSERT OR REPLACE INTO areas(area_id, level, name, parent_id, land_area_sqm, lat, lon, source) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
  ins.Bind(1, a.id).Bind(2, a.level).Bind(3, a.name);
  if (a.parent_id.empty()) ins.BindNull(4); else ins.Bind(4, a.parent_id);
  if (a.land_area_sqm) ins.Bind(5, *a.land_area_sqm); else ins.BindNull(5);
  if (a.lat) ins.Bind(6, *a.lat); else ins.BindNull(6);
  if (a.lon) ins.Bind(7, *a.lon); else ins.BindNull(7);
  return ins.Bind(8, a.source).Run();
}

}  // namespace canvass::storage
