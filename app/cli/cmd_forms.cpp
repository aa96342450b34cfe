// Form and area verbs: forms list|show|add|check, areas import|list.
#include <cstdio>

#include "assessment/area_import.h"
#include "assessment/table_reader.h"
#include "commands.h"
#include "core/file_util.h"
#include "forms/form_parser.h"

namespace canvass::cli {

using core::Value;

namespace {

int FormsList(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto forms = (*ws)->ListForms();
  if (!forms.ok()) return Fail(forms.status());
  if (a.Has("json")) {
    Value::Array arr;
    for (const auto& f : *forms)
      arr.push_back(Value(Value::Object{{"id", f.form_id}, {"version", Value(static_cast<int64_t>(f.version))},
                                        {"title", f.title}, {"kind", f.kind}, {"builtin", f.builtin},
                                        {"questions", Value(static_cast<int64_t>(f.question_count))},
                                        {"content_hash", f.content_hash}}));
    PrintJson(Value(Value::Object{{"forms", Value(std::move(arr))}}));
  } else {
    std::printf("%-28s %4s  %-20s %5s  %s\n", "FORM", "VER", "KIND", "QUEST", "TITLE");
    for (const auto& f : *forms)
      std::printf("%-28s %4d  %-20s %5d  %s\n", f.form_id.c_str(), f.version, f.kind.c_str(), f.question_count, f.title.c_str());
  }
  return kExitOk;
}

void PrintQuestion(const forms::Form& form, const forms::Question& q, const std::string& lang, int indent) {
  std::printf("%*s%s [%s]%s %s\n", indent, "", q.id.c_str(), forms::TypeName(q.type), q.required ? " *required" : "",
              form.Text(q.label, lang).c_str());
  if (!q.relevant.empty()) std::printf("%*s  asked when: %s\n", indent, "", q.relevant.c_str());
  if (!q.constraint.empty()) std::printf("%*s  must satisfy: %s\n", indent, "", q.constraint.c_str());
  if (q.identifying) std::printf("%*s  identifying: left out of de-identified exports\n", indent, "");
  for (const auto& c : q.choices) std::printf("%*s  - %s: %s\n", indent, "", c.value.c_str(), form.Text(c.label, lang).c_str());
  for (const auto& c : q.rows) std::printf("%*s  row %s: %s\n", indent, "", c.value.c_str(), form.Text(c.label, lang).c_str());
  for (const auto& c : q.columns) std::printf("%*s  column %s: %s\n", indent, "", c.value.c_str(), form.Text(c.label, lang).c_str());
  for (const auto& child : q.children) PrintQuestion(form, child, lang, indent + 4);
}

int FormsShow(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  int version = 0;
  if (a.Has("version")) {
    try { version = std::stoi(a.Get("version")); } catch (...) { return UsageFail("--version takes a number", nullptr); }
  }
  auto form = (*ws)->GetForm(a.positional[1], version);
  if (!form.ok()) return Fail(form.status());
  if (a.Has("json")) {
    PrintJson(forms::FormToValue(*form));
    return kExitOk;
  }
  std::string lang = a.Get("language");
  std::printf("%s v%d: %s\n", form->id.c_str(), form->version, form->Text(form->title, lang).c_str());
  for (const auto& s : form->sections) {
    std::printf("\n== %s: %s\n", s.id.c_str(), form->Text(s.title, lang).c_str());
    if (!s.relevant.empty()) std::printf("   (section asked when: %s)\n", s.relevant.c_str());
    for (const auto& q : s.questions) PrintQuestion(*form, q, lang, 2);
  }
  return kExitOk;
}

int FormsAdd(const Args& a) {
  auto text = core::ReadFileBounded(a.positional[1], 8u << 20);
  if (!text.ok()) return Fail(text.status());
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  storage::FormRow row;
  bool added = false;
  auto st = (*ws)->AddForm(*text, a.positional[1], false, &row, &added);
  if (!st.ok()) return Fail(st);
  std::printf(added ? "Added form %s version %d.\n" : "Form %s version %d is already in the workspace (same content); nothing changed.\n",
              row.form_id.c_str(), row.version);
  return kExitOk;
}

int FormsCheck(const Args& a) {
  auto form = forms::LoadFormFile(a.positional[0]);
  if (!form.ok()) return Fail(form.status());
  int n = 0;
  for (const auto& s : form->sections) n += static_cast<int>(s.questions.size());
  if (a.Has("json")) PrintJson(Value(Value::Object{{"ok", true}, {"id", form->id}, {"version", Value(static_cast<int64_t>(form->version))}, {"questions", Value(static_cast<int64_t>(n))}}));
  else std::printf("%s: ok (form %s version %d, %zu sections, %d questions)\n", a.positional[0].c_str(), form->id.c_str(), form->version, form->sections.size(), n);
  return kExitOk;
}

int AreasImport(const Args& a) {
  auto table = assessment::ReadTableFile(a.positional[1], {}, a.Get("sheet"));
  if (!table.ok()) return Fail(table.status());
  assessment::AreaTableOptions o;
  o.id_column = a.Get("id-column");
  o.name_column = a.Get("name-column");
  o.level = a.Get("level");
  o.parent_column = a.Get("parent-column");
  if (!o.level.empty() && o.level != "county" && o.level != "zip" && o.level != "tract" && o.level != "custom" && o.level != "coc" && o.level != "state")
    return UsageFail("--level must be county, zip, tract, coc, state or custom", nullptr);
  auto areas = assessment::AreasFromTable(*table, a.positional[1], o);
  if (!areas.ok()) return Fail(areas.status());
  for (const auto& n : areas->notes) std::fprintf(stderr, "note: %s\n", n.c_str());
  if (a.Has("dry-run")) {
    std::printf("Would import %zu areas (level %s); nothing was written. First ones:\n", areas->areas.size(), areas->level.c_str());
    for (size_t i = 0; i < areas->areas.size() && i < 10; ++i)
      std::printf("  %s  %s\n", areas->areas[i].id.c_str(), areas->areas[i].name.c_str());
    return kExitOk;
  }
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto stats = (*ws)->ImportAreas(areas->areas);
  if (!stats.ok()) return Fail(stats.status());
  if (a.Has("json"))
    PrintJson(Value(Value::Object{{"added", Value(static_cast<int64_t>(stats->added))}, {"updated", Value(static_cast<int64_t>(stats->updated))}, {"unchanged", Value(static_cast<int64_t>(stats->unchanged))}}));
  else
    std::printf("Areas: %d added, %d updated, %d unchanged (level %s).\n", stats->added, stats->updated, stats->unchanged, areas->level.c_str());
  return kExitOk;
}

int AreasList(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto areas = (*ws)->ListAreas();
  if (!areas.ok()) return Fail(areas.status());
  if (a.Has("json")) {
    Value::Array arr;
    for (const auto& ar : *areas) arr.push_back(ar.ToValue());
    PrintJson(Value(Value::Object{{"areas", Value(std::move(arr))}}));
  } else {
    for (const auto& ar : *areas)
      std::printf("%-12s %-8s %s%s\n", ar.id.c_str(), ar.level.c_str(), ar.name.c_str(),
                  ar.parent_id.empty() ? "" : (" (in " + ar.parent_id + ")").c_str());
    std::printf("%zu areas\n", areas->size());
  }
  return kExitOk;
}

}  // namespace

void RegisterFormCommands(std::vector<Command>* out) {
  RegisterFormExchangeCommands(out);
  out->push_back({{"forms list", "forms list FILE [--json]", "Lists the forms (protocols) in a workspace.", 1, 1, WithPass({}), {"json"}}, FormsList});
  out->push_back({{"forms show", "forms show FILE FORM_ID [--version N] [--language es] [--json]",
                   "Shows a form's sections and questions; --json lists each question with id, type, required,\n"
                   "skip logic, constraint and choice values.", 2, 2, WithPass({"version", "language"}), {"json"}}, FormsShow});
  out->push_back({{"forms add", "forms add FILE FORM.json", "Adds a form (or a new version of one) to a workspace. See docs/forms.md.", 2, 2, WithPass({}), {}}, FormsAdd});
  out->push_back({{"forms check", "forms check FORM.json", "Checks a form file without a workspace; errors give line:column or a JSON path and the fix.", 1, 1, {}, {"json"}}, FormsCheck});
  out->push_back({{"areas import", "areas import FILE TABLE [--id-column C --name-column C --level county|zip|tract|coc|custom --parent-column C] [--sheet NAME] [--dry-run]",
                   "Imports areas from a CSV/TSV table or an .xlsx workbook (e.g. the Census gazetteer, or any file with an id and a name\n"
                   "column). Ids stay text; Excel-stripped leading zeros are restored for counties, ZIPs and tracts.\n"
                   "--dry-run shows what would be imported and writes nothing.",
                   2, 2, WithPass({"id-column", "name-column", "level", "parent-column", "sheet"}), {"dry-run", "json"}}, AreasImport});
  out->push_back({{"areas list", "areas list FILE [--json]", "Lists the areas of a workspace.", 1, 1, WithPass({}), {"json"}}, AreasList});
}

}  // namespace canvass::cli
