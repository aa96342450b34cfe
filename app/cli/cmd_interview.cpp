// Interview verbs: add, list, show, set, finalize, reopen.
#include <cstdio>

#include "app/answers_file.h"
#include "commands.h"
#include "core/clock.h"

namespace canvass::cli {

using core::Value;

namespace {

Value HeaderValue(const storage::InterviewHeader& h) { return h.ToValue(); }

std::string When(const std::string& hlc) {
  uint64_t t = 0;
  if (!core::Hlc::FromText(hlc, &t)) return "";
  return core::FormatIsoUtc(core::Hlc::Millis(t));
}

int Add(const Args& a) {
  if (!a.Has("form")) return UsageFail("--form FORM_ID is required", nullptr);
  if (!a.Has("answers")) return UsageFail("--answers ANSWERS.json is required", nullptr);
  auto answers = app::LoadAnswersFile(a.Get("answers"));
  if (!answers.ok()) return Fail(answers.status());
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  storage::NewInterview in;
  in.form_id = a.Get("form");
  if (a.Has("form-version")) {
    try { in.form_version = std::stoi(a.Get("form-version")); } catch (...) { return UsageFail("--form-version takes a number", nullptr); }
  }
  in.interviewer = a.Get("interviewer");
  in.respondent_role = a.Get("role");
  in.language = a.Get("language");
  in.answers = std::move(*answers);
  in.final = a.Has("final");
  auto uuid = (*ws)->AddInterview(in);
  if (!uuid.ok()) return Fail(uuid.status());
  if (a.Has("json")) PrintJson(Value(Value::Object{{"uuid", *uuid}, {"status", in.final ? "final" : "draft"}}));
  else std::printf("Added %s interview %s\n", in.final ? "final" : "draft", uuid->c_str());
  return kExitOk;
}

int List(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto list = (*ws)->ListInterviews();
  if (!list.ok()) return Fail(list.status());
  if (a.Has("json")) {
    Value::Array arr;
    for (const auto& s : *list) {
      Value v = HeaderValue(s.header);
      auto& o = v.mutable_object();
      o["status"] = s.status;
      o["answered"] = Value(static_cast<int64_t>(s.answered));
      o["has_conflicts"] = s.has_conflicts;
      o["created_at"] = When(s.header.created_hlc);
      o["updated_at"] = When(s.updated_hlc);
      arr.push_back(std::move(v));
    }
    PrintJson(Value(Value::Object{{"interviews", Value(std::move(arr))}}));
  } else {
    std::printf("%-36s  %-6s %-26s %-22s %-20s %s\n", "UUID", "STATUS", "FORM", "ROLE", "CREATED", "ANSWERS");
    for (const auto& s : *list)
      std::printf("%-36s  %-6s %-26s %-22s %-20s %d%s\n", s.header.uuid.c_str(), s.status.c_str(),
                  (s.header.form_id + " v" + std::to_string(s.header.form_version)).c_str(), s.header.respondent_role.c_str(),
                  When(s.header.created_hlc).c_str(), s.answered, s.has_conflicts ? "  CONFLICT" : "");
    std::printf("%zu interviews\n", list->size());
  }
  return kExitOk;
}

Value VersionValue(const storage::Version& v) {
  Value out = v.ToValue();
  out.mutable_object()["at"] = When(v.hlc);
  return out;
}

int Show(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto d = (*ws)->GetInterview(a.positional[1]);
  if (!d.ok()) return Fail(d.status());
  if (a.Has("json")) {
    Value::Object answers, conflicts;
    for (const auto& [q, cell] : d->answers) {
      if (cell.conflict()) {
        Value::Array vals;
        for (const auto& h : cell.heads) vals.push_back(VersionValue(h));
        conflicts[q] = Value(std::move(vals));
      } else {
        answers[q] = cell.heads[0].value;
      }
    }
    Value::Array history;
    for (const auto& v : d->history) history.push_back(VersionValue(v));
    Value out = HeaderValue(d->header);
    auto& o = out.mutable_object();
    o["status"] = d->status;
    o["answers"] = Value(std::move(answers));
    o["conflicts"] = Value(std::move(conflicts));
    o["history"] = Value(std::move(history));
    PrintJson(out);
    return kExitOk;
  }
  const auto& h = d->header;
  std::printf("Interview %s (%s)\n  form %s v%d, role %s, language %s, interviewer %s, created %s\n", h.uuid.c_str(),
              d->status.c_str(), h.form_id.c_str(), h.form_version, h.respondent_role.c_str(), h.language.c_str(),
              h.interviewer.c_str(), When(h.created_hlc).c_str());
  auto form = (*ws)->GetForm(h.form_id, h.form_version);
  for (const auto& [q, cell] : d->answers) {
    std::string label;
    if (form.ok())
      if (const auto* fq = form->FindQuestion(q)) label = " (" + form->Text(fq->label, h.language) + ")";
    if (cell.conflict()) {
      std::printf("  %s%s: CONFLICT between %zu values:\n", q.c_str(), label.c_str(), cell.heads.size());
      for (const auto& v : cell.heads)
        std::printf("      %s  by %s on device %.8s at %s\n", v.value.ToJson().c_str(), v.author.c_str(), v.device_id.c_str(), When(v.hlc).c_str());
    } else {
      std::printf("  %s%s: %s\n", q.c_str(), label.c_str(), cell.heads[0].value.ToJson().c_str());
    }
  }
  std::printf("  history: %zu versions (use --json to see them)\n", d->history.size());
  return kExitOk;
}

int Set(const Args& a) {
  if (!a.Has("question") || !a.Has("value")) return UsageFail("--question QID and --value JSON are required", nullptr);
  auto value = core::ParseJson(a.Get("value"), "--value");
  if (!value.ok()) return Fail(value.status());
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto st = (*ws)->SetAnswer(a.positional[1], a.Get("question"), *value, a.Get("author"));
  if (!st.ok()) return Fail(st);
  std::printf("Saved %s of interview %s\n", a.Get("question").c_str(), a.positional[1].c_str());
  return kExitOk;
}

int Finalize(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto st = (*ws)->Finalize(a.positional[1], a.Get("author"));
  if (!st.ok()) return Fail(st);
  std::printf("Interview %s is final.\n", a.positional[1].c_str());
  return kExitOk;
}

int Reopen(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto st = (*ws)->Reopen(a.positional[1], a.Get("author"), a.Get("reason"));
  if (!st.ok()) return Fail(st);
  std::printf("Interview %s is a draft again (logged).\n", a.positional[1].c_str());
  return kExitOk;
}

}  // namespace

void RegisterInterviewCommands(std::vector<Command>* out) {
  out->push_back({{"interview add", "interview add FILE --form FORM_ID --answers ANSWERS.json [--interviewer NAME] [--role ROLE] [--language en|es] [--final]",
                   "Adds an interview. ANSWERS.json maps question ids to values (string, number, true/false, an array\n"
                   "of choice values or area ids, or an object of category -> number for count tables). The answers\n"
                   "go through the same checks as in the app: types, choices, areas, constraints, skip logic, and with\n"
                   "--final every required question.",
                   1, 1, WithPass({"form", "form-version", "answers", "interviewer", "role", "language"}), {"final", "json"}}, Add});
  out->push_back({{"interview list", "interview list FILE [--json]", "Lists interviews with status, form, role and dates.", 1, 1, WithPass({}), {"json"}}, List});
  out->push_back({{"interview show", "interview show FILE UUID [--json]", "Shows an interview's answers, conflicts and (with --json) its full history.", 2, 2, WithPass({}), {"json"}}, Show});
  out->push_back({{"interview set", "interview set FILE UUID --question QID --value JSON [--author NAME]",
                   "Changes one answer of a draft interview (--value null clears it); the old value stays in history.",
                   2, 2, WithPass({"question", "value", "author"}), {}}, Set});
  out->push_back({{"interview finalize", "interview finalize FILE UUID", "Checks every required answer and marks the interview final (read-only unless reopened).", 2, 2, WithPass({"author"}), {}}, Finalize});
  out->push_back({{"interview reopen", "interview reopen FILE UUID --reason TEXT", "Makes a final interview editable again; the reason is logged.", 2, 2, WithPass({"author", "reason"}), {}}, Reopen});
}

}  // namespace canvass::cli
