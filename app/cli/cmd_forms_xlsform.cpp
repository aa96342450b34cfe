// Forms in other shapes: forms import (an .xlsx XLSForm into a workspace, a new version when
// changed, saying what changed), forms export --xlsform (any form, built-in protocols included)
// and forms print (a printable questionnaire).
#include <algorithm>
#include <cstdio>
#include <optional>

#include "app/forms_import.h"
#include "commands.h"
#include "core/file_util.h"
#include "forms/form_parser.h"
#include "forms/print.h"
#include "forms/xlsform.h"

namespace canvass::cli {

using core::Status;
using core::Value;

namespace {

int PrintIssues(const Args& a, const std::string& file, const forms::XlsformImport& r) {
  if (a.Has("json")) {
    Value::Array issues;
    for (const auto& i : r.issues)
      issues.push_back(Value(Value::Object{{"sheet", i.sheet}, {"row", Value(static_cast<int64_t>(i.row))}, {"column", i.column},
                                           {"message", i.message}}));
    PrintJson(Value(Value::Object{{"ok", false}, {"issues", Value(std::move(issues))}}));
    return kExitFailure;
  }
  if (!a.Has("dry-run")) {
    std::string more = r.issues.size() > 1 ? " (and " + std::to_string(r.issues.size() - 1) +
                                                 " more; run with --dry-run to list them all)"
                                           : "";
    return Fail(Status::InvalidArgument(file + ": " + r.issues[0].Text() + more + "; nothing was imported"));
  }
  std::printf("Dry run: %s cannot be imported as it is (%zu problem%s); nothing was written:\n", file.c_str(), r.issues.size(),
              r.issues.size() == 1 ? "" : "s");
  for (const auto& i : r.issues) std::printf("  %s\n", i.Text().c_str());
  return kExitFailure;
}

int FormsImport(const Args& a) {
  const std::string file = a.positional[1];
  auto r = app::ReadXlsformFile(file);  // before the workspace: a refused form needs no passphrase
  if (!r.ok()) return Fail(r.status());
  if (!r->issues.empty()) return PrintIssues(a, file, *r);
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto o = app::AddXlsform(ws->get(), file, *r, a.Has("dry-run"));
  if (!o.ok()) return Fail(o.status());
  if (a.Has("json")) {
    Value::Array notes, changed;
    for (const auto& x : o->notes) notes.push_back(Value(x));
    for (const auto& x : o->changes) changed.push_back(Value(x));
    PrintJson(Value(Value::Object{{"ok", true}, {"dry_run", a.Has("dry-run")}, {"id", o->id}, {"version", Value(o->version)},
                                  {"unchanged", o->unchanged}, {"questions", Value(static_cast<int64_t>(o->questions))},
                                  {"notes", Value(std::move(notes))}, {"changes", Value(std::move(changed))}}));
    return kExitOk;
  }
  if (o->unchanged)
    std::printf("Form %s version %d is already in the workspace with the same questions; nothing changed.\n", o->id.c_str(), o->version);
  else
    std::printf("%s form %s version %d (%zu sections, %zu top-level questions) from %s.\n", a.Has("dry-run") ? "Dry run: would add" : "Added",
                o->id.c_str(), o->version, o->sections, o->questions, file.c_str());
  if (o->previous_version && !o->unchanged) {
    std::printf("Changes from version %d (answers to version %d stay readable as they were):\n", o->previous_version, o->previous_version);
    for (const auto& c : o->changes) std::printf("  %s\n", c.c_str());
    if (o->changes.empty()) std::printf("  (texts and details only)\n");
  }
  for (const auto& x : o->notes) std::printf("note: %s\n", x.c_str());
  return kExitOk;
}

// The form FILE FORM_ID [--version N] names (the latest version without it); on failure,
// nullopt with *rc the exit code (the usage or workspace error already printed).
std::optional<forms::Form> FormArg(const Args& a, int* rc) {
  int version = 0;
  if (a.Has("version")) {
    try { version = std::stoi(a.Get("version")); } catch (...) { *rc = UsageFail("--version takes a number", nullptr); return std::nullopt; }
  }
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) { *rc = Fail(ws.status()); return std::nullopt; }
  auto form = (*ws)->GetForm(a.positional[1], version);
  if (!form.ok()) { *rc = Fail(form.status()); return std::nullopt; }
  return std::move(*form);
}

int FormsExport(const Args& a) {
  if (!a.Has("xlsform")) return UsageFail("forms export needs --xlsform OUT.xlsx", nullptr);
  int rc = kExitOk;
  std::optional<forms::Form> form = FormArg(a, &rc);
  if (!form) return rc;
  if (auto st = forms::ExportXlsform(*form, a.Get("xlsform")); !st.ok()) return Fail(st);
  std::printf("Wrote form %s version %d as an XLSForm to %s (sheets survey, choices, settings).\n"
              "Edit it in Excel and bring it back with: canvass-cli forms import FILE %s\n",
              form->id.c_str(), form->version, a.Get("xlsform").c_str(), a.Get("xlsform").c_str());
  return kExitOk;
}

int FormsPrint(const Args& a) {
  if (!a.Has("out")) return UsageFail("forms print needs --out FORM.html", nullptr);
  int rc = kExitOk;
  std::optional<forms::Form> form = FormArg(a, &rc);
  if (!form) return rc;
  const std::string lang = a.Get("lang");
  if (!lang.empty() && std::find(form->languages.begin(), form->languages.end(), lang) == form->languages.end()) {
    std::string have;
    for (const auto& l : form->languages) have += (have.empty() ? "" : ", ") + l;
    return Fail(core::Status::InvalidArgument("form " + form->id + " has no texts in '" + lang + "' (it has: " + have + ")"));
  }
  if (auto st = core::WriteFileAtomic(a.Get("out"), forms::PrintableQuestionnaire(*form, lang), true); !st.ok()) return Fail(st);
  std::printf("Wrote the printable questionnaire of %s version %d (%s) to %s: open it in a browser and print it.\n",
              form->id.c_str(), form->version, (lang.empty() ? form->languages.front() : lang).c_str(), a.Get("out").c_str());
  return kExitOk;
}

}  // namespace

