// The expat layer of the xlsx reader: a streaming parse that refuses DTDs (so no entity can
// expand) and reports the first error with its line. Names are matched by their local part
// (after any "prefix:"), without expat's namespace processing, which costs a third of the time
// on a large sheet; SpreadsheetML has no two elements of one local name that mean different things.
#include <expat.h>

#include <cstring>

#include "xlsx_internal.h"

namespace canvass::tabular::detail {

using core::Status;

namespace {

std::string_view Local(const char* name) {
  const char* colon = nullptr;
  const char* p = name;
  for (; *p; ++p)
    if (*p == ':') colon = p;
  return colon ? std::string_view(colon + 1, static_cast<size_t>(p - colon - 1)) : std::string_view(name, static_cast<size_t>(p - name));
}

}  // namespace

struct XmlStream::State {
  XML_Parser parser = nullptr;
  XmlHandler* handler = nullptr;
  std::string where;
  Status dtd;

  static void OnStart(void* ud, const XML_Char* name, const XML_Char** attrs) {
    auto* s = static_cast<State*>(ud);
    s->handler->Start(Local(name), attrs);
    if (!s->handler->stop.ok()) XML_StopParser(s->parser, XML_FALSE);
  }
  static void OnEnd(void* ud, const XML_Char* name) {
    auto* s = static_cast<State*>(ud);
    s->handler->End(Local(name));
    if (!s->handler->stop.ok()) XML_StopParser(s->parser, XML_FALSE);
  }
  static void OnText(void* ud, const XML_Char* text, int len) {
    auto* s = static_cast<State*>(ud);
    s->handler->Text(std::string_view(text, static_cast<size_t>(len)));
    if (!s->handler->stop.ok()) XML_StopParser(s->parser, XML_FALSE);
  }
  static void OnDoctype(void* ud, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* s = static_cast<State*>(ud);
    s->dtd = Status::InvalidArgument(s->where + ": contains a document type declaration (DTD), which Excel never writes; "
                                                "refusing it");
    XML_StopParser(s->parser, XML_FALSE);
  }
};

const char* Attr(const char** attrs, std::string_view local) {
  for (size_t i = 0; attrs[i]; i += 2)
    if (Local(attrs[i]) == local) return attrs[i + 1];
  return nullptr;
}

const char* PrefixedAttr(const char** attrs, std::string_view local) {
  for (size_t i = 0; attrs[i]; i += 2) {
    std::string_view n(attrs[i]);
    size_t colon = n.rfind(':');
    if (colon != std::string_view::npos && n.substr(colon + 1) == local) return attrs[i + 1];
  }
  return nullptr;
}

XmlStream::XmlStream(XmlHandler* handler, std::string where) : s_(new State) {
  s_->handler = handler;
  s_->where = std::move(where);
  s_->parser = XML_ParserCreate("UTF-8");
  if (s_->parser) {
    XML_SetUserData(s_->parser, s_);
    XML_SetElementHandler(s_->parser, &State::OnStart, &State::OnEnd);
    XML_SetCharacterDataHandler(s_->parser, &State::OnText);
    XML_SetStartDoctypeDeclHandler(s_->parser, &State::OnDoctype);
    XML_SetParamEntityParsing(s_->parser, XML_PARAM_ENTITY_PARSING_NEVER);
  }
}

XmlStream::~XmlStream() {
  if (s_->parser) XML_ParserFree(s_->parser);
  delete s_;
}

Status XmlStream::Feed(std::string_view chunk, bool last) {
  if (!s_->parser) return Status::Internal(s_->where + ": out of memory starting the XML parser");
  if (chunk.size() > static_cast<size_t>(1) << 30) return Status::InvalidArgument(s_->where + ": chunk too large");
  XML_Status st = XML_Parse(s_->parser, chunk.data(), static_cast<int>(chunk.size()), last ? XML_TRUE : XML_FALSE);
  if (!s_->dtd.ok()) return s_->dtd;
  if (!s_->handler->stop.ok()) return s_->handler->stop;
  if (st == XML_STATUS_ERROR) {
    return Status::Corruption(s_->where + ": line " + std::to_string(XML_GetCurrentLineNumber(s_->parser)) +
                              ": the XML is damaged (" + XML_ErrorString(XML_GetErrorCode(s_->parser)) +
                              "); open the workbook in a spreadsheet and save it again");
  }
  return Status::Ok();
}

Status ParsePart(ZipArchive* zip, const std::string& part, const std::string& where, XmlHandler* h) {
  XmlStream xml(h, where);
  CANVASS_RETURN_IF_ERROR(zip->ReadPart(part, [&](std::string_view chunk) { return xml.Feed(chunk, false); }));
  return xml.Feed(std::string_view(), true);
}

}  // namespace canvass::tabular::detail
