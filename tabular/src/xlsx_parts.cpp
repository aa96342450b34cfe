// The workbook's structure: content types, relationships, sheets, date styles, shared strings.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

#include "xlsx_internal.h"

namespace canvass::tabular::detail {

using core::Status;

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string DirOf(const std::string& part) {
  size_t slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash);
}

std::string BaseOf(const std::string& part) {
  size_t slash = part.rfind('/');
  return slash == std::string::npos ? part : part.substr(slash + 1);
}

// [Content_Types].xml: defaults by extension and overrides by part name.
struct ContentTypes : XmlHandler {
  std::map<std::string, std::string> defaults, overrides;  // lower-case keys
  void Start(std::string_view name, const char** a) override {
    const char* type = Attr(a, "ContentType");
    if (!type) return;
    if (name == "Default") {
      if (const char* ext = Attr(a, "Extension")) defaults[Lower(ext)] = type;
    } else if (name == "Override") {
      if (const char* part = Attr(a, "PartName")) overrides[Lower(part)] = type;
    }
  }
  void End(std::string_view) override {}
  std::string TypeOf(const std::string& part) const {
    auto it = overrides.find(Lower("/" + part));
    if (it != overrides.end()) return it->second;
    size_t dot = part.rfind('.');
    auto d = defaults.find(Lower(dot == std::string::npos ? "" : part.substr(dot + 1)));
    return d == defaults.end() ? "" : d->second;
  }
};

struct Relationship {
  std::string id, type, target;
  bool external = false;
};

struct Relationships : XmlHandler {
  std::vector<Relationship> rels;
  void Start(std::string_view name, const char** a) override {
    if (name != "Relationship" || rels.size() >= 100000) return;
    Relationship r;
    if (const char* v = Attr(a, "Id")) r.id = v;
    if (const char* v = Attr(a, "Type")) r.type = v;
    if (const char* v = Attr(a, "Target")) r.target = v;
    if (const char* v = Attr(a, "TargetMode")) r.external = std::strcmp(v, "External") == 0;
    rels.push_back(std::move(r));
  }
  void End(std::string_view) override {}
};

struct WorkbookXml : XmlHandler {
  std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
  bool date1904 = false;
  void Start(std::string_view name, const char** a) override {
    if (name == "workbookPr") {
      const char* v = Attr(a, "date1904");
      date1904 = v && (std::strcmp(v, "1") == 0 || std::strcmp(v, "true") == 0);
    } else if (name == "sheet" && sheets.size() < 10000) {
      const char* n = Attr(a, "name");
      const char* id = PrefixedAttr(a, "id");  // r:id
      sheets.emplace_back(n ? n : "", id ? id : "");
    }
  }
  void End(std::string_view) override {}
};

std::string WhatItIs(const std::string& type) {
  if (type.find("wordprocessingml") != std::string::npos) return "a Word document";
  if (type.find("presentationml") != std::string::npos) return "a PowerPoint presentation";
  return "not an Excel workbook";
}

bool IsWorkbookType(const std::string& type) {
  return type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml" ||
         type == "application/vnd.ms-excel.sheet.macroEnabled.main+xml" ||
         type == "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml" ||
         type == "application/vnd.ms-excel.template.macroEnabled.main+xml";
}

Status ReadRels(ZipArchive* zip, const std::string& source, const std::string& part, Relationships* out) {
  return ParsePart(zip, part, source + ": " + part, out);
}

}  // namespace

bool JoinPartPath(const std::string& base_dir, const std::string& target, std::string* out) {
  if (target.empty() || target.find('\\') != std::string::npos) return false;
  std::string path = target[0] == '/' ? target.substr(1) : (base_dir.empty() ? target : base_dir + "/" + target);
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string seg = path.substr(start, end - start);
    if (seg == "..") {
      if (parts.empty()) return false;
      parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = end + 1;
  }
  if (parts.empty()) return false;
  out->clear();
  for (const auto& p : parts) *out += (out->empty() ? "" : "/") + p;
  return true;
}

Status ReadWorkbook(ZipArchive* zip, const std::string& source, Workbook* out) {
  if (!zip->Has("[Content_Types].xml") || !zip->Has("_rels/.rels"))
    return Status::InvalidArgument(source + ": this zip archive is not an Excel workbook (no [Content_Types].xml or "
                                            "_rels/.rels); give the .xlsx as Excel saves it, or a CSV");
  ContentTypes types;
  CANVASS_RETURN_IF_ERROR(ParsePart(zip, "[Content_Types].xml", source + ": [Content_Types].xml", &types));
  Relationships root;
  CANVASS_RETURN_IF_ERROR(ReadRels(zip, source, "_rels/.rels", &root));
  std::string main;
  for (const auto& r : root.rels)
    if (EndsWith(r.type, "/officeDocument") && !r.external && JoinPartPath("", r.target, &main)) break;
  if (main.empty() || !zip->Has(main))
    return Status::InvalidArgument(source + ": the archive names no workbook part that it holds; it is not an Excel "
                                            "workbook, or it is damaged");
  const std::string type = types.TypeOf(main);
  if (!IsWorkbookType(type))
    return Status::InvalidArgument(source + ": this is " + WhatItIs(type) + " (content type \"" + type.substr(0, 100) +
                                   "\"), not a spreadsheet; give the .xlsx workbook, or save the table as CSV");
  const std::string dir = DirOf(main);
  Relationships wb_rels;
  const std::string rels_part = (dir.empty() ? "" : dir + "/") + "_rels/" + BaseOf(main) + ".rels";
  if (zip->Has(rels_part)) CANVASS_RETURN_IF_ERROR(ReadRels(zip, source, rels_part, &wb_rels));
  WorkbookXml wb;
  CANVASS_RETURN_IF_ERROR(ParsePart(zip, main, source + ": " + main, &wb));
  out->date1904 = wb.date1904;
  std::map<std::string, const Relationship*> by_id;
  for (const auto& r : wb_rels.rels) {
    by_id[r.id] = &r;
    std::string p;
    if (r.external || !JoinPartPath(dir, r.target, &p)) continue;
    if (EndsWith(r.type, "/sharedStrings")) out->shared_strings = p;
    if (EndsWith(r.type, "/styles")) out->styles = p;
  }
  for (const auto& [name, id] : wb.sheets) {
    SheetRef s;
    s.name = name;
    auto it = by_id.find(id);
    if (it != by_id.end() && !it->second->external) {
      s.chart = !EndsWith(it->second->type, "/worksheet");
      if (!JoinPartPath(dir, it->second->target, &s.part))
        return Status::InvalidArgument(source + ": sheet \"" + name.substr(0, 80) + "\" points outside the workbook (\"" +
                                       it->second->target.substr(0, 80) + "\"); refusing it");
    }
    out->sheets.push_back(std::move(s));
  }
  if (out->sheets.empty()) return Status::InvalidArgument(source + ": the workbook has no sheets");
  return Status::Ok();
}