void RegisterFormExchangeCommands(std::vector<Command>* out) {
  out->push_back({{"forms import", "forms import FILE FORM.xlsx [--dry-run] [--json]",
                   "Imports an XLSForm (the ODK/Kobo Excel form format: sheets survey, choices, settings) as a form.\n"
                   "Form id and version come from settings (else the file name, and the next version when the questions\n"
                   "changed); a new version keeps the answers of the old one readable and the changes are listed.\n"
                   "Anything Canvass cannot take refuses the whole import, named by sheet, row and column; --dry-run\n"
                   "lists every such problem and writes nothing. See docs/forms.md, \"XLSForm\".",
                   2, 2, WithPass({}), {"dry-run", "json"}}, FormsImport});
  out->push_back({{"forms export", "forms export FILE FORM_ID --xlsform OUT.xlsx [--version N]",
                   "Writes a form (a built-in protocol too) as an XLSForm that imports back to the same form, so a task\n"
                   "force can adapt it in Excel. Canvass-only types use custom types (canvass_yes_no, canvass_area, ...).",
                   2, 2, WithPass({"xlsform", "version"}), {}}, FormsExport});
  out->push_back({{"forms print", "forms print FILE FORM_ID --out FORM.html [--lang en|es] [--version N]",
                   "Writes a printable questionnaire (HTML: open it in a browser and print) for the day a laptop fails:\n"
                   "a page per section, every item numbered with its question id, skip logic written as \"If ..., go to ...\",\n"
                   "choice codes in brackets so the paper answers can be keyed in later, and notes (the consent text) in full.",
                   2, 2, WithPass({"out", "lang", "version"}), {}}, FormsPrint});
}

}  // namespace canvass::cli
