// Scores CSV, the run JSON (what --compare reads) and the comparison of two runs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "assessment/caseload.h"
#include "assessment/report.h"
#include "assessment/suppression.h"

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

std::string RenderCaseloadCsv(const AssessmentResult& r) {
  std::string s = "table,group,dimension,row,label,count\n";
  static const char* kGroups[] = {"served", "identified", "tips", "prosecutions"};
  static const char* kTotalLabels[] = {"victims who received services", "victims identified by law enforcement",
                                       "tips and referrals", "prosecutions"};
  for (const auto& [label, c] : r.caseload_totals.rows) {
    std::string group;
    for (int g = 0; g < 4; ++g)
      if (label == kTotalLabels[g]) group = kGroups[g];
    s += "totals," + Csv(group) + ",,total," + Csv(label) + "," + Csv(c.text) + "\n";
  }
  for (const auto& t : r.taskforce_tables) {
    for (const auto& [k, c] : t.rows)
      s += Csv(t.id) + "," + Csv(t.group) + "," + Csv(t.dimension) + "," + Csv(k) + "," + Csv(CaseloadRowLabel(k)) + "," + Csv(c.text) + "\n";
    s += Csv(t.id) + "," + Csv(t.group) + "," + Csv(t.dimension) + ",total,total," + Csv(t.total.text) + "\n";
  }
  return s;
}

// [SECTION] The run JSON, version 2 (docs/formats.md)

namespace {

// Writes compact JSON text directly (a 3,200-area run is a few MB): keys in sorted order and
// numbers as core::FormatNumber writes them, so the text is its own canonical form
// (ParseJson(text)->ToJson() == text; a test holds it to that).
class JsonOut {
 public:
  std::string s;
  JsonOut& Open(char c) { Sep(); s += c; return *this; }
  JsonOut& Close(char c) { s += c; return *this; }
  JsonOut& Key(const char* k) { Sep(); s += '"'; s += k; s += "\":"; return *this; }
  JsonOut& Key(const std::string& k) { Sep(); Escaped(k); s += ':'; return *this; }
  JsonOut& Str(const std::string& v) { Sep(); Escaped(v); return *this; }
  JsonOut& Null() { Sep(); s += "null"; return *this; }
  JsonOut& Bool(bool v) { Sep(); s += v ? "true" : "false"; return *this; }
  JsonOut& Int(int64_t v) { Sep(); s += std::to_string(v); return *this; }
  JsonOut& Raw(const std::string& json) { Sep(); s += json; return *this; }
  // Rounded to 2 decimals, as the run has always kept numbers; null when absent.
  JsonOut& Num2(const std::optional<double>& v) {
    Sep();
    if (!v || !std::isfinite(*v)) { s += "null"; return *this; }
    double x = std::round(*v * 100) / 100;
    if (std::fabs(x) < 1e13) {  // the two decimals exactly, which is the shortest form
      long long k = std::llround(x * 100);
      if (k == 0) { s += '0'; return *this; }
      if (k < 0) { s += '-'; k = -k; }
      s += std::to_string(k / 100);
      if (long long f = k % 100) {
        s += '.';
        s += static_cast<char>('0' + f / 10);
        if (f % 10) s += static_cast<char>('0' + f % 10);
      }
      return *this;
    }
    s += core::FormatNumber(x);
    return *this;
  }
  // A count as shown (never a suppressed value): a number when shown and whole, the text
  // shown ("<5", "(s)") when suppressed, null when unknown, else {"text","value"}.
  JsonOut& CountV(const Count& c) {
    if (c.suppressed) return Str(c.text);
    if (!c.value && c.text == "n/a") return Null();
    if (c.value && *c.value >= 0 && *c.value < 1e15 && *c.value == std::floor(*c.value) &&
        c.text == std::to_string(static_cast<long long>(*c.value)))
      return Int(static_cast<int64_t>(*c.value));
    Open('{').Key("text").Str(c.text).Key("value").Num2(c.value);
    return Close('}');
  }