int DateKindOfBuiltinFormat(int id) {
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return 1;
  if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) return 2;
  return 0;
}

int DateKindOfFormat(std::string_view code) {
  bool date = false, time = false, month = false;
  bool quoted = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (quoted) {
      quoted = c != '"';
      continue;
    }
    if (c == '"') quoted = true;
    else if (c == '\\' || c == '_' || c == '*') ++i;  // the next character is literal or padding
    else if (c == ';') break;                         // only the first section decides
    else if (c == '[') {
      size_t close = code.find(']', i);
      if (close == std::string_view::npos) break;
      std::string_view inner = code.substr(i + 1, close - i - 1);
      if (!inner.empty() && std::strchr("hHmMsS", inner[0]) && inner.find_first_not_of(inner.substr(0, 1)) == std::string_view::npos)
        time = true;  // [h], [mm], [ss]: elapsed time
      i = close;
    } else {
      char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (l == 'y' || l == 'd') date = true;
      else if (l == 'h' || l == 's') time = true;
      else if (l == 'm') month = true;
    }
  }
  if (date || (month && !time)) return 1;
  return time ? 2 : 0;
}

namespace {

struct Styles : XmlHandler {
  std::map<int, int> custom;  // numFmtId -> date kind
  std::vector<int> xf_formats;
  int depth_cell_xfs = 0;
  void Start(std::string_view name, const char** a) override {
    if (name == "numFmt") {
      const char* id = Attr(a, "numFmtId");
      const char* code = Attr(a, "formatCode");
      if (id && code && custom.size() < 100000) custom[std::atoi(id)] = DateKindOfFormat(code);
    } else if (name == "cellXfs") {
      ++depth_cell_xfs;
    } else if (name == "xf" && depth_cell_xfs > 0 && xf_formats.size() < 1000000) {
      const char* id = Attr(a, "numFmtId");
      xf_formats.push_back(id ? std::atoi(id) : 0);
    }
  }
  void End(std::string_view name) override {
    if (name == "cellXfs") --depth_cell_xfs;
  }
};

struct SharedStrings : SaxHandler {
  const XlsxLimits* limits = nullptr;
  std::string where;
  std::vector<std::string>* out = nullptr;
  std::string cur;
  bool in_si = false, in_t = false;
  int in_phonetic = 0;
  void Start(std::string_view name, const XmlAttr*, size_t) override {
    if (name == "si") {
      in_si = true;
      cur.clear();
    } else if (name == "rPh") {
      ++in_phonetic;
    } else if (name == "t" && in_si && in_phonetic == 0) {
      in_t = true;
    }
  }
  void End(std::string_view name) override {
    if (name == "t") in_t = false;
    else if (name == "rPh") --in_phonetic;
    else if (name == "si" && in_si) {
      in_si = false;
      if (out->size() >= limits->max_shared_strings) {
        stop = Status::InvalidArgument(where + ": more than " + std::to_string(limits->max_shared_strings) +
                                       " distinct texts (limit); save the sheet you need as CSV");
        return;
      }
      out->push_back(std::move(cur));
      cur.clear();
    }
  }
  void Text(std::string_view t) override {
    if (!in_t) return;
    if (cur.size() + t.size() > limits->max_cell_bytes) {
      stop = Status::InvalidArgument(where + ": text " + std::to_string(out->size() + 1) + " is longer than " +
                                     std::to_string(limits->max_cell_bytes) + " bytes (limit); refusing the workbook");
      return;
    }
    cur.append(t);
  }
};

}  // namespace

Status ReadDateStyles(ZipArchive* zip, const std::string& source, const std::string& part, std::vector<uint8_t>* out) {
  out->clear();
  if (part.empty() || !zip->Has(part)) return Status::Ok();
  Styles st;
  CANVASS_RETURN_IF_ERROR(ParsePart(zip, part, source + ": " + part, &st));
  for (int id : st.xf_formats) {
    auto it = st.custom.find(id);
    out->push_back(static_cast<uint8_t>(it != st.custom.end() ? it->second : DateKindOfBuiltinFormat(id)));
  }
  return Status::Ok();
}

Status ReadSharedStrings(ZipArchive* zip, const std::string& source, const std::string& part, const XlsxLimits& limits,
                         std::vector<std::string>* out) {
  out->clear();
  if (part.empty() || !zip->Has(part)) return Status::Ok();
  SharedStrings h;
  h.limits = &limits;
  h.where = source + ": " + part;
  h.out = out;
  return ParseLargePart(zip, part, h.where, limits, &h);
}

}  // namespace canvass::tabular::detail
