// ImportXlsform: the workbook's sheets, the columns Canvass takes (every other column with a
// value is an issue), the choices and settings sheets, and the assembled form document, whose
// own check (ParseFormValue) reports back on the sheet row it came from.
#include <algorithm>
#include <cctype>
#include <set>

#include "forms/form_parser.h"
#include "tabular/xlsx_table.h"
#include "xlsform_internal.h"

namespace canvass::forms {

using core::Result;
using core::Status;
using core::Value;
using xlsform::Ctx;
using xlsform::Sheet;
using xlsform::Trim;

std::string XlsformIssue::Text() const {
  std::string where = sheet.empty() ? "workbook" : sheet;
  if (row > 0) where += " row " + std::to_string(row);
  if (!column.empty()) where += ", column " + column;
  return where + ": " + message;
}

std::string IdFromFileName(const std::string& path) {
  std::string base = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  base = base.substr(0, base.rfind('.'));
  std::string id;
  for (char c : base) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    id += (std::isalnum(static_cast<unsigned char>(l)) && static_cast<unsigned char>(l) < 0x80) ? l : '_';
  }
  while (!id.empty() && !(id[0] >= 'a' && id[0] <= 'z')) id.erase(id.begin());
  return id.substr(0, 64);
}

namespace {

const std::set<std::string> kSurveyColumns = {
    "type", "name", "label", "hint", "required", "required_message", "relevant", "constraint", "constraint_message",
    "choice_filter", "default", "read_only", "appearance", "calculation", "repeat_count", "canvass_identifying",
    "canvass_min_items", "canvass_max_items", "canvass_area_levels"};
const std::set<std::string> kSettingsColumns = {"form_id", "form_title", "version", "default_language", "canvass_kind",
                                                "canvass_respondent_roles", "canvass_title", "canvass_description"};
const std::set<std::string> kServerSettings = {"public_key", "submission_url", "instance_name", "omit_instanceid",
                                               "clean_text_values", "allow_choice_duplicates", "style", "xml_root",
                                               "auto_send", "auto_delete", "namespaces", "flat", "instance_id"};

bool Media(const std::string& base) {
  return base == "image" || base == "audio" || base == "video" || base == "big-image" || base.rfind("media::", 0) == 0;
}

std::string WhyNot(const std::string& base) {
  if (Media(base)) return "images, audio and video are not supported by Canvass; remove the column's values";
  if (base.rfind("bind::", 0) == 0 || base.rfind("body::", 0) == 0 || base.rfind("instance::", 0) == 0)
    return "ODK-specific XML attributes are not supported by Canvass; remove the column's values";
  if (base.empty()) return "a column without a header holds a value; give the column a header, or delete it";
  return "column \"" + base + "\" is not supported by Canvass; remove its values (see docs/forms.md, \"XLSForm\")";
}

// Refuses (at its first value) every column Canvass does not take.
void CheckColumns(Ctx* ctx, const Sheet& s, const std::set<std::string>& supported) {
  for (size_t c = 0; c < s.columns.size(); ++c) {
    const auto& col = s.columns[c];
    if (supported.count(col.base)) continue;
    const bool server = &supported == &kSettingsColumns && kServerSettings.count(col.base);
    for (size_t r = 0; r < s.rows.size(); ++r) {
      if (c >= s.rows[r].size() || Trim(s.rows[r][c]).empty()) continue;
      if (server && !(col.base == "allow_choice_duplicates" && xlsform::YesNo(s.rows[r][c]) == 1)) {
        ctx->Note("setting \"" + col.header + "\" is for ODK servers and is not used by Canvass");
      } else if (col.base == "add_none_option" && xlsform::YesNo(s.rows[r][c]) == 0) {
        continue;
      } else {
        ctx->Issue(s, s.row_numbers[r], col.header.empty() ? tabular::ColumnName(static_cast<uint32_t>(c)) : col.header,
                   col.base == "allow_choice_duplicates" ? "choices with the same name in one list are not supported; keep "
                                                           "this setting off and give each choice its own name"
                                                         : WhyNot(col.base));
      }
      break;
    }
  }
}

bool IsChoiceName(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; });
}

