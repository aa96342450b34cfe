// REFI-QDA readers over libxml2: codebooks (.qdc) and project documents (project.qde).
//
// [SECTION] XML document and helpers
// [SECTION] Codes
// [SECTION] Users, notes, cases
// [SECTION] Sources and codings
// [SECTION] Entry points
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "coding/refi_qda.h"
#include "coding/text_span.h"
#include "refi_internal.h"
#include "xml_util.h"

namespace canvass::coding {

using core::Result;
using core::Status;

namespace {

// [SECTION] XML document and helpers

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;

Result<Doc> ParseXml(std::string_view xml, const std::string& label, const QdpxLimits& limits) {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
  if (xml.size() > limits.max_xml_bytes)
    return Status::InvalidArgument(label + ": XML is larger than the " +
                                   std::to_string(limits.max_xml_bytes) + "-byte limit");
  if (xml.find("<!DOCTYPE") != std::string_view::npos || xml.find("<!ENTITY") != std::string_view::npos)
    return Status::Unsupported(label + ": document type declarations are not allowed in REFI-QDA files");
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) return Status::Internal(label + ": out of memory for the XML parser");
  xmlDoc* doc = xmlCtxtReadMemory(ctxt, xml.data(), static_cast<int>(xml.size()), label.c_str(),
                                  nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) {
    xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
    std::string msg = e && e->message ? e->message : "unknown error";
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    int line = e ? e->line : 0;
    xmlFreeParserCtxt(ctxt);
    return Status::Corruption(label + ", line " + std::to_string(line) + ": not well-formed XML: " + msg);
  }
  xmlFreeParserCtxt(ctxt);
  return Doc(doc);
}

bool Is(const xmlNode* n, const char* local) {
  return n && n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST local) == 0;
}

std::vector<xmlNode*> Kids(const xmlNode* n, const char* local) {
  std::vector<xmlNode*> out;
  for (xmlNode* c = n ? n->children : nullptr; c; c = c->next)
    if (Is(c, local)) out.push_back(c);
  return out;
}

xmlNode* Kid(const xmlNode* n, const char* local) {
  auto k = Kids(n, local);
  return k.empty() ? nullptr : k.front();
}

std::string AttrOf(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, BAD_CAST name);
  if (!v) return "";
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

