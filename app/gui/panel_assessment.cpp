// Assessment screen: run the assessment, the ranked table (sortable; a click selects the
// area), the choropleth map (ImDrawList triangles from the workspace's boundaries; hover
// shows name and score, click selects, wheel zooms, drag pans), the selected area's detail, the scoring-profile
// editor (panel_assessment_profile.cpp), past runs with a comparison, and export. Draws from AssessmentView (const) and
// AssessmentUi; pushes cmd::Assessment.
//
// [SECTION] helpers   [SECTION] table   [SECTION] map   [SECTION] detail
// [SECTION] runs, export   [SECTION] screen   (the Profile tab: panel_assessment_profile.cpp)
#include <imgui.h>
#include <imgui_internal.h>  // SetItemUsingMouseWheel
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "assessment_map.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace cmd = app::cmd;
using app::AssessmentView;

namespace {

// [SECTION] helpers

void Push(app::Commands& out, cmd::Assessment c) { out.Push(std::move(c)); }

std::string Score(const std::optional<double>& v) {
  if (!v) return "n/a";
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", *v);
  return b;
}

// The report's palette (assessment/svg_charts.cpp): 5 classes by the 0-100 score.
const ImU32 kPalette[] = {IM_COL32(0xfe, 0xe5, 0xd9, 255), IM_COL32(0xfc, 0xae, 0x91, 255), IM_COL32(0xfb, 0x6a, 0x4a, 255),
                          IM_COL32(0xde, 0x2d, 0x26, 255), IM_COL32(0xa5, 0x0f, 0x15, 255)};
const ImU32 kNoData = IM_COL32(110, 110, 115, 255);
const ImU32 kHatch = IM_COL32(170, 170, 175, 255);
ImU32 ColorOf(double v) { return kPalette[std::min(4, std::max(0, static_cast<int>(v / 20.0)))]; }

void KeyValue(const char* k, const std::string& v) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(k);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(v.c_str());
}

// [SECTION] table

enum Col { kRank, kArea, kScore, kBand, kDrivers, kInterview, kTaskforce, kGap, kCols };

bool Less(const app::AssessRow& a, const app::AssessRow& b, int col) {
  auto rank = [](const app::AssessRow& r) { return r.rank ? r.rank : 1 << 30; };
  switch (col) {
    case kArea: return a.name < b.name;
    case kScore: return a.score.value_or(-1) < b.score.value_or(-1);
    case kBand: return (a.rank_hi - a.rank_lo) < (b.rank_hi - b.rank_lo);
    case kDrivers: return a.drivers < b.drivers;
    case kInterview: return a.interview < b.interview;
    case kTaskforce: return a.taskforce < b.taskforce;
    case kGap: return a.gap < b.gap;
    default: return rank(a) < rank(b);
  }
}

void SortOrder(const AssessmentView& v, AssessmentUi& ui) {
  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  int col = kRank;
  bool asc = true;
  if (specs && specs->SpecsCount > 0) {
    col = static_cast<int>(specs->Specs[0].ColumnUserID);
    asc = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
  }
  std::string key = v.run_id + "/" + std::to_string(v.rows.size()) + "/" + std::to_string(col) + (asc ? "a" : "d");
  if (specs) specs->SpecsDirty = false;
  if (key == ui.order_key) return;
  ui.order_key = key;
  ui.order.resize(v.rows.size());
  for (size_t i = 0; i < ui.order.size(); ++i) ui.order[i] = static_cast<int>(i);
  std::stable_sort(ui.order.begin(), ui.order.end(), [&](int a, int b) {
    const auto &x = v.rows[static_cast<size_t>(a)], &y = v.rows[static_cast<size_t>(b)];
    return asc ? Less(x, y, col) : Less(y, x, col);
  });
}