bool IsPropertyName(const std::string& s) {
  if (s.empty() || s.size() > 64 || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::map<std::string, xlsform::ChoiceList> ReadChoices(Ctx* ctx, const Sheet& s) {
  std::map<std::string, xlsform::ChoiceList> lists;
  std::map<std::pair<std::string, std::string>, uint32_t> seen;
  for (size_t c = 0; c < s.columns.size(); ++c) {
    const auto& col = s.columns[c];
    if (col.base == "list_name" || col.base == "name" || col.base == "label" || Media(col.base) || col.header.empty()) continue;
    if (!IsPropertyName(col.header))
      for (size_t r = 0; r < s.rows.size(); ++r)
        if (c < s.rows[r].size() && !s.rows[r][c].empty()) {
          ctx->Issue(s, s.row_numbers[r], col.header, "a choice column a filter reads needs a name of letters, digits and '_'");
          break;
        }
  }
  for (size_t c = 0; c < s.columns.size(); ++c) {  // media columns and values without a header
    const auto& col = s.columns[c];
    if (!Media(col.base) && !col.header.empty()) continue;
    for (size_t r = 0; r < s.rows.size(); ++r)
      if (c < s.rows[r].size() && !Trim(s.rows[r][c]).empty()) {
        ctx->Issue(s, s.row_numbers[r], col.header.empty() ? tabular::ColumnName(static_cast<uint32_t>(c)) : col.header, WhyNot(col.base));
        break;
      }
  }
  for (size_t r = 0; r < s.rows.size(); ++r) {
    const uint32_t row = s.row_numbers[r];
    const std::string list = Trim(s.Get(r, "list_name")), name = Trim(s.Get(r, "name"));
    if (list.empty() && name.empty()) continue;
    if (list.empty()) { ctx->Issue(s, row, "list_name", "this choice has no list_name; name its list"); continue; }
    if (!IsChoiceName(name)) {
      ctx->Issue(s, row, "name", name.empty() ? "this choice has no name; give it the value to store"
                                              : "choice name \"" + name + "\" is not allowed; use 1 to 64 letters, digits, '_', '.' or '-'");
      continue;
    }
    auto [it, fresh] = seen.emplace(std::make_pair(list, name), row);
    if (!fresh) {
      ctx->Issue(s, row, "name", "choice \"" + name + "\" appears twice in list " + list + " (also row " + std::to_string(it->second) +
                                     "); give each choice of a list its own name");
      continue;
    }
    Value label = xlsform::Localized(ctx, s, r, "label");
    if (label.is_null()) { ctx->Issue(s, row, "label", "this choice has no label; write the text people see"); continue; }
    Value::Object choice{{"value", Value(name)}, {"label", label}};
    Value::Object props;
    for (size_t c = 0; c < s.columns.size(); ++c) {
      const auto& col = s.columns[c];
      if (col.base == "list_name" || col.base == "name" || col.base == "label" || Media(col.base) || !IsPropertyName(col.header)) continue;
      if (c < s.rows[r].size() && !s.rows[r][c].empty()) props[col.header] = Value(s.rows[r][c]);
    }
    if (!props.empty()) choice["properties"] = Value(std::move(props));
    lists[list].choices.push_back(Value(std::move(choice)));
    lists[list].rows.push_back(row);
  }
  return lists;
}

// The settings sheet's first data row: id, version, titles, kind, roles.
void ReadSettings(Ctx* ctx, const Sheet& s, const XlsformOptions& o, Value::Object* doc, bool* version_given) {
  const bool has = s.present && !s.rows.empty();
  const uint32_t row = has ? s.row_numbers[0] : 0;
  std::string id = has ? Trim(s.Get(0, "form_id")) : "";
  if (id.empty()) id = o.fallback_id;
  (*doc)["id"] = Value(id);
  const std::string version = has ? Trim(s.Get(0, "version")) : "";
  *version_given = !version.empty();
  (*doc)["version"] = Value(o.version);
  if (!version.empty()) {
    if (version.find_first_not_of("0123456789") != std::string::npos || version.size() > 9 || std::stoi(version) < 1)
      ctx->Issue(s, row, "version", "version \"" + version + "\" is not a whole number from 1 to 999999999; write one (or leave it "
                                    "empty and Canvass numbers the versions)");
    else
      (*doc)["version"] = Value(std::stoi(version));
  }
  Value title = has ? xlsform::Localized(ctx, s, 0, "canvass_title") : Value();
  std::string plain = has ? s.Get(0, "form_title") : "";
  if (title.is_null() && !plain.empty()) {
    Value::Object t;
    for (const auto& l : ctx->languages) t[l] = Value(plain);
    title = Value(std::move(t));
  } else if (!title.is_null() && !plain.empty()) {
    title.mutable_object()[ctx->languages.front()] = Value(plain);
  }
  if (title.is_null()) {
    Value::Object t;
    for (const auto& l : ctx->languages) t[l] = Value(id);
    title = Value(std::move(t));
  }
  (*doc)["title"] = title;
  if (Value d = has ? xlsform::Localized(ctx, s, 0, "canvass_description") : Value(); !d.is_null()) (*doc)["description"] = d;
  if (std::string kind = has ? Trim(s.Get(0, "canvass_kind")) : ""; !kind.empty()) (*doc)["kind"] = Value(kind);
  if (std::string roles = has ? Trim(s.Get(0, "canvass_respondent_roles")) : ""; !roles.empty()) {
    Value::Array a;
    size_t i = 0;
    while (i < roles.size()) {
      size_t j = roles.find_first_of(" ,", i);
      if (j == std::string::npos) j = roles.size();
      if (j > i) a.push_back(Value(roles.substr(i, j - i)));
      i = j + 1;
    }
    (*doc)["respondent_roles"] = Value(std::move(a));
  }
}

// A ParseFormValue error, told at the sheet row its JSON path came from.
XlsformIssue FromParseError(const std::string& message, const std::string& source,
                            const std::vector<std::pair<std::string, xlsform::Where>>& where, const Sheet& settings) {
  XlsformIssue issue{"", 0, "", message};
  const std::string lead = source + ": at ";
  if (message.rfind(lead, 0) != 0) return issue;
  size_t end = message.find(": ", lead.size());
  if (end == std::string::npos) return issue;
  const std::string path = message.substr(lead.size(), end - lead.size());
  issue.message = message.substr(end + 2);
  size_t best = 0;
  for (const auto& [prefix, w] : where) {
    if (prefix.size() <= best || path.compare(0, prefix.size(), prefix) != 0) continue;
    if (path.size() > prefix.size() && path[prefix.size()] != '.' && path[prefix.size()] != '[') continue;
    best = prefix.size();
    issue.sheet = w.sheet;
    issue.row = w.row;
  }
  std::string rest = path.substr(best);
  if (rest.empty() && issue.message.rfind("skip logic cycle", 0) == 0) rest = ".relevant";
  if (best == 0) {  // the form's header: the settings sheet
    issue.sheet = settings.name;
    issue.row = settings.row_numbers.empty() ? 0 : settings.row_numbers[0];
    rest = path.size() > 1 ? path.substr(1) : "";
  }
  if (!rest.empty() && rest[0] == '.') {
    std::string key = rest.substr(1, rest.find_first_of(".[", 1) == std::string::npos ? std::string::npos : rest.find_first_of(".[", 1) - 1);
    static const std::map<std::string, std::string> kColumn = {{"id", "name"}, {"kind", "canvass_kind"}, {"respondent_roles", "canvass_respondent_roles"},
                                                               {"title", "form_title"}, {"min_items", "canvass_min_items"},
                                                               {"max_items", "canvass_max_items"}, {"area_levels", "canvass_area_levels"},
                                                               {"identifying", "canvass_identifying"}, {"value", "name"}};
    auto it = kColumn.find(key);
    issue.column = it != kColumn.end() ? it->second : key;
    if (best == 0 && key == "id") issue.column = "form_id";
  }
  return issue;
}

void ClassifySheets(Ctx* ctx, std::vector<tabular::TextTable>& tables, Sheet* survey, Sheet* choices, Sheet* settings) {
  for (auto& t : tables) {
    const std::string lower = xlsform::Lower(Trim(t.sheet));
    Sheet* target = lower == "survey" ? survey : lower == "choices" ? choices : lower == "settings" ? settings : nullptr;
    if (target && !target->present) {
      target->name = t.sheet;
      target->present = true;
      target->rows = std::move(t.rows);
      target->row_numbers = std::move(t.row_numbers);
    } else if (t.rows.empty()) {
      continue;
    } else if (lower == "external_choices" || lower == "entities" || lower == "osm") {
      ctx->issues.push_back({t.sheet, 0, "", "the " + lower + " sheet is not supported by Canvass; remove it"});
    } else {
      ctx->Note("sheet \"" + t.sheet + "\" is not part of an XLSForm and is not read");
    }
  }
}

}  // namespace

Result<XlsformImport> ImportXlsform(std::string_view bytes, const std::string& source, const XlsformOptions& options) {
  tabular::XlsxLimits limits;
  limits.max_file_bytes = 32u << 20;
  limits.max_decompressed_bytes = 256u << 20;
  limits.max_rows = 20000;
  limits.max_columns = 1000;
  limits.max_shared_strings = 200000;
  limits.max_cell_bytes = 64u << 10;
  CANVASS_ASSIGN_OR_RETURN(auto tables, tabular::ReadXlsxSheets(bytes, source, limits));
  Ctx ctx;
  ctx.source = source;
  Sheet survey, choices, settings;
  ClassifySheets(&ctx, tables, &survey, &choices, &settings);
  XlsformImport out;
  if (!survey.present) {
    std::string names;
    for (const auto& t : tables) names += (names.empty() ? "\"" : ", \"") + t.sheet + "\"";
    out.issues.push_back({"", 0, "", "the workbook has no sheet named \"survey\" (it has " + names +
                                         "); an XLSForm keeps its questions in a sheet named survey"});
    return out;
  }
  if (choices.name.empty()) choices.name = "choices";
  if (settings.name.empty()) settings.name = "settings";
  for (Sheet* s : {&survey, &choices, &settings}) xlsform::ReadHeader(&ctx, s);
  const std::string default_language = settings.rows.empty() ? "" : Trim(settings.Get(0, "default_language"));
  if (!default_language.empty() && xlsform::LanguageCode(default_language).empty())
    ctx.Issue(settings, settings.row_numbers[0], "default_language",
              "Canvass does not know the code of language \"" + default_language + "\"; write it with its code, e.g. \"" +
                  default_language + " (xx)\"");
  xlsform::CollectLanguages(&ctx, {&survey, &choices, &settings}, default_language);
  CheckColumns(&ctx, survey, kSurveyColumns);
  CheckColumns(&ctx, settings, kSettingsColumns);
  auto lists = ReadChoices(&ctx, choices);
  Value::Array sections;
  std::vector<std::pair<std::string, xlsform::Where>> where;
  xlsform::ReadSurvey(&ctx, survey, lists, choices.name, &sections, &where);
  Value::Object doc{{"canvass_form", Value(1)}};
  ReadSettings(&ctx, settings, options, &doc, &out.version_given);
  Value::Array langs;
  for (const auto& l : ctx.languages) langs.push_back(Value(l));
  doc["languages"] = Value(std::move(langs));
  doc["sections"] = Value(std::move(sections));
  out.notes = ctx.notes;
  out.issues = std::move(ctx.issues);
  // In the workbook's order: the workbook, survey, choices, settings, other sheets; by row.
  auto rank = [&](const std::string& sheet) {
    return sheet.empty() ? 0 : sheet == survey.name ? 1 : sheet == choices.name ? 2 : sheet == settings.name ? 3 : 4;
  };
  std::stable_sort(out.issues.begin(), out.issues.end(), [&](const XlsformIssue& a, const XlsformIssue& b) {
    return std::make_pair(rank(a.sheet), a.row) < std::make_pair(rank(b.sheet), b.row);
  });
  if (!out.issues.empty()) return out;
  if (doc["sections"].as_array().empty()) {
    out.issues.push_back({survey.name, 0, "", "the survey sheet has no questions"});
    return out;
  }
  Value document(std::move(doc));
  auto form = ParseFormValue(document, source);
  if (!form.ok()) {
    out.issues.push_back(FromParseError(form.status().message(), source, where, settings));
    return out;
  }
  out.document = FormToValue(*form);
  return out;
}

}  // namespace canvass::forms
