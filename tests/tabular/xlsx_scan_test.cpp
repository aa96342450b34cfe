// The fast XML scanner of worksheets and shared strings against expat (the reference parser,
// XlsxLimits::reference_xml_parser): every real workbook in tests/data and hand-made parts in the
// forms other writers use read to the same cells, whatever size the parts are inflated in, and
// damaged XML is refused by both with one line naming the sheet and the line.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/file_util.h"
#include "tabular/xlsx_reader.h"
#include "xlsx_test_util.h"

using namespace canvass::tabular;
using canvass::tabular::testing::Parts;
using canvass::tabular::testing::Zip;

namespace {

// Every cell of every worksheet as text, or the refusal ("ERROR " + message).
std::string Dump(const std::string& bytes, bool reference, size_t chunk) {
  XlsxLimits limits;
  limits.reference_xml_parser = reference;
  limits.read_chunk_bytes = chunk;
  auto r = XlsxReader::Open(bytes, "t.xlsx", limits);
  if (!r.ok()) return "ERROR " + r.status().message();
  std::string out;
  for (size_t i = 0; i < (*r)->SheetNames().size(); ++i) {
    if (!(*r)->IsWorksheet(i)) continue;
    out += "sheet " + (*r)->SheetNames()[i] + "\n";
    canvass::core::Status st = (*r)->ReadSheet(i, [&](XlsxRow& row) {
      out += "row " + std::to_string(row.number) + "\n";
      for (const XlsxCell& c : row.cells)
        out += "  " + std::to_string(c.column) + " " + std::to_string(static_cast<int>(c.type)) + " [" + c.text + "] " +
               std::to_string(c.number) + "\n";
      return canvass::core::Status::Ok();
    });
    if (!st.ok()) return out + "ERROR " + st.message();
  }
  return out;
}

// The scanner's reading, after checking it equals expat's at several chunk sizes (a chunk of
// one byte splits every tag, reference and UTF-8 character).
std::string SameAsExpat(const std::string& bytes) {
  const std::string expected = Dump(bytes, true, 1u << 16);
  for (size_t chunk : {size_t{1u << 16}, size_t{1}, size_t{7}, size_t{4093}}) {
    INFO("chunk " << chunk);
    CHECK(Dump(bytes, false, chunk) == expected);
  }
  return expected;
}

std::string WithSheet(const std::string& sheet_xml, const std::string& shared = "") {
  auto p = Parts("", shared);
  p["xl/worksheets/sheet1.xml"] = sheet_xml;
  return Zip(p);
}

const std::string kNs = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";

}  // namespace

TEST_CASE("xlsx scanner: every real workbook in tests/data reads the same as with expat", "[xlsx][scan]") {
  size_t workbooks = 0, cells = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(CANVASS_TEST_DATA)) {
    if (e.path().extension() != ".xlsx") continue;
    INFO(e.path().string());
    auto bytes = canvass::core::ReadFileBounded(e.path().string(), 64u << 20);
    REQUIRE(bytes.ok());
    const std::string got = SameAsExpat(*bytes);
    CHECK(got.find("ERROR") == std::string::npos);
    cells += static_cast<size_t>(std::count(got.begin(), got.end(), '['));
    ++workbooks;
  }
  CHECK(workbooks >= 20);
  CHECK(cells > 1000);
}

