// REFI-QDA writers: codebook (.qdc) and project document (project.qde) with its sources.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "coding/refi_qda.h"
#include "coding/text_span.h"
#include "refi_internal.h"
#include "xml_util.h"

namespace canvass::coding {

using core::Result;
using core::Status;
using xml::Escape;

namespace {

const char* const kCaseVariables[] = {"Interview", "Area", "Role", "Protocol", "Date"};

std::string Attr(const char* name, std::string_view value) {
  return std::string(" ") + name + "=\"" + Escape(value) + "\"";
}

std::string UserGuid(const std::string& coder) { return StableGuid("user", coder); }

// <Code> elements, recursively; memos become NoteRefs when `with_notes`.
void WriteCode(const Codebook& book, const Code& code, bool with_notes, int depth,
               std::ostringstream& out) {
  std::string pad(static_cast<size_t>(depth) * 2, ' ');
  out << pad << "<Code" << Attr("guid", code.guid) << Attr("name", code.name)
      << Attr("isCodable", "true");
  if (IsValidColor(code.color)) out << Attr("color", code.color);
  auto children = book.Children(code.guid);
  auto memos = with_notes ? book.MemosFor(code.guid) : std::vector<const Memo*>{};
  if (code.description.empty() && children.empty() && memos.empty()) {
    out << "/>\n";
    return;
  }
  out << ">\n";
  if (!code.description.empty())
    out << pad << "  <Description>" << Escape(code.description) << "</Description>\n";
  for (const Memo* m : memos) out << pad << "  <NoteRef" << Attr("targetGUID", m->guid) << "/>\n";
  for (const Code* c : children) WriteCode(book, *c, with_notes, depth + 1, out);
  out << pad << "</Code>\n";
}

void WriteCodes(const Codebook& book, bool with_notes, int depth, std::ostringstream& out) {
  out << std::string(static_cast<size_t>(depth) * 2, ' ') << "<Codes>\n";
  for (const Code* c : book.Children("")) WriteCode(book, *c, with_notes, depth + 1, out);
  out << std::string(static_cast<size_t>(depth) * 2, ' ') << "</Codes>\n";
}

// Everything the project document needs, checked before anything is written.
struct Plan {
  std::set<std::string> users;
  std::map<std::string, std::vector<const Coding*>> codings;  // by answer id
  std::map<std::string, std::vector<const QdaAnswer*>> answers_of;  // by interview id
  std::map<std::string, std::string> texts;                    // answer id -> LF text
  std::map<std::string, std::vector<const QdaAnswerMemo*>> memos;  // by answer id
  std::map<const QdaAnswerMemo*, std::string> memo_guid;
};

std::string AnswerMemoGuid(const QdaAnswerMemo& m) {
  return m.guid.empty() ? StableGuid("memo", "answer:" + m.answer_id + "|" + m.author) : m.guid;
}

Result<Plan> MakePlan(const QdaProject& p) {
  Plan plan;
  std::set<std::string> interviews;
  for (const auto& iv : p.interviews)
    if (!interviews.insert(iv.id).second)
      return Status::InvalidArgument("interview '" + iv.id + "' is listed twice");
  std::map<std::string, int64_t> lengths;
  for (const auto& a : p.answers) {
    if (!plan.texts.emplace(a.id, NormalizeNewlines(a.text)).second)
      return Status::InvalidArgument("answer '" + a.id + "' is listed twice");
    auto len = CodePointCount(plan.texts[a.id]);
    if (!len.ok()) return len.status().WithContext("answer '" + a.id + "'");
    lengths[a.id] = *len;
    if (!a.interview_id.empty() && !interviews.count(a.interview_id))
      return Status::InvalidArgument("answer '" + a.id + "' names unknown interview '" + a.interview_id + "'");
    plan.answers_of[a.interview_id].push_back(&a);
  }
  for (const Coding& c : p.codings) {
    std::string what = "coding of answer '" + c.answer_id + "' by '" + c.coder + "'";
    if (!lengths.count(c.answer_id)) return Status::InvalidArgument(what + ": no such answer in the export");
    if (!p.codebook.FindByGuid(c.code_guid)) return Status::InvalidArgument(what + ": code " + c.code_guid + " is not in the codebook");
    if (c.start < 0 || c.end < c.start || c.end > lengths[c.answer_id])
      return Status::InvalidArgument(what + ": span is outside the answer text; relocate it first");
    if (c.coder.empty()) return Status::InvalidArgument(what + ": coder is empty");
    plan.users.insert(c.coder);
    plan.codings[c.answer_id].push_back(&c);
  }
  std::set<std::string> note_guids;
  for (const Memo& m : p.codebook.memos()) {
    if (!m.author.empty()) plan.users.insert(m.author);
    note_guids.insert(m.guid);
  }
  for (const QdaAnswerMemo& m : p.answer_memos) {
    std::string what = "memo on answer '" + m.answer_id + "' by '" + m.author + "'";
    if (!lengths.count(m.answer_id)) return Status::InvalidArgument(what + ": no such answer in the export");
    if (m.text.empty()) return Status::InvalidArgument(what + ": the memo is empty");
    std::string guid = AnswerMemoGuid(m);
    if (!note_guids.insert(guid).second) return Status::InvalidArgument(what + ": note GUID " + guid + " is used twice");
    if (!m.author.empty()) plan.users.insert(m.author);
    plan.memo_guid[&m] = guid;
    plan.memos[m.answer_id].push_back(&m);
  }
  for (auto& [answer, list] : plan.memos)
    std::stable_sort(list.begin(), list.end(), [&](const QdaAnswerMemo* a, const QdaAnswerMemo* b) {
      return std::tie(a->author, plan.memo_guid[a]) < std::tie(b->author, plan.memo_guid[b]);
    });
  for (auto& [answer, list] : plan.codings)
    std::sort(list.begin(), list.end(), [](const Coding* a, const Coding* b) {
      return std::tie(a->start, a->end, a->code_guid, a->coder, a->time) <
             std::tie(b->start, b->end, b->code_guid, b->coder, b->time);
    });
  return plan;
}

std::string TextValue(const std::string& variable, const std::string& value, const std::string& pad) {
  return pad + "<VariableValue><VariableRef" + Attr("targetGUID", StableGuid("variable", variable)) +
         "/><TextValue>" + Escape(value) + "</TextValue></VariableValue>\n";
}

std::string CodingKey(const Coding& c) {
  return c.answer_id + "\n" + std::to_string(c.start) + "\n" + std::to_string(c.end) + "\n" + c.code_guid +
         "\n" + c.coder;
}

void WriteSelection(const Coding& c, std::ostringstream& out) {
  std::string key = CodingKey(c);
  std::string when = xml::IsDateTime(c.time) ? Attr("creationDateTime", c.time) : "";
  out << "      <PlainTextSelection" << Attr("guid", StableGuid("selection", key))
      << Attr("startPosition", std::to_string(c.start)) << Attr("endPosition", std::to_string(c.end))
      << Attr("creatingUser", UserGuid(c.coder)) << when << ">\n"
      << "        <Coding" << Attr("guid", CodingGuid(c))
      << Attr("creatingUser", UserGuid(c.coder)) << when << "><CodeRef"
      << Attr("targetGUID", c.code_guid) << "/></Coding>\n"
      << "      </PlainTextSelection>\n";
}

void WriteCasesAndVariables(const QdaProject& p, const Plan& plan, std::ostringstream& out) {
  if (p.answers.empty() && p.interviews.empty()) return;
  out << "  <Variables>\n";
  for (const char* v : {"Interview", "Area", "Role", "Protocol", "Date", "Question"})
    out << "    <Variable" << Attr("guid", StableGuid("variable", v)) << Attr("name", v)
        << Attr("typeOfVariable", "Text") << "/>\n";
  out << "  </Variables>\n";
  if (p.interviews.empty()) return;
  out << "  <Cases>\n";
  for (const auto& iv : p.interviews) {
    out << "    <Case" << Attr("guid", StableGuid("case", iv.id)) << Attr("name", iv.name.empty() ? iv.id : iv.name) << ">\n";
    const std::string values[] = {iv.id, iv.area, iv.role, iv.protocol, iv.date};
    for (size_t i = 0; i < 5; ++i)
      if (i < 3 || !values[i].empty()) out << TextValue(kCaseVariables[i], values[i], "      ");
    auto it = plan.answers_of.find(iv.id);
    if (it != plan.answers_of.end())
      for (const QdaAnswer* a : it->second)
        out << "      <SourceRef" << Attr("targetGUID", StableGuid("answer", a->id)) << "/>\n";
    out << "    </Case>\n";
  }
  out << "  </Cases>\n";
}

void WriteSources(const QdaProject& p, const Plan& plan, std::ostringstream& out) {
  if (p.answers.empty()) return;
  out << "  <Sources>\n";
  for (const auto& a : p.answers) {
    std::string guid = StableGuid("answer", a.id);
    out << "    <TextSource" << Attr("guid", guid) << Attr("name", a.name.empty() ? a.id : a.name)
        << Attr("plainTextPath", "internal://" + guid + ".txt") << ">\n";
    auto it = plan.codings.find(a.id);
    if (it != plan.codings.end())
      for (const Coding* c : it->second) WriteSelection(*c, out);
    auto mit = plan.memos.find(a.id);
    if (mit != plan.memos.end())
      for (const QdaAnswerMemo* m : mit->second)
        out << "      <NoteRef" << Attr("targetGUID", plan.memo_guid.at(m)) << "/>\n";
    out << TextValue("Question", a.question, "      ");
    out << "    </TextSource>\n";
  }
  out << "  </Sources>\n";
}

void WriteNote(const std::string& guid, const std::string& name, const std::string& author,
               const std::string& created, const std::string& text, std::ostringstream& out) {
  out << "    <Note" << Attr("guid", guid) << Attr("name", name);
  if (!author.empty()) out << Attr("creatingUser", UserGuid(author));
  if (xml::IsDateTime(created)) out << Attr("creationDateTime", created);
  out << "><PlainTextContent>" << Escape(text) << "</PlainTextContent></Note>\n";
}

// Code memos, then answer memos in source order (each answer's by author).
void WriteNotes(const QdaProject& p, const Plan& plan, std::ostringstream& out) {
  if (p.codebook.memos().empty() && plan.memos.empty()) return;
  out << "  <Notes>\n";
  for (const Memo& m : p.codebook.memos())
    WriteNote(m.guid, "Memo on " + p.codebook.PathOf(m.code_guid), m.author, m.created, m.text, out);
  for (const auto& a : p.answers) {
    auto it = plan.memos.find(a.id);
    if (it == plan.memos.end()) continue;
    for (const QdaAnswerMemo* m : it->second)
      WriteNote(plan.memo_guid.at(m), "Memo on answer " + a.id, m->author, m->created, m->text, out);
  }
  out << "  </Notes>\n";
}

Result<std::string> WriteQdeUnguarded(const QdaProject& p);

}  // namespace

std::string CodingGuid(const Coding& c) { return StableGuid("coding", CodingKey(c)); }

Result<std::string> WriteQdc(const Codebook& codebook) {
  if (codebook.size() == 0) return Status::InvalidArgument("the codebook is empty; a .qdc needs at least one code");
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      << "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"Canvass\">\n";
  WriteCodes(codebook, false, 1, out);
  out << "</CodeBook>\n";
  return out.str();
}

Result<std::string> WriteQde(const QdaProject& p) {
  try {
    return WriteQdeUnguarded(p);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("writing project.qde: ") + e.what());
  }
}