 private:
  void Sep() {
    if (!s.empty() && s.back() != '{' && s.back() != '[' && s.back() != ':') s += ',';
  }
  void Escaped(const std::string& v) { core::AppendJsonString(s, v); }  // as ToJson: the text stays canonical
};

// Row keys of one breakdown over every area, in key order: the columns of the areas' arrays.
using RowsOf = const std::vector<std::pair<std::string, Count>>& (*)(const AreaResult&);
std::vector<std::string> Columns(const AssessmentResult& r, RowsOf rows) {
  std::set<std::string> keys;
  for (const auto& a : r.areas)
    for (const auto& [k, c] : rows(a)) keys.insert(k);
  return {keys.begin(), keys.end()};
}

// One count per column, null where the area has no such row.
void RowArray(JsonOut* o, const std::vector<std::string>& cols, const std::vector<std::pair<std::string, Count>>& rows) {
  std::vector<const std::pair<std::string, Count>*> sorted;
  sorted.reserve(rows.size());
  for (const auto& row : rows) sorted.push_back(&row);
  if (!std::is_sorted(sorted.begin(), sorted.end(), [](auto* x, auto* y) { return x->first < y->first; }))
    std::sort(sorted.begin(), sorted.end(), [](auto* x, auto* y) { return x->first < y->first; });
  o->Open('[');
  size_t j = 0;
  for (const auto& col : cols) {
    while (j < sorted.size() && sorted[j]->first < col) ++j;
    if (j < sorted.size() && sorted[j]->first == col) o->CountV(sorted[j]->second);
    else o->Null();
  }
  o->Close(']');
}

void RowObject(JsonOut* o, const std::vector<std::pair<std::string, Count>>& rows) {
  std::map<std::string, const Count*> sorted;
  for (const auto& [k, c] : rows) sorted[k] = &c;
  o->Open('{');
  for (const auto& [k, c] : sorted) o->Key(k).CountV(*c);
  o->Close('}');
}

// The most frequent period of each indicator: an area's cell names its period only when it
// differs.
std::vector<std::string> UsualPeriods(const AssessmentResult& r) {
  std::vector<std::map<std::string, size_t>> seen(r.indicators.size());
  for (const auto& a : r.areas)
    for (const auto& c : a.indicators) ++seen[static_cast<size_t>(c.indicator)][c.period];
  std::vector<std::string> out(r.indicators.size());
  for (size_t i = 0; i < seen.size(); ++i) {
    size_t best = 0;
    for (const auto& [p, n] : seen[i])
      if (n > best) { best = n; out[i] = p; }
  }
  return out;
}

void WriteArea(JsonOut* o, const AssessmentResult& r, const AreaResult& a, const std::vector<std::string>* cols,
               const std::vector<std::string>& periods, std::vector<const IndicatorCell*>* cells) {
  const auto& prof = r.profile;
  o->Open('{');
  o->Key("composite").Num2(a.composite).Key("concern").CountV(a.concern);
  o->Key("concern_by_form");
  RowArray(o, cols[1], a.concern_by_form);
  o->Key("concern_by_role");
  RowArray(o, cols[0], a.concern_by_role);
  o->Key("coverage").Num2(a.coverage).Key("drivers").Open('[');
  for (int f : a.drivers) o->Str(prof.factors[static_cast<size_t>(f)].id);
  o->Close(']').Key("factors").Open('[');
  for (const auto& f : a.factors) o->Num2(f.score);
  o->Close(']').Key("id").Str(a.id).Key("indicators").Open('[');
  cells->assign(r.indicators.size(), nullptr);
  for (const auto& c : a.indicators) (*cells)[static_cast<size_t>(c.indicator)] = &c;
  for (size_t i = 0; i < cells->size(); ++i) {
    const IndicatorCell* c = (*cells)[i];
    if (!c) { o->Null(); continue; }
    o->Open('[').Str(c->text).Num2(c->rate).Num2(c->percentile);
    if (c->period != periods[i]) o->Str(c->period);
    o->Close(']');
  }
  o->Close(']').Key("le_identified").CountV(a.le_identified).Key("name").Str(a.name);
  if (a.neighbours.known) {
    o->Key("neighbours").Open('{').Key("high_risk").Open('[');
    for (const auto& n : a.neighbours.high_risk) o->Str(n);
    o->Close(']').Key("in_project").Int(a.neighbours.in_project).Key("mean_risk").Num2(a.neighbours.mean_risk).Close('}');
  }
  o->Key("prosecutions").CountV(a.prosecutions).Key("rank").Int(a.rank).Key("rank_high").Int(a.rank_hi);
  o->Key("rank_low").Int(a.rank_lo).Key("risk_percentile").Num2(a.risk_index).Key("taskforce_by_year").Open('[');
  for (const auto& y : a.taskforce_by_year) {
    o->Open('{').Key("identified").CountV(y.identified).Key("prosecutions").CountV(y.prosecutions);
    o->Key("served").CountV(y.served).Key("year").Str(y.year).Close('}');
  }
  o->Close(']').Key("taskforce_covered").Bool(a.taskforce_covered);
  o->Key("themes");
  RowArray(o, cols[2], a.themes);
  o->Key("tips").CountV(a.tips).Key("victims_served").CountV(a.victims_served);
  o->Close('}');
}

}  // namespace