void RankedTable(const AssessmentView& v, AssessmentUi& ui, app::Commands& out) {
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_SizingStretchProp;
  TableScope table("##assess_table", kCols, flags, ImVec2(0, 0));
  if (!table.open()) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  const char* names[kCols] = {"Rank", "Area", "Score", "Rank band", "Top drivers", "Interviews", "Task force", "Gap"};
  const float widths[kCols] = {0.7f, 2.f, 0.8f, 1.f, 3.f, 1.f, 1.f, 0.6f};
  for (int c = 0; c < kCols; ++c)
    ImGui::TableSetupColumn(names[c], c == kRank ? ImGuiTableColumnFlags_DefaultSort : 0, widths[c], static_cast<ImGuiID>(c));
  ImGui::TableHeadersRow();
  SortOrder(v, ui);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(ui.order.size()));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const app::AssessRow& r = v.rows[static_cast<size_t>(ui.order[static_cast<size_t>(i)])];
      IdScope id(r.area_id);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      std::string rank = r.rank ? std::to_string(r.rank) : "-";
      if (ImGui::Selectable(Wid(rank, "row").c_str(), v.selected == r.area_id, ImGuiSelectableFlags_SpanAllColumns))
        Push(out, {cmd::AssessSelect{r.area_id}});
      Probe("assess_row/" + r.area_id);
      ImGui::TableNextColumn(); ImGui::TextUnformatted(r.name.c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(Score(r.score).c_str());
      ImGui::TableNextColumn();
      if (r.rank) ImGui::Text("%d-%d", r.rank_lo, r.rank_hi);
      ImGui::TableNextColumn(); ImGui::TextUnformatted(r.drivers.c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(r.interview.c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(r.taskforce.c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(r.gap ? "gap" : "");
    }
}

// [SECTION] map

void EnsureGeometry(const AssessmentView& v, AssessmentUi& ui) {
  if (ui.geometry_version == v.boundaries_version && ui.geometry_keep == v.names.size()) return;
  ui.geometry_version = v.boundaries_version;
  ui.geometry_keep = v.names.size();
  ui.geometry = MapGeometry();
  ui.map_view.Reset();
  ui.geometry_error.clear();
  if (!v.boundaries) return;
  std::set<std::string> keep;
  for (const auto& [id, name] : v.names) keep.insert(id);
  auto g = BuildMapGeometry(*v.boundaries, keep, v.boundaries_name);
  if (g.ok()) ui.geometry = std::move(*g);
  else ui.geometry_error = g.status().message();
}

// Diagonal hatching inside one screen-space triangle: each line x - y = c cut to the triangle.
void HatchTriangle(ImDrawList* dl, ImVec2 a, ImVec2 b, ImVec2 c, float step) {
  float lo = std::min({a.x - a.y, b.x - b.y, c.x - c.y}), hi = std::max({a.x - a.y, b.x - b.y, c.x - c.y});
  for (float k = std::ceil(lo / step) * step; k <= hi; k += step) {
    ImVec2 pts[2];
    int n = 0;
    const ImVec2 e[3][2] = {{a, b}, {b, c}, {c, a}};
    for (const auto& s : e) {
      float f0 = s[0].x - s[0].y - k, f1 = s[1].x - s[1].y - k;
      if ((f0 < 0) == (f1 < 0) || n == 2) continue;
      float t = f0 / (f0 - f1);
      pts[n++] = ImVec2(s[0].x + t * (s[1].x - s[0].x), s[0].y + t * (s[1].y - s[0].y));
    }
    if (n == 2) dl->AddLine(pts[0], pts[1], kHatch);
  }
}

void Legend(ImDrawList* dl, ImVec2 at) {
  const float sw = ImGui::GetFontSize();
  const char* labels[] = {"0-20", "20-40", "40-60", "60-80", "80-100"};
  for (int i = 0; i < 5; ++i) {
    ImVec2 p(at.x, at.y + i * (sw + 4));
    dl->AddRectFilled(p, ImVec2(p.x + sw, p.y + sw), kPalette[i]);
    dl->AddText(ImVec2(p.x + sw + 6, p.y), IM_COL32(230, 230, 230, 255), labels[i]);
  }
  ImVec2 p(at.x, at.y + 5 * (sw + 4));
  dl->AddRectFilled(p, ImVec2(p.x + sw, p.y + sw), kNoData);
  HatchTriangle(dl, p, ImVec2(p.x + sw, p.y), ImVec2(p.x + sw, p.y + sw), 4.f);
  HatchTriangle(dl, p, ImVec2(p.x + sw, p.y + sw), ImVec2(p.x, p.y + sw), 4.f);
  dl->AddText(ImVec2(p.x + sw + 6, p.y), IM_COL32(230, 230, 230, 255), "no data");
}

}  // namespace

float MapLegendWidth() { return ImGui::GetFontSize() * 6; }

namespace {

// Wheel zooms about the cursor, a drag pans, a double-click returns to fit-all. Returns the
// index of the shape to select: a click released on the map without dragging; -1 otherwise.
int MapInput(const MapGeometry& g, const MapFit& all, bool released, MapView* view) {
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemHovered() && io.MouseWheel != 0)
    view->ZoomAbout(all, io.MousePos.x, io.MousePos.y, std::pow(1.25, static_cast<double>(io.MouseWheel)));
  if (ImGui::IsItemActive()) {
    ImVec2 d = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left);
    if (d.x != 0 || d.y != 0) {
      view->Pan(all, d.x, d.y);
      ImGui::ResetMouseDragDelta(ImGuiMouseButton_Left);
    }
  }
  if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) view->Reset();
  const float thr = io.MouseDragThreshold;
  if (!released || io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] >= thr * thr) return -1;
  MapFit fit(g, all.x0, all.y0, all.w, all.h, *view);
  if (io.MousePos.x >= all.x0 + all.w) return -1;  // on the legend
  return HitTest(g, fit.ToMap(io.MousePos.x, io.MousePos.y));
}

