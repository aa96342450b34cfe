// Coding verbs: codebook list/add/rename/move/merge-codes/memo, code add/list/remove/done/memo.
// Agreement, counts and REFI-QDA exchange verbs are in cmd_coding_exchange.cpp.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "coding/text_span.h"
#include "coding_util.h"

namespace canvass::cli {

using core::Value;

void RegisterCodingExchangeCommands(std::vector<Command>* out);  // cmd_coding_exchange.cpp

namespace {

bool ParseOffset(const std::string& text, int64_t* out) {
  try {
    size_t used = 0;
    long long v = std::stoll(text, &used);
    if (used != text.size() || v < 0) return false;
    *out = v;
    return true;
  } catch (...) {
    return false;
  }
}

Value CodeValue(const coding::Codebook& cb, const coding::Code& c) {
  Value::Array memos;
  for (const coding::Memo* m : cb.MemosFor(c.guid))
    memos.push_back(Value(Value::Object{{"author", m->author}, {"text", m->text}, {"created", m->created}}));
  return Value(Value::Object{{"guid", c.guid}, {"name", c.name}, {"path", cb.PathOf(c.guid)}, {"parent", c.parent_guid},
                             {"description", c.description}, {"color", c.color}, {"memos", Value(std::move(memos))}});
}

int CodebookList(const Args& a) {
  return WithStore(a, [&](storage::Workspace&, storage::CodingStore& store) {
    auto cb = store.LoadCodebook();
    if (!cb.ok()) return Fail(cb.status());
    if (a.Has("json")) {
      Value::Array arr;
      for (const coding::Code* c : cb->InTreeOrder()) arr.push_back(CodeValue(*cb, *c));
      PrintJson(Value(Value::Object{{"codes", Value(std::move(arr))}}));
      return kExitOk;
    }
    for (const coding::Code* c : cb->InTreeOrder()) {
      int depth = 0;
      for (std::string p = c->parent_guid; !p.empty() && depth < 32; ++depth) p = cb->FindByGuid(p)->parent_guid;
      size_t memos = cb->MemosFor(c->guid).size();
      std::printf("%s  %*s%s%s%s\n", c->guid.c_str(), depth * 2, "", c->name.c_str(), c->color.empty() ? "" : ("  " + c->color).c_str(),
                  memos ? ("  [" + std::to_string(memos) + " memo(s)]").c_str() : "");
    }
    std::printf("%zu codes\n", cb->size());
    return kExitOk;
  });
}

int CodebookAdd(const Args& a) {
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    auto guid = store.AddCode(a.Get("parent"), a.positional[1], a.Get("description"), a.Get("color"),
                              a.Get("author", ws.info().device_name));
    if (!guid.ok()) return Fail(guid.status());
    if (a.Has("json")) PrintJson(Value(Value::Object{{"guid", *guid}}));
    else std::printf("Added code %s (%s)\n", a.positional[1].c_str(), guid->c_str());
    return kExitOk;
  });
}

int CodebookRename(const Args& a) {
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    auto st = store.RenameCode(a.positional[1], a.positional[2], a.Get("author", ws.info().device_name));
    if (!st.ok()) return Fail(st);
    std::printf("Renamed code %s to %s\n", a.positional[1].c_str(), a.positional[2].c_str());
    return kExitOk;
  });
}

int CodebookMove(const Args& a) {
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    auto st = store.MoveCode(a.positional[1], a.Get("parent"), a.Get("author", ws.info().device_name));
    if (!st.ok()) return Fail(st);
    std::printf("Moved code %s %s\n", a.positional[1].c_str(), a.Has("parent") ? ("under " + a.Get("parent")).c_str() : "to the top level");
    return kExitOk;
  });
}

int CodebookMerge(const Args& a) {
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    auto st = store.MergeCodes(a.positional[2], a.positional[1], a.Get("author", ws.info().device_name));
    if (!st.ok()) return Fail(st);
    std::printf("Merged code %s into %s; its codings now count as %s\n", a.positional[1].c_str(), a.positional[2].c_str(),
                a.positional[2].c_str());
    return kExitOk;
  });
}

