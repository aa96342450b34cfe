// Coding set verbs: coding-set add/remove/rename/delete/list/show (named sets of answers coded
// together, blind).
#include <algorithm>
#include <cstdio>
#include <set>

#include "coding_util.h"

namespace canvass::cli {

using core::Value;

namespace {

// The answers a filter selects: --all, or --interview UUID [--question QID], and --form FORM.
std::vector<std::string> Selected(const Args& a, const std::vector<storage::OpenAnswer>& answers) {
  std::vector<std::string> out;
  for (const auto& oa : answers) {
    if (a.Has("interview") && oa.interview != a.Get("interview")) continue;
    if (a.Has("question") && oa.question != a.Get("question")) continue;
    if (a.Has("form") && oa.form_id != a.Get("form")) continue;
    out.push_back(oa.id());
  }
  return out;
}

int SetAdd(const Args& a) {
  bool pick = a.Has("all") || a.Has("interview") || a.Has("question") || a.Has("form");
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    const std::string author = a.Get("author", ws.info().device_name);
    auto existing = store.GetCodingSet(a.positional[1]);
    std::string id;
    bool created = false;
    if (existing.ok()) {
      id = existing->id;
    } else if (existing.status().code() == core::Code::kNotFound) {
      // Check the selection before writing anything, so bad input changes nothing.
      if (pick) {
        auto answers = store.OpenAnswersBulk();
        if (!answers.ok()) return Fail(answers.status());
        if (Selected(a, *answers).empty()) return Fail(core::Status::NotFound("no open-text answer matches; see `canvass-cli code answers`"));
      }
      auto made = store.AddCodingSet(a.positional[1], author);
      if (!made.ok()) return Fail(made.status());
      id = *made;
      created = true;
    } else {
      return Fail(existing.status());
    }
    int added = 0;
    if (pick) {
      auto answers = store.OpenAnswersBulk();
      if (!answers.ok()) return Fail(answers.status());
      auto ids = Selected(a, *answers);
      if (ids.empty()) return Fail(core::Status::NotFound("no open-text answer matches; see `canvass-cli code answers`"));
      auto n = store.AddToCodingSet(id, ids, author);
      if (!n.ok()) return Fail(n.status());
      added = *n;
    }
    if (a.Has("json")) PrintJson(Value(Value::Object{{"id", id}, {"created", created}, {"added", Value(static_cast<int64_t>(added))}}));
    else std::printf("%s coding set %s (%s); %d answer(s) added\n", created ? "Created" : "Updated", a.positional[1].c_str(), id.c_str(), added);
    return kExitOk;
  });
}

int SetList(const Args& a) {
  return WithStore(a, [&](storage::Workspace&, storage::CodingStore& store) {
    auto sets = store.ListCodingSets();
    if (!sets.ok()) return Fail(sets.status());
    Value::Array arr;
    for (const auto& s : *sets) {
      if (!a.Has("json")) std::printf("%s  %-30s %4zu answers  by %s\n", s.id.c_str(), s.name.c_str(), s.answers.size(), s.created_by.c_str());
      arr.push_back(Value(Value::Object{{"id", s.id}, {"name", s.name}, {"created_by", s.created_by},
                                        {"answers", Value(static_cast<int64_t>(s.answers.size()))}}));
    }
    if (a.Has("json")) PrintJson(Value(Value::Object{{"sets", Value(std::move(arr))}}));
    else std::printf("%zu coding set(s)\n", sets->size());
    return kExitOk;
  });
}

int SetShow(const Args& a) {
  return WithStore(a, [&](storage::Workspace&, storage::CodingStore& store) {
    auto s = store.GetCodingSet(a.positional[1]);
    if (!s.ok()) return Fail(s.status());
    auto progress = store.SetProgress(*s, {});
    if (!progress.ok()) return Fail(progress.status());
    if (a.Has("json")) {
      Value::Array answers, coders;
      for (const auto& id : s->answers) answers.emplace_back(id);
      for (const auto& p : *progress)
        coders.push_back(Value(Value::Object{{"coder", p.coder}, {"done", Value(static_cast<int64_t>(p.done))},
                                             {"total", Value(static_cast<int64_t>(p.total))}}));
      PrintJson(Value(Value::Object{{"id", s->id}, {"name", s->name}, {"created_by", s->created_by},
                                    {"answers", Value(std::move(answers))}, {"progress", Value(std::move(coders))}}));
      return kExitOk;
    }
    std::printf("%s  %s  (%zu answers, by %s)\n", s->id.c_str(), s->name.c_str(), s->answers.size(), s->created_by.c_str());
    for (const auto& p : *progress) std::printf("  %s %d/%d done\n", p.coder.c_str(), p.done, p.total);
    for (const auto& id : s->answers) std::printf("  %s\n", id.c_str());
    return kExitOk;
  });
}