class ClipScope {
 public:
  ClipScope(ImDrawList* dl, ImVec2 mn, ImVec2 mx) : dl_(dl) { dl_->PushClipRect(mn, mx, true); }
  ~ClipScope() { dl_->PopClipRect(); }
  ClipScope(const ClipScope&) = delete;
  ClipScope& operator=(const ClipScope&) = delete;

 private:
  ImDrawList* dl_;
};

void DrawShapes(const AssessmentView& v, const MapGeometry& g, const MapFit& fit, int hover, ImDrawList* dl) {
  auto to_screen = [&](MapPt p) {
    ImVec2 s;
    fit.ToScreen(p, &s.x, &s.y);
    return s;
  };
  ClipScope clip(dl, ImVec2(fit.x0, fit.y0), ImVec2(fit.x0 + fit.w, fit.y0 + fit.h));
  for (size_t i = 0; i < g.shapes.size(); ++i) {
    const MapShape& s = g.shapes[i];
    ImVec2 lo = to_screen({s.lo.x, s.hi.y}), hi = to_screen({s.hi.x, s.lo.y});
    if (hi.x < fit.x0 || lo.x > fit.x0 + fit.w || hi.y < fit.y0 || lo.y > fit.y0 + fit.h) continue;  // off screen
    auto it = v.scores.find(s.id);
    ImU32 fill = it != v.scores.end() ? ColorOf(it->second) : kNoData;
    for (size_t k = 0; k + 2 < s.triangles.size(); k += 3) {
      ImVec2 a = to_screen(s.triangles[k]), b = to_screen(s.triangles[k + 1]), c = to_screen(s.triangles[k + 2]);
      dl->AddTriangleFilled(a, b, c, fill);
      if (it == v.scores.end()) HatchTriangle(dl, a, b, c, 6.f);
    }
    bool sel = s.id == v.selected, hov = static_cast<int>(i) == hover;
    for (const auto& ring : s.rings) {
      std::vector<ImVec2> pts;
      pts.reserve(ring.size());
      for (const auto& p : ring) pts.push_back(to_screen(p));
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), sel || hov ? IM_COL32(40, 120, 255, 255) : IM_COL32(40, 40, 40, 255),
                      ImDrawFlags_Closed, sel ? 2.5f : hov ? 2.f : 0.6f);
    }
  }
}

