// The Assessment screen's view-model built from a de-identified AssessmentResult: an area's
// detail (factors, indicators with their status in plain words, signals, neighbours, coded
// themes, gap reasons), the task-force caseload tables and the guidance coverage.
#include "assessment_view.h"

#include <cstdio>

#include "assessment/caseload.h"
#include "assessment/guidance.h"

namespace canvass::app::internal {

namespace as = assessment;
using core::Value;

namespace {


std::string Fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

IndicatorLine Line(const as::AssessmentResult& r, const as::IndicatorCell& c, const std::string& per) {
  const auto& m = r.indicators[static_cast<size_t>(c.indicator)];
  IndicatorLine l{m.id, c.text.empty() ? "n/a" : c.text, "", "", "", c.period, c.status.empty() || c.status == "ok" ? "ok" : as::StatusLabel(c.status)};
  if (c.rate) l.rate = Fmt("%.2f", *c.rate) + " per 1,000 " + (per.empty() ? m.per : per);
  if (c.percentile) l.percentile = Fmt("%.0f", *c.percentile);
  if (c.source >= 0 && static_cast<size_t>(c.source) < r.sources.size())
    l.source = r.sources[static_cast<size_t>(c.source)].kind + ": " + r.sources[static_cast<size_t>(c.source)].file_name;
  else
    l.source = m.source_kind + " (derived)";
  return l;
}

}  // namespace

std::string Drivers(const as::AssessmentResult& r, const as::AreaResult& a) {
  std::string s;
  for (int f : a.drivers) s += (s.empty() ? "" : ", ") + r.profile.factors[static_cast<size_t>(f)].label;
  return s;
}

AreaDetail BuildDetail(const as::AssessmentResult& r, const as::AreaResult& a) {
  AreaDetail d;
  d.area_id = a.id;
  d.name = a.name;
  d.score = a.composite;
  d.coverage = a.coverage;
  d.uncertainty = a.rank ? "rank " + std::to_string(a.rank) + "; 90% interval " + std::to_string(a.rank_lo) + "-" +
                               std::to_string(a.rank_hi) + " under " + std::to_string(r.perturbations) +
                               " draws of margins of error and weights"
                         : "not ranked: no indicator data";
  for (size_t f = 0; f < r.profile.factors.size(); ++f) {
    const auto& pf = r.profile.factors[f];
    FactorDetail fd{pf.id, pf.label, pf.kind, pf.rationale, pf.weight, 0, std::nullopt, 0, {}};
    if (f < a.factors.size()) {
      fd.contribution = a.factors[f].contribution;
      fd.score = a.factors[f].score;
      fd.measures_used = a.factors[f].measures_used;
    }
    for (const auto& m : pf.measures) {
      const as::IndicatorCell* cell = nullptr;
      for (const auto& c : a.indicators)
        if (r.indicators[static_cast<size_t>(c.indicator)].id == m.indicator) cell = &c;
      if (cell) fd.indicators.push_back(Line(r, *cell, m.per));
      else fd.indicators.push_back({m.indicator, "n/a", "", "", "", "", "not available"});
    }
    d.factors.push_back(std::move(fd));
  }
  d.signals.push_back({"Stakeholders voicing concern", a.concern.text});
  d.signals.push_back({"Stakeholders naming instability", a.instability.text});
  for (const auto& [role, c] : a.concern_by_role) d.signals.push_back({"  concern, role " + role, c.text});
  for (const auto& [form, c] : a.concern_by_form) d.signals.push_back({"  concern, form " + form, c.text});
  d.signals.push_back({"Task-force data covers the area", a.taskforce_covered ? "yes" : "no"});
  d.signals.push_back({"Tips", a.tips.text});
  d.signals.push_back({"Victims served", a.victims_served.text});
  d.signals.push_back({"Identified by law enforcement", a.le_identified.text});
  d.signals.push_back({"Prosecutions", a.prosecutions.text});
  if (a.neighbours.known) {
    d.signals.push_back({"Neighbours in the project", std::to_string(a.neighbours.in_project)});
    std::string high;
    for (const auto& n : a.neighbours.high_risk) high += (high.empty() ? "" : ", ") + n;
    d.signals.push_back({"High-risk neighbours", high.empty() ? "none" : high});
  }
  for (const auto& [name, c] : a.themes) d.themes.push_back({name, c.text});
  for (const auto& g : r.gaps)
    if (g.area_id == a.id) d.gap.push_back(g.reason);
  return d;
}

void FillCaseloadAndGuidance(const as::AssessmentResult& r, AssessmentView* v) {
  v->caseload_totals.clear();
  for (const auto& [k, c] : r.caseload_totals.rows) v->caseload_totals.push_back({k, c.text});
  v->caseload.clear();
  for (const auto& t : r.taskforce_tables) {
    CaseloadTableView tv{t.title, {}, t.total.text, t.rows_withheld};
    for (const auto& [k, c] : t.rows) tv.rows.push_back({as::CaseloadRowLabel(k), c.text});
    v->caseload.push_back(std::move(tv));
  }
  v->caseload_notes = r.caseload_notes;
  v->guidance.clear();
  for (const auto& g : as::GuidanceCoverage(r))
    v->guidance.push_back({g.group, g.question, g.answered_by, g.status, g.how_to_add, g.where, g.has_data});
  v->spillover.clear();
  for (const auto& x : r.spillover) v->spillover.push_back({x.name, x.high_risk_neighbours});
}

int RankOf(const Value& area) {
  const Value* r = area.Find("rank");
  return r && r->is_number() ? static_cast<int>(r->as_number()) : 0;
}


}  // namespace canvass::app::internal
