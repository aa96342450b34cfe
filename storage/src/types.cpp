// Conversions of storage value types to and from core::Value (bundles, --json output).
#include "storage/types.h"

namespace canvass::storage {

using core::Value;

const char* RoleName(Role r) { return r == Role::kCentral ? "central" : "field"; }
bool RoleFromName(const std::string& s, Role* out) {
  if (s == "central") { *out = Role::kCentral; return true; }
  if (s == "field") { *out = Role::kField; return true; }
  return false;
}

Value Version::ToValue() const {
  Value::Array ps;
  for (const auto& p : parents) ps.emplace_back(p);
  return Value(Value::Object{{"id", id},         {"kind", kind},     {"subject", subject},
                             {"field", field},   {"value", value},   {"hlc", hlc},
                             {"device", device_id}, {"author", author}, {"note", note},
                             {"parents", Value(std::move(ps))}});
}

bool Version::FromValue(const Value& v, Version* out, std::string* error) {
  if (!v.is_object()) { *error = "a version must be an object"; return false; }
  if (!core::ReadStringField(v, "id", &out->id, error) || !core::ReadStringField(v, "kind", &out->kind, error) ||
      !core::ReadStringField(v, "subject", &out->subject, error) || !core::ReadStringField(v, "field", &out->field, error) ||
      !core::ReadStringField(v, "hlc", &out->hlc, error) || !core::ReadStringField(v, "device", &out->device_id, error) ||
      !core::ReadStringField(v, "author", &out->author, error) || !core::ReadStringField(v, "note", &out->note, error))
    return false;
  const Value* val = v.Find("value");
  if (!val) { *error = "missing \"value\""; return false; }
  out->value = *val;
  const Value* ps = v.Find("parents");
  if (!ps || !ps->is_array()) { *error = "\"parents\" must be an array"; return false; }
  out->parents.clear();
  for (const Value& p : ps->as_array()) {
    if (!p.is_string() || p.as_string().size() != 64) { *error = "a parent id must be 64 hex digits"; return false; }
    out->parents.push_back(p.as_string());
  }
  return true;
}

Value InterviewHeader::ToValue() const {
  return Value(Value::Object{{"uuid", uuid},
                             {"form_id", form_id},
                             {"form_version", Value(static_cast<int64_t>(form_version))},
                             {"device", device_id},
                             {"interviewer", interviewer},
                             {"respondent_role", respondent_role},
                             {"language", language},
                             {"created_hlc", created_hlc}});
}

bool InterviewHeader::FromValue(const Value& v, InterviewHeader* h, std::string* error) {
  if (!v.is_object()) { *error = "an interview header must be an object"; return false; }
  if (!core::ReadStringField(v, "uuid", &h->uuid, error) || !core::ReadStringField(v, "form_id", &h->form_id, error) ||
      !core::ReadStringField(v, "device", &h->device_id, error) ||
      !core::ReadStringField(v, "interviewer", &h->interviewer, error) ||
      !core::ReadStringField(v, "respondent_role", &h->respondent_role, error) ||
      !core::ReadStringField(v, "language", &h->language, error) ||
      !core::ReadStringField(v, "created_hlc", &h->created_hlc, error))
    return false;
  const Value* fv = v.Find("form_version");
  if (!fv || !fv->is_integer() || fv->as_int() < 1 || fv->as_int() > 1000000) {
    *error = "\"form_version\" must be a positive integer";
    return false;
  }
  h->form_version = static_cast<int>(fv->as_int());
  return true;
}

Value MergeStats::ToValue() const {
  auto n = [](int64_t x) { return Value(x); };
  return Value(Value::Object{{"new_interviews", n(new_interviews)},
                             {"known_interviews", n(known_interviews)},
                             {"new_versions", n(new_versions)},
                             {"already_seen_versions", n(known_versions)},
                             {"updated_answers", n(updated_answers)},
                             {"new_conflicts", n(new_conflicts)},
                             {"missing_parents", n(missing_parents)},
                             {"new_forms", n(new_forms)},
                             {"new_areas", n(new_areas)}});
}

Value CheckReport::ToValue() const {
  Value::Array probs, warns;
  for (const auto& p : problems) probs.emplace_back(p);
  for (const auto& w : warnings) warns.emplace_back(w);
  return Value(Value::Object{{"ok", ok},
                             {"problems", Value(std::move(probs))},
                             {"warnings", Value(std::move(warns))},
                             {"cipher_version", cipher_version},
                             {"sqlite_version", sqlite_version},
                             {"kdf_profile", kdf_profile},
                             {"test_only_key", test_only_key},
                             {"journal_mode", journal_mode},
                             {"schema_version", Value(static_cast<int64_t>(schema_version))},
                             {"forms", Value(forms)},
                             {"areas", Value(areas)},
                             {"interviews", Value(interviews)},
                             {"versions", Value(versions)},
                             {"audit_entries", Value(audit_entries)},
                             {"conflicts", Value(conflicts)}});
}

}  // namespace canvass::storage