void Map(const AssessmentView& v, AssessmentUi& ui, app::Commands& out) {
  EnsureGeometry(v, ui);
  if (!ui.geometry_error.empty()) ErrorText("Map not drawn: " + ui.geometry_error);
  const MapGeometry& g = ui.geometry;
  if (g.empty()) { MutedText("No boundaries for these areas: load a GeoJSON file under Export & data."); return; }
  {
    DisabledScope d(ui.map_view.fitted());
    if (ImGui::SmallButton("Reset view###map_reset")) ui.map_view.Reset();
    Probe("map_reset");
  }
  ImGui::SameLine();
  char zoom[96];
  std::snprintf(zoom, sizeof zoom, "%.1fx; wheel zooms, drag pans, double-click fits. ", ui.map_view.zoom);
  MutedText(zoom + ("Boundaries: " + v.boundaries_name));
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.y = std::max(size.y, 200.f);
  ImVec2 origin = ImGui::GetCursorScreenPos();
  const bool released = ImGui::InvisibleButton("###assess_map", size);
  ImGui::SetItemUsingMouseWheel();  // the wheel zooms the map, it does not scroll the pane
  Probe("assess_map");
  const float legend_w = MapLegendWidth();
  const MapFit all(g, origin.x, origin.y, size.x - legend_w, size.y);
  ui.map_view.Clamp(all);  // the pane may have been resized
  int clicked = MapInput(g, all, released, &ui.map_view);
  const MapFit fit(g, all.x0, all.y0, all.w, all.h, ui.map_view);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  int hover = -1;
  ImVec2 m = ImGui::GetIO().MousePos;
  if (ImGui::IsItemHovered() && m.x < all.x0 + all.w) hover = HitTest(g, fit.ToMap(m.x, m.y));
  DrawShapes(v, g, fit, hover, dl);
  Legend(dl, ImVec2(origin.x + size.x - legend_w + 8, origin.y + 8));
  if (hover >= 0 && !ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
    const std::string& id = g.shapes[static_cast<size_t>(hover)].id;
    auto n = v.names.find(id);
    auto sc = v.scores.find(id);
    ImGui::SetTooltip("%s\nscore %s", n != v.names.end() ? n->second.c_str() : id.c_str(),
                      sc != v.scores.end() ? Score(sc->second).c_str() : "no data");
  }
  if (clicked >= 0) Push(out, {cmd::AssessSelect{g.shapes[static_cast<size_t>(clicked)].id}});
}

// [SECTION] detail

void Detail(const AssessmentView& v) {
  const app::AreaDetail& d = v.detail;
  if (v.selected.empty()) { MutedText("Select an area in the table or on the map."); return; }
  ImGui::Text("%s (%s)", d.name.c_str(), d.area_id.c_str());
  Probe("assess_detail");
  ImGui::Text("Score %s; %.0f%% of the weight has data", Score(d.score).c_str(), d.coverage * 100);
  MutedText(d.uncertainty);
  for (const auto& g : d.gap) ErrorText("Gap: " + g);
  for (size_t f = 0; f < d.factors.size(); ++f) {
    const app::FactorDetail& fd = d.factors[f];
    IdScope id(fd.id);
    std::string head = fd.label + "  (weight " + Score(fd.weight) + ", score " + Score(fd.score) + ", +" +
                       Score(fd.contribution) + " points)";
    if (!ImGui::CollapsingHeader(Wid(head, "factor").c_str())) continue;
    MutedText(fd.rationale);
    TableScope t("##inds", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp);
    if (!t.open()) continue;
    for (const char* h : {"Indicator", "Value", "Rate", "Pctl", "Period", "Source / status"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const auto& l : fd.indicators) {
      ImGui::TableNextRow();
      for (const std::string* s : {&l.id, &l.value, &l.rate, &l.percentile, &l.period}) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s->c_str());
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted((l.source.empty() ? l.status : l.source + "; " + l.status).c_str());
    }
  }
  if (ImGui::CollapsingHeader("Interview and task-force signals###signals", ImGuiTreeNodeFlags_DefaultOpen)) {
    TableScope t("##signals", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp);
    if (t.open())
      for (const auto& [k, val] : d.signals) KeyValue(k.c_str(), val);
  }
  if (ImGui::CollapsingHeader("Coded themes###themes", ImGuiTreeNodeFlags_DefaultOpen)) {
    if (d.themes.empty()) MutedText("No coded themes for this area.");
    TableScope t("##themes", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp);
    if (t.open())
      for (const auto& [k, val] : d.themes) KeyValue(k.c_str(), val);
  }
  MutedText("Counts below " + std::to_string(v.threshold) + " are shown as \"<" + std::to_string(v.threshold) +
            "\"; \"(s)\" hides a count that would reveal one.");
}

}  // namespace

