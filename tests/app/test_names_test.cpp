// The suite's own names: ctest splits a test name at ';' (two broken halves that never run as
// written) and Catch reads a name starting with "--" as an option. Both happened; this keeps
// every TEST_CASE name in tests/ free of them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

TEST_CASE("every test name can be run by ctest - no semicolon, no leading dashes") {
  namespace fs = std::filesystem;
  const std::regex name(R"re(TEST_CASE\(\s*"((?:[^"\\]|\\.)*)")re");
  size_t names = 0;
  for (const auto& e : fs::recursive_directory_iterator(std::string(CANVASS_SOURCE_DIR) + "/tests")) {
    if (!e.is_regular_file() || (e.path().extension() != ".cpp" && e.path().extension() != ".h")) continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string src = ss.str();
    for (std::sregex_iterator it(src.begin(), src.end(), name), end; it != end; ++it) {
      const std::string n = (*it)[1].str();
      ++names;
      INFO(e.path().filename().string() << ": \"" << n << "\"");
      CHECK(n.find(';') == std::string::npos);
      CHECK(n.rfind("--", 0) != 0);
    }
  }
  CHECK(names > 300);  // the scan really read the suite
}
