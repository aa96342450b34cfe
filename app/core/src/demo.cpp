// Demo workspace and synthetic interviews.
#include "app/demo.h"

#include <algorithm>
#include <map>
#include <random>

#include "assessment/area_import.h"
#include "core/file_util.h"
#include "forms/validation.h"

namespace canvass::app {

using core::Status;
using core::Value;

namespace {

const char* kHotCounties[] = {"48163", "48029", "48215", "48479", "48201", "48113", "48141", "48061", "48453", "48507"};

const char* kSnippetsEn[] = {
    "Workers at a farm outside town live in crowded trailers and say the crew leader holds their passports.",
    "Teenagers from the shelter talk about an older man who offers rides and a place to stay near the truck stop.",
    "A nail salon keeps the same workers there from morning to late night; they never seem to leave the building.",
    "Clients describe recruitment fees they still owe and wages that are less than they were promised.",
    "Several motels along the highway have frequent short stays and young women who do not speak for themselves.",
    "Landscaping crews are paid in cash and threatened with immigration calls when they ask about overtime.",
    "Youth in foster care have been approached online with offers of modeling work.",
    "Domestic workers in private homes cannot leave and have no days off.",
};
const char* kSnippetsEs[] = {
    "Los trabajadores del rancho viven en trailers llenos y dicen que el mayordomo guarda sus pasaportes.",
    "Las jóvenes del albergue hablan de un hombre mayor que ofrece transporte cerca de la parada de camiones.",
    "En la cantina hay muchachas que no pueden salir y que deben dinero por el viaje.",
    "Los trabajadores deben cuotas de reclutamiento y reciben menos salario del prometido.",
};

Value RandomValue(const forms::Question& q, std::mt19937& rng, const std::string& lang) {
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  switch (q.type) {
    case forms::QuestionType::kYesNo: return Value(q.required || pick(4) != 0);
    case forms::QuestionType::kSingleChoice:
      if (q.choices.empty()) return Value();
      return Value(q.choices[pick(3) == 0 ? pick(q.choices.size()) : 0].value);
    case forms::QuestionType::kMultipleChoice: {
      if (q.choices.empty()) return Value();
      std::vector<std::string> vals;
      size_t n = 1 + pick(std::min<size_t>(3, q.choices.size()));
      while (vals.size() < n) {
        std::string v = q.choices[pick(q.choices.size())].value;
        if (std::find(vals.begin(), vals.end(), v) == vals.end()) vals.push_back(v);
      }
      Value::Array arr(vals.begin(), vals.end());
      return Value(std::move(arr));
    }
    case forms::QuestionType::kInteger: return Value(static_cast<int64_t>(pick(40)));
    case forms::QuestionType::kDecimal: return Value(static_cast<double>(pick(1000)) / 10.0);
    case forms::QuestionType::kDate: return Value("2026-0" + std::to_string(1 + pick(9)) + "-1" + std::to_string(pick(10)));
    case forms::QuestionType::kArea: return Value(kHotCounties[pick(10)]);
    case forms::QuestionType::kAreas: {
      std::string a = kHotCounties[pick(10)], b = kHotCounties[pick(10)];
      Value::Array arr{Value(a)};
      if (b != a) arr.push_back(Value(b));
      return Value(std::move(arr));
    }
    case forms::QuestionType::kText:
    case forms::QuestionType::kLongText:
      if (q.identifying) return Value();  // the demo holds no names or contacts
      return lang == "es" ? Value(kSnippetsEs[pick(4)]) : Value(kSnippetsEn[pick(8)]);
    case forms::QuestionType::kCountTable: {
      Value::Object o;
      for (const auto& r : q.rows) {
        if (q.columns.empty()) o[r.value] = Value(static_cast<int64_t>(pick(30)));
        else for (const auto& c : q.columns) o[r.value + "|" + c.value] = Value(static_cast<int64_t>(pick(12)));
      }
      return Value(std::move(o));
    }
    default: return Value();
  }
}

// Drops answers the validator objects to, until the draft rules pass.
void Prune(const forms::Form& form, forms::Answers* answers, const forms::ValidationOptions& opts) {
  for (int round = 0; round < 200; ++round) {
    auto errors = forms::ValidateAnswers(form, *answers, opts);
    if (errors.empty()) return;
    bool dropped = false;
    for (const auto& e : errors) dropped = answers->erase(e.question_id) > 0 || dropped;
    if (!dropped) return;
  }
}

}  // namespace

Status AddSyntheticInterviews(storage::Workspace* ws, int count, unsigned seed, int* added) {
  *added = 0;
  CANVASS_ASSIGN_OR_RETURN(auto rows, ws->ListForms());
  std::vector<forms::Form> forms;
  for (const auto& r : rows) {
    if (r.kind != "stakeholder_interview" && r.kind != "data_sheet") continue;
    CANVASS_ASSIGN_OR_RETURN(forms::Form f, ws->GetForm(r.form_id, r.version));
    forms.push_back(std::move(f));
  }
  if (forms.empty()) return Status::NotFound("no interview protocols in the workspace");
  std::mt19937 rng(seed);
  forms::ValidationOptions draft;
  draft.mode = forms::ValidationMode::kDraft;
  draft.today = "2026-11-24";
  const char* interviewers[] = {"Outreach team A", "Outreach team B", "Coordinator"};
  for (int i = 0; i < count; ++i) {
    const forms::Form& form = forms[static_cast<size_t>(i) % forms.size()];
    std::string lang = (i % 4 == 3 && form.languages.size() > 1) ? form.languages[1] : form.languages[0];
    forms::Answers answers;
    for (const auto* q : form.TopLevelQuestions()) {
      Value v = RandomValue(*q, rng, lang);
      if (!v.is_null()) answers[q->id] = v;
    }
    Prune(form, &answers, draft);
    storage::NewInterview in;
    in.form_id = form.id;
    in.form_version = form.version;
    in.interviewer = interviewers[i % 3];
    if (!form.respondent_roles.empty()) in.respondent_role = form.respondent_roles[static_cast<size_t>(i) % form.respondent_roles.size()];
    in.language = lang;
    in.answers = answers;
    in.final = (i % 5) != 4;
    auto uuid = ws->AddInterview(in);
    if (!uuid.ok() && in.final) {  // required answers pruned away: keep it as a draft
      in.final = false;
      uuid = ws->AddInterview(in);
    }
    if (!uuid.ok()) return uuid.status().WithContext("synthetic interview for " + form.id);
    ++*added;
  }
  return Status::Ok();
}

Status BuildDemo(const std::string& dir, DemoResult* out, int interviews) {
  CANVASS_RETURN_IF_ERROR(core::MakePrivateDirs(dir));
  out->workspace = dir + "/demo.canvass";
  out->passphrase_file = dir + "/demo-passphrase.txt";
  if (core::FileExists(out->workspace))
    return Status::AlreadyExists(out->workspace + " exists already; use it, or pick an empty folder");
  CANVASS_RETURN_IF_ERROR(core::WriteFileAtomic(out->passphrase_file, std::string(kDemoPassphrase) + "\n", true));
  CANVASS_ASSIGN_OR_RETURN(auto ws, storage::Workspace::Create(out->workspace, kDemoPassphrase, storage::Role::kCentral,
                                                               "Demo Task Force (synthetic data)"));
  const std::string& tsv = DemoResource("gazetteer_2016_tx_counties.tsv");
  CANVASS_ASSIGN_OR_RETURN(auto table, assessment::ParseCsv(tsv, "gazetteer_2016_tx_counties.tsv"));
  CANVASS_ASSIGN_OR_RETURN(auto areas, assessment::AreasFromTable(table, "gazetteer_2016_tx_counties.tsv", {"GEOID", "NAME", "county", ""}));
  assessment::Area corridor;
  corridor.id = "frio-i35-corridor";
  corridor.level = "custom";
  corridor.name = "I-35 truck stop corridor (Pearsall)";
  corridor.parent_id = "48163";
  corridor.source = "demo";
  areas.areas.push_back(corridor);
  CANVASS_ASSIGN_OR_RETURN(auto stats, ws->ImportAreas(areas.areas));
  out->areas = stats.added;
  CANVASS_RETURN_IF_ERROR(ws->SetBoundaries(DemoResource("tx_counties.geojson"),
                                            "US Census Bureau cartographic county boundaries (Texas), via plotly's "
                                            "geojson-counties-fips", nullptr));
  int values = 0;
  CANVASS_RETURN_IF_ERROR(ImportDemoIndicators(ws.get(), &values));
  CANVASS_RETURN_IF_ERROR(AddSyntheticInterviews(ws.get(), interviews, 20261124u, &out->interviews));
  int sheets = 0;
  CANVASS_RETURN_IF_ERROR(AddDemoDataSheets(ws.get(), &sheets));
  out->interviews += sheets;
  int codings = 0;
  CANVASS_RETURN_IF_ERROR(AddDemoCodings(ws.get(), &codings));
  return Status::Ok();
}

}  // namespace canvass::app