TEST_CASE("xlsx scanner: the XML forms writers use read the same as with expat", "[xlsx][scan]") {
  // Prefixed elements (as some writers emit), Excel's extra namespaces and attributes, single
  // quotes and white space in tags, a byte order mark, comments, processing instructions,
  // CDATA, every kind of reference, CR LF line ends, multi-byte UTF-8, pretty-printing.
  const std::string sheet =
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
      "<!-- written by hand -->\n"
      "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" mc:Ignorable=\"x14ac\" "
      "xmlns:x14ac=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac\">\n"
      "  <x:sheetData>\n"
      "    <x:row r=\"1\" spans=\"1:4\" x14ac:dyDescent=\"0.25\">\n"
      "      <x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;</x:t></x:is></x:c>\n"
      "      <x:c r='B1' t='inlineStr'><x:is><x:t xml:space=\"preserve\">&#65;&#x42;&#x43; &#x4E2D;&#x1F600; caf\xC3\xA9</x:t></x:is></x:c>\n"
      "      <x:c\n r = \"C1\"\t t=\"inlineStr\" ><x:is><x:t>line\r\nbreak\rand&#13;cr</x:t></x:is></x:c >\n"
      "      <?custom processing instruction?>\n"
      "      <x:c r=\"D1\" t=\"inlineStr\"><x:is><x:t><![CDATA[x < y & z]]></x:t></x:is></x:c>\n"
      "    </x:row>\n"
      "    <x:row r=\"3\"><x:c r=\"B3\" s=\"0\"><x:v>12.50</x:v></x:c><x:c r=\"C3\" t=\"s\"><x:v>1</x:v></x:c>"
      "<x:c r=\"D3\" t=\"b\"><x:v>1</x:v></x:c><x:c r=\"E3\" t=\"e\"><x:v>#N/A</x:v></x:c>"
      "<x:c r=\"F3\" t=\"str\"><x:f>A1&amp;B1</x:f><x:v>x&#x9;y</x:v></x:c></x:row>\n"
      "  </x:sheetData>\n"
      "</x:worksheet>\n<!-- after -->\n";
  const std::string shared =
      "<si><t>first</t></si><si><r><t>rich </t></r><r><rPr><b/></rPr><t>text &amp; more</t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>phonetic</t></rPh></si>";
  const std::string got = SameAsExpat(WithSheet(sheet, shared));
  // And the values are the ones written, not merely the same from both parsers.
  CHECK(got.find("[a <b> & \"c\" 'd']") != std::string::npos);
  CHECK(got.find("[ABC \xE4\xB8\xAD\xF0\x9F\x98\x80 caf\xC3\xA9]") != std::string::npos);
  CHECK(got.find("[line\nbreak\nand\rcr]") != std::string::npos);
  CHECK(got.find("[x < y & z]") != std::string::npos);
  CHECK(got.find("row 3\n  1 1 [12.5]") != std::string::npos);
  CHECK(got.find("[rich text & more]") != std::string::npos);
  CHECK(got.find("[TRUE]") != std::string::npos);
  CHECK(got.find("[#N/A]") != std::string::npos);
  CHECK(got.find("[x\ty]") != std::string::npos);
  CHECK(got.find("ERROR") == std::string::npos);
}

TEST_CASE("xlsx scanner: damaged XML is refused by both parsers, with the sheet and the line", "[xlsx][scan]") {
  const std::string head = "<worksheet " + kNs + "><sheetData>";
  const std::string tail = "</sheetData></worksheet>";
  const std::string cell = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ok</t></is></c></row>";
  const std::vector<std::string> damaged = {
      head + "<row><c><v>1</v></row>" + tail,                        // an end tag that does not match
      head + cell,                                                   // cut short
      head + "<row><c><v>1</v></c></row" ,                            // cut inside a tag
      head + "<row><c t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row>" + tail,  // undefined entity
      head + "<row><c t=\"inlineStr\"><is><t>&#0;</t></is></c></row>" + tail,    // a character XML forbids
      head + "<row><c t=\"inlineStr\"><is><t>&#x110000;</t></is></c></row>" + tail,
      head + "<row><c t=\"inlineStr\"><is><t>a & b</t></is></c></row>" + tail,  // a bare ampersand
      head + "<row><c t=\"inlineStr\"><is><t>\xFF</t></is></c></row>" + tail,   // not UTF-8
      head + "<row><c t=\"inlineStr\"><is><t>\xC0\xAF</t></is></c></row>" + tail,  // overlong UTF-8
      head + "<row><c t=\"inlineStr\"><is><t>\xED\xA0\x80</t></is></c></row>" + tail,  // a surrogate
      head + "<row><c t=\"inlineStr\"><is><t>\x01</t></is></c></row>" + tail,   // a control character
      head + "<row><c r=\"A<1\"><v>1</v></c></row>" + tail,          // '<' in an attribute value
      head + "<row><c r=\"A1\" r=\"B1\"><v>1</v></c></row>" + tail,  // an attribute given twice
      head + "<row><c r=A1><v>1</v></c></row>" + tail,               // no quotes
      head + "<row><c r=\"A1\"t=\"n\"><v>1</v></c></row>" + tail,    // no space between attributes
      head + cell + tail + "<worksheet/>",                           // a second root
      head + cell + tail + "text",                                   // text after the root
      "text" + head + cell + tail,                                   // text before the root
      "",                                                            // empty
      "<!DOCTYPE worksheet [<!ENTITY a \"aaaa\">]>" + head + cell + tail,
      head + std::string(5000, '\0') + tail,
      head + cell + tail + "</extra>",                               // an end tag with nothing open
  };
  for (size_t i = 0; i < damaged.size(); ++i) {
    INFO("case " << i);
    const std::string bytes = WithSheet(damaged[i]);
    const std::string ref = Dump(bytes, true, 1u << 16);
    CHECK(ref.find("ERROR") != std::string::npos);
    for (size_t chunk : {size_t{1u << 16}, size_t{1}, size_t{5}}) {
      const std::string got = Dump(bytes, false, chunk);
      const size_t at = got.find("ERROR t.xlsx: sheet \"Data\"");
      REQUIRE(at != std::string::npos);
      const std::string message = got.substr(at);
      CHECK(message.find('\n') == std::string::npos);
      CHECK((message.find(": line ") != std::string::npos || message.find("(DTD)") != std::string::npos));
      CHECK(got.substr(0, at) == ref.substr(0, ref.find("ERROR")));  // the same rows before the refusal
    }
  }
}