namespace {

// [SECTION] runs, export

void Runs(const AssessmentView& v, AssessmentUi& ui, app::Commands& out) {
  if (v.runs.empty()) { MutedText("No saved runs yet."); return; }
  {
    TableScope t("##runs", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp |
                               ImGuiTableFlags_ScrollY, ImVec2(0, ImGui::GetFontSize() * 10));
    if (t.open()) {
      for (const char* h : {"Run", "Created (UTC)", "Profile", "Summary", ""}) ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (const auto& r : v.runs) {
        IdScope id(r.run_id);
        ImGui::TableNextRow();
        ImGui::TableNextColumn(); ImGui::TextUnformatted((r.run_id + (r.label.empty() ? "" : " [" + r.label + "]")).c_str());
        ImGui::TableNextColumn(); ImGui::TextUnformatted(r.created_at.c_str());
        ImGui::TableNextColumn(); ImGui::TextUnformatted(r.profile_name.c_str());
        ImGui::TableNextColumn(); ImGui::TextUnformatted(r.summary.c_str());
        ImGui::TableNextColumn();
        const std::string& shown = v.has_result ? v.run_id : v.runs.front().run_id;
        DisabledScope d(r.run_id == shown);
        if (ImGui::SmallButton("Compare###cmp")) Push(out, {cmd::AssessCompare{r.run_id}});
        Probe("compare/" + r.run_id);
      }
    }
  }
  if (!v.has_result) MutedText("Compare shows what moved between a run and the newest run (or the one run now).");
  if (v.compare_run.empty()) return;
  ImGui::Text("What moved since %s:", v.compare_run.c_str());
  for (size_t i = 0; i < v.compare_lines.size() && i < 8; ++i)
    if (v.compare_lines[i].find(": rank ") == std::string::npos) ImGui::TextUnformatted(v.compare_lines[i].c_str());
  TableScope t("##moves", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp |
                              ImGuiTableFlags_ScrollY);
  if (!t.open()) return;
  for (const char* h : {"Area", "Rank before", "Rank now", "Why"}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const auto& m : v.moves) {
    IdScope id(m.area_id);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::Selectable(Wid(m.name, "move").c_str(), v.selected == m.area_id, ImGuiSelectableFlags_SpanAllColumns))
      Push(out, {cmd::AssessSelect{m.area_id}});
    ImGui::TableNextColumn(); ImGui::TextUnformatted(m.before ? std::to_string(m.before).c_str() : "-");
    ImGui::TableNextColumn(); ImGui::TextUnformatted(m.after ? std::to_string(m.after).c_str() : "-");
    ImGui::TableNextColumn(); ImGui::TextUnformatted(m.why.c_str());
  }
  (void)ui;
}

// Where the chooser starts: the folder of the last file chosen for this purpose (else the
// home folder), with `name` prefilled.
std::string StartAt(const std::string& last, const std::string& name) {
  std::string dir = std::filesystem::path(last).parent_path().string();
  return (dir.empty() ? HomeDir() : dir) + "/" + name;
}

void ExportAndData(const AssessmentView& v, AssessmentUi& ui) {
  ImGui::TextUnformatted("Export the current run (files are written readable by you only):");
  {
    DisabledScope d(!v.has_result);
    const std::string base = "assessment-" + (v.run_id.empty() ? std::string("run") : v.run_id);
    if (ImGui::Button("Write HTML report...###export_html"))
      ui.chooser.Open(FileChooser::Mode::kSave, "export_html", "Write the HTML report", StartAt(ui.export_path, base + ".html"),
                      {".html"});
    Probe("export_html");
    ImGui::SameLine();
    if (ImGui::Button("Write scores CSV...###export_csv"))
      ui.chooser.Open(FileChooser::Mode::kSave, "export_csv", "Write the scores CSV", StartAt(ui.export_path, base + ".csv"),
                      {".csv"});
    Probe("export_csv");
  }
  if (!ui.export_path.empty()) MutedText("Last written: " + ui.export_path);
  ImGui::Separator();
  ImGui::TextUnformatted("Map boundaries, kept in the workspace:");
  MutedText(v.boundaries_name.empty() ? "none" : v.boundaries_name);
  if (ImGui::Button("Load boundaries...###load_boundaries"))
    ui.chooser.Open(FileChooser::Mode::kOpen, "boundaries", "Load area boundaries (GeoJSON, county polygons keyed by FIPS)",
                    StartAt(ui.boundaries_path, ""), {".geojson", ".json"});
  Probe("load_boundaries");
}

