// Tests for REFI-QDA export (schema-valid, stable) and import (round trip, other tools,
// hostile archives).
#include <zip.h>

#include <catch2/catch.hpp>
#include <set>
#include <tuple>

#include "coding/refi_qda.h"
#include "coding/starter_codebook.h"
#include "test_support.h"

using namespace canvass::coding;
using canvass::testing::TempDir;

namespace {

const std::string kData = std::string(CANVASS_TEST_DATA) + "/refi-qda/";

// Runs xmllint against a schema. Fails the test when xmllint is missing (deps.sh installs it).
// What xmllint says against the REFI-QDA schema when `xml` does not validate; "" when it does.
std::string SchemaErrors(const std::string& schema, const std::string& xml) {
  std::string ignored;
  REQUIRE(canvass::testing::Run("command -v xmllint", &ignored) == 0);  // scripts/deps.sh installs it (libxml2-utils)
  TempDir dir;
  std::string file = dir.File("doc.xml"), output;
  canvass::testing::WriteAll(file, xml);
  int rc = canvass::testing::Run("xmllint --noout --schema '" + kData + schema + "' '" + file + "'", &output);
  return rc == 0 ? "" : output.empty() ? "xmllint failed" : output;
}

std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  for (const auto& [name, data] : entries)
    zip_file_add(za, name.c_str(), zip_source_buffer(za, data.data(), data.size(), 0), 0);
  zip_close(za);
  zip_source_open(src);
  std::string out;
  char buf[4096];
  zip_int64_t n;
  while ((n = zip_source_read(src, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  zip_source_close(src);
  zip_source_free(src);
  return out;
}

QdaProject SampleProject() {
  QdaProject p;
  p.name = "Bexar assessment";
  p.created = "2025-03-01T10:00:00Z";
  p.codebook = StarterCodebook();
  const Code* agri = p.codebook.FindByPath("Labor trafficking/Agriculture");
  const Code* debt = p.codebook.FindByPath("Indicators and signs/Debt bondage");
  const Code* fear = p.codebook.FindByPath("Barriers to reporting/Fear of law enforcement or immigration consequences");
  REQUIRE((agri && debt && fear));
  REQUIRE(p.codebook.AddMemo(debt->guid, "ana", "Fees < $500 & \"loans\"\nsecond line",
                             "2025-03-02T09:00:00Z").ok());
  p.interviews = {{"iv-1", "North county", "service provider"}, {"iv-2", "South", "police"}};
  p.answers = {
      {"iv-1/q7", "iv-1", "Where do you see exploitation?",
       "Na\xC3\xAFve workers on farms\r\nowe fees to the recruiter."},
      {"iv-1/q8", "iv-1", "Who reports?", "Nobody calls: fear of ICE."},
      {"iv-2/q7", "iv-2", "Where do you see exploitation?", "Packing sheds \xF0\x9F\x8C\xBE."},
  };
  p.codings = {
      {"iv-1/q7", 0, 24, agri->guid, "ana", "2025-03-02T09:00:00Z"},
      {"iv-1/q7", 25, 49, debt->guid, "ana", "2025-03-02T09:01:00Z"},
      {"iv-1/q7", 25, 49, debt->guid, "ben", ""},
      {"iv-1/q8", 15, 26, fear->guid, "ben", "2025-03-03T10:00:00Z"},
      {"iv-2/q7", 0, 15, agri->guid, "consensus", ""},
  };
  p.answer_memos = {
      {"", "iv-1/q7", "ben", "Ask about the recruiter's fees & \"loans\"", "2025-03-04T08:00:00Z"},
      {"", "iv-1/q7", "ana", "Same farm as iv-2?", ""},
      {"", "iv-2/q7", "consensus", "Settled by both coders", "2025-03-05T12:00:00Z"},
  };
  return p;
}

using CodingKey = std::tuple<std::string, int64_t, int64_t, std::string, std::string, std::string>;
std::set<CodingKey> Keys(const std::vector<Coding>& codings) {
  std::set<CodingKey> out;
  for (const auto& c : codings) out.emplace(c.answer_id, c.start, c.end, c.code_guid, c.coder, c.time);
  return out;
}

}  // namespace

TEST_CASE("The starter codebook exports as a valid .qdc and reads back", "[refi]") {
  Codebook book = StarterCodebook();
  auto qdc = WriteQdc(book);
  REQUIRE(qdc.ok());
  CHECK(SchemaErrors("Codebook.xsd", *qdc) == "");
  auto back = ReadQdc(*qdc, "starter.qdc");
  REQUIRE(back.ok());
  REQUIRE(back->size() == book.size());
  for (const Code* c : book.InTreeOrder()) {
    const Code* d = back->FindByGuid(c->guid);
    REQUIRE(d);
    CHECK(back->PathOf(d->guid) == book.PathOf(c->guid));
    CHECK(d->description == c->description);
    CHECK(d->color == c->color);
  }
  CHECK(!WriteQdc(Codebook()).ok());
}

TEST_CASE("The example codebook from the REFI-QDA folder reads", "[refi]") {
  auto xml = canvass::testing::ReadAll(kData + "example-codebook.qdc");
  auto book = ReadQdc(xml, "example-codebook.qdc");
  REQUIRE(book.ok());
  const Code* fees = book->FindByPath("Debt bondage/Recruitment fees");
  REQUIRE(fees);
  CHECK(fees->guid == "3c4b1f3c-5b0e-4c43-9f3a-2f8e0c7e6a11");
  CHECK(book->FindByPath("Debt bondage")->color == "#F00");
}

TEST_CASE("A project exports as a schema-valid, stable .qdpx", "[refi]") {
  QdaProject p = SampleProject();
  auto qde = WriteQde(p);
  REQUIRE(qde.ok());
  TempDir dir;
  CHECK(SchemaErrors("Project-mrt.xsd", *qde) == "");
  CHECK(qde->find("<Cases>") != std::string::npos);
  CHECK(qde->find("<Notes>") != std::string::npos);
  // The answer's memos are referenced from its TextSource (before its variable values).
  std::string memo_ref = "<NoteRef targetGUID=\"" + StableGuid("memo", "answer:iv-1/q7|ana") + "\"/>";
  size_t ref = qde->find(memo_ref);
  REQUIRE(ref != std::string::npos);
  CHECK(ref > qde->find("name=\"iv-1/q7\""));
  CHECK(ref < qde->find("name=\"iv-1/q8\""));
  auto a = WriteQdpx(p);
  auto b = WriteQdpx(SampleProject());
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a == *b);  // same input, same bytes (GUIDs and timestamps fixed)
  REQUIRE(WriteQdpxFile(dir.File("export.qdpx"), p).ok());
  CHECK(canvass::testing::ReadAll(dir.File("export.qdpx")) == *a);
}

TEST_CASE("The schema check rejects an empty container (so it can fail)", "[refi]") {
  std::string bad = "<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Users/></Project>";
  CHECK(SchemaErrors("Project-mrt.xsd", bad) != "");
}

TEST_CASE("An empty project omits empty containers and still validates", "[refi]") {
  QdaProject p;
  auto qde = WriteQde(p);
  REQUIRE(qde.ok());
  CHECK(qde->find("<Users>") == std::string::npos);
  CHECK(qde->find("<CodeBook>") == std::string::npos);
  CHECK(qde->find("<Sources>") == std::string::npos);
  CHECK(SchemaErrors("Project-mrt.xsd", *qde) == "");
  p.codebook = StarterCodebook();  // codes but no sources or codings
  auto only_codes = WriteQde(p);
  REQUIRE(only_codes.ok());
  CHECK(SchemaErrors("Project-mrt.xsd", *only_codes) == "");
}

TEST_CASE("Export refuses codings that do not fit the project", "[refi]") {
  QdaProject p = SampleProject();
  p.codings.push_back({"iv-1/q8", 0, 999, p.codings[0].code_guid, "ana", ""});
  auto r = WriteQdpx(p);
  REQUIRE(!r.ok());
  CHECK(r.status().message().find("iv-1/q8") != std::string::npos);
  p = SampleProject();
  p.codings.push_back({"iv-1/q8", 0, 1, "00000000-0000-8000-8000-000000000000", "ana", ""});
  CHECK(!WriteQde(p).ok());
  p = SampleProject();
  p.answers.push_back({"x", "no-such-interview", "q", "t"});
  CHECK(!WriteQde(p).ok());
  p = SampleProject();
  p.answer_memos.push_back({"", "iv-9/q1", "ana", "memo on nothing", ""});
  auto memo = WriteQde(p);
  REQUIRE(!memo.ok());
  CHECK(memo.status().message().find("iv-9/q1") != std::string::npos);
  p = SampleProject();
  p.answer_memos.push_back(p.answer_memos[0]);  // the same note twice
  CHECK(!WriteQde(p).ok());
}

TEST_CASE("A .qdpx round trip loses no code, segment, memo or user", "[refi]") {
  QdaProject p = SampleProject();
  auto bytes = WriteQdpx(p);
  REQUIRE(bytes.ok());
  auto back = ReadQdpx(*bytes, "export.qdpx");
  REQUIRE(back.ok());
  CHECK(back->warnings.empty());
  CHECK(back->name == p.name);
  CHECK(back->codebook.size() == p.codebook.size());
  for (const Code* c : p.codebook.InTreeOrder()) {
    const Code* d = back->codebook.FindByGuid(c->guid);
    REQUIRE(d);
    CHECK(d->parent_guid == c->parent_guid);
    CHECK(d->name == c->name);
  }
  CHECK(Keys(back->codings) == Keys(p.codings));
  REQUIRE(back->codebook.memos().size() == 1);
  const Memo& m = back->codebook.memos()[0];
  CHECK(m.guid == p.codebook.memos()[0].guid);
  CHECK(m.text == p.codebook.memos()[0].text);
  CHECK(m.author == "ana");
  CHECK(m.code_guid == p.codebook.memos()[0].code_guid);
  // Memos on answers: each back on its answer, with its coder, text and date.
  using MemoKey = std::tuple<std::string, std::string, std::string, std::string>;
  std::set<MemoKey> want, got;
  for (const auto& am : p.answer_memos) want.emplace(am.answer_id, am.author, am.text, am.created);
  for (const auto& am : back->answer_memos) got.emplace(am.answer_id, am.author, am.text, am.created);
  CHECK(got == want);
  for (const auto& am : back->answer_memos) CHECK(am.guid == StableGuid("memo", "answer:" + am.answer_id + "|" + am.author));
  REQUIRE(back->answers.size() == 3);
  CHECK(back->answers[0].id == "iv-1/q7");
  CHECK(back->answers[0].text == "Na\xC3\xAFve workers on farms\nowe fees to the recruiter.");
  CHECK(back->answers[0].question == "Where do you see exploitation?");
  CHECK(back->answers[2].interview_id == "iv-2");
  REQUIRE(back->interviews.size() == 2);
  CHECK(back->interviews[0].area == "North county");
  CHECK(back->interviews[1].role == "police");
  // And a second export of the imported project is byte-identical.
  auto again = WriteQdpx(*back);
  REQUIRE(again.ok());
  CHECK(*again == *bytes);
}

TEST_CASE("Projects from other tools are read leniently", "[refi]") {
  std::string qde = canvass::testing::ReadAll(kData + "example-minimal.qde");
  std::string zip = MakeZip({{"project.qde", qde},
                             {"sources/6c4b1f3c-5b0e-4c43-9f3a-2f8e0c7e6a11.txt",
                              "\xEF\xBB\xBF" "Recruiter charged fees."}});
  auto p = ReadQdpx(zip, "other.qdpx");
  REQUIRE(p.ok());
  REQUIRE(p->answers.size() == 1);
  CHECK(p->answers[0].id == "Q7 answer");
  CHECK(p->answers[0].text == "Recruiter charged fees.");
  CHECK(p->answers[0].interview_id == "Respondent 1");
  REQUIRE(p->codings.size() == 1);
  CHECK(p->codings[0].coder == "Coder A");
  CHECK(p->codings[0].end == 10);
  CHECK(p->codings[0].code_guid == "3c4b1f3c-5b0e-4c43-9f3a-2f8e0c7e6a11");
  CHECK(p->codebook.FindByPath("Debt bondage/Recruitment fees"));
  CHECK(!p->warnings.empty());  // the memo is not attached to a code
  CHECK(p->answer_memos.empty());
  // A note referenced from a coding (or selection) is a memo on that answer.
  std::string with_ref = qde;
  std::string code_ref = "<CodeRef targetGUID=\"3c4b1f3c-5b0e-4c43-9f3a-2f8e0c7e6a11\"/>";
  REQUIRE(with_ref.find(code_ref) != std::string::npos);
  with_ref.replace(with_ref.find(code_ref), code_ref.size(), code_ref + "<NoteRef targetGUID=\"9C4B1F3C-5b0e-4c43-9f3a-2f8e0c7e6a11\"/>");
  auto noted = ReadQdpx(MakeZip({{"project.qde", with_ref}, {"sources/6c4b1f3c-5b0e-4c43-9f3a-2f8e0c7e6a11.txt", "Recruiter charged fees."}}),
                        "noted.qdpx");
  REQUIRE(noted.ok());
  REQUIRE(noted->answer_memos.size() == 1);
  CHECK(noted->answer_memos[0].answer_id == "Q7 answer");
  CHECK(noted->answer_memos[0].text == "memo text");
  CHECK(noted->answer_memos[0].author.empty());
  CHECK(noted->warnings.empty());
  // A missing source file is a warning, not a failure.
  auto no_text = ReadQdpx(MakeZip({{"project.qde", qde}}), "no-text.qdpx");
  REQUIRE(no_text.ok());
  CHECK(no_text->answers.empty());
  CHECK(no_text->codings.empty());
  CHECK(!no_text->warnings.empty());
}

TEST_CASE("Hostile or broken archives fail with a clear message", "[refi]") {
  SECTION("not a zip") {
    auto r = ReadQdpx("hello", "junk.qdpx");
    REQUIRE(!r.ok());
    CHECK(r.status().message().find("junk.qdpx") != std::string::npos);
  }
  SECTION("zip bomb: an entry that expands past the cap") {
    std::string zeros(4 << 20, '\0');
    std::string zip = MakeZip({{"project.qde", "<Project name='x'/>"},
                               {"sources/a.txt", zeros}});
    CHECK(zip.size() < 100000);
    QdpxLimits limits;
    limits.max_entry_bytes = 1 << 20;
    std::string qde = "<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Sources><TextSource "
                      "guid='6c4b1f3c-5b0e-4c43-9f3a-2f8e0c7e6a11' plainTextPath='internal://a.txt'/>"
                      "</Sources></Project>";
    zip = MakeZip({{"project.qde", qde}, {"sources/a.txt", zeros}});
    auto r = ReadQdpx(zip, "bomb.qdpx", limits);
    REQUIRE(!r.ok());
    CHECK(r.status().message().find("sources/a.txt") != std::string::npos);
    CHECK(r.status().message().find("bomb.qdpx") != std::string::npos);
  }
  SECTION("too many entries") {
    std::vector<std::pair<std::string, std::string>> entries;
    for (int i = 0; i < 20; ++i) entries.push_back({"f" + std::to_string(i), "x"});
    QdpxLimits limits;
    limits.max_entries = 10;
    CHECK(!ReadQdpx(MakeZip(entries), "many.qdpx", limits).ok());
  }
  SECTION("entity expansion is refused") {
    std::string qde = "<?xml version='1.0'?><!DOCTYPE Project [<!ENTITY a 'aaaa'>]>"
                      "<Project name='&a;'/>";
    auto r = ReadQdpx(MakeZip({{"project.qde", qde}}), "dtd.qdpx");
    REQUIRE(!r.ok());
    CHECK(r.status().code() == canvass::core::Code::kUnsupported);
  }
  SECTION("malformed XML names the file and line") {
    auto r = ReadQdpx(MakeZip({{"project.qde", "<Project name='x'>\n<Users>\n</Project>"}}), "bad.qdpx");
    REQUIRE(!r.ok());
    CHECK(r.status().message().find("bad.qdpx:project.qde, line") != std::string::npos);
  }
  SECTION("a code without a GUID names the element") {
    std::string qde = "<Project name='x'><CodeBook><Codes><Code name='Oops' isCodable='true'/>"
                      "</Codes></CodeBook></Project>";
    auto r = ReadQdpx(MakeZip({{"project.qde", qde}}), "nogid.qdpx");
    REQUIRE(!r.ok());
    CHECK(r.status().message().find("<Code name=\"Oops\">") != std::string::npos);
  }
  SECTION("no project.qde") {
    CHECK(!ReadQdpx(MakeZip({{"readme.txt", "hi"}}), "empty.qdpx").ok());
  }
  SECTION("oversized XML") {
    QdpxLimits limits;
    limits.max_xml_bytes = 10;
    CHECK(!ReadQdc("<CodeBook><Codes/></CodeBook>", "big.qdc", limits).ok());
  }
}
