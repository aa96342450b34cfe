// The Agreement and Analysis screens in Spanish on the demo workspace: what the screens draw
// (titles, buttons, headers, figures with a decimal comma, verdicts, the count rule, a split's
// "no value" column) and the controllers' messages come from the catalogue.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/controller.h"
#include "app/i18n.h"
#include "coding_demo_fixture.h"
#include "storage/coding_store.h"
#include "storage/workspace.h"
#include "test_support.h"
#include "ui_harness.h"

using namespace canvass;

namespace {

using Demo = testing::CodingDemo;
using App = testing::AgreementApp;

// What the screen shows after the last command: a frame, then one frame's text through the
// harness (testing::Ui::ScreenText: the mouse moved away, ImGui's text log kept in memory).
class ScreenText {
 public:
  bool Shows(const std::string& s) const { return text_.find(s) != std::string::npos; }
  const std::string& text() const { return text_; }
  void Look(testing::Ui& ui) {
    ui.Frame();
    text_ = ui.ScreenText();
  }

 private:
  std::string text_;
};

// The interface in Spanish for one test, English again after it (pass or fail).
struct InSpanish : testing::EnglishAfter {
  InSpanish() { app::i18n::SetLanguage("es"); }
};

}  // namespace

TEST_CASE("agreement and analysis screens in Spanish: labels, figures, verdicts and messages", "[gui][coding][agreement][i18n]") {
  Demo d;
  App app(d);
  const auto& v = app.v();
  InSpanish es;
  testing::Ui ui(*app.c);
  ScreenText screen;
  screen.Look(ui);
  INFO(screen.text());
  REQUIRE(ui.Has("agree_compute"));
  CHECK(screen.Shows("Acuerdo y consenso"));
  CHECK(screen.Shows("Codificadores:"));
  CHECK(screen.Shows("Calcular"));
  CHECK(screen.Shows("Marque dos o más codificadores"));
  CHECK_FALSE(screen.Shows("Agreement and consensus"));
  CHECK_FALSE(screen.Shows("Compute"));
  // A refusal from the controller, in Spanish.
  ui.Click("agree_coder_1");
  ui.Click("agree_compute");
  ui.Wait();
  CHECK(v.error == "Elija al menos dos codificadores para comparar.");
  screen.Look(ui);
  CHECK(screen.Shows("Elija al menos dos codificadores para comparar."));
  ui.Click("agree_coder_1");
  ui.Click("agree_compute");
  ui.Wait();
  REQUIRE(v.chosen == std::vector<std::string>{"ana", "ben"});
  REQUIRE(v.disagreements.size() >= 2);
  screen.Look(ui);
  INFO(screen.text());
  CHECK(screen.Shows("Acuerdo entre ana, ben en "));
  for (const char* header : {"Código", "Caracteres", "Respuestas", "Kappa", "Alfa", "(todos los códigos)"}) CHECK(screen.Shows(header));
  CHECK(screen.Shows("alfa de Krippendorff: 0,800 o más, confiable"));
  CHECK(screen.Shows("Desacuerdos: "));
  // Figures with the decimal comma: the pooled percent agreement as the table shows it.
  REQUIRE(v.pooled.character.percent_agreement.has_value());
  const std::string pooled = app::i18n::Current().Decimal(*v.pooled.character.percent_agreement, 3);
  CHECK(pooled.find(',') != std::string::npos);
  CHECK(screen.Shows(pooled));
  // A disagreement side by side: the buttons and what each decision would settle.
  int pick = -1;
  for (int i = 0; i < static_cast<int>(v.disagreements.size()) && pick < 0; ++i) {
    const auto& by = v.disagreements[i].applied_by;
    if (std::find(by.begin(), by.end(), "ana") != by.end()) pick = i;
  }
  REQUIRE(pick >= 0);
  ui.Click("agree_dis_" + std::to_string(pick));
  screen.Look(ui);
  INFO(screen.text());
  CHECK(screen.Shows("Aceptar el tramo de ana"));
  CHECK(screen.Shows("Sin código (consenso)"));
  CHECK(screen.Shows("Consenso"));  // the consensus column's header
  CHECK(v.accept_preview[0].text.rfind("Resuelve este tramo [", 0) == 0);
  CHECK(v.accept_preview[0].text.find(" como codificado") != std::string::npos);
  CHECK(v.nocode_preview.text.find(" como sin código") != std::string::npos);
  ui.Click("agree_accept_0");
  INFO(v.error);
  CHECK(v.message.rfind("Consenso: se registró el tramo de ", 0) == 0);
  CHECK(v.disagreements[pick].settled == "coded");  // the state value stays the same in every language
  screen.Look(ui);
  CHECK(screen.Shows("[codificado] "));
  // The Analysis screen: tabs, the count rule in words, the messages.
  ui.Click("nav_analysis");
  REQUIRE(app.c->view().screen == app::Screen::kAnalysis);
  screen.Look(ui);
  INFO(screen.text());
  for (const char* tab : {"Análisis", "Recuperar", "Buscar", "Frecuencias", "Coocurrencia", "Notas"}) CHECK(screen.Shows(tab));
  ui.Click("analysis_tab_2");
  screen.Look(ui);
  CHECK(screen.Shows("Dividir por"));
  CHECK(screen.Shows("con subcódigos: respuestas"));
  CHECK(screen.Shows("Se cuenta como cuenta la evaluación: los temas codificados cuentan la codificación de consenso"));
  // Split by each attribute: the "no value" column is named in Spanish and still holds its counts
  // (a coded interview whose area answer is cleared has no area).
  {
    storage::Workspace* ws = app.c->workspace();
    auto codings = app.store().ListCodings();
    REQUIRE(codings.ok());
    REQUIRE(!codings->empty());
    const std::string iv = codings->front().interview;
    auto detail = ws->GetInterview(iv);
    REQUIRE(detail.ok());
    auto form = ws->GetForm(detail->header.form_id, detail->header.form_version);
    REQUIRE(form.ok());
    if (detail->status == "final") REQUIRE(ws->Reopen(iv, "ana", "area unknown").ok());
    int cleared = 0;
    for (const auto& [qid, cell] : detail->answers) {
      const forms::Question* q = form->FindQuestion(qid);
      if (q && (q->type == forms::QuestionType::kArea || q->type == forms::QuestionType::kAreas)) {
        REQUIRE(ws->SetAnswer(iv, qid, core::Value(), "ana").ok());
        ++cleared;
      }
    }
    REQUIRE(cleared > 0);
  }
  bool none_seen = false;
  for (const char* attribute : {"protocol", "role", "area", "date"}) {
    app.c->Apply(app::Command{app::cmd::Analysis{app::cmd::AnalysisFrequencies{attribute}}});
    const auto& a = app.c->view().analysis;
    INFO(attribute << ": " << a.error);
    REQUIRE(a.error.empty());
    none_seen = none_seen || std::find(a.values.begin(), a.values.end(), "(ninguno)") != a.values.end();
    for (const auto& r : a.frequencies) {
      int sum = 0;
      for (int n : r.by_value) sum += n;
      CHECK(sum == r.total_interviews);
    }
  }
  CHECK(none_seen);
  ui.Click("analysis_tab_1");
  app.c->Apply(app::Command{app::cmd::Analysis{app::cmd::AnalysisSearch{"a"}}});
  screen.Look(ui);
  CHECK(app.c->view().analysis.error == "Escriba al menos dos caracteres para buscar.");
  CHECK(screen.Shows("Escriba al menos dos caracteres para buscar."));
  ui.Click("analysis_tab_4");
  screen.Look(ui);
  CHECK(screen.Shows("Volver a cargar las notas"));
  CHECK(app.c->view().analysis.message.find(" nota") != std::string::npos);
}