// A path chosen in the file chooser: the command it was chosen for.
void Chosen(AssessmentUi& ui, app::Commands& out) {
  const std::string& id = ui.chooser.id();
  const std::string& path = ui.chooser.chosen();
  if (id == "export_html" || id == "export_csv") {
    ui.export_path = path;
    Push(out, {cmd::AssessExport{path, id == "export_csv"}});
  } else if (id == "boundaries") {
    ui.boundaries_path = path;
    Push(out, {cmd::AssessLoadBoundaries{path}});
  } else if (id == "profile_save" || id == "profile_load") {
    ui.profile_path = path;
    Push(out, {cmd::AssessProfileFile{path, id == "profile_save"}});
  }
}

class TabBarScope {
 public:
  explicit TabBarScope(const char* id) : open_(ImGui::BeginTabBar(id)) {}
  ~TabBarScope() { if (open_) ImGui::EndTabBar(); }
  bool open() const { return open_; }
  TabBarScope(const TabBarScope&) = delete;
  TabBarScope& operator=(const TabBarScope&) = delete;

 private:
  bool open_;
};

// Draws `body` when the tab is selected; records the tab for tests. `ui.open_tab` (one-shot)
// selects a tab from outside (the demo's --screen assessment-map).
template <typename Fn>
void Tab(const char* label, const char* id, AssessmentUi& ui, Fn&& body) {
  const ImGuiTabItemFlags flags = ui.open_tab == id ? ImGuiTabItemFlags_SetSelected : 0;
  if (flags) ui.open_tab.clear();
  bool open = ImGui::BeginTabItem(Wid(label, id).c_str(), nullptr, flags);
  Probe(id);
  if (!open) return;
  body();
  ImGui::EndTabItem();
}

}  // namespace

// [SECTION] screen

void DrawAssessment(const AssessmentView& v, AssessmentUi& ui, app::Commands& out) {
  ImGui::TextUnformatted("Assessment");
  ImGui::Separator();
  if (!v.error.empty()) ErrorText(v.error);
  if (!v.message.empty()) {
    ColorScope c(ImGuiCol_Text, kOkColor);
    ImGui::TextWrapped("%s", v.message.c_str());
  }
  if (ImGui::Button("Run assessment###assess_run")) Push(out, {cmd::AssessRun{ui.run_label}});
  Probe("assess_run");
  ImGui::SameLine();
  {
    WidthScope w(ImGui::GetFontSize() * 14);
    ImGui::InputTextWithHint("###assess_label", "label for the run (optional)", &ui.run_label);
  }
  if (v.has_result) {
    ImGui::Text("%s, %s: %d of %zu areas ranked; uncertainty from %d draws; counts below %d suppressed.", v.run_id.c_str(),
                v.created_at.c_str(), v.ranked, v.rows.size(), v.perturbations, v.threshold);
    for (const auto& n : v.notes) MutedText("Note: " + n);
  } else {
    MutedText("Run scores the workspace's indicators, final interviews and coded themes with the profile below, as "
              "canvass-cli assess does, and saves the run.");
  }
  const float left = ImGui::GetContentRegionAvail().x * 0.6f;
  {
    ChildScope pane("##assess_left", ImVec2(left, 0), false);
    TabBarScope tabs("##assess_tabs");
    if (tabs.open()) {
      Tab("Ranking", "tab_ranking", ui, [&] {
        if (v.has_result) RankedTable(v, ui, out);
        else MutedText("No result yet: press Run assessment.");
      });
      Tab("Map", "tab_map", ui, [&] { Map(v, ui, out); });
      Tab("Profile", "tab_profile", ui, [&] { DrawAssessmentProfile(v, ui, out); });
      Tab("Runs", "tab_runs", ui, [&] { Runs(v, ui, out); });
      Tab("Export & data", "tab_export", ui, [&] { ExportAndData(v, ui); });
    }
  }
  ImGui::SameLine();
  {
    ChildScope pane("##assess_detail", ImVec2(0, 0), true);
    Detail(v);
  }
  if (DrawFileChooser(&ui.chooser)) Chosen(ui, out);
}

}  // namespace canvass::gui
