// A small valid form that exercises every question type, shared by the forms tests.
#pragma once

#include <string>

#include "core/value.h"
#include "forms/form_parser.h"

namespace canvass::forms::testing {

inline const char* kTestFormJson = R"json({
  "canvass_form": 1,
  "id": "test_form",
  "version": 2,
  "title": {"en": "Test form", "es": "Formulario de prueba"},
  "description": {"en": "For tests.", "es": "Para pruebas."},
  "languages": ["en", "es"],
  "kind": "stakeholder_interview",
  "respondent_roles": ["street_outreach", "youth_outreach"],
  "choice_lists": {
    "yes_no_unsure": [
      {"value": "yes", "label": {"en": "Yes", "es": "Sí"}},
      {"value": "no", "label": {"en": "No", "es": "No"}},
      {"value": "unsure", "label": {"en": "Not sure", "es": "No está seguro/a"}}
    ],
    "sex": [
      {"value": "f", "label": {"en": "Female", "es": "Mujer"}},
      {"value": "m", "label": {"en": "Male", "es": "Hombre"}}
    ],
    "age": [
      {"value": "minor", "label": {"en": "Under 18", "es": "Menor de 18"}},
      {"value": "adult", "label": {"en": "18 or older", "es": "18 o más"}}
    ]
  },
  "sections": [
    {"id": "background", "title": {"en": "Background", "es": "Antecedentes"}, "questions": [
      {"id": "name", "type": "text", "label": {"en": "Name", "es": "Nombre"}, "identifying": true},
      {"id": "years", "type": "integer", "label": {"en": "Years", "es": "Años"},
       "constraint": ". >= 0 and . <= 80",
       "constraint_message": {"en": "Enter 0 to 80 years.", "es": "Escriba de 0 a 80 años."}},
      {"id": "rate", "type": "decimal", "label": "Rate"},
      {"id": "visited", "type": "date", "label": {"en": "Visited", "es": "Visitado"},
       "constraint": ". <= today()",
       "constraint_message": {"en": "The date is in the future.", "es": "La fecha es futura."}},
      {"id": "intro", "type": "note", "label": {"en": "Read this.", "es": "Lea esto."}},
      {"id": "concern", "type": "single_choice", "label": {"en": "Concerned?", "es": "¿Preocupado?"},
       "choices": "yes_no_unsure", "required": true}
    ]},
    {"id": "concerns", "title": {"en": "Concerns", "es": "Preocupaciones"},
     "relevant": "${concern} = 'yes'", "questions": [
      {"id": "concern_areas", "type": "areas", "label": {"en": "Which areas?", "es": "¿Qué zonas?"},
       "required": true, "area_levels": ["county", "zip"],
       "constraint": "count_selected(.) <= 3",
       "constraint_message": {"en": "Pick at most three areas.", "es": "Elija como máximo tres zonas."}},
      {"id": "home_area", "type": "area", "label": {"en": "Home area", "es": "Zona"}},
      {"id": "kinds", "type": "multiple_choice", "label": {"en": "Kinds", "es": "Tipos"},
       "max_items": 2, "choices": [
        {"value": "labor", "label": {"en": "Labor", "es": "Laboral"}},
        {"value": "sex", "label": {"en": "Sex", "es": "Sexual"}},
        {"value": "other", "label": {"en": "Other", "es": "Otro"}}]},
      {"id": "kinds_other", "type": "text", "label": {"en": "Which other?", "es": "¿Cuál otro?"},
       "relevant": "selected(${kinds}, 'other')", "required": true},
      {"id": "served", "type": "count_table", "label": {"en": "Served", "es": "Atendidos"},
       "rows": "sex", "columns": "age"},
      {"id": "served_note", "type": "long_text", "label": {"en": "About them", "es": "Sobre ellos"},
       "relevant": "sum(${served}) > 0"},
      {"id": "has_staff", "type": "yes_no", "label": {"en": "Staff?", "es": "¿Personal?"}},
      {"id": "industries", "type": "repeat", "label": {"en": "Industries", "es": "Industrias"},
       "min_items": 1, "max_items": 3, "questions": [
        {"id": "industry_name", "type": "text", "label": {"en": "Industry", "es": "Industria"},
         "required": true},
        {"id": "industry_seen", "type": "yes_no", "label": {"en": "Seen?", "es": "¿Visto?"}},
        {"id": "industry_detail", "type": "long_text", "label": {"en": "Detail", "es": "Detalle"},
         "relevant": "${industry_seen} = true and ${has_staff} = true",
         "constraint": "string_length(.) >= 3 and ${industry_name} != ''",
         "constraint_message": {"en": "Say a little more.", "es": "Diga un poco más."}}
      ]}
    ]}
  ]
})json";

inline core::Value TestFormValue() {
  auto v = core::ParseJson(kTestFormJson, "test_form.json");
  return v.ok() ? *v : core::Value();
}

inline Form TestForm() {
  auto f = ParseForm(kTestFormJson, "test_form.json");
  return f.ok() ? *f : Form();
}

}  // namespace canvass::forms::testing