// Who is coding. A coder's laptop is enrolled for one person: its codings, memos and done
// marks are that person's (the device name), and --coder may only repeat it. On the central
// workspace the coordinator names the person with --coder. (The GUI applies the same rule.)
core::Result<std::string> Coder(const Args& a, storage::Workspace& ws) {
  if (ws.info().role != storage::Role::kCentral) {
    const std::string& me = ws.info().device_name;
    if (a.Has("coder") && a.Get("coder") != me)
      return core::Status::InvalidArgument("this laptop is enrolled for \"" + me + "\": what is coded on it is " + me +
                                           "'s; leave out --coder");
    return me;
  }
  if (!a.Has("coder") || a.Get("coder").empty())
    return core::Status::InvalidArgument("--coder NAME is required on the central workspace (who is coding)");
  return a.Get("coder");
}

int CodebookMemo(const Args& a) {
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    auto coder = Coder(a, ws);
    if (!coder.ok()) return Fail(coder.status());
    auto cb = store.LoadCodebook();
    if (!cb.ok()) return Fail(cb.status());
    auto guid = storage::CodingStore::ResolveCode(*cb, a.positional[1]);
    if (!guid.ok()) return Fail(guid.status());
    auto st = store.SetMemo(*guid, *coder, a.Get("text"));
    if (!st.ok()) return Fail(st);
    std::printf("%s memo of %s on code %s\n", a.Get("text").empty() ? "Removed the" : "Saved the", coder->c_str(),
                guid->c_str());
    return kExitOk;
  });
}

int CodeAdd(const Args& a) {
  for (const char* k : {"interview", "question", "start", "end", "code"})
    if (!a.Has(k)) return UsageFail(std::string("--") + k + " is required", nullptr);
  storage::NewCoding in;
  in.interview = a.Get("interview");
  in.question = a.Get("question");
  in.code = a.Get("code");
  if (!ParseOffset(a.Get("start"), &in.start) || !ParseOffset(a.Get("end"), &in.end))
    return UsageFail("--start and --end take code point offsets (0, 1, 2, ...)", nullptr);
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    auto coder = Coder(a, ws);
    if (!coder.ok()) return Fail(coder.status());
    in.coder = *coder;
    auto id = store.AddCoding(in);
    if (!id.ok()) return Fail(id.status());
    if (a.Has("json")) PrintJson(Value(Value::Object{{"id", *id}}));
    else std::printf("Added coding %s\n", id->c_str());
    return kExitOk;
  });
}

int CodeList(const Args& a) {
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    storage::CodingFilter f;
    if (a.Has("coder")) f.coders.push_back(a.Get("coder"));
    f.interview = a.Get("interview");
    auto list = store.ListCodings(f);
    if (!list.ok()) return Fail(list.status());
    auto cb = store.LoadCodebook();
    if (!cb.ok()) return Fail(cb.status());
    // Quotes come from the coded interviews only: reading every interview of a large
    // workspace for a few quotes took minutes.
    std::set<std::string> coded;
    for (const auto& r : *list) coded.insert(r.interview);
    std::map<std::string, std::string> texts;  // answer id -> current text
    for (const std::string& uuid : coded) {
      auto d = ws.GetInterview(uuid);
      if (!d.ok()) continue;  // the coding's interview is not here: no quote
      for (const auto& [qid, cell] : d->answers)
        if (!cell.conflict() && cell.heads[0].value.is_string())
          texts[uuid + "/" + qid] = coding::NormalizeNewlines(cell.heads[0].value.as_string());
    }
    auto quote = [&](const storage::CodingRecord& r) {
      auto it = texts.find(r.answer_id());
      if (it == texts.end()) return std::string();
      auto s = coding::SliceCodePoints(it->second, r.start, r.end);
      return s.ok() ? *s : std::string();
    };
    if (a.Has("json")) {
      Value::Array arr;
      for (const auto& r : *list)
        arr.push_back(Value(Value::Object{{"id", r.id}, {"interview", r.interview}, {"question", r.question},
                                          {"start", Value(r.start)}, {"end", Value(r.end)}, {"code", r.code_guid},
                                          {"code_path", cb->PathOf(r.code_guid)}, {"coder", r.coder}, {"created", r.created},
                                          {"status", r.fate}, {"reason", r.reason}, {"conflict", r.conflict}, {"text", quote(r)}}));
      PrintJson(Value(Value::Object{{"codings", Value(std::move(arr))}}));
      return kExitOk;
    }
    for (const auto& r : *list) {
      std::string q = quote(r);
      if (q.size() > 60) q = q.substr(0, 57) + "...";
      std::printf("%s  %s/%s  %lld-%lld  %s  %s  \"%s\"%s\n", r.id.c_str(), r.interview.c_str(), r.question.c_str(),
                  static_cast<long long>(r.start), static_cast<long long>(r.end), r.coder.c_str(), cb->PathOf(r.code_guid).c_str(),
                  q.c_str(), r.fate == "ok" ? "" : ("  [" + r.fate + (r.reason.empty() ? "" : ": " + r.reason) + "]").c_str());
    }
    std::printf("%zu codings\n", list->size());
    return kExitOk;
  });
}