std::string RunJson(const AssessmentResult& r, const ReportMeta& meta) {
  JsonOut o;
  o.s.reserve(1024 + r.areas.size() * (256 + 24 * r.indicators.size()));
  const std::vector<std::string> cols[3] = {
      Columns(r, [](const AreaResult& a) -> const std::vector<std::pair<std::string, Count>>& { return a.concern_by_role; }),
      Columns(r, [](const AreaResult& a) -> const std::vector<std::pair<std::string, Count>>& { return a.concern_by_form; }),
      Columns(r, [](const AreaResult& a) -> const std::vector<std::pair<std::string, Count>>& { return a.themes; })};
  const std::vector<std::string> periods = UsualPeriods(r);
  o.Open('{').Key("areas").Open('[');
  std::vector<const IndicatorCell*> cells;
  for (const auto& a : r.areas) WriteArea(&o, r, a, cols, periods, &cells);
  o.Close(']').Key("caseload").Open('{').Key("notes").Open('[');
  for (const auto& n : r.caseload_notes) o.Str(n);
  o.Close(']').Key("totals");
  RowObject(&o, r.caseload_totals.rows);
  o.Close('}').Key("columns").Open('{');
  const char* names[3] = {"concern_by_form", "concern_by_role", "themes"};
  const int which[3] = {1, 0, 2};
  for (int k = 0; k < 3; ++k) {
    o.Key(names[k]).Open('[');
    for (const auto& c : cols[which[k]]) o.Str(c);
    o.Close(']');
  }
  o.Close('}').Key("created_at").Str(meta.created_at).Key("format").Str("canvass.assessment_run");
  o.Key("gaps").Open('[');
  for (const auto& g : r.gaps) {
    o.Open('{').Key("area").Str(g.area_id).Key("concern").CountV(g.concern).Key("covered").Bool(g.covered);
    o.Key("reason").Str(g.reason).Key("risk_percentile").Num2(g.risk_index).Close('}');
  }
  o.Close(']').Key("indicators").Open('[');
  for (size_t i = 0; i < r.indicators.size(); ++i) {
    const auto& m = r.indicators[i];
    o.Open('{').Key("id").Str(m.id).Key("per").Str(m.per).Key("period").Str(periods[i]);
    o.Key("source_kind").Str(m.source_kind).Key("unit").Str(m.unit).Close('}');
  }
  o.Close(']').Key("interviews").Open('{').Key("rows");
  RowObject(&o, r.interviews.rows);
  o.Key("rows_withheld").Bool(r.interviews.rows_withheld).Key("total").CountV(r.interviews.total).Close('}');
  o.Key("notes").Open('[');
  for (const auto& n : r.notes) o.Str(n);
  o.Close(']').Key("perturbations").Int(r.perturbations).Key("profile").Raw(r.profile.ToValue().ToJson());
  o.Key("project").Str(r.project_name).Key("run_id").Str(meta.run_id);
  o.Key("seed").Raw(core::FormatNumber(static_cast<double>(r.options.seed)));
  o.Key("silent_sources").Open('[');
  for (const auto& x : r.silent_sources) o.Open('{').Key("reason").Str(x.reason).Key("source").Str(x.source).Close('}');
  o.Close(']').Key("sources").Open('[');
  for (const auto& x : r.sources) {
    o.Open('{').Key("file").Str(x.file_name).Key("imported_at").Str(x.imported_at).Key("kind").Str(x.kind);
    o.Key("periods").Str(x.periods).Key("sha256").Str(x.sha256).Key("values").Int(x.observations).Close('}');
  }
  o.Close(']').Key("spillover").Open('[');
  for (const auto& x : r.spillover) {
    o.Open('{').Key("area").Str(x.area_id).Key("high_risk_neighbours").Int(x.high_risk_neighbours);
    o.Key("risk_percentile").Num2(x.risk_index).Close('}');
  }
  o.Close(']').Key("suppression_threshold").Int(r.options.suppression_threshold).Key("taskforce_tables").Open('[');
  for (const auto& t : r.taskforce_tables) {
    o.Open('{').Key("dimension").Str(t.dimension).Key("group").Str(t.group).Key("id").Str(t.id).Key("rows");
    RowObject(&o, t.rows);
    o.Key("rows_withheld").Bool(t.rows_withheld).Key("title").Str(t.title).Key("total").CountV(t.total).Close('}');
  }
  o.Close(']').Key("version").Int(2).Key("withheld").Open('{').Key("changed_since_earlier_release").Int(r.suppressed_differencing);
  o.Key("hidden_rows").Int(r.hidden_rows).Key("small").Int(r.suppressed_primary).Key("to_protect_others").Int(r.suppressed_complementary);
  o.Close('}').Close('}');
  return std::move(o.s);
}

