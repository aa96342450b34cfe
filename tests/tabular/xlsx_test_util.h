// Test helpers: hand-made .xlsx archives (libzip in memory) with exactly the parts a test needs.
#pragma once

#include <zip.h>

#include <map>
#include <stdexcept>
#include <string>

namespace canvass::tabular::testing {

// Zips `parts` (name -> bytes) in memory, deflated (or stored when `store`); the part named
// `encrypt` is encrypted with AES-256 (throws when this libzip cannot).
inline std::string Zip(const std::map<std::string, std::string>& parts, bool store = false, const std::string& encrypt = "") {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  for (const auto& [name, data] : parts) {
    zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
    zip_int64_t idx = zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) throw std::runtime_error("zip_file_add " + name);
    zip_set_file_compression(za, static_cast<zip_uint64_t>(idx), store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
    if (name == encrypt && zip_file_set_encryption(za, static_cast<zip_uint64_t>(idx), ZIP_EM_AES_256, "secret") != 0)
      throw std::runtime_error("no AES in this libzip");
  }
  if (zip_close(za) < 0) throw std::runtime_error("zip_close");
  zip_source_open(src);
  std::string out;
  char buf[65536];
  zip_int64_t n;
  while ((n = zip_source_read(src, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  zip_source_close(src);
  zip_source_free(src);
  return out;
}

constexpr const char* kNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// The parts of a one-sheet workbook around `sheet_data` (the inside of <sheetData>).
inline std::map<std::string, std::string> Parts(const std::string& sheet_data, const std::string& shared = "",
                                                const std::string& styles = "", const std::string& workbook_pr = "") {
  std::map<std::string, std::string> p;
  p["[Content_Types].xml"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
      "</Types>";
  p["_rels/.rels"] =
      "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
      "Target=\"xl/workbook.xml\"/></Relationships>";
  std::string rels =
      "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
      "Target=\"worksheets/sheet1.xml\"/>";
  if (!shared.empty())
    rels += "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
            "Target=\"sharedStrings.xml\"/>";
  if (!styles.empty())
    rels += "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
            "Target=\"styles.xml\"/>";
  p["xl/_rels/workbook.xml.rels"] = rels + "</Relationships>";
  p["xl/workbook.xml"] = std::string("<?xml version=\"1.0\"?><workbook xmlns=\"") + kNs + "\" xmlns:r=\"" + kRelNs + "\">" +
                         workbook_pr + "<sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  p["xl/worksheets/sheet1.xml"] =
      std::string("<?xml version=\"1.0\"?><worksheet xmlns=\"") + kNs + "\"><sheetData>" + sheet_data + "</sheetData></worksheet>";
  if (!shared.empty()) p["xl/sharedStrings.xml"] = std::string("<?xml version=\"1.0\"?><sst xmlns=\"") + kNs + "\">" + shared + "</sst>";
  if (!styles.empty()) p["xl/styles.xml"] = std::string("<?xml version=\"1.0\"?><styleSheet xmlns=\"") + kNs + "\">" + styles + "</styleSheet>";
  return p;
}

}  // namespace canvass::tabular::testing