std::string TextOf(const xmlNode* n) {
  if (!n) return "";
  xmlChar* v = xmlNodeGetContent(n);
  if (!v) return "";
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

// "<label>, line 12, <Code name='x'>" for error messages.
std::string Where(const std::string& label, const xmlNode* n) {
  std::string s = label + ", line " + std::to_string(xmlGetLineNo(n)) + ", <" +
                  reinterpret_cast<const char*>(n->name);
  std::string name = AttrOf(n, "name");
  if (!name.empty()) s += " name=\"" + name + "\"";
  return s + ">";
}

Status CountElements(const xmlNode* root, const std::string& label, uint64_t max) {
  uint64_t count = 0;
  std::vector<const xmlNode*> stack{root};
  while (!stack.empty()) {
    const xmlNode* n = stack.back();
    stack.pop_back();
    if (n->type == XML_ELEMENT_NODE && ++count > max)
      return Status::InvalidArgument(label + ": more than " + std::to_string(max) + " XML elements (limit)");
    for (const xmlNode* c = n->children; c; c = c->next) stack.push_back(c);
  }
  return Status::Ok();
}

// [SECTION] Codes

struct Reader {
  std::string label;
  QdaProject project;
  std::map<std::string, std::string> note_code;  // note GUID -> code GUID
  std::map<std::string, std::string> alias;      // a repeated code's GUID -> the first one's
  std::map<std::string, std::string> note_answer;  // note GUID -> answer id (source, selection, coding)
  std::map<std::string, std::string> user_name;  // user GUID -> name

  Status ReadCode(const xmlNode* n, const std::string& parent, int depth);
  void ReadUsers(const xmlNode* root);
  std::string Coder(const std::string& guid) const;
};

// Makes a name usable as a path part: no '/', no surrounding blanks (as Codebook::Add keeps it).
std::string UsableName(std::string name, std::vector<std::string>& warnings) {
  size_t b = name.find_first_not_of(" \t\r\n"), e = name.find_last_not_of(" \t\r\n");
  name = b == std::string::npos ? std::string() : name.substr(b, e - b + 1);
  if (name.empty()) name = "(unnamed code)";
  if (name.find('/') != std::string::npos) {
    std::string fixed;
    for (char c : name) fixed += c == '/' ? std::string("\xE2\x88\x95") : std::string(1, c);
    warnings.push_back("code '" + name + "': '/' replaced by U+2215 (division slash)");
    name = fixed;
  }
  return name;
}

const Code* Sibling(const Codebook& book, const std::string& parent, const std::string& name) {
  for (const Code* c : book.Children(parent))
    if (c->name == name) return c;
  return nullptr;
}

Status Reader::ReadCode(const xmlNode* n, const std::string& parent, int depth) {
  if (depth > 64) return Status::InvalidArgument(Where(label, n) + ": codes nested deeper than 64");
  std::string guid = xml::NormalizeGuid(AttrOf(n, "guid"));
  if (guid.empty()) return Status::Corruption(Where(label, n) + ": missing or malformed guid");
  std::string color = AttrOf(n, "color");
  if (!color.empty() && !IsValidColor(color)) {
    project.warnings.push_back(Where(label, n) + ": color '" + color + "' ignored");
    color.clear();
  }
  std::string name = UsableName(AttrOf(n, "name"), project.warnings);
  // A name repeated under the same parent is one code (a path names one code): the repeat's
  // children, notes and codings join the first, so no second code of the same path appears.
  if (const Code* first = Sibling(project.codebook, parent, name); first && first->guid != guid) {
    project.warnings.push_back(Where(label, n) + ": code '" + name + "' appears twice under the same parent; read as one code");
    alias[guid] = first->guid;
    guid = first->guid;
  } else {
    auto added = project.codebook.Add(parent, name, TextOf(Kid(n, "Description")), color, guid);
    if (!added.ok()) return added.status().WithContext(Where(label, n));
  }
  for (const xmlNode* ref : Kids(n, "NoteRef"))
    note_code[xml::NormalizeGuid(AttrOf(ref, "targetGUID"))] = guid;
  for (const xmlNode* child : Kids(n, "Code")) CANVASS_RETURN_IF_ERROR(ReadCode(child, guid, depth + 1));
  return Status::Ok();
}

Status ReadCodes(Reader& r, const xmlNode* codes) {
  for (const xmlNode* c : Kids(codes, "Code")) CANVASS_RETURN_IF_ERROR(r.ReadCode(c, "", 0));
  return Status::Ok();
}

// [SECTION] Users, notes, cases

void Reader::ReadUsers(const xmlNode* root) {
  for (const xmlNode* u : Kids(Kid(root, "Users"), "User")) {
    std::string guid = xml::NormalizeGuid(AttrOf(u, "guid"));
    std::string name = AttrOf(u, "name");
    if (name.empty()) name = AttrOf(u, "id");
    if (name.empty()) name = guid;
    if (!guid.empty()) user_name[guid] = name;
  }
}

std::string Reader::Coder(const std::string& raw) const {
  std::string guid = xml::NormalizeGuid(raw);
  auto it = user_name.find(guid);
  if (it != user_name.end()) return it->second;
  return guid.empty() ? "unknown coder" : guid;
}

void ReadNotes(Reader& r, const xmlNode* root) {
  size_t skipped = 0;
  for (const xmlNode* n : Kids(Kid(root, "Notes"), "Note")) {
    std::string guid = xml::NormalizeGuid(AttrOf(n, "guid"));
    std::string author = AttrOf(n, "creatingUser");
    auto on_answer = r.note_answer.find(guid);
    if (!guid.empty() && on_answer != r.note_answer.end()) {
      r.project.answer_memos.push_back(QdaAnswerMemo{guid, on_answer->second, author.empty() ? "" : r.Coder(author),
                                                     TextOf(Kid(n, "PlainTextContent")), AttrOf(n, "creationDateTime")});
      continue;
    }
    auto it = r.note_code.find(guid);
    if (guid.empty() || it == r.note_code.end()) {
      ++skipped;
      continue;
    }
    auto memo = r.project.codebook.AddMemo(it->second, author.empty() ? "" : r.Coder(author),
                                           TextOf(Kid(n, "PlainTextContent")),
                                           AttrOf(n, "creationDateTime"), guid);
    if (!memo.ok()) r.project.warnings.push_back(Where(r.label, n) + ": " + memo.status().message());
  }
  if (skipped > 0)
    r.project.warnings.push_back(std::to_string(skipped) + " note(s) not attached to a code or a text source were skipped");
}

// Variable GUID -> name, and the text of a VariableValue.
std::map<std::string, std::string> VariableNames(const xmlNode* root) {
  std::map<std::string, std::string> out;
  for (const xmlNode* v : Kids(Kid(root, "Variables"), "Variable"))
    out[xml::NormalizeGuid(AttrOf(v, "guid"))] = AttrOf(v, "name");
  return out;
}

std::map<std::string, std::string> ValuesOf(const xmlNode* n,
                                             const std::map<std::string, std::string>& names) {
  std::map<std::string, std::string> out;
  for (const xmlNode* vv : Kids(n, "VariableValue")) {
    auto it = names.find(xml::NormalizeGuid(AttrOf(Kid(vv, "VariableRef"), "targetGUID")));
    if (it == names.end()) continue;
    for (const xmlNode* c = vv->children; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE && !Is(c, "VariableRef")) out[it->second] = TextOf(c);
  }
  return out;
}

// Source GUID -> interview id; fills project.interviews.
std::map<std::string, std::string> ReadCases(Reader& r, const xmlNode* root,
                                             const std::map<std::string, std::string>& names) {
  std::map<std::string, std::string> interview_of;
  std::set<std::string> seen;
  for (const xmlNode* c : Kids(Kid(root, "Cases"), "Case")) {
    auto values = ValuesOf(c, names);
    QdaInterview iv;
    iv.id = values.count("Interview") ? values["Interview"] : AttrOf(c, "name");
    if (iv.id.empty()) iv.id = xml::NormalizeGuid(AttrOf(c, "guid"));
    iv.area = values["Area"];
    iv.role = values["Role"];
    iv.protocol = values["Protocol"];
    iv.date = values["Date"];
    if (AttrOf(c, "name") != iv.id) iv.name = AttrOf(c, "name");
    if (!seen.insert(iv.id).second) {
      r.project.warnings.push_back(Where(r.label, c) + ": duplicate case '" + iv.id + "' skipped");
      continue;
    }
    for (const xmlNode* s : Kids(c, "SourceRef"))
      interview_of.emplace(xml::NormalizeGuid(AttrOf(s, "targetGUID")), iv.id);
    r.project.interviews.push_back(std::move(iv));
  }
  return interview_of;
}

// [SECTION] Sources and codings

// The text of a TextSource: inline content, or an archive entry named by plainTextPath.
Result<std::optional<std::string>> SourceText(const xmlNode* n, const refi::EntryLoader& load) {
  if (const xmlNode* inline_text = Kid(n, "PlainTextContent"))
    return std::optional<std::string>(TextOf(inline_text));
  std::string path = AttrOf(n, "plainTextPath");
  const std::string kInternal = "internal://";
  std::string file = path.rfind(kInternal, 0) == 0 ? path.substr(kInternal.size()) : path;
  size_t slash = file.find_last_of("/\\");
  if (slash != std::string::npos) file = file.substr(slash + 1);  // lenient: basename under sources/
  if (file.empty() || !load) return std::optional<std::string>();
  CANVASS_ASSIGN_OR_RETURN(std::optional<std::string> bytes, load("sources/" + file));
  if (bytes && bytes->rfind("\xEF\xBB\xBF", 0) == 0) bytes->erase(0, 3);  // UTF-8 BOM
  return bytes;
}

// Notes referenced from a source, its selections or their codings are memos on the answer.
void NoteRefsOf(Reader& r, const xmlNode* holder, const std::string& answer) {
  for (const xmlNode* ref : Kids(holder, "NoteRef")) {
    std::string guid = xml::NormalizeGuid(AttrOf(ref, "targetGUID"));
    if (!guid.empty() && !r.note_code.count(guid)) r.note_answer.emplace(guid, answer);
  }
  for (const xmlNode* c : Kids(holder, "Coding")) NoteRefsOf(r, c, answer);
}

// Appends the codings of one selection (or of the whole source when `start` < 0).
void ReadCodings(Reader& r, const xmlNode* holder, const std::string& answer, int64_t start,
                 int64_t end) {
  for (const xmlNode* c : Kids(holder, "Coding")) {
    std::string code = xml::NormalizeGuid(AttrOf(Kid(c, "CodeRef"), "targetGUID"));
    if (auto al = r.alias.find(code); al != r.alias.end()) code = al->second;
    if (!r.project.codebook.FindByGuid(code)) {
      r.project.warnings.push_back(Where(r.label, c) + ": coding of unknown code skipped");
      continue;
    }
    std::string user = AttrOf(c, "creatingUser");
    if (user.empty()) user = AttrOf(holder, "creatingUser");
    std::string when = AttrOf(c, "creationDateTime");
    if (when.empty()) when = AttrOf(holder, "creationDateTime");
    r.project.codings.push_back(Coding{answer, start, end, code, r.Coder(user), when});
  }
}

bool ParseOffset(const std::string& s, int64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  size_t i = s[0] == '+' ? 1 : 0;
  if (i == s.size()) return false;
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

Status ReadTextSource(Reader& r, const xmlNode* n, const std::map<std::string, std::string>& names,
                      const std::map<std::string, std::string>& interview_of,
                      std::set<std::string>& answer_ids, const refi::EntryLoader& load) {
  std::string guid = xml::NormalizeGuid(AttrOf(n, "guid"));
  if (guid.empty()) return Status::Corruption(Where(r.label, n) + ": missing or malformed guid");
  CANVASS_ASSIGN_OR_RETURN(std::optional<std::string> raw, SourceText(n, load));
  if (!raw) {
    r.project.warnings.push_back(Where(r.label, n) + ": text not found ('" +
                                 AttrOf(n, "plainTextPath") + "'); source and its codings skipped");
    return Status::Ok();
  }
  QdaAnswer a;
  a.id = AttrOf(n, "name");
  auto iv = interview_of.find(guid);
  if (iv != interview_of.end()) a.interview_id = iv->second;
  a.question = ValuesOf(n, names)["Question"];
  // A source named for people (Canvass names them by protocol, area and date) keeps its
  // interview/question identity as its id when the case and the Question variable give it.
  if (!a.interview_id.empty() && !a.question.empty() && a.id.rfind(a.interview_id + "/", 0) != 0) {
    a.name = a.id;
    a.id = a.interview_id + "/" + a.question;
  }
  if (a.id.empty() || answer_ids.count(a.id)) a.id = guid;
  answer_ids.insert(a.id);
  a.text = NormalizeNewlines(*raw);
  auto length = CodePointCount(a.text);
  if (!length.ok()) return length.status().WithContext(Where(r.label, n) + ": source text");
  for (const xmlNode* sel : Kids(n, "PlainTextSelection")) {
    int64_t start = 0, end = 0;
    if (!ParseOffset(AttrOf(sel, "startPosition"), &start) ||
        !ParseOffset(AttrOf(sel, "endPosition"), &end) || end < start || end > *length) {
      r.project.warnings.push_back(Where(r.label, sel) + ": selection outside the text skipped");
      continue;
    }
    ReadCodings(r, sel, a.id, start, end);
    NoteRefsOf(r, sel, a.id);
  }
  NoteRefsOf(r, n, a.id);
  ReadCodings(r, n, a.id, 0, *length);  // codings of the whole source
  r.project.answers.push_back(std::move(a));
  return Status::Ok();
}

Status ReadSources(Reader& r, const xmlNode* root, const refi::EntryLoader& load) {
  auto names = VariableNames(root);
  auto interview_of = ReadCases(r, root, names);
  std::set<std::string> answer_ids;
  size_t other = 0;
  for (const xmlNode* s = Kid(root, "Sources") ? Kid(root, "Sources")->children : nullptr; s; s = s->next) {
    if (s->type != XML_ELEMENT_NODE) continue;
    if (!Is(s, "TextSource")) {
      ++other;
      continue;
    }
    CANVASS_RETURN_IF_ERROR(ReadTextSource(r, s, names, interview_of, answer_ids, load));
  }
  if (other > 0)
    r.project.warnings.push_back(std::to_string(other) + " non-text source(s) (PDF, picture, audio, video) skipped");
  return Status::Ok();
}

// [SECTION] Entry points

template <typename F>
auto Guarded(const std::string& label, F f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return Status::Internal(label + ": " + e.what());
  }
}

}  // namespace

