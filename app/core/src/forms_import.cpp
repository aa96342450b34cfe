// XLSForm into a workspace (app/forms_import.h).
#include "app/forms_import.h"

#include <optional>

#include "core/file_util.h"
#include "forms/form_parser.h"

namespace canvass::app {

using core::Status;
using core::Value;

namespace {

// The form's canonical JSON with another version number.
Value WithVersion(const Value& doc, int version) {
  Value::Object o = doc.as_object();
  o["version"] = Value(version);
  return Value(std::move(o));
}

// Settles the version: the one in settings, or the next after the workspace's latest (the
// same one when nothing changed). Returns "" or a refusal.
std::string SettleVersion(storage::Workspace* ws, const std::string& file, const forms::XlsformImport& r, Value* doc,
                          std::optional<forms::Form>* previous, bool* unchanged) {
  const std::string id = doc->Find("id")->as_string();
  const int version = static_cast<int>(doc->Find("version")->as_int());
  auto latest = ws->GetForm(id);
  *unchanged = false;
  if (!latest.ok()) return "";
  auto same = [&](const forms::Form& f) { return forms::FormToValue(f) == WithVersion(*doc, f.version); };
  if (!r.version_given) {
    if (same(*latest)) *unchanged = true;
    *doc = WithVersion(*doc, *unchanged ? latest->version : latest->version + 1);
    *previous = std::move(*latest);
    return "";
  }
  if (auto existing = ws->GetForm(id, version); existing.ok()) {
    if (same(*existing)) {
      *unchanged = true;
      return "";
    }
    return file + ": settings, column version: form " + id + " version " + std::to_string(version) +
           " is already in this workspace with different questions; raise the version to " + std::to_string(latest->version + 1) +
           " (or leave it empty and Canvass numbers it)";
  }
  if (version < latest->version)
    return file + ": settings, column version: version " + std::to_string(version) + " is older than the workspace's version " +
           std::to_string(latest->version) + " of form " + id + "; use " + std::to_string(latest->version + 1);
  *previous = std::move(*latest);
  return "";
}

}  // namespace

core::Result<forms::XlsformImport> ReadXlsformFile(const std::string& file) {
  CANVASS_ASSIGN_OR_RETURN(std::string bytes, core::ReadFileBounded(file, 32u << 20));
  forms::XlsformOptions o;
  o.fallback_id = forms::IdFromFileName(file);
  return forms::ImportXlsform(bytes, file, o);
}

core::Result<FormImportOutcome> AddXlsform(storage::Workspace* ws, const std::string& file, const forms::XlsformImport& read,
                                           bool dry_run) {
  if (!read.issues.empty()) return Status::InvalidArgument(file + ": " + read.issues[0].Text() + "; nothing was imported");
  Value doc = read.document;
  std::optional<forms::Form> previous;
  FormImportOutcome out;
  if (std::string refusal = SettleVersion(ws, file, read, &doc, &previous, &out.unchanged); !refusal.empty())
    return Status::Conflict(refusal);
  CANVASS_ASSIGN_OR_RETURN(forms::Form form, forms::ParseFormValue(doc, file));
  if (previous) {
    out.previous_version = previous->version;
    if (!out.unchanged) out.changes = forms::DescribeChanges(*previous, form);
  }
  if (!out.unchanged && !dry_run) {
    storage::FormRow row;
    CANVASS_RETURN_IF_ERROR(ws->AddForm(doc.ToJson(), file, false, &row, &out.added));
  }
  out.id = form.id;
  out.version = form.version;
  out.sections = form.sections.size();
  out.questions = form.TopLevelQuestions().size();
  out.notes = read.notes;
  return out;
}

}  // namespace canvass::app
