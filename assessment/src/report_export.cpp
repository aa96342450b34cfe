// Scores CSV, the run JSON (what --compare reads) and the comparison of two runs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "assessment/report.h"

namespace canvass::assessment {

using core::Value;

namespace {

std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) { if (c == '"') o += '"'; o += c; }
  return o + "\"";
}

std::string D(const std::optional<double>& v, const char* fmt = "%.2f") {
  if (!v) return "";
  char b[32];
  std::snprintf(b, sizeof b, fmt, *v);
  return b;
}

Value Opt(const std::optional<double>& v) { return v ? Value(std::round(*v * 100) / 100) : Value(); }

Value CountValue(const Count& c) { return Value(Value::Object{{"text", c.text}, {"value", Opt(c.value)}, {"suppressed", c.suppressed}}); }

Value Rows(const std::vector<std::pair<std::string, Count>>& rows) {
  Value::Object o;
  for (const auto& [k, c] : rows) o[k] = CountValue(c);
  return Value(std::move(o));
}

}  // namespace

std::string RenderScoresCsv(const AssessmentResult& r) {
  std::string s = "rank,rank_low,rank_high,area_id,area_name,composite,risk_percentile,coverage_pct";
  for (const auto& f : r.profile.factors) s += "," + Csv("factor_" + f.id);
  s += ",drivers,stakeholders_concerned,taskforce_covered,tips,victims_served,in_gap_analysis\n";
  std::set<std::string> gaps;
  for (const auto& g : r.gaps) gaps.insert(g.area_id);
  for (const auto& a : r.areas) {
    s += (a.rank ? std::to_string(a.rank) + "," + std::to_string(a.rank_lo) + "," + std::to_string(a.rank_hi) : ",,") + "," +
         Csv(a.id) + "," + Csv(a.name) + "," + D(a.composite) + "," + D(a.risk_index, "%.0f") + "," + D(a.coverage * 100, "%.0f");
    for (const auto& f : a.factors) s += "," + D(f.score, "%.1f");
    std::string drv;
    for (int f : a.drivers) drv += (drv.empty() ? "" : ";") + r.profile.factors[static_cast<size_t>(f)].id;
    s += "," + Csv(drv) + "," + Csv(a.concern.text) + "," + (a.taskforce_covered ? "yes" : "no") + "," +
         Csv(a.taskforce_covered ? a.tips.text : "") + "," + Csv(a.taskforce_covered ? a.victims_served.text : "") + "," +
         (gaps.count(a.id) ? "yes" : "no") + "\n";
  }
  return s;
}

