// Test helpers shared by the Catch2 executables: temp dirs, file scans, fast KDF.
#pragma once

#include <string>
#include <vector>

namespace canvass::testing {

// A fresh private temp directory removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Selects the cheap Argon2id profile for files created by this process (tests only).
void UseFastKdf();

// Every regular file below `dir` whose bytes contain `needle` (binary search).
std::vector<std::string> FilesContaining(const std::string& dir, const std::string& needle);
std::string ReadAll(const std::string& path);
// The names of the entries of a directory, sorted.
std::vector<std::string> ListDir(const std::string& dir);
void WriteAll(const std::string& path, const std::string& data);
// UTF-16LE encoding of an ASCII/UTF-8 string (BMP only).
std::string Utf16Le(const std::string& utf8);

// Runs a command line with /bin/sh, capturing stdout+stderr; returns the exit code.
// The suites run under CANVASS_KDF_PROFILE=test-fast, and every canvass-cli run then warns
// on stderr that its files are "test only — not protected" (docs/security.md); Run drops
// those warning lines so that tests of other output see what a normal run prints.
// RunKeepingKdfWarnings keeps them (the tests of the warnings).
int Run(const std::string& cmd, std::string* output);
int RunKeepingKdfWarnings(const std::string& cmd, std::string* output);

// A custom form whose repeat "sites" has a child with a condition on its sibling
// (site_detail is asked when site_seen = true), for tests of conditions inside repeat items.
inline constexpr const char* kSiteVisitsFormJson = R"json({
  "canvass_form": 1, "id": "site_visits", "version": 1, "title": {"en": "Site visits"},
  "languages": ["en"], "kind": "stakeholder_interview", "respondent_roles": ["street_outreach"],
  "sections": [{"id": "s", "title": {"en": "Sites"}, "questions": [
    {"id": "sites", "type": "repeat", "label": {"en": "Sites"}, "questions": [
      {"id": "site_name", "type": "text", "label": {"en": "Name"}},
      {"id": "site_seen", "type": "yes_no", "label": {"en": "Seen?"}},
      {"id": "site_detail", "type": "long_text", "label": {"en": "What was seen"}, "relevant": "${site_seen} = true"}]}]}]})json";

}  // namespace canvass::testing