Value ResultToJson(const AssessmentResult& r, const ReportMeta& meta) {
  auto v = core::ParseJson(RunJson(r, meta), "the run JSON", {size_t{1} << 31, 64});
  return v.ok() ? std::move(*v) : Value();  // our own text always parses
}

// [SECTION] Reading runs of either version (CompareRuns)

namespace {

// A count as a run keeps it: version 1 {"text","value","suppressed"}; version 2 a number
// (shown, whole), a string (what is shown of a suppressed count), null (unknown) or
// {"text","value"}. "?" when absent.
std::string CountText(const Value* c) {
  if (!c) return "?";
  if (c->is_object()) {
    const Value* t = c->Find("text");
    return t && t->is_string() ? t->as_string() : "?";
  }
  if (c->is_string()) return c->as_string();
  if (c->is_number()) return FormatCount(c->as_number());
  return c->is_null() ? "n/a" : "?";
}

// An area's factor scores by factor id: version 1 {"id": score}; version 2 an array in the
// order of the run's profile factors. A score is -1 when the factor has no data.
std::map<std::string, double> FactorScores(const Value& run, const Value* area) {
  std::map<std::string, double> out;
  const Value* f = area ? area->Find("factors") : nullptr;
  if (!f) return out;
  auto score = [](const Value& v) { return v.is_number() ? v.as_number() : -1.0; };
  if (f->is_object()) {
    for (const auto& [id, v] : f->as_object()) out[id] = score(v);
  } else if (f->is_array()) {
    const Value* p = run.Find("profile");
    const Value* pf = p ? p->Find("factors") : nullptr;
    if (!pf || !pf->is_array()) return out;
    for (size_t i = 0; i < pf->as_array().size() && i < f->as_array().size(); ++i)
      if (const Value* id = pf->as_array()[i].Find("id"); id && id->is_string()) out[id->as_string()] = score(f->as_array()[i]);
  }
  return out;
}

int IntField(const Value& v, const char* key) {
  const Value* x = v.Find(key);
  return x && x->is_number() ? static_cast<int>(x->as_number()) : 0;
}

}  // namespace

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
  std::string tb = CountText(ib ? ib->Find("total") : nullptr);
  std::string ta = CountText(ia ? ia->Find("total") : nullptr);
  if (tb != ta) out.push_back("  final interviews and data sheets: " + tb + " -> " + ta);
  // Areas.
  std::map<std::string, const Value*> ab;
  for (const auto& a : arr(before, "areas")) ab[str(a.Find("id"))] = &a;
  struct Move { int delta; std::string line; };
  std::vector<Move> moves;
  for (const auto& a : arr(after, "areas")) {
    auto it = ab.find(str(a.Find("id")));
    int ra = IntField(a, "rank");
    int rb = it != ab.end() ? IntField(*it->second, "rank") : 0;
    if (ra == rb) continue;
    std::string why;
    const std::map<std::string, double> fa = FactorScores(after, &a);
    const std::map<std::string, double> fb = FactorScores(before, it != ab.end() ? it->second : nullptr);
    std::vector<std::pair<double, std::string>> changes;
    for (const auto& [fid, x] : fa) {
      auto old = fb.find(fid);
      double y = old != fb.end() ? old->second : -1;
      if (std::fabs(x - y) < 0.5) continue;
      char b[120];
      if (y < 0) std::snprintf(b, sizeof b, "%s new (%.0f)", fid.c_str(), x);
      else if (x < 0) std::snprintf(b, sizeof b, "%s no longer has data", fid.c_str());
      else std::snprintf(b, sizeof b, "%s %.0f -> %.0f", fid.c_str(), y, x);
      changes.push_back({std::fabs(x - y), b});
    }
    std::sort(changes.rbegin(), changes.rend());
    for (size_t i = 0; i < changes.size() && i < 3; ++i) why += (i ? "; " : "") + changes[i].second;
    if (why.empty()) {  // same scores: the weights moved it
      double best = 0;
      for (const auto& [fid, x] : fa) {
        if (x < 0 || !wa.count(fid) || !wb.count(fid)) continue;
        double d = (wa[fid] - wb[fid]) * x;
        if (std::fabs(d) > std::fabs(best)) {
          best = d;
          char b[160];
          std::snprintf(b, sizeof b, "weight of %s %.2f -> %.2f (its score %.0f)", fid.c_str(), wb[fid], wa[fid], x);
          why = b;
        }
      }
    }
    if (why.empty()) why = "other areas moved";
    std::string name = str(a.Find("name"));
    std::string line = "  " + name + ": rank " + (rb ? std::to_string(rb) : "-") + " -> " + (ra ? std::to_string(ra) : "-") +
                       " [" + std::to_string(IntField(a, "rank_low")) + "-" + std::to_string(IntField(a, "rank_high")) + "]; " + why;
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