Value ResultToJson(const AssessmentResult& r, const ReportMeta& meta) {
  Value::Array areas;
  for (const auto& a : r.areas) {
    Value::Object factors;
    for (size_t f = 0; f < a.factors.size(); ++f) factors[r.profile.factors[f].id] = Opt(a.factors[f].score);
    Value::Array drivers;
    for (int f : a.drivers) drivers.push_back(Value(r.profile.factors[static_cast<size_t>(f)].id));
    Value::Object inds;
    for (const auto& c : a.indicators) {
      const auto& m = r.indicators[static_cast<size_t>(c.indicator)];
      // Compact: [shown text, rate or null, percentile or null, period] (the run snapshot of 3,200
      // areas x 50 indicators stays a few MB).
      inds[m.id] = Value(Value::Array{Value(c.text), Opt(c.rate), Opt(c.percentile), Value(c.period)});
    }
    areas.push_back(Value(Value::Object{
        {"id", a.id}, {"name", a.name}, {"rank", a.rank}, {"rank_low", a.rank_lo}, {"rank_high", a.rank_hi},
        {"composite", Opt(a.composite)}, {"risk_percentile", Opt(a.risk_index)}, {"coverage", Opt(a.coverage)},
        {"factors", Value(std::move(factors))}, {"drivers", Value(std::move(drivers))}, {"indicators", Value(std::move(inds))},
        {"concern", CountValue(a.concern)}, {"concern_by_role", Rows(a.concern_by_role)}, {"concern_by_form", Rows(a.concern_by_form)},
        {"themes", Rows(a.themes)}, {"taskforce_covered", a.taskforce_covered}, {"tips", CountValue(a.tips)},
        {"victims_served", CountValue(a.victims_served)}, {"le_identified", CountValue(a.le_identified)},
        {"prosecutions", CountValue(a.prosecutions)}}));
  }
  Value::Array gaps, silent, tables, sources, notes;
  for (const auto& g : r.gaps)
    gaps.push_back(Value(Value::Object{{"area", g.area_id}, {"reason", g.reason}, {"concern", CountValue(g.concern)},
                                       {"risk_percentile", Opt(g.risk_index)}, {"covered", g.covered}}));
  for (const auto& s : r.silent_sources) silent.push_back(Value(Value::Object{{"source", s.source}, {"reason", s.reason}}));
  for (const auto& t : r.taskforce_tables)
    tables.push_back(Value(Value::Object{{"title", t.title}, {"rows", Rows(t.rows)}, {"total", CountValue(t.total)}}));
  for (const auto& s : r.sources)
    sources.push_back(Value(Value::Object{{"kind", s.kind}, {"file", s.file_name}, {"sha256", s.sha256}, {"periods", s.periods},
                                          {"imported_at", s.imported_at}, {"values", Value(s.observations)}}));
  for (const auto& n : r.notes) notes.push_back(Value(n));
  return Value(Value::Object{
      {"format", "canvass.assessment_run"}, {"version", 1}, {"run_id", meta.run_id}, {"created_at", meta.created_at},
      {"project", r.project_name}, {"profile", r.profile.ToValue()}, {"suppression_threshold", r.options.suppression_threshold},
      {"perturbations", r.perturbations}, {"seed", Value(static_cast<int64_t>(r.options.seed))}, {"sources", Value(std::move(sources))},
      {"interviews", Value(Value::Object{{"rows", Rows(r.interviews.rows)}, {"total", CountValue(r.interviews.total)}})},
      {"areas", Value(std::move(areas))}, {"gaps", Value(std::move(gaps))}, {"silent_sources", Value(std::move(silent))},
      {"taskforce_tables", Value(std::move(tables))}, {"notes", Value(std::move(notes))}});
}

