// The interface message catalogue (issue 14): English and Spanish complete with the same
// placeholders, every key the code uses present, no user-visible literal left in a converted
// screen, a damaged or incomplete catalogue falls back to English with a visible notice, and
// the language is switched at unlock and in Settings.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "app/controller.h"
#include "app/i18n.h"
#include "core/crypto_util.h"
#include "test_support.h"
#include "gui_util.h"
#include "ui_harness.h"

using namespace canvass;
namespace i18n = canvass::app::i18n;

namespace {

// Screens whose every visible text comes from the catalogue (the test below keeps them so).
const char* const kConverted[] = {"app/gui/panel_nav.cpp", "app/gui/gui_app.cpp", "app/gui/panel_runner.cpp",
                                   "app/gui/panel_review.cpp", "app/gui/panel_question.cpp",
                                   "app/gui/panel_home.cpp", "app/gui/panel_new_interview.cpp",
                                   "app/gui/panel_unlock.cpp", "app/gui/panel_settings.cpp",
                                   "app/gui/gui_file_chooser.cpp", "app/gui/panel_sync.cpp",
                                   "app/gui/panel_interviews.cpp", "app/gui/panel_detail.cpp", "app/gui/panel_conflicts.cpp",
                                   "app/gui/panel_devices.cpp", "app/gui/panel_codebook.cpp",
                                   "app/gui/panel_coding.cpp", "app/gui/coding_ui.h",
                                   "app/gui/panel_agreement.cpp", "app/gui/panel_analysis.cpp",
                                   "app/gui/panel_assessment.cpp", "app/gui/panel_assessment_map.cpp",
                                   "app/gui/panel_assessment_profile.cpp", "app/gui/assessment_map.cpp",
                                   "app/gui/gui_util.h"};

// Controller files whose messages to the user (errors, notices, view texts) come from the
// catalogue. Any string literal holding two words in a row is taken for a sentence; a line
// that must keep one (an audit entry, a key, a log) says so with an "i18n-ok" comment.
const char* const kConvertedCore[] = {"app/core/src/controller_drafts.cpp", "app/core/src/controller_coding.cpp",
                                       "app/core/src/controller_codebook.cpp", "app/core/src/controller_undo.cpp",
                                       "app/core/src/controller_agreement.cpp", "app/core/src/controller_analysis.cpp",
                                       "app/core/src/controller_consensus.cpp", "app/core/src/count_rule_text.h",
                                       "app/core/src/controller_assessment.cpp", "app/core/src/controller_assessment_export.cpp",
                                       "app/core/src/assessment_view.cpp", "app/core/src/controller.cpp",
                                       "app/core/src/controller_interview.cpp", "app/core/src/controller_sync.cpp",
                                       "app/core/src/controller_devices.cpp", "app/core/src/controller_conflicts.cpp",
                                       "app/core/src/controller_forms.cpp", "app/core/src/view_runner.cpp",
                                       "app/core/src/controller_text.h", "app/core/src/controller_rollup.cpp"};

std::string Source(const std::string& rel) {
  std::ifstream in(std::string(CANVASS_SOURCE_DIR) + "/" + rel);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

i18n::Catalogue Builtin(const std::string& name) {
  auto it = i18n::BuiltinCatalogues().find(name);
  REQUIRE(it != i18n::BuiltinCatalogues().end());
  auto c = i18n::Catalogue::Parse(it->second, name);
  REQUIRE(c.ok());
  return *c;
}

}  // namespace

TEST_CASE("i18n: English and Spanish have the same keys and placeholders", "[gui][i18n]") {
  const auto en = Builtin("en.json"), es = Builtin("es.json");
  REQUIRE(en.texts.size() > 40);
  for (const auto& [k, text] : en.texts) {
    INFO(k);
    auto it = es.texts.find(k);
    REQUIRE(it != es.texts.end());
    CHECK(i18n::Placeholders(it->second) == i18n::Placeholders(text));
    CHECK_FALSE(it->second.empty());
  }
  for (const auto& [k, text] : es.texts) {
    INFO(k);
    CHECK(en.texts.count(k) == 1);
  }
  CHECK(i18n::BuildFrom("es", "", i18n::BuiltinCatalogues().at("es.json"), "es.json").notice().empty());
}

TEST_CASE("i18n: every key the panels use is in the catalogue and converted screens have no literal", "[gui][i18n]") {
  const auto en = Builtin("en.json");
  const std::regex key_use(R"re(\b(T|F|P)\("([a-z_]+\.[a-z0-9_.]+)")re");
  const std::regex literal(
      R"re(\b(?:Text|TextUnformatted|TextWrapped|Button|SmallButton|Selectable|Checkbox|RadioButton|MutedText|ErrorText|SetTooltip|InputTextWithHint|TableSetupColumn|Begin|BeginCombo|ProgressBar|Entry)\((?:[^")]*,\s*)?"([^"#]*[A-Za-z][^"]*)")re");
  for (const char* file : kConverted) {
    const std::string src = Source(file);
    for (std::sregex_iterator it(src.begin(), src.end(), key_use), end; it != end; ++it) {
      const std::string key = (*it)[2].str();
      INFO(file << ": key " << key);
      if ((*it)[1] == "P") {  // a plural: both forms
        CHECK(en.texts.count(key + ".one") == 1);
        CHECK(en.texts.count(key + ".other") == 1);
      } else {
        CHECK(en.texts.count(key) == 1);
      }
    }
    std::istringstream lines(src);
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
      ++n;
      if (line.find("i18n-ok") != std::string::npos) continue;
      std::smatch m;
      if (!std::regex_search(line, m, literal)) continue;
      // A format alone ("%s", "%d") is not a text.
      const std::string words = std::regex_replace(m[1].str(), std::regex("%[a-z]+"), "");
      INFO(file << ":" << n << ": " << line);
      CHECK(words.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == std::string::npos);
    }
  }
}

