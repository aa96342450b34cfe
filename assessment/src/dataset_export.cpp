// Analysis datasets: shareable tables from the protected result, and restricted microdata.
#include "assessment/dataset_export.h"

#include <cstdio>
#include <set>

#include "assessment/caseload.h"
#include "assessment/report.h"
#include "assessment/suppression.h"
#include "microdata_internal.h"

namespace canvass::assessment {

// The data-sheet total a count table adds up to, if any.
std::string detail::TotalOf(const std::string& table) {
  if (table.rfind("served_by_", 0) == 0) return "served_total";
  if (table.rfind("le_by_", 0) == 0) return "le_identified_total";
  if (table == "tips_by_source") return "tips_total";
  if (table == "prosecutions_by_type") return "prosecutions_total";
  return "";
}

using core::Value;
using forms::QuestionType;

namespace {

std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) { if (c == '"') o += '"'; o += c; }
  return o + "\"";
}

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string o;
  for (size_t i = 0; i < v.size(); ++i) o += (i ? sep : "") + v[i];
  return o;
}

using detail::TotalOf;

struct Column {
  std::string name, question, cell, type, description;
};

std::vector<Column> ColumnsOf(const forms::Form& f, std::vector<std::string>* left_out) {
  std::vector<Column> cols;
  for (const auto* q : f.TopLevelQuestions()) {
    std::string label = f.Text(q->label, "");
    if (q->identifying) { left_out->push_back(q->id + " (identifying)"); continue; }
    switch (q->type) {
      case QuestionType::kText: case QuestionType::kLongText: left_out->push_back(q->id + " (free text)"); continue;
      case QuestionType::kRepeat: left_out->push_back(q->id + " (repeat group)"); continue;
      case QuestionType::kNote: continue;
      case QuestionType::kCalculate: left_out->push_back(q->id + " (calculated from the others)"); continue;
      case QuestionType::kCountTable:
        for (const auto& r : q->rows) {
          if (q->columns.empty()) cols.push_back({q->id + "." + r.value, q->id, r.value, "count", label + ": " + f.Text(r.label, "")});
          else for (const auto& c : q->columns)
            cols.push_back({q->id + "." + r.value + "." + c.value, q->id, r.value + "|" + c.value, "count",
                            label + ": " + f.Text(r.label, "") + " / " + f.Text(c.label, "")});
        }
        continue;
      default: cols.push_back({q->id, q->id, "", forms::TypeName(q->type), label});
    }
  }
  return cols;
}

std::string Plain(const Value& v, const std::string& type) {
  if (v.is_null()) return "";
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_string()) return type == "date" || type == "datetime" ? v.as_string().substr(0, 7) : v.as_string();
  if (v.is_number()) return FormatCount(v.as_number());
  if (v.is_array()) {
    std::vector<std::string> parts;
    for (const auto& x : v.as_array()) parts.push_back(Plain(x, type));
    return Join(parts, ";");
  }
  return "";
}

}  // namespace

std::vector<DatasetFile> BuildDataset(const AssessmentResult& result) {
  std::vector<DatasetFile> files;
  std::string dict = "file,column,type,description\n";
  // Areas: the published scores plus every public indicator's value and percentile.
  std::set<int> inds;
  for (const auto& a : result.areas) for (const auto& c : a.indicators) inds.insert(c.indicator);
  std::string csv = "area_id,area_name,rank,rank_low,rank_high,composite,coverage_pct,stakeholders_concerned,tips";
  dict += "areas.csv,area_id,text,area id (county FIPS etc.)\nareas.csv,rank/rank_low/rank_high,integer,rank and its 90% interval\n"
          "areas.csv,composite,number,composite index 0-100 (docs/assessment.md)\nareas.csv,stakeholders_concerned,count,final stakeholder interviews naming the area with concern (suppressed below threshold)\n"
          "areas.csv,tips,count,tips/referrals from final data sheets (blank = no sheet covers the area; suppressed below threshold)\n";
  for (const auto& f : result.profile.factors) {
    csv += ",factor_" + f.id;
    dict += "areas.csv,factor_" + f.id + ",number," + Csv(f.label + ": mean percentile of its measures") + "\n";
  }
  for (int i : inds) {
    const auto& m = result.indicators[static_cast<size_t>(i)];
    if (m.project_data) continue;
    csv += "," + m.id + "," + m.id + "_pctile";
    dict += "areas.csv," + m.id + ",number," + Csv(m.unit + ", " + m.source_kind + (m.per.empty() ? "" : "; percentile computed on the rate per 1,000 " + m.per)) + "\n";
    if (!m.per.empty()) {
      csv += "," + m.id + "_rate," + m.id + "_rate_smoothed";
      dict += "areas.csv," + m.id + "_rate,number," + Csv("per 1,000 " + m.per + ", as published") + "\n";
      dict += "areas.csv," + m.id + "_rate_smoothed,number," +
              Csv("per 1,000 " + m.per + ", empirical-Bayes smoothed toward all areas' rate (what the percentile uses)") + "\n";
    }
  }
  csv += "\n";
  for (const auto& a : result.areas) {
    char b[64];
    csv += Csv(a.id) + "," + Csv(a.name) + "," + (a.rank ? std::to_string(a.rank) + "," + std::to_string(a.rank_lo) + "," + std::to_string(a.rank_hi) : ",,");
    std::snprintf(b, sizeof b, ",%.2f,%.0f", a.composite.value_or(0), a.coverage * 100);
    csv += a.composite ? std::string(b) : "," + std::to_string(static_cast<int>(a.coverage * 100));
    csv += "," + Csv(a.concern.text) + "," + Csv(a.taskforce_covered ? a.tips.text : "");
    for (const auto& fs : a.factors) { if (fs.score) { std::snprintf(b, sizeof b, "%.1f", *fs.score); csv += ","; csv += b; } else csv += ","; }
    std::map<int, const IndicatorCell*> by;
    for (const auto& c : a.indicators) by[c.indicator] = &c;
    for (int i : inds) {
      if (result.indicators[static_cast<size_t>(i)].project_data) continue;
      auto it = by.find(i);
      const bool rates = !result.indicators[static_cast<size_t>(i)].per.empty();
      if (it == by.end() || !it->second->value) { csv += rates ? ",,,," : ",,"; continue; }
      csv += "," + FormatCount(*it->second->value) + ",";
      if (it->second->percentile) { std::snprintf(b, sizeof b, "%.0f", *it->second->percentile); csv += b; }
      if (rates) {
        auto num = [&](const std::optional<double>& v) {
          if (!v) return std::string();
          std::snprintf(b, sizeof b, "%.3f", *v);
          return std::string(b);
        };
        csv += "," + num(it->second->rate) + "," + num(it->second->rate_smoothed);
      }
    }
    csv += "\n";
  }
  files.push_back({"areas.csv", csv});
  files.push_back({"caseload.csv", RenderCaseloadCsv(result)});
  dict += "caseload.csv,table/group/dimension,text,which task-force table (docs/assessment.md)\n"
          "caseload.csv,row,text,the row's key ('total' = the group's total)\ncaseload.csv,count,count,"
          "the count, or 'withheld' (1-" + std::to_string(result.options.suppression_threshold - 1) +
          ", or withheld to protect one); rows of a withheld total are not listed\n";
  std::string protocols = "protocol,records\n";
  for (const auto& [k, c] : result.interviews.rows) protocols += Csv(k) + "," + Csv(c.text) + "\n";
  protocols += "total," + Csv(result.interviews.total.text) + "\n";
  files.push_back({"protocols.csv", protocols});
  dict += "protocols.csv,records,count,final interviews and data sheets per protocol (withheld as in the report)\n";
  files.push_back({"dictionary.csv", dict});
  return files;
}