std::vector<std::string> CompareRuns(const Value& before, const Value& after, size_t max_areas) {
  std::vector<std::string> out;
  auto str = [](const Value* v) { return v && v->is_string() ? v->as_string() : std::string(); };
  auto arr = [](const Value& v, const char* k) -> const Value::Array& {
    static const Value::Array none;
    const Value* x = v.Find(k);
    return x && x->is_array() ? x->as_array() : none;
  };
  out.push_back("Comparing " + str(before.Find("run_id")) + " (" + str(before.Find("created_at")) + ") with " +
                str(after.Find("run_id")) + " (" + str(after.Find("created_at")) + ")");
  // Sources.
  std::map<std::string, std::string> sb, sa;
  for (const auto& s : arr(before, "sources")) sb[str(s.Find("sha256"))] = str(s.Find("kind")) + " " + str(s.Find("file")) + " (" + str(s.Find("periods")) + ")";
  for (const auto& s : arr(after, "sources")) sa[str(s.Find("sha256"))] = str(s.Find("kind")) + " " + str(s.Find("file")) + " (" + str(s.Find("periods")) + ")";
  for (const auto& [h, d] : sa) if (!sb.count(h)) out.push_back("  source added: " + d);
  for (const auto& [h, d] : sb) if (!sa.count(h)) out.push_back("  source removed: " + d);
  // Weights.
  std::map<std::string, double> wb, wa;
  auto weights = [&](const Value& run, std::map<std::string, double>* w) {
    const Value* p = run.Find("profile");
    if (!p) return;
    for (const auto& f : arr(*p, "factors"))
      if (const Value* x = f.Find("weight"); x && x->is_number()) (*w)[str(f.Find("id"))] = x->as_number();
  };
  weights(before, &wb);
  weights(after, &wa);
  for (const auto& [id, w] : wa) {
    auto it = wb.find(id);
    char b[160];
    if (it == wb.end()) std::snprintf(b, sizeof b, "  factor added: %s (weight %.2f)", id.c_str(), w);
    else if (std::fabs(it->second - w) > 1e-9) std::snprintf(b, sizeof b, "  weight of %s: %.2f -> %.2f", id.c_str(), it->second, w);
    else continue;
    out.push_back(b);
  }
  const Value* ib = before.Find("interviews");
  const Value* ia = after.Find("interviews");
  std::string tb = ib && ib->Find("total") ? str(ib->Find("total")->Find("text")) : "?";
  std::string ta = ia && ia->Find("total") ? str(ia->Find("total")->Find("text")) : "?";
  if (tb != ta) out.push_back("  final interviews and data sheets: " + tb + " -> " + ta);
  // Areas.
  std::map<std::string, const Value*> ab;
  for (const auto& a : arr(before, "areas")) ab[str(a.Find("id"))] = &a;
  struct Move { int delta; std::string line; };
  std::vector<Move> moves;
  for (const auto& a : arr(after, "areas")) {
    auto it = ab.find(str(a.Find("id")));
    int ra = a.Find("rank") ? static_cast<int>(a.Find("rank")->as_number()) : 0;
    int rb = it != ab.end() && it->second->Find("rank") ? static_cast<int>(it->second->Find("rank")->as_number()) : 0;
    if (ra == rb) continue;
    std::string why;
    const Value* fa = a.Find("factors");
    const Value* fb = it != ab.end() ? it->second->Find("factors") : nullptr;
    std::vector<std::pair<double, std::string>> changes;
    if (fa && fa->is_object())
      for (const auto& [fid, v] : fa->as_object()) {
        const Value* old = fb ? fb->Find(fid) : nullptr;
        double x = v.is_number() ? v.as_number() : -1, y = old && old->is_number() ? old->as_number() : -1;
        if (std::fabs(x - y) < 0.5) continue;
        char b[120];
        if (y < 0) std::snprintf(b, sizeof b, "%s new (%.0f)", fid.c_str(), x);
        else if (x < 0) std::snprintf(b, sizeof b, "%s no longer has data", fid.c_str());
        else std::snprintf(b, sizeof b, "%s %.0f -> %.0f", fid.c_str(), y, x);
        changes.push_back({std::fabs(x - y), b});
      }
    std::sort(changes.rbegin(), changes.rend());
    for (size_t i = 0; i < changes.size() && i < 3; ++i) why += (i ? "; " : "") + changes[i].second;
    if (why.empty() && fa && fa->is_object()) {  // same scores: the weights moved it
      double best = 0;
      for (const auto& [fid, v] : fa->as_object()) {
        if (!v.is_number() || !wa.count(fid) || !wb.count(fid)) continue;
        double d = (wa[fid] - wb[fid]) * v.as_number();
        if (std::fabs(d) > std::fabs(best)) {
          best = d;
          char b[160];
          std::snprintf(b, sizeof b, "weight of %s %.2f -> %.2f (its score %.0f)", fid.c_str(), wb[fid], wa[fid], v.as_number());
          why = b;
        }
      }
    }
    if (why.empty()) why = "other areas moved";
    std::string name = str(a.Find("name"));
    std::string line = "  " + name + ": rank " + (rb ? std::to_string(rb) : "-") + " -> " + (ra ? std::to_string(ra) : "-") +
                       " [" + std::to_string(static_cast<int>(a.Find("rank_low")->as_number())) + "-" +
                       std::to_string(static_cast<int>(a.Find("rank_high")->as_number())) + "]; " + why;
    bool top = (ra && ra <= 25) || (rb && rb <= 25);
    moves.push_back({std::abs((ra ? ra : 100000) - (rb ? rb : 100000)) + (top ? 1000000 : 0), line});
  }
  // Moves in or out of the top 25 first (what a meeting looks at), then the largest.
  std::stable_sort(moves.begin(), moves.end(), [](const Move& x, const Move& y) { return x.delta > y.delta; });
  if (moves.empty()) out.push_back("  no area changed rank");
  else out.push_back("  " + std::to_string(moves.size()) + " areas changed rank; moves in the top 25 first, then the largest:");
  for (size_t i = 0; i < moves.size() && i < max_areas; ++i) out.push_back(moves[i].line);
  return out;
}

}  // namespace canvass::assessment