int SetRemove(const Args& a) {
  if (!(a.Has("all") || a.Has("interview") || a.Has("question") || a.Has("form")))
    return UsageFail("choose the answers to take out: --all, --interview UUID [--question QID] or --form FORM", nullptr);
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    auto s = store.GetCodingSet(a.positional[1]);
    if (!s.ok()) return Fail(s.status());
    std::vector<std::string> ids;
    for (const auto& id : s->answers) {  // members, selected by the same filters as add
      const auto slash = id.find('/');
      if (a.Has("interview") && id.substr(0, slash) != a.Get("interview")) continue;
      if (a.Has("question") && id.substr(slash + 1) != a.Get("question")) continue;
      ids.push_back(id);
    }
    if (a.Has("form")) {
      auto answers = store.OpenAnswersBulk();
      if (!answers.ok()) return Fail(answers.status());
      std::set<std::string> of_form;
      for (const auto& oa : *answers)
        if (oa.form_id == a.Get("form")) of_form.insert(oa.id());
      ids.erase(std::remove_if(ids.begin(), ids.end(), [&](const std::string& id) { return !of_form.count(id); }), ids.end());
    }
    if (ids.empty()) return Fail(core::Status::NotFound("no answer of set \"" + s->name + "\" matches; see `canvass-cli coding-set show`"));
    auto n = store.RemoveFromCodingSet(s->id, ids, a.Get("author", ws.info().device_name));
    if (!n.ok()) return Fail(n.status());
    std::printf("Took %d answer(s) out of coding set %s; their codings and done marks are kept.\n", *n, s->name.c_str());
    return kExitOk;
  });
}

int SetRename(const Args& a) {
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    auto st = store.RenameCodingSet(a.positional[1], a.positional[2], a.Get("author", ws.info().device_name));
    if (!st.ok()) return Fail(st);
    std::printf("Renamed coding set %s to %s.\n", a.positional[1].c_str(), a.positional[2].c_str());
    return kExitOk;
  });
}

int SetDelete(const Args& a) {
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    auto st = store.DeleteCodingSet(a.positional[1], a.Get("author", ws.info().device_name));
    if (!st.ok()) return Fail(st);
    std::printf("Deleted coding set %s; its answers, codings and done marks are kept.\n", a.positional[1].c_str());
    return kExitOk;
  });
}

}  // namespace

void RegisterCodingSetCommands(std::vector<Command>* out) {
  out->push_back({{"coding-set add", "coding-set add FILE NAME [--all | --interview UUID [--question QID] | --form FORM] [--author NAME] [--json]",
                   "Creates the named coding set if needed and adds the selected open-text answers. In the app's blind mode\n"
                   "another coder's codings on the set's answers stay hidden until both coders finished every answer of it.",
                   2, 2, WithPass({"interview", "question", "form", "author"}), {"all", "json"}}, SetAdd});
  out->push_back({{"coding-set remove", "coding-set remove FILE SET (--all | --interview UUID [--question QID] | --form FORM) [--author NAME]",
                   "Takes the selected answers out of a coding set (GUID or name). Codings and done marks stay.", 2, 2,
                   WithPass({"interview", "question", "form", "author"}), {"all"}}, SetRemove});
  out->push_back({{"coding-set rename", "coding-set rename FILE SET NEW_NAME [--author NAME]",
                   "Renames a coding set (GUID or name); names are unique.", 3, 3, WithPass({"author"}), {}}, SetRename});
  out->push_back({{"coding-set delete", "coding-set delete FILE SET [--author NAME]",
                   "Deletes a coding set (GUID or name). Its answers, codings and done marks stay.", 2, 2, WithPass({"author"}), {}}, SetDelete});
  out->push_back({{"coding-set list", "coding-set list FILE [--json]", "Lists the coding sets: GUID, name, number of answers, creator.", 1, 1,
                   WithPass({}), {"json"}}, SetList});
  out->push_back({{"coding-set show", "coding-set show FILE SET [--json]",
                   "Shows a coding set (GUID or name): its answers and each coder's progress (answers marked done).", 2, 2,
                   WithPass({}), {"json"}}, SetShow});
  RegisterCodingAnalysisCommands(out);
}

}  // namespace canvass::cli
