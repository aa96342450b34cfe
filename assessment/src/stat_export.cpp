// WriteStatFiles: groups the interviews by form version, plans each file's variables, and
// writes the rows through ReadStat into the caller's outputs (streamed: one row in memory).
#include "assessment/stat_export.h"

#include <readstat.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "stat_internal.h"

namespace canvass::assessment {

using core::Result;
using core::Status;
using stat::Cell;
using stat::Column;
using stat::Miss;
using stat::Plan;

namespace {

constexpr size_t kStataMaxStr = 2045;  // longer strings are Stata strLs
constexpr size_t kMaxVariables = 32767;

struct Sink {
  StatOutput* out = nullptr;
  Status error;
};

ssize_t WriteBytes(const void* data, size_t len, void* ctx) {
  auto* s = static_cast<Sink*>(ctx);
  Status st = s->out->Write(std::string_view(static_cast<const char*>(data), len));
  if (!st.ok()) {
    if (s->error.ok()) s->error = st;
    return -1;
  }
  return static_cast<ssize_t>(len);
}

// At most `max` bytes, cut at a character boundary.
std::string CutBytes(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

class FileWriter {
 public:
  FileWriter(const Plan& plan, const StatExportOptions& o, const std::string& lang) : p_(plan), o_(o), lang_(lang) {}
  ~FileWriter() {
    if (w_) readstat_writer_free(w_);
  }

  // `strls`: the text of every Stata strL cell, row by row: ReadStat sizes the file's map from
  // them before the first row, so they are added first.
  Status Begin(StatOutput* out, int64_t rows, const std::vector<std::string>& strls);
  Status Row(const std::vector<Cell>& cells);
  Status End();

 private:
  Status Check(readstat_error_t e, const std::string& what) {
    if (e == READSTAT_OK) return Status::Ok();
    if (!sink_.error.ok()) return sink_.error;
    return Status::Internal(p_.file_name + ": " + what + ": " + readstat_error_message(e));
  }
  readstat_label_set_t* Labels(const Column& c);
  void Format(const Column& c, readstat_variable_t* v);

  const Plan& p_;
  const StatExportOptions& o_;
  std::string lang_;
  readstat_writer_t* w_ = nullptr;
  Sink sink_;
  std::vector<readstat_variable_t*> vars_;
  int next_strl_ = 0;
  bool stata() const { return o_.format == StatFormat::kStata; }
};

readstat_label_set_t* FileWriter::Labels(const Column& c) {
  readstat_label_set_t* set = readstat_add_label_set(w_, READSTAT_TYPE_DOUBLE, c.var.name.c_str());
  for (const auto& [code, label] : c.var.codes) readstat_label_double_value(set, code, CutBytes(label, 120).c_str());
  for (Miss m : stat::kMissKinds) {
    std::string label = stat::MissLabel(m, lang_);
    if (stata()) readstat_label_tagged_value(set, static_cast<char>(m), label.c_str());
    else readstat_label_double_value(set, stat::SpssCode(m), label.c_str());
  }
  return set;
}

void FileWriter::Format(const Column& c, readstat_variable_t* v) {
  if (c.var.kind == "month") readstat_variable_set_format(v, stata() ? "%tm" : "MOYR8");
  else if (c.var.kind == "time") readstat_variable_set_format(v, stata() ? "%tcHH:MM:SS" : "TIME8");
  else if (c.var.kind == "choice" || c.var.kind == "yes_no" || c.var.kind == "selected") readstat_variable_set_measure(v, READSTAT_MEASURE_NOMINAL);
  else if (!c.is_string && c.var.kind != "key") readstat_variable_set_measure(v, READSTAT_MEASURE_SCALE);
}

bool IsStrl(const Column& c, const StatExportOptions& o) {
  return o.format == StatFormat::kStata && c.is_string && c.width > kStataMaxStr;
}

Status FileWriter::Begin(StatOutput* out, int64_t rows, const std::vector<std::string>& strls) {
  if (p_.columns.size() > kMaxVariables)
    return Status::InvalidArgument(p_.file_name + ": " + std::to_string(p_.columns.size()) + " variables, more than the " +
                                   std::to_string(kMaxVariables) + " a file can hold");
  sink_.out = out;
  w_ = readstat_writer_init();
  CANVASS_RETURN_IF_ERROR(Check(readstat_set_data_writer(w_, &WriteBytes), "starting the writer"));
  if (stata()) CANVASS_RETURN_IF_ERROR(Check(readstat_writer_set_file_format_version(w_, 118), "choosing Stata 14+ format"));
  readstat_writer_set_file_label(w_, CutBytes("RESTRICTED microdata: " + p_.form_id + (p_.repeat.empty() ? "" : " " + p_.repeat), 80).c_str());
  for (const Column& c : p_.columns) {
    readstat_type_t type = READSTAT_TYPE_DOUBLE;
    size_t width = 0;
    if (c.is_string) {
      type = IsStrl(c, o_) ? READSTAT_TYPE_STRING_REF : READSTAT_TYPE_STRING;
      width = std::max<size_t>(1, c.width);
    }
    readstat_variable_t* v = readstat_add_variable(w_, c.var.name.c_str(), type, width);
    readstat_variable_set_label(v, c.var.label.c_str());
    Format(c, v);
    if (!c.is_string && c.var.kind != "key") {
      readstat_variable_set_label_set(v, Labels(c));
      if (!stata()) CANVASS_RETURN_IF_ERROR(Check(readstat_variable_add_missing_double_range(v, -99, -95), "declaring missing codes"));
    }
    vars_.push_back(v);
  }
  for (const std::string& text : strls)
    if (readstat_add_string_ref(w_, text.c_str()) == nullptr) return Status::Internal(p_.file_name + ": out of memory for long texts");
  void* ctx = &sink_;
  readstat_error_t e = stata() ? readstat_begin_writing_dta(w_, ctx, static_cast<long>(rows))
                               : readstat_begin_writing_sav(w_, ctx, static_cast<long>(rows));
  CANVASS_RETURN_IF_ERROR(Check(e, "writing the header"));
  return Check(readstat_validate_metadata(w_), "checking the variables");
}

Status FileWriter::Row(const std::vector<Cell>& cells) {
  CANVASS_RETURN_IF_ERROR(Check(readstat_begin_row(w_), "starting a row"));
  for (size_t k = 0; k < cells.size(); ++k) {
    const Column& c = p_.columns[k];
    const Cell& cell = cells[k];
    readstat_error_t e;
    if (c.is_string) {
      if (IsStrl(c, o_))
        e = readstat_insert_string_ref(w_, vars_[k], readstat_get_string_ref(w_, next_strl_++));
      else
        e = readstat_insert_string_value(w_, vars_[k], cell.text.c_str());
    } else if (cell.miss != Miss::kNone) {
      e = stata() ? readstat_insert_tagged_missing_value(w_, vars_[k], static_cast<char>(cell.miss))
                  : readstat_insert_double_value(w_, vars_[k], stat::SpssCode(cell.miss));
    } else {
      const bool spss_value = !stata() && (c.var.kind == "month" || c.var.kind == "time");
      e = readstat_insert_double_value(w_, vars_[k], spss_value ? cell.spss : cell.number);
    }
    CANVASS_RETURN_IF_ERROR(Check(e, "writing variable " + c.var.name));
  }
  return Check(readstat_end_row(w_), "ending a row");
}

Status FileWriter::End() {
  CANVASS_RETURN_IF_ERROR(Check(readstat_end_writing(w_), "finishing the file"));
  return sink_.out->Finish();
}

struct Group {
  const forms::Form* form = nullptr;
  std::vector<const DatasetInterview*> rows;
};

// Pass 1: rows of the file and the longest text of each string variable.
int64_t Measure(Plan* p, const Group& g) {
  int64_t rows = 0;
  for (const DatasetInterview* iv : g.rows) {
    auto widen = [&](Column& c, const core::Value* v) {
      if (!c.is_string) return;
      size_t n = 0;
      if (c.source == stat::Source::kRow) n = 1 + std::max<size_t>(5, std::to_string(g.rows.size()).size());
      else if (c.source == stat::Source::kRole) n = iv->role.size();
      else if (c.source == stat::Source::kLanguage) n = iv->language.size();
      else if (v && v->is_string()) n = v->as_string().size();
      else if (v && v->is_array()) for (const auto& x : v->as_array()) n += (x.is_string() ? x.as_string().size() : 0) + 1;
      c.width = std::max(c.width, n);
    };
    if (p->repeat.empty()) {
      ++rows;
      for (Column& c : p->columns) {
        if (!c.is_string) continue;
        auto it = c.q ? iv->answers.find(c.q->id) : iv->answers.end();
        widen(c, it == iv->answers.end() ? nullptr : &it->second);
      }
      continue;
    }
    auto it = iv->answers.find(p->repeat);
    if (it == iv->answers.end() || !it->second.is_array()) continue;
    for (const auto& item : it->second.as_array()) {
      ++rows;
      for (Column& c : p->columns)
        if (c.is_string) widen(c, c.q ? item.Find(c.q->id) : nullptr);
    }
  }
  return rows;
}

// Calls `fn` with the cells of every row of the plan's file, in order.
template <typename Fn>
Status ForEachRow(const Plan& p, const Group& g, const std::vector<forms::Relevance>& rel, const std::vector<std::string>& ids,
                  int threshold, Fn fn) {
  std::vector<Cell> cells;
  for (size_t i = 0; i < g.rows.size(); ++i) {
    stat::RowInput in{g.rows[i], &ids[i], &rel[i], -1};
    if (p.repeat.empty()) {
      stat::RowCells(p, in, threshold, &cells);
      CANVASS_RETURN_IF_ERROR(fn(cells));
      continue;
    }
    auto it = g.rows[i]->answers.find(p.repeat);
    if (it == g.rows[i]->answers.end() || !it->second.is_array()) continue;
    for (size_t k = 0; k < it->second.as_array().size(); ++k) {
      in.item = static_cast<int>(k);
      stat::RowCells(p, in, threshold, &cells);
      CANVASS_RETURN_IF_ERROR(fn(cells));
    }
  }
  return Status::Ok();
}

Status WritePlan(Plan* p, const Group& g, const std::vector<forms::Relevance>& rel, const std::vector<std::string>& ids,
                 const StatExportOptions& o, const OpenStatOutput& open, StatFile* summary) {
  const int64_t rows = Measure(p, g);
  std::vector<std::string> strls;
  if (std::any_of(p->columns.begin(), p->columns.end(), [&](const Column& c) { return IsStrl(c, o); })) {
    CANVASS_RETURN_IF_ERROR(ForEachRow(*p, g, rel, ids, o.threshold, [&](const std::vector<Cell>& cells) {
      for (size_t k = 0; k < cells.size(); ++k)
        if (IsStrl(p->columns[k], o)) strls.push_back(cells[k].text);
      return Status::Ok();
    }));
  }
  CANVASS_ASSIGN_OR_RETURN(std::unique_ptr<StatOutput> out, open(p->file_name));
  const std::string lang = o.language.empty() ? g.form->languages.front() : o.language;
  FileWriter w(*p, o, lang);
  CANVASS_RETURN_IF_ERROR(w.Begin(out.get(), rows, strls));
  strls.clear();
  CANVASS_RETURN_IF_ERROR(ForEachRow(*p, g, rel, ids, o.threshold, [&](const std::vector<Cell>& cells) { return w.Row(cells); }));
  CANVASS_RETURN_IF_ERROR(w.End());
  summary->file_name = p->file_name;
  summary->form_id = p->form_id;
  summary->repeat = p->repeat;
  summary->form_version_low = summary->form_version_high = g.form->version;
  summary->rows = rows;
  for (const Column& c : p->columns) summary->variables.push_back(c.var);
  summary->left_out = p->left_out;
  return Status::Ok();
}

}  // namespace

Result<std::vector<StatFile>> WriteStatFiles(const std::vector<DatasetInterview>& interviews, const StatExportOptions& o,
                                             const OpenStatOutput& open) {
  std::map<std::pair<std::string, int>, Group> groups;
  std::map<std::string, std::set<int>> versions;
  for (const auto& iv : interviews) {
    if (!iv.form) continue;
    Group& g = groups[{iv.form->id, iv.form->version}];
    g.form = iv.form;
    g.rows.push_back(&iv);
    versions[iv.form->id].insert(iv.form->version);
  }
  std::vector<StatFile> files;
  for (auto& [key, g] : groups) {
    const std::string base = "RESTRICTED-" + key.first + (versions[key.first].size() > 1 ? "-v" + std::to_string(key.second) : "");
    std::vector<forms::Relevance> rel;
    std::vector<std::string> ids;
    for (size_t i = 0; i < g.rows.size(); ++i) {
      rel.push_back(forms::AllRelevance(*g.form, g.rows[i]->answers, o.today));
      char id[32];
      std::snprintf(id, sizeof id, "R%05zu", i + 1);
      ids.push_back(id);
    }
    std::vector<Plan> plans = {stat::PlanMain(*g.form, o, base)};
    for (auto& r : stat::PlanRepeats(*g.form, o, base)) plans.push_back(std::move(r));
    for (Plan& p : plans) {
      StatFile summary;
      CANVASS_RETURN_IF_ERROR(WritePlan(&p, g, rel, ids, o, open, &summary));
      files.push_back(std::move(summary));
    }
  }
  return files;
}

}  // namespace canvass::assessment