int CodeRemove(const Args& a) {
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    std::string author = a.Get("author");
    if (ws.info().role != storage::Role::kCentral) {  // a coder's laptop removes its own person's codings only
      auto me = Coder(a, ws);
      if (!me.ok()) return Fail(me.status());
      storage::CodingFilter mine;
      mine.coders.push_back(*me);
      auto list = store.ListCodings(mine);
      if (!list.ok()) return Fail(list.status());
      bool own = std::any_of(list->begin(), list->end(), [&](const storage::CodingRecord& r) { return r.id == a.positional[1]; });
      if (!own)
        return Fail(core::Status::InvalidArgument("coding " + a.positional[1].substr(0, 40) + " is not one of " + *me +
                                                  "'s codings on this laptop; only your own codings can be removed here"));
      author = *me;
    }
    auto st = store.RemoveCoding(a.positional[1], author);
    if (!st.ok()) return Fail(st);
    std::printf("Removed coding %s (kept in history)\n", a.positional[1].c_str());
    return kExitOk;
  });
}

int CodeDone(const Args& a) {
  if (a.Has("all") == a.Has("interview")) return UsageFail("give --interview UUID [--question QID] or --all", nullptr);
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    auto coder = Coder(a, ws);
    if (!coder.ok()) return Fail(coder.status());
    auto answers = store.OpenAnswersBulk();
    if (!answers.ok()) return Fail(answers.status());
    int n = 0;
    for (const auto& oa : *answers) {
      if (a.Has("interview") && (oa.interview != a.Get("interview") || (a.Has("question") && oa.question != a.Get("question")))) continue;
      auto st = store.SetCompleted(oa.interview, oa.question, *coder, !a.Has("undo"));
      if (!st.ok()) return Fail(st);
      ++n;
    }
    if (n == 0) return Fail(core::Status::NotFound("no open-text answer matches; see `canvass-cli code answers`"));
    std::printf("%s %d answer(s) %s for %s\n", a.Has("undo") ? "Unmarked" : "Marked", n, a.Has("undo") ? "as not done" : "done",
                coder->c_str());
    return kExitOk;
  });
}

int CodeAnswers(const Args& a) {
  return WithStore(a, [&](storage::Workspace&, storage::CodingStore& store) {
    auto answers = store.OpenAnswersBulk();
    if (!answers.ok()) return Fail(answers.status());
    auto join = [](const std::vector<std::string>& v) {
      Value::Array arr;
      for (const auto& s : v) arr.emplace_back(s);
      return Value(std::move(arr));
    };
    if (a.Has("json")) {
      Value::Array arr;
      for (const auto& oa : *answers)
        arr.push_back(Value(Value::Object{{"interview", oa.interview}, {"question", oa.question}, {"form", oa.form_id},
                                          {"label", oa.question_label}, {"role", oa.role}, {"status", oa.status},
                                          {"areas", join(oa.areas)}, {"forms", join(oa.forms)}, {"length", Value(oa.length)},
                                          {"done_by", join(oa.completed_by)}, {"text", oa.text}}));
      PrintJson(Value(Value::Object{{"answers", Value(std::move(arr))}}));
      return kExitOk;
    }
    for (const auto& oa : *answers) {
      std::string done;
      for (const auto& c : oa.completed_by) done += (done.empty() ? "" : ",") + c;
      std::printf("%s  %-26s %5lld chars  done by: %s\n", oa.interview.c_str(), oa.question.c_str(),
                  static_cast<long long>(oa.length), done.empty() ? "-" : done.c_str());
    }
    std::printf("%zu open-text answers\n", answers->size());
    return kExitOk;
  });
}