TEST_CASE("i18n: the converted controller files have no sentence outside the catalogue", "[gui][i18n]") {
  const auto en = Builtin("en.json");
  const std::regex key_use(R"re(\b(T|F|P)\("([a-z_]+\.[a-z0-9_.]+)")re");
  const std::regex sentence(R"re("(?:[^"\\]|\\.)*[A-Za-z]+ [A-Za-z]+(?:[^"\\]|\\.)*")re");
  for (const char* file : kConvertedCore) {
    const std::string src = Source(file);
    for (std::sregex_iterator it(src.begin(), src.end(), key_use), end; it != end; ++it) {
      const std::string key = (*it)[2].str();
      INFO(file << ": key " << key);
      if ((*it)[1] == "P") {
        CHECK(en.texts.count(key + ".one") == 1);
        CHECK(en.texts.count(key + ".other") == 1);
      } else {
        CHECK(en.texts.count(key) == 1);
      }
    }
    std::istringstream lines(src);
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
      ++n;
      const auto code = line.substr(0, line.find("//"));  // comments are not shown
      if (line.find("i18n-ok") != std::string::npos || code.find_first_not_of(' ') == std::string::npos) continue;
      INFO(file << ":" << n << ": " << line);
      CHECK_FALSE(std::regex_search(code, sentence));
    }
  }
}

TEST_CASE("i18n: a damaged or incomplete catalogue falls back to English with a notice", "[gui][i18n]") {
  const auto& broken = i18n::BuildFrom("es", "", "{\"nav.home\": \"Inicio\",", "es.json");
  CHECK(broken.Get("nav.home") == "Home");
  CHECK(broken.notice().find("damaged") != std::string::npos);
  CHECK(broken.notice().find("English") != std::string::npos);
  const auto& not_text = i18n::BuildFrom("es", "", "{\"nav.home\": 3}", "es.json");
  CHECK(not_text.Get("nav.home") == "Home");
  CHECK_FALSE(not_text.notice().empty());
  // Incomplete: what is there is used, the rest is English, and the notice counts it.
  const auto& part = i18n::BuildFrom("es", "", "{\"nav.home\": \"Inicio\", \"banner.cancel\": \"Cancelar {0}\"}", "es.json");
  CHECK(part.Get("nav.home") == "Inicio");
  CHECK(part.Get("banner.cancel") == "Cancel");  // its placeholders differ from English: English
  CHECK(part.Get("nav.lock") == "Lock");
  CHECK(part.notice().find("incomplete") != std::string::npos);
  // Numbers and dates the language's way.
  const auto& en = i18n::Build("en");
  const auto& es = i18n::Build("es");
  CHECK(en.Number(12345) == "12,345");
  CHECK(es.Number(12345) == "12\u00a0345");
  CHECK(es.Number(1234) == "1234");
  CHECK(es.Decimal(0.5, 1) == "0,5");
  CHECK(en.DateTime("2026-11-24 18:42") == "Nov 24, 2026, 18:42");
  CHECK(es.DateTime("2026-11-24 18:42") == "24 nov 2026, 18:42");
  CHECK(es.DateTime("not a date") == "not a date");
  // File sizes (Sync's bundle list, the file chooser) follow the current language.
  i18n::SetLanguage("es");
  CHECK(gui::FileSize(290509) == "283,7 KiB");
  CHECK(gui::FileSize(3 * 1024 * 1024 + 104858) == "3,1 MiB");
  i18n::SetLanguage("en");
  CHECK(gui::FileSize(290509) == "283.7 KiB");
  CHECK(gui::FileSize(512) == "512 B");
}

TEST_CASE("i18n: the language is chosen at unlock and switched in Settings, a bad file shows the notice", "[gui][i18n]") {
  testing::TempDir dir;
  testing::UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  core::FakeClock clock{1'800'000'000'000};
  app::ControllerOptions o;
  o.config_dir = dir.File("config");
  o.clock = &clock;
  {
    app::Controller c(o);
    testing::Ui ui(c);
    ui.Frames(2);
    REQUIRE(ui.Has("ui_lang_es"));
    ui.Click("ui_lang_es");  // on the unlock screen, before anything is opened
    CHECK(i18n::Current().lang() == "es");
    CHECK(app::T("nav.home") == "Inicio");
    CHECK_FALSE(ui.Has("i18n_notice"));
    app::UiSettings saved;
    saved.Load(dir.File("config"));
    CHECK(saved.ui_language == "es");
  }
  // A translator's damaged copy in CONFIG/i18n/es.json: English, with the notice on screen.
  std::filesystem::create_directories(dir.File("config/i18n"));
  testing::WriteAll(dir.File("config/i18n/es.json"), "{\"nav.home\": \"Inicio\"");
  {
    app::Controller c(o);  // reads ui_language=es from settings.txt
    testing::Ui ui(c);
    ui.Frames(2);
    CHECK(i18n::Current().lang() == "es");
    CHECK(app::T("nav.home") == "Home");
    CHECK(ui.Has("i18n_notice"));
    ui.Click("ui_lang_en");
    CHECK_FALSE(ui.Has("i18n_notice"));
    CHECK(app::T("nav.home") == "Home");
  }
  i18n::SetLanguage("en");
}
