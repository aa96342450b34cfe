// Test helper: reads a .dta or .sav file back with ReadStat's own parser (not our writer's
// code): variables with their labels, formats, value-label sets and declared missing ranges,
// every value of every row (with its missing tag or code), and every value label.
#pragma once

#include <readstat.h>

#include <map>
#include <string>
#include <vector>

namespace canvass::testing {

struct ReadValue {
  bool is_string = false;
  std::string text;
  double number = 0;
  char tag = 0;               // Stata extended missing: 'a'..'z'
  bool system_missing = false;
  bool defined_missing = false;  // SPSS user-missing (declared)
};

struct ReadVariable {
  std::string name, label, format, label_set;
  std::vector<std::pair<double, double>> missing_ranges;
};

struct ReadLabel {
  double value = 0;
  char tag = 0;
  std::string text;
};

struct ReadFile {
  std::vector<ReadVariable> vars;
  std::vector<std::vector<ReadValue>> rows;
  std::map<std::string, std::vector<ReadLabel>> labels;  // label set -> labels
  std::string error;
  int Var(const std::string& name) const {
    for (size_t i = 0; i < vars.size(); ++i)
      if (vars[i].name == name) return static_cast<int>(i);
    return -1;
  }
  const ReadValue& At(size_t row, const std::string& name) const { return rows.at(row).at(static_cast<size_t>(Var(name))); }
  // The label of `value` (or of missing tag `tag`) in the set of variable `name`, "" if none.
  std::string LabelOf(const std::string& name, double value, char tag = 0) const {
    auto it = labels.find(vars.at(static_cast<size_t>(Var(name))).label_set);
    if (it == labels.end()) return "";
    for (const auto& l : it->second)
      if (tag ? l.tag == tag : (l.tag == 0 && l.value == value)) return l.text;
    return "";
  }
};

inline ReadFile ReadStatFile(const std::string& path) {
  ReadFile f;
  readstat_parser_t* p = readstat_parser_init();
  readstat_set_variable_handler(p, [](int, readstat_variable_t* v, const char* set, void* ctx) -> int {
    ReadVariable rv;
    rv.name = readstat_variable_get_name(v);
    rv.label = readstat_variable_get_label(v) ? readstat_variable_get_label(v) : "";
    rv.format = readstat_variable_get_format(v) ? readstat_variable_get_format(v) : "";
    rv.label_set = set ? set : "";
    for (int i = 0; i < readstat_variable_get_missing_ranges_count(v); ++i)
      rv.missing_ranges.emplace_back(readstat_double_value(readstat_variable_get_missing_range_lo(v, i)),
                                     readstat_double_value(readstat_variable_get_missing_range_hi(v, i)));
    static_cast<ReadFile*>(ctx)->vars.push_back(rv);
    return READSTAT_HANDLER_OK;
  });
  readstat_set_value_handler(p, [](int obs, readstat_variable_t* v, readstat_value_t value, void* ctx) -> int {
    auto* f = static_cast<ReadFile*>(ctx);
    if (static_cast<size_t>(obs) >= f->rows.size()) f->rows.resize(static_cast<size_t>(obs) + 1, std::vector<ReadValue>(f->vars.size()));
    ReadValue& rv = f->rows[static_cast<size_t>(obs)][static_cast<size_t>(readstat_variable_get_index(v))];
    rv.is_string = readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING;
    if (rv.is_string) {
      rv.text = readstat_string_value(value) ? readstat_string_value(value) : "";
    } else {
      rv.system_missing = readstat_value_is_system_missing(value);
      rv.tag = readstat_value_is_tagged_missing(value) ? readstat_value_tag(value) : 0;
      rv.defined_missing = readstat_value_is_defined_missing(value, v);
      rv.number = readstat_double_value(value);
    }
    return READSTAT_HANDLER_OK;
  });
  readstat_set_value_label_handler(p, [](const char* set, readstat_value_t value, const char* label, void* ctx) -> int {
    ReadLabel l;
    l.tag = readstat_value_is_tagged_missing(value) ? readstat_value_tag(value) : 0;
    if (!l.tag) l.value = readstat_value_type_class(value) == READSTAT_TYPE_CLASS_NUMERIC ? readstat_double_value(value) : 0;
    l.text = label;
    static_cast<ReadFile*>(ctx)->labels[set].push_back(l);
    return READSTAT_HANDLER_OK;
  });
  const bool dta = path.size() > 4 && path.substr(path.size() - 4) == ".dta";
  readstat_error_t e = dta ? readstat_parse_dta(p, path.c_str(), &f) : readstat_parse_sav(p, path.c_str(), &f);
  if (e != READSTAT_OK) f.error = readstat_error_message(e);
  readstat_parser_free(p);
  return f;
}

}  // namespace canvass::testing