int CodeMemo(const Args& a) {
  for (const char* k : {"interview", "question"})
    if (!a.Has(k)) return UsageFail(std::string("--") + k + " is required", nullptr);
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    auto coder = Coder(a, ws);
    if (!coder.ok()) return Fail(coder.status());
    auto st = store.SetMemo(storage::AnswerTarget(a.Get("interview"), a.Get("question")), *coder, a.Get("text"));
    if (!st.ok()) return Fail(st);
    std::printf("Saved the memo of %s on %s/%s\n", coder->c_str(), a.Get("interview").c_str(), a.Get("question").c_str());
    return kExitOk;
  });
}

}  // namespace

void RegisterCodingCommands(std::vector<Command>* out) {
  out->push_back({{"codebook list", "codebook list FILE [--json]", "Lists the codebook as a tree: GUID, name, color, memos.", 1, 1, WithPass({}), {"json"}}, CodebookList});
  out->push_back({{"codebook add", "codebook add FILE NAME [--parent CODE] [--description TEXT] [--color #RRGGBB] [--author NAME]",
                   "Adds a code. CODE is a GUID or a name path such as \"Labor trafficking/Agriculture\".", 2, 2,
                   WithPass({"parent", "description", "color", "author"}), {"json"}}, CodebookAdd});
  out->push_back({{"codebook rename", "codebook rename FILE CODE NEW_NAME [--author NAME]", "Renames a code; its GUID and codings stay.", 3, 3, WithPass({"author"}), {}}, CodebookRename});
  out->push_back({{"codebook move", "codebook move FILE CODE [--parent CODE] [--author NAME]", "Moves a code under another (no --parent: to the top level).", 2, 2, WithPass({"parent", "author"}), {}}, CodebookMove});
  out->push_back({{"codebook merge-codes", "codebook merge-codes FILE FROM INTO [--author NAME]",
                   "Merges code FROM into INTO: FROM's codings (also ones made elsewhere and merged later), children and\n"
                   "memos count as INTO from now on.", 3, 3, WithPass({"author"}), {}}, CodebookMerge});
  out->push_back({{"codebook memo", "codebook memo FILE CODE [--coder NAME] --text TEXT", "Sets a coder's memo on a code (empty text removes it). --coder is\n"
                   "required on the central workspace; on a coder's laptop the coder is the person it is enrolled for.", 2, 2, WithPass({"coder", "text"}), {}}, CodebookMemo});
  out->push_back({{"code add", "code add FILE --interview UUID --question QID --start N --end N --code CODE [--coder NAME] [--json]",
                   "Codes a span of an open-text answer. Offsets count Unicode code points of the answer with LF line ends;\n"
                   "--end is exclusive. CODE is a GUID or a name path. --coder: as for codebook memo.", 1, 1,
                   WithPass({"interview", "question", "start", "end", "code", "coder"}), {"json"}}, CodeAdd});
  out->push_back({{"code list", "code list FILE [--coder NAME] [--interview UUID] [--json]",
                   "Lists codings with their current offsets; [moved] or [needs_review] when the answer was edited since.", 1, 1,
                   WithPass({"coder", "interview"}), {"json"}}, CodeList});
  out->push_back({{"code remove", "code remove FILE CODING_ID [--author NAME]", "Removes a coding (a tombstone version; history keeps it). On a coder's\n"
                   "laptop, only that person's own codings.", 2, 2, WithPass({"author"}), {}}, CodeRemove});
  out->push_back({{"code done", "code done FILE [--coder NAME] (--interview UUID [--question QID] | --all) [--undo]",
                   "Marks answers as finished by a coder. Agreement compares only answers every compared coder finished;\n"
                   "blind mode in the app shows other coders' work once both finished.", 1, 1,
                   WithPass({"coder", "interview", "question"}), {"all", "undo"}}, CodeDone});
  out->push_back({{"code answers", "code answers FILE [--json]", "Lists the open-text answers to code (identifying questions are never listed).", 1, 1, WithPass({}), {"json"}}, CodeAnswers});
  out->push_back({{"code memo", "code memo FILE --interview UUID --question QID [--coder NAME] --text TEXT", "Sets a coder's memo on an answer (empty text removes it).", 1, 1, WithPass({"interview", "question", "coder", "text"}), {}}, CodeMemo});
  RegisterCodingExchangeCommands(out);
}

}  // namespace canvass::cli