std::vector<DatasetFile> BuildMicrodata(const std::vector<DatasetInterview>& interviews, int threshold) {
  std::vector<DatasetFile> files;
  std::string dict = "file,column,type,description\n";
  std::map<std::string, std::vector<const DatasetInterview*>> by_form;
  for (const auto& i : interviews) if (i.form) by_form[i.form->id].push_back(&i);
  for (const auto& [form_id, rows] : by_form) {
    const forms::Form& f = *rows.front()->form;
    std::vector<std::string> left_out;
    auto cols = ColumnsOf(f, &left_out);
    std::string file = "RESTRICTED-interviews_" + form_id + ".csv";
    std::string csv = "row,form_version,respondent_role,language";
    dict += file + ",row,text,pseudonymous row number (not the interview id; order carries no meaning)\n";
    dict += file + ",form_version,integer,protocol version\n" + file + ",respondent_role,choice,respondent role\n" + file + ",language,text,interview language\n";
    for (const auto& c : cols) {
      csv += "," + Csv(c.name);
      dict += file + "," + Csv(c.name) + "," + c.type + "," + Csv(c.description + (c.type == "count" || c.type == "integer" ? " (counts 1-" + std::to_string(threshold - 1) + " shown as <" + std::to_string(threshold) + ")" : "")) + "\n";
    }
    dict += file + ",(left out)," + "," + Csv("not exported: " + Join(left_out, ", ")) + "\n";
    csv += "\n";
    int n = 0;
    for (const DatasetInterview* iv : rows) {
      SuppressionLedger ledger;
      std::vector<int> cell(cols.size(), -1);
      std::map<std::string, std::vector<int>> tables;
      std::map<std::string, int> totals;
      for (size_t k = 0; k < cols.size(); ++k) {
        const Column& c = cols[k];
        auto it = iv->answers.find(c.question);
        if (it == iv->answers.end()) continue;
        if (c.type == "count") {
          const Value* x = it->second.Find(c.cell);
          if (x && x->is_number()) { cell[k] = ledger.Add(x->as_number()); tables[c.question].push_back(cell[k]); }
        } else if (c.type == "integer" && it->second.is_number()) {
          cell[k] = ledger.Add(it->second.as_number());
          totals[c.question] = cell[k];
        }
      }
      for (const auto& [t, members] : tables) {
        auto tot = totals.find(TotalOf(t));
        if (tot != totals.end()) ledger.AddConstraint(members, tot->second);
      }
      ledger.Apply(threshold);
      char id[16];
      std::snprintf(id, sizeof id, "R%05d", ++n);
      csv += std::string(id) + "," + std::to_string(f.version) + "," + Csv(iv->role) + "," + Csv(iv->language);
      for (size_t k = 0; k < cols.size(); ++k) {
        std::string v;
        if (cell[k] >= 0) v = ledger.Text(cell[k]);
        else if (auto it = iv->answers.find(cols[k].question); it != iv->answers.end() && cols[k].type != "count")
          v = Plain(it->second, cols[k].type);
        csv += "," + Csv(v);
      }
      csv += "\n";
    }
    files.push_back({file, csv});
  }
  files.push_back({"RESTRICTED-dictionary.csv", dict});
  return files;
}

}  // namespace canvass::assessment