Result<Codebook> ReadQdc(std::string_view xml, std::string_view label, const QdpxLimits& limits) {
  const std::string where(label);
  return Guarded(where, [&]() -> Result<Codebook> {
    CANVASS_ASSIGN_OR_RETURN(Doc doc, ParseXml(xml, where, limits));
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    if (!Is(root, "CodeBook")) return Status::Corruption(where + ": root element is not <CodeBook>");
    CANVASS_RETURN_IF_ERROR(CountElements(root, where, limits.max_elements));
    Reader r{where, {}, {}, {}, {}};
    const xmlNode* codes = Kid(root, "Codes");
    if (!codes) return Status::Corruption(where + ": <CodeBook> has no <Codes>");
    CANVASS_RETURN_IF_ERROR(ReadCodes(r, codes));
    return std::move(r.project.codebook);
  });
}

namespace refi {

Result<QdaProject> ParseProject(std::string_view xml, std::string_view label,
                                const QdpxLimits& limits, const EntryLoader& load) {
  const std::string where(label);
  return Guarded(where, [&]() -> Result<QdaProject> {
    CANVASS_ASSIGN_OR_RETURN(Doc doc, ParseXml(xml, where, limits));
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    if (!Is(root, "Project")) return Status::Corruption(where + ": root element is not <Project>");
    CANVASS_RETURN_IF_ERROR(CountElements(root, where, limits.max_elements));
    Reader r{where, {}, {}, {}, {}};
    r.project.name = AttrOf(root, "name");
    r.project.origin = AttrOf(root, "origin");
    r.project.created = AttrOf(root, "creationDateTime");
    r.ReadUsers(root);
    if (const xmlNode* book = Kid(root, "CodeBook")) CANVASS_RETURN_IF_ERROR(ReadCodes(r, Kid(book, "Codes")));
    CANVASS_RETURN_IF_ERROR(ReadSources(r, root, load));
    ReadNotes(r, root);
    return std::move(r.project);
  });
}

}  // namespace refi

}  // namespace canvass::coding