namespace {

Result<std::string> WriteQdeUnguarded(const QdaProject& p) {
  CANVASS_ASSIGN_OR_RETURN(Plan plan, MakePlan(p));
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      << "<Project xmlns=\"urn:QDA-XML:project:1.0\"" << Attr("name", p.name)
      << Attr("origin", p.origin);
  if (xml::IsDateTime(p.created)) out << Attr("creationDateTime", p.created);
  out << ">\n";
  if (!plan.users.empty()) {
    out << "  <Users>\n";
    for (const auto& u : plan.users)
      out << "    <User" << Attr("guid", UserGuid(u)) << Attr("name", u) << "/>\n";
    out << "  </Users>\n";
  }
  if (p.codebook.size() > 0) {
    out << "  <CodeBook>\n";
    WriteCodes(p.codebook, true, 2, out);
    out << "  </CodeBook>\n";
  }
  WriteCasesAndVariables(p, plan, out);
  WriteSources(p, plan, out);
  WriteNotes(p, plan, out);
  out << "</Project>\n";
  return out.str();
}

}  // namespace

namespace refi {

Result<std::vector<Entry>> BuildEntries(const QdaProject& p) {
  CANVASS_ASSIGN_OR_RETURN(std::string qde, WriteQde(p));
  std::vector<Entry> entries;
  entries.push_back(Entry{"project.qde", std::move(qde)});
  for (const auto& a : p.answers)
    entries.push_back(Entry{"sources/" + StableGuid("answer", a.id) + ".txt", NormalizeNewlines(a.text)});
  return entries;
}

}  // namespace refi

}  // namespace canvass::coding