TEST_CASE("xlsx scanner: nesting and tag size are bounded", "[xlsx][scan]") {
  std::string deep = "<worksheet " + kNs + ">";
  for (int i = 0; i < 1100; ++i) deep += "<g>";
  for (int i = 0; i < 1100; ++i) deep += "</g>";
  deep += "</worksheet>";
  std::string got = Dump(WithSheet(deep), false, 1u << 16);
  CHECK(got.find("nested more than 1000 deep") != std::string::npos);

  const std::string huge = "<worksheet " + kNs + "><sheetData><row r=\"1\" x=\"" + std::string(5u << 20, 'a') +
                           "\"/></sheetData></worksheet>";
  got = Dump(WithSheet(huge), false, 1u << 16);
  CHECK(got.find("a tag longer than 4 MiB") != std::string::npos);
  // A long value in a cell is fine up to the cell limit, however the part is cut into chunks.
  const std::string long_text = "<worksheet " + kNs + "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" +
                                std::string(300000, 'b') + "&amp;</t></is></c></row></sheetData></worksheet>";
  got = SameAsExpat(WithSheet(long_text));
  CHECK(got.find(std::string(300000, 'b') + "&]") != std::string::npos);
}

TEST_CASE("xlsx scanner: number cells hold exactly strtod's value (the reader's fast decimal path)", "[xlsx][scan]") {
  // Plain decimals of up to 15 digits take a path without strtod; every one must give the same
  // double, bit for bit, as strtod of the text (and other forms still go through strtod).
  std::vector<std::string> written = {"0", "-0", "5.", ".5", "-.5", "0.1", "0.3", "2.675", "1.005", "999999999999999",
                                      "0.000000000000001", "-123456.789012345", "1e3", "+7", "0.1234567890123456"};
  uint64_t x = 88172645463325252ull;  // xorshift: the same numbers every run
  for (int i = 0; i < 3000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    std::string digits = std::to_string(x % 1000000000000000ull);
    size_t dot = static_cast<size_t>((x >> 50) % (digits.size() + 1));
    written.push_back(((x >> 60) & 1 ? "-" : "") + digits.substr(0, dot) + "." + digits.substr(dot));
  }
  std::string data = "<row r=\"1\">";
  for (const std::string& w : written) data += "<c><v>" + w + "</v></c>";
  const std::string bytes = Zip(Parts(data + "</row>"));  // outlives the reader, as Open asks
  auto r = XlsxReader::Open(bytes, "n.xlsx");
  REQUIRE(r.ok());
  std::vector<double> got;
  const canvass::core::Status st = (*r)->ReadSheet(0, [&](XlsxRow& row) {
    for (const XlsxCell& c : row.cells) got.push_back(c.number);
    return canvass::core::Status::Ok();
  });
  INFO(st.message());
  REQUIRE(st.ok());
  REQUIRE(got.size() == written.size());
  for (size_t i = 0; i < written.size(); ++i) {
    INFO(written[i]);
    const double want = std::strtod(written[i].c_str(), nullptr);
    CHECK(std::memcmp(&got[i], &want, sizeof want) == 0);
  }
}
