// The Assessment screen's view-model built from a de-identified AssessmentResult: an area's
// detail (factors, indicators with their status in plain words, signals, neighbours, coded
// themes, gap reasons), the task-force caseload tables and the guidance coverage.
#include "assessment_view.h"

#include "app/i18n.h"
#include "assessment/caseload.h"
#include "assessment/guidance.h"

namespace canvass::app::internal {

namespace as = assessment;
using core::Value;

namespace {

// "per 1,000 residents": the profile's key ("residents", "workers") in the app's language; a
// key the app does not know is shown as it is.
std::string PerThousand(const std::string& per) {
  const std::string key = "assessment.per_" + per;
  return F("assessment.per_thousand", i18n::Current().Has(key) ? T(key) : per);
}

IndicatorLine Line(const as::AssessmentResult& r, const as::IndicatorCell& c, const std::string& per) {
  const auto& m = r.indicators[static_cast<size_t>(c.indicator)];
  // Values, statuses and sources are the assessment's own texts, as its report shows them.
  IndicatorLine l{m.id, c.text.empty() ? T("assessment.na") : c.text, "", "", "", c.period,
                  c.status.empty() || c.status == "ok" ? "ok" : as::StatusLabel(c.status)};
  if (c.rate) l.rate = i18n::Current().Decimal(*c.rate, 2) + " " + PerThousand(per.empty() ? m.per : per);
  if (c.percentile) l.percentile = i18n::Current().Decimal(*c.percentile, 0);
  if (c.source >= 0 && static_cast<size_t>(c.source) < r.sources.size())
    l.source = r.sources[static_cast<size_t>(c.source)].kind + ": " + r.sources[static_cast<size_t>(c.source)].file_name;
  else
    l.source = F("msg.assessment.derived", m.source_kind);
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
  d.uncertainty = a.rank ? F("msg.assessment.uncertainty", a.rank, a.rank_lo, a.rank_hi, r.perturbations)
                         : T("msg.assessment.not_ranked");
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
      else fd.indicators.push_back({m.indicator, T("assessment.na"), "", "", "", "", as::StatusLabel(as::obs_status::kNotAvailable)});
    }
    d.factors.push_back(std::move(fd));
  }
  // The screen's own labels; the counts are the assessment's texts ("withheld", "n/a").
  d.signals.push_back({T("msg.assessment.sig_concern"), a.concern.text});
  d.signals.push_back({T("msg.assessment.sig_instability"), a.instability.text});
  for (const auto& [role, c] : a.concern_by_role) d.signals.push_back({"  " + F("msg.assessment.sig_role", role), c.text});
  for (const auto& [form, c] : a.concern_by_form) d.signals.push_back({"  " + F("msg.assessment.sig_form", form), c.text});
  d.signals.push_back({T("msg.assessment.sig_covered"), T(a.taskforce_covered ? "msg.assessment.yes" : "msg.assessment.no")});
  d.signals.push_back({T("msg.assessment.sig_tips"), a.tips.text});
  d.signals.push_back({T("msg.assessment.sig_served"), a.victims_served.text});
  d.signals.push_back({T("msg.assessment.sig_identified"), a.le_identified.text});
  d.signals.push_back({T("msg.assessment.sig_prosecutions"), a.prosecutions.text});
  if (a.neighbours.known) {
    d.signals.push_back({T("msg.assessment.sig_neighbours"), i18n::Current().Number(a.neighbours.in_project)});
    std::string high;
    for (const auto& n : a.neighbours.high_risk) high += (high.empty() ? "" : ", ") + n;
    d.signals.push_back({T("msg.assessment.sig_high_risk"), high.empty() ? T("msg.assessment.none") : high});
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
