// The printable questionnaire (forms/print.h): numbering, skip instructions ("If …, go to …")
// before the items they skip, answer spaces by type with question ids and choice codes, notes
// in full, print CSS with a page break before each section.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/html.h"
#include "forms/print.h"

namespace canvass::forms {

namespace {

std::string Esc(const std::string& s) { return core::HtmlEscape(s); }

struct Text {
  const char *lang, *question, *if_, *go_to, *end, *mark_one, *mark_all, *required, *identifying, *items, *keying, *keep,
      *office, *interview, *date, *area, *interviewer, *hint_area, *hint_date, *hint_time, *hint_datetime, *number, *check,
      *offer_only, *leave_empty;
};
constexpr Text kEn = {"en", "Question", "If", "go to", "the end of the interview", "Mark one.", "Mark all that apply.", "required",
                      "identifying: kept out of every export and report", "item", "Key the answers in with the codes in brackets [code]; a question's id is in brackets after its number.",
                      "This paper holds interview answers: keep it locked away, key it in, then shred it.", "For the office",
                      "Interview id", "Date", "Area", "Interviewer", "area code (county FIPS or the area's id)", "YYYY-MM-DD",
                      "HH:MM", "YYYY-MM-DD HH:MM", "a number", "Check", "Offer only the choices where", "leave it empty"};
constexpr Text kEs = {"es", "Pregunta", "Si", "pase a", "el final de la entrevista", "Marque una.", "Marque todas las que correspondan.",
                      "obligatoria", "identificadora: se excluye de toda exportación e informe",
                      "elemento", "Digite las respuestas con los códigos entre corchetes [código]; el id de cada pregunta va entre corchetes tras su número.",
                      "Este papel contiene respuestas de una entrevista: guárdelo bajo llave, digítelo y luego destrúyalo.",
                      "Para la oficina", "Id de la entrevista", "Fecha", "Zona", "Entrevistador/a",
                      "código de zona (FIPS del condado o id de la zona)", "AAAA-MM-DD", "HH:MM", "AAAA-MM-DD HH:MM", "un número",
                      "Compruebe", "Ofrezca solo las opciones donde", "déjela en blanco"};

constexpr const char* kCss = R"css(
@page { size: auto; margin: 16mm 15mm; }
body { font: 11pt/1.4 Georgia, "DejaVu Serif", serif; color: #000; background: #fff; max-width: 185mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 17pt; margin: 0 0 4pt; } h2 { font-size: 14pt; border-bottom: 1.5pt solid #000; padding-bottom: 2pt; }
.meta, .id, code { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
.office { border: 1pt solid #000; padding: 4pt 8pt; margin: 8pt 0; } .office span { display: inline-block; min-width: 42%; margin: 4pt 0; }
.section { break-before: page; page-break-before: always; } .section.first { break-before: auto; page-break-before: auto; }
.item { break-inside: avoid; page-break-inside: avoid; margin: 0 0 11pt; }
.num { font-weight: bold; } .req { font-weight: bold; } .hint { font-style: italic; margin: 2pt 0; }
.note { border: 1pt solid #000; padding: 6pt 8pt; white-space: pre-wrap; }
.skip { border-left: 4pt solid #000; padding: 3pt 7pt; margin: 6pt 0 8pt; font-weight: bold; break-inside: avoid; page-break-inside: avoid; }
.box { display: inline-block; width: 10pt; height: 10pt; border: 1pt solid #000; margin-right: 5pt; vertical-align: -1pt; }
ul.choices { list-style: none; padding-left: 14pt; margin: 3pt 0; } ul.choices li { margin: 3pt 0; }
.line { border-bottom: 1pt solid #000; height: 20pt; } .short { display: inline-block; width: 45mm; border-bottom: 1pt solid #000; height: 16pt; }
table.grid { border-collapse: collapse; margin: 4pt 0; } table.grid th, table.grid td { border: 1pt solid #000; padding: 3pt 6pt; text-align: left; }
table.grid td.blank { min-width: 22mm; height: 16pt; }
@media print { body { padding: 0; } }
)css";

class Printer {
 public:
  Printer(const Form& f, const std::string& lang) : f_(f), lang_(lang), t_(lang == "es" ? kEs : kEn) { Number(); }

  std::string Page() {
    std::string h = "<!DOCTYPE html>\n<html lang=\"" + Esc(lang_) + "\"><head><meta charset=\"utf-8\"><title>" + Esc(T(f_.title)) +
                    "</title><style>" + kCss + "</style></head><body>\n";
    h += "<h1>" + Esc(T(f_.title)) + "</h1>\n<p class=\"meta\">" + Esc(f_.id) + " · v" + std::to_string(f_.version) + " · " + Esc(lang_) + "</p>\n";
    if (!T(f_.description).empty()) h += "<p>" + Esc(T(f_.description)) + "</p>\n";
    h += "<div class=\"office\"><strong>" + std::string(t_.office) + "</strong><br><span>" + t_.interview + ": ____________</span><span>" +
         t_.date + ": ____________</span><span>" + t_.area + ": ____________</span><span>" + t_.interviewer + ": ____________</span></div>\n";
    h += "<p><em>" + std::string(t_.keep) + "</em> " + t_.keying + "</p>\n";
    for (size_t s = 0; s < f_.sections.size(); ++s) h += Section(f_.sections[s], s == 0);
    return h + "</body></html>\n";
  }

 private:
  std::string T(const LocalizedText& t) const { return f_.Text(t, lang_); }

  static bool Printed(const Question& q) { return q.type != QuestionType::kCalculate; }

  void Number() {
    int n = 0;
    for (const auto& s : f_.sections)
      for (const auto& q : s.questions)
        if (Printed(q)) numbers_[q.id] = ++n;
  }

  // The number of the first printed item after section `s`'s item `i` (i = size: after the section).
  std::string After(size_t s, size_t i) const {
    for (; s < f_.sections.size(); ++s, i = 0)
      for (; i < f_.sections[s].questions.size(); ++i)
        if (Printed(f_.sections[s].questions[i])) {
          const Question& q = f_.sections[s].questions[i];
          return std::string(t_.go_to) + " " + std::to_string(numbers_.at(q.id)) + " [" + q.id + "]";
        }
    return std::string(t_.go_to) + " " + t_.end;
  }

  std::string Skip(const std::shared_ptr<const Expr>& cond, const std::string& go) const {
    if (!cond) return "";
    return "<div class=\"skip\">" + std::string(t_.if_) + " " + Esc(ConditionInWords(f_, *cond, true, lang_, numbers_)) + ", " + Esc(go) +
           ".</div>\n";
  }

  std::string Section(const forms::Section& sec, bool first) {
    const size_t s = static_cast<size_t>(&sec - f_.sections.data());
    std::string h = "<section class=\"section" + std::string(first ? " first" : "") + "\">\n<h2>" + Esc(T(sec.title)) + "</h2>\n";
    h += Skip(sec.relevant_expr, After(s + 1, 0));
    if (!T(sec.hint).empty()) h += "<p class=\"hint\">" + Esc(T(sec.hint)) + "</p>\n";
    for (size_t i = 0; i < sec.questions.size(); ++i) {
      const Question& q = sec.questions[i];
      if (!Printed(q)) continue;
      // A run of questions with the same condition gets one instruction before the first.
      const bool starts_run = !q.relevant.empty() && (i == 0 || sec.questions[i - 1].relevant != q.relevant);
      if (starts_run) {
        size_t end = i;
        while (end + 1 < sec.questions.size() && sec.questions[end + 1].relevant == q.relevant) ++end;
        h += Skip(q.relevant_expr, After(s, end + 1));
      }
      h += Item(q);
    }
    return h + "</section>\n";
  }

  std::string Item(const Question& q) {
    std::string h = "<div class=\"item\" id=\"q-" + Esc(q.id) + "\"><span class=\"num\">" + std::to_string(numbers_.at(q.id)) +
                    ".</span> <span class=\"id\">[" + Esc(q.id) + "]</span> ";
    if (q.type == QuestionType::kNote) return h + "<div class=\"note\">" + Esc(T(q.label)) + "</div></div>\n";
    h += Esc(T(q.label));
    if (q.required) h += " <span class=\"req\">(" + std::string(t_.required) + ")</span>";
    if (q.identifying) h += " <em>(" + std::string(t_.identifying) + ")</em>";
    if (!T(q.hint).empty()) h += "<div class=\"hint\">" + Esc(T(q.hint)) + "</div>";
    h += Answer(q);
    if (!T(q.constraint_message).empty()) h += "<div class=\"hint\">" + std::string(t_.check) + ": " + Esc(T(q.constraint_message)) + "</div>";
    return h + "</div>\n";
  }

  std::string Choices(const Question& q) const {
    std::string h = "<ul class=\"choices\">";
    for (const auto& c : q.choices)
      h += "<li><span class=\"box\"></span>" + Esc(T(c.label)) + " <code>[" + Esc(c.value) + "]</code></li>";
    return h + "</ul>";
  }

  std::string Grid(const Question& q) const {
    std::string h = "<table class=\"grid\"><tr><th></th>";
    if (q.columns.empty()) h += "<th></th>";
    for (const auto& c : q.columns) h += "<th>" + Esc(T(c.label)) + " <code>[" + Esc(c.value) + "]</code></th>";
    h += "</tr>";
    for (const auto& r : q.rows) {
      h += "<tr><th>" + Esc(T(r.label)) + " <code>[" + Esc(r.value) + "]</code></th>";
      for (size_t k = 0; k < std::max<size_t>(1, q.columns.size()); ++k) h += "<td class=\"blank\"></td>";
      h += "</tr>";
    }
    return h + "</table>";
  }

  std::string Repeat(const Question& q) const {
    const int rows = q.max_items > 0 && q.max_items <= 12 ? q.max_items : 6;
    std::string h = "<table class=\"grid\"><tr><th>" + std::string(t_.items) + "</th>";
    for (const auto& c : q.children) h += "<th>" + Esc(T(c.label)) + " <code>[" + Esc(c.id) + "]</code></th>";
    h += "</tr>";
    for (int r = 1; r <= rows; ++r) {
      h += "<tr><td>" + std::to_string(r) + "</td>";
      for (size_t k = 0; k < q.children.size(); ++k) h += "<td class=\"blank\"></td>";
      h += "</tr>";
    }
    h += "</table>";
    for (const auto& c : q.children) {
      if (c.relevant_expr)
        h += "<div class=\"hint\"><code>[" + Esc(c.id) + "]</code>: " + t_.if_ + " " +
             Esc(ConditionInWords(f_, *c.relevant_expr, true, lang_, numbers_)) + ", " + t_.leave_empty + ".</div>";
      if (!c.choices.empty()) h += "<div class=\"hint\"><code>[" + Esc(c.id) + "]</code></div>" + Choices(c);
    }
    return h;
  }

  std::string Answer(const Question& q) const {
    using T = QuestionType;
    switch (q.type) {
      case T::kText: return "<div class=\"line\"></div>";
      case T::kLongText: return "<div class=\"line\"></div><div class=\"line\"></div><div class=\"line\"></div><div class=\"line\"></div>";
      case T::kInteger: case T::kDecimal: return "<div><span class=\"short\"></span> <em>(" + std::string(t_.number) + ")</em></div>";
      case T::kDate: return "<div><span class=\"short\"></span> <em>(" + std::string(t_.hint_date) + ")</em></div>";
      case T::kTime: return "<div><span class=\"short\"></span> <em>(" + std::string(t_.hint_time) + ")</em></div>";
      case T::kDateTime: return "<div><span class=\"short\"></span> <em>(" + std::string(t_.hint_datetime) + ")</em></div>";
      case T::kArea: case T::kAreas:
        return "<div><span class=\"short\"></span> <span class=\"short\"></span> <em>(" + std::string(t_.hint_area) + ")</em></div>";
      case T::kYesNo:
        return "<ul class=\"choices\"><li><span class=\"box\"></span>" + std::string(lang_ == "es" ? "Sí" : "Yes") +
               " <code>[true]</code></li><li><span class=\"box\"></span>No <code>[false]</code></li></ul>";
      case T::kSingleChoice: case T::kMultipleChoice: {
        std::string h = "<div class=\"hint\">" + std::string(q.type == T::kSingleChoice ? t_.mark_one : t_.mark_all);
        if (!q.choice_filter.empty()) h += " " + std::string(t_.offer_only) + " <code>" + Esc(q.choice_filter) + "</code>.";
        return h + "</div>" + Choices(q);
      }
      case T::kCountTable: return Grid(q);
      case T::kRepeat: return Repeat(q);
      default: return "";
    }
  }

  const Form& f_;
  std::string lang_;
  const Text& t_;
  std::map<std::string, int> numbers_;
};

}  // namespace

std::string PrintableQuestionnaire(const Form& form, const std::string& lang) {
  const std::string l = lang.empty() ? (form.languages.empty() ? "en" : form.languages.front()) : lang;
  return Printer(form, l).Page();
}

}  // namespace canvass::forms
