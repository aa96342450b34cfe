// The Spanish of the built-in protocols (issue 14): one Spanish text per English text across
// every protocol (deliberate exceptions listed in docs/glossary-es.md), and the translator's
// fixes stay fixed.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include "core/value.h"
#include "forms/protocols.h"

using canvass::core::Value;

namespace {

// English texts whose Spanish differs on purpose (grammatical gender follows the noun the
// choice qualifies). Keep in step with docs/glossary-es.md, "Deliberate exceptions".
const std::set<std::string> kExceptions = {"Other", "Unknown"};

void Collect(const Value& v, const std::string& file, std::map<std::string, std::map<std::string, std::string>>* out) {
  if (v.is_object()) {
    const Value* en = v.Find("en");
    const Value* es = v.Find("es");
    if (en && es && en->is_string() && es->is_string()) (*out)[en->as_string()][es->as_string()] = file;
    for (const auto& [k, child] : v.as_object()) Collect(child, file, out);
  } else if (v.is_array()) {
    for (const auto& child : v.as_array()) Collect(child, file, out);
  }
}

std::map<std::string, std::map<std::string, std::string>> AllPairs() {
  std::map<std::string, std::map<std::string, std::string>> pairs;
  for (const auto& p : canvass::forms::BuiltinProtocols()) {
    auto doc = canvass::core::ParseJson(p.json, p.file_name);
    REQUIRE(doc.ok());
    Collect(*doc, p.file_name, &pairs);
  }
  return pairs;
}

bool AnySpanishHas(const std::map<std::string, std::map<std::string, std::string>>& pairs, const std::string& s) {
  for (const auto& [en, es] : pairs)
    for (const auto& [text, file] : es)
      if (text.find(s) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("protocols: the same English text has the same Spanish in every protocol", "[forms][spanish]") {
  const auto pairs = AllPairs();
  REQUIRE(pairs.size() > 500);
  for (const auto& [en, es] : pairs) {
    if (kExceptions.count(en)) continue;
    INFO("English: " << en);
    for (const auto& [text, file] : es) INFO("  Spanish (" << file << "): " << text);
    CHECK(es.size() == 1);
  }
}

TEST_CASE("protocols: the translator's fixes (consent duty, truck stops, harm reduction, plain words)", "[forms][spanish]") {
  const auto pairs = AllPairs();
  int consent = 0;
  for (const auto& [en, es] : pairs) {
    if (en.rfind("Read to the respondent:", 0) != 0 || en.find("duty to report") == std::string::npos) continue;
    ++consent;
    // Both say the same: a child being harmed, or anyone in immediate danger.
    CHECK(en.find("child or teenager who is being harmed, or anyone of any age who is in immediate danger") !=
          std::string::npos);
    for (const auto& [text, file] : es) {
      INFO(file);
      CHECK(text.find("que está sufriendo daño o maltrato, o a cualquier persona, de cualquier edad, que corre peligro inmediato") !=
            std::string::npos);
    }
  }
  CHECK(consent >= 1);
  for (const char* wrong : {"aradas de camiones", "rutas de camiones", "programa de consumo de sustancias", "lecherías",
                            "huertos", "no puede hablar libremente", "libertad condicional", "hogares de acogida",
                            "Par de apoyo", "Salarios y Horas", "derivar", "captó", "Captación", "No estoy seguro/a"}) {
    INFO(wrong);
    CHECK_FALSE(AnySpanishHas(pairs, wrong));
  }
  for (const char* right : {"Paradas de tráileres (camiones de carga)", "rutas de transporte de carga",
                            "programa de reducción de daños o de tratamiento por consumo de sustancias",
                            "establos lecheros", "huertas de frutales", "no le permiten hablar libremente",
                            "libertad a prueba", "cuidado de crianza temporal", "Compañero/a de apoyo",
                            "División de Horas y Salarios", "vacíos de información",
                            "el engaño, amenazas o presión", "relaciones sexuales a cambio de dinero u otra cosa"}) {
    INFO(right);
    CHECK(AnySpanishHas(pairs, right));
  }
}
