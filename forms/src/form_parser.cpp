// Form parser: reads a form document (docs/forms.md) strictly into a checked Form.
#include "forms/form_parser.h"

#include <algorithm>
#include <set>

#include "form_parser_internal.h"

namespace canvass::forms {

using core::Result;
using core::Status;
using core::Value;

namespace detail {
namespace {

const std::vector<std::string> kTopKeys = {
    "canvass_form", "id",   "version",          "title",        "description",
    "languages",    "kind", "respondent_roles", "choice_lists", "sections"};
const std::vector<std::string> kSectionKeys = {"id", "title", "hint", "relevant", "questions"};
const std::vector<std::string> kQuestionKeys = {
    "id",          "type",      "label",      "hint",
    "required",    "relevant",  "constraint", "constraint_message",
    "identifying", "choices",   "rows",       "columns",
    "area_levels", "questions", "min_items",  "max_items",
    "calculation", "default",   "choice_filter", "required_message"};
const std::vector<std::string> kKinds = {"stakeholder_interview", "data_sheet", "landscape_review",
                                         "other"};
const std::vector<std::string> kAreaLevels = {"county", "zip", "tract", "coc", "custom"};

std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

bool IsLanguageCode(const std::string& s) {
  // "en", "es", "pt-BR", "zh-Hant": 2-3 letters, then optional "-subtag"s.
  size_t i = 0;
  while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') ++i;
  if (i < 2 || i > 3) return false;
  while (i < s.size()) {
    if (s[i] != '-') return false;
    size_t start = ++i;
    while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start || i - start > 8) return false;
  }
  return true;
}

std::vector<std::string> TypeNames() {
  std::vector<std::string> names;
  for (int t = 0; t < kQuestionTypeCount; ++t) {
    names.push_back(TypeName(static_cast<QuestionType>(t)));
  }
  return names;
}

// Reads a non-empty array of unique strings accepted by `ok`.
Status ReadStringList(const ParseCtx& ctx, const std::string& path, const Value& v,
                      bool (*ok)(const std::string&), const std::string& fix,
                      std::vector<std::string>* out) {
  if (!v.is_array() || v.as_array().empty()) {
    return ctx.Error(
        path, "expected a non-empty array of strings, found " + Describe(v.kind()) + "; " + fix);
  }
  out->clear();
  for (size_t i = 0; i < v.as_array().size(); ++i) {
    std::string s;
    CANVASS_RETURN_IF_ERROR(ReadString(ctx, Index(path, i), v.as_array()[i], &s));
    if (!ok(s)) return ctx.Error(Index(path, i), "\"" + s + "\" is not allowed here; " + fix);
    if (std::find(out->begin(), out->end(), s) != out->end()) {
      return ctx.Error(Index(path, i), "\"" + s + "\" is listed twice; remove the repeat");
    }
    out->push_back(s);
  }
  return Status::Ok();
}


Status ReadChoiceLists(ParseCtx* ctx, const Value& v) {
  const std::string path = "$.choice_lists";
  if (!v.is_object()) {
    return ctx->Error(path, "expected an object from list name to choices, found " +
                                Describe(v.kind()) +
                                "; write {\"name\": [{\"value\", \"label\"}, …]}");
  }
  for (const auto& [name, list] : v.as_object()) {
    if (!IsId(name)) {
      return ctx->Error(path + "." + name,
                        "choice list name \"" + name +
                            "\" is not a valid id; "
                            "use a lower-case letter, then lower-case letters, digits or '_'");
    }
    CANVASS_RETURN_IF_ERROR(
        ReadChoiceArray(*ctx, path + "." + name, list, &ctx->choice_lists[name]));
  }
  return Status::Ok();
}

// Rejects a key that the question's type does not use.
Status ForbidKey(const ParseCtx& ctx, const std::string& path, const Value& obj,
                 const std::string& key, QuestionType type, const std::string& used_by) {
  if (obj.Find(key) == nullptr) return Status::Ok();
  return ctx.Error(path + "." + key, "\"" + key + "\" is not used by a " + TypeName(type) +
                                         " question (only by " + used_by + "); remove it");
}

Status ReadItemBounds(const ParseCtx& ctx, const std::string& path, const Value& obj, Question* q) {
  if (const Value* v = obj.Find("min_items")) {
    CANVASS_RETURN_IF_ERROR(ReadInt(ctx, path + ".min_items", *v, 0, 100000, &q->min_items));
  }
  if (const Value* v = obj.Find("max_items")) {
    CANVASS_RETURN_IF_ERROR(ReadInt(ctx, path + ".max_items", *v, 0, 100000, &q->max_items));
  }
  if (q->max_items > 0 && q->min_items > q->max_items) {
    return ctx.Error(path + ".min_items", "min_items " + std::to_string(q->min_items) +
                                              " is larger than max_items " +
                                              std::to_string(q->max_items) + "; lower it");
  }
  if (q->type == QuestionType::kMultipleChoice &&
      q->min_items > static_cast<int>(q->choices.size())) {
    return ctx.Error(path + ".min_items",
                     "min_items " + std::to_string(q->min_items) + " is more than the " +
                         std::to_string(q->choices.size()) + " choices; lower it");
  }
  return Status::Ok();
}

Status ParseQuestions(ParseCtx* ctx, const std::string& path, const Value& v, bool in_repeat,
                      std::map<std::string, std::string>* ids, std::vector<Question>* out);

// Keys that only some types use: choices, rows/columns, area_levels, questions, item bounds.
Status ReadTypeFields(ParseCtx* ctx, const std::string& path, const Value& obj, bool in_repeat,
                      std::map<std::string, std::string>* ids, Question* q) {
  using T = QuestionType;
  const T t = q->type;
  const bool choice = t == T::kSingleChoice || t == T::kMultipleChoice;
  if (!choice)
    CANVASS_RETURN_IF_ERROR(
        ForbidKey(*ctx, path, obj, "choices", t, "single_choice and multiple_choice"));
  if (t != T::kCountTable) {
    CANVASS_RETURN_IF_ERROR(ForbidKey(*ctx, path, obj, "rows", t, "count_table"));
    CANVASS_RETURN_IF_ERROR(ForbidKey(*ctx, path, obj, "columns", t, "count_table"));
  }
  if (t != T::kArea && t != T::kAreas)
    CANVASS_RETURN_IF_ERROR(ForbidKey(*ctx, path, obj, "area_levels", t, "area and areas"));
  if (t != T::kRepeat)
    CANVASS_RETURN_IF_ERROR(ForbidKey(*ctx, path, obj, "questions", t, "repeat"));
  if (t != T::kRepeat && t != T::kMultipleChoice) {
    CANVASS_RETURN_IF_ERROR(
        ForbidKey(*ctx, path, obj, "min_items", t, "repeat and multiple_choice"));
    CANVASS_RETURN_IF_ERROR(
        ForbidKey(*ctx, path, obj, "max_items", t, "repeat and multiple_choice"));
  }
  if (choice) {
    CANVASS_RETURN_IF_ERROR(
        RequireKey(*ctx, path, obj, "choices",
                   "give a choice list name or an inline array of {\"value\", \"label\"}"));
    CANVASS_RETURN_IF_ERROR(
        ReadChoices(*ctx, path + ".choices", *obj.Find("choices"), &q->choices));
  }
  if (t == T::kCountTable) {
    CANVASS_RETURN_IF_ERROR(RequireKey(
        *ctx, path, obj, "rows", "give a choice list name or an inline array for the table rows"));
    CANVASS_RETURN_IF_ERROR(ReadChoices(*ctx, path + ".rows", *obj.Find("rows"), &q->rows));
    if (const Value* c = obj.Find("columns")) {
      CANVASS_RETURN_IF_ERROR(ReadChoices(*ctx, path + ".columns", *c, &q->columns));
    }
  }
  if (const Value* levels = obj.Find("area_levels")) {
    CANVASS_RETURN_IF_ERROR(ReadStringList(
        *ctx, path + ".area_levels", *levels,
        [](const std::string& s) {
          return std::find(kAreaLevels.begin(), kAreaLevels.end(), s) != kAreaLevels.end();
        },
        "use some of " + JoinList(kAreaLevels), &q->area_levels));
  }
  if (t == T::kRepeat) {
    if (in_repeat) {
      return ctx->Error(
          path + ".type",
          "a repeat cannot be inside another repeat; move it to the top level of a section");
    }
    CANVASS_RETURN_IF_ERROR(
        RequireKey(*ctx, path, obj, "questions", "list the child questions of one item"));
    CANVASS_RETURN_IF_ERROR(
        ParseQuestions(ctx, path + ".questions", *obj.Find("questions"), true, ids, &q->children));
  }
  return ReadItemBounds(*ctx, path, obj, q);
}

// Common keys: id (unique form-wide), type, label, hint, flags, expressions.
Status ParseQuestion(ParseCtx* ctx, const std::string& path, const Value& obj, bool in_repeat,
                     std::map<std::string, std::string>* ids, Question* q) {
  CANVASS_RETURN_IF_ERROR(CheckObject(*ctx, path, obj, kQuestionKeys, "a question"));
  CANVASS_RETURN_IF_ERROR(
      RequireKey(*ctx, path, obj, "id", "give the question an id such as \"household_size\""));
  CANVASS_RETURN_IF_ERROR(ReadId(*ctx, path + ".id", *obj.Find("id"), "question id", &q->id));
  auto [it, fresh] = ids->emplace(q->id, path);
  if (!fresh) {
    return ctx->Error(path + ".id", "duplicate question id \"" + q->id + "\" (first used at " +
                                        it->second +
                                        "); question ids must be unique in the whole form");
  }
  if (++ctx->question_count > kMaxQuestions) {
    return ctx->Error(path, "the form has more than " + std::to_string(kMaxQuestions) +
                                " questions; split it into several forms");
  }
  CANVASS_RETURN_IF_ERROR(
      RequireKey(*ctx, path, obj, "type", "use one of " + JoinList(TypeNames())));
  std::string type;
  CANVASS_RETURN_IF_ERROR(ReadString(*ctx, path + ".type", *obj.Find("type"), &type));
  if (!TypeFromName(type, &q->type)) {
    return ctx->Error(path + ".type", "unknown type \"" + type + "\";" +
                                          DidYouMean(type, TypeNames()) + " use one of " +
                                          JoinList(TypeNames()));
  }
  if (q->type != QuestionType::kCalculate || obj.Find("label") != nullptr) {  // a calculation needs none
    CANVASS_RETURN_IF_ERROR(
        RequireKey(*ctx, path, obj, "label", "give the question text in every language"));
    CANVASS_RETURN_IF_ERROR(ReadText(*ctx, path + ".label", *obj.Find("label"), &q->label));
  }
  if (const Value* v = obj.Find("hint"))
    CANVASS_RETURN_IF_ERROR(ReadText(*ctx, path + ".hint", *v, &q->hint));
  if (const Value* v = obj.Find("required"))
    CANVASS_RETURN_IF_ERROR(ReadBool(*ctx, path + ".required", *v, &q->required));
  if (const Value* v = obj.Find("identifying"))
    CANVASS_RETURN_IF_ERROR(ReadBool(*ctx, path + ".identifying", *v, &q->identifying));
  if (const Value* v = obj.Find("relevant"))
    CANVASS_RETURN_IF_ERROR(ReadExpressionText(*ctx, path + ".relevant", *v, &q->relevant));
  if (const Value* v = obj.Find("constraint"))
    CANVASS_RETURN_IF_ERROR(ReadExpressionText(*ctx, path + ".constraint", *v, &q->constraint));
  if (const Value* v = obj.Find("constraint_message")) {
    if (q->constraint.empty()) {
      return ctx->Error(
          path + ".constraint_message",
          "there is no constraint for this message; add \"constraint\" or remove the message");
    }
    CANVASS_RETURN_IF_ERROR(
        ReadText(*ctx, path + ".constraint_message", *v, &q->constraint_message));
  } else if (!q->constraint.empty()) {
    return ctx->Error(path,
                      "missing required key \"constraint_message\"; a question with a constraint "
                      "must say, in every language, what is wrong when it fails");
  }
  if ((q->type == QuestionType::kNote || q->type == QuestionType::kCalculate) &&
      (q->required || !q->constraint.empty())) {
    return ctx->Error(path, std::string("a ") + TypeName(q->type) +
                                " takes no answer, so it cannot be required or have a constraint; "
                                "remove \"required\"/\"constraint\"");
  }
  CANVASS_RETURN_IF_ERROR(ReadExtras(*ctx, path, obj, q));
  CANVASS_RETURN_IF_ERROR(ReadTypeFields(ctx, path, obj, in_repeat, ids, q));
  return CheckDefault(*ctx, path, *q);
}

Status ParseQuestions(ParseCtx* ctx, const std::string& path, const Value& v, bool in_repeat,
                      std::map<std::string, std::string>* ids, std::vector<Question>* out) {
  if (!v.is_array() || v.as_array().empty()) {
    return ctx->Error(path, "expected a non-empty array of questions, found " + Describe(v.kind()) +
                                "; add at least one question");
  }
  for (size_t i = 0; i < v.as_array().size(); ++i) {
    Question q;
    CANVASS_RETURN_IF_ERROR(
        ParseQuestion(ctx, Index(path, i), v.as_array()[i], in_repeat, ids, &q));
    out->push_back(std::move(q));
  }
  return Status::Ok();
}

Status ParseSections(ParseCtx* ctx, const Value& v, Form* form) {
  if (!v.is_array() || v.as_array().empty()) {
    return ctx->Error("$.sections", "expected a non-empty array of sections, found " +
                                        Describe(v.kind()) + "; add at least one section");
  }
  std::map<std::string, std::string> question_ids;  // id -> path of first use
  std::set<std::string> section_ids;
  for (size_t i = 0; i < v.as_array().size(); ++i) {
    const Value& obj = v.as_array()[i];
    const std::string path = Index("$.sections", i);
    Section s;
    CANVASS_RETURN_IF_ERROR(CheckObject(*ctx, path, obj, kSectionKeys, "a section"));
    CANVASS_RETURN_IF_ERROR(
        RequireKey(*ctx, path, obj, "id", "give the section an id such as \"background\""));
    CANVASS_RETURN_IF_ERROR(ReadId(*ctx, path + ".id", *obj.Find("id"), "section id", &s.id));
    if (!section_ids.insert(s.id).second) {
      return ctx->Error(path + ".id",
                        "duplicate section id \"" + s.id + "\"; section ids must be unique");
    }
    CANVASS_RETURN_IF_ERROR(
        RequireKey(*ctx, path, obj, "title", "give the section title in every language"));
    CANVASS_RETURN_IF_ERROR(ReadText(*ctx, path + ".title", *obj.Find("title"), &s.title));
    if (const Value* h = obj.Find("hint"))
      CANVASS_RETURN_IF_ERROR(ReadText(*ctx, path + ".hint", *h, &s.hint));
    if (const Value* r = obj.Find("relevant"))
      CANVASS_RETURN_IF_ERROR(ReadExpressionText(*ctx, path + ".relevant", *r, &s.relevant));
    CANVASS_RETURN_IF_ERROR(
        RequireKey(*ctx, path, obj, "questions", "list the questions of this section"));
    CANVASS_RETURN_IF_ERROR(ParseQuestions(ctx, path + ".questions", *obj.Find("questions"), false,
                                           &question_ids, &s.questions));
    form->sections.push_back(std::move(s));
  }
  return Status::Ok();
}

Status ReadHeader(ParseCtx* ctx, const Value& doc, Form* form) {
  if (!doc.is_object()) {
    return ctx->Error("$",
                      "expected a form object, found " + Describe(doc.kind()) +
                          "; a form file is one JSON object starting with \"canvass_form\": 1");
  }
  const Value* fmt = doc.Find("canvass_form");
  if (fmt == nullptr) {
    return ctx->Error(
        "$",
        "missing required key \"canvass_form\"; add \"canvass_form\": 1 (is this a Canvass form?)");
  }
  if (!(fmt->is_number() && fmt->as_number() == 1)) {
    return ctx->Error("$.canvass_form", "unsupported form format " + fmt->ToJson() +
                                            "; this version of Canvass reads format 1");
  }
  CANVASS_RETURN_IF_ERROR(CheckObject(*ctx, "$", doc, kTopKeys, "the form"));
  for (const char* key : {"id", "version", "title", "languages", "sections"}) {
    CANVASS_RETURN_IF_ERROR(RequireKey(*ctx, "$", doc, key, "see docs/forms.md, \"Top level\""));
  }
  CANVASS_RETURN_IF_ERROR(
      ReadStringList(*ctx, "$.languages", *doc.Find("languages"), &IsLanguageCode,
                     "use language codes such as \"en\" or \"es\"", &form->languages));
  ctx->languages = form->languages;
  CANVASS_RETURN_IF_ERROR(ReadId(*ctx, "$.id", *doc.Find("id"), "form id", &form->id));
  CANVASS_RETURN_IF_ERROR(
      ReadInt(*ctx, "$.version", *doc.Find("version"), 1, 1000000000, &form->version));
  CANVASS_RETURN_IF_ERROR(ReadText(*ctx, "$.title", *doc.Find("title"), &form->title));
  if (const Value* v = doc.Find("description"))
    CANVASS_RETURN_IF_ERROR(ReadText(*ctx, "$.description", *v, &form->description));
  if (const Value* v = doc.Find("kind")) {
    CANVASS_RETURN_IF_ERROR(ReadString(*ctx, "$.kind", *v, &form->kind));
    if (std::find(kKinds.begin(), kKinds.end(), form->kind) == kKinds.end()) {
      return ctx->Error("$.kind", "unknown kind \"" + form->kind + "\";" +
                                      DidYouMean(form->kind, kKinds) + " use one of " +
                                      JoinList(kKinds));
    }
  }
  if (const Value* v = doc.Find("respondent_roles")) {
    CANVASS_RETURN_IF_ERROR(ReadStringList(
        *ctx, "$.respondent_roles", *v, &IsId,
        "use role codes such as \"street_outreach\" (lower-case letters, digits, '_')",
        &form->respondent_roles));
  }
  return Status::Ok();
}

}  // namespace
}  // namespace detail

Result<Form> ParseFormValue(const Value& doc, std::string_view source) {
  detail::ParseCtx ctx;
  ctx.source = std::string(source);
  Form form;
  CANVASS_RETURN_IF_ERROR(detail::ReadHeader(&ctx, doc, &form));
  if (const Value* lists = doc.Find("choice_lists")) {
    CANVASS_RETURN_IF_ERROR(detail::ReadChoiceLists(&ctx, *lists));
  }
  CANVASS_RETURN_IF_ERROR(detail::ParseSections(&ctx, *doc.Find("sections"), &form));
  CANVASS_RETURN_IF_ERROR(detail::CheckExpressions(ctx, &form));
  return form;
}

Result<Form> ParseForm(std::string_view json_text, std::string_view source) {
  CANVASS_ASSIGN_OR_RETURN(Value doc, core::ParseJson(json_text, source));
  return ParseFormValue(doc, source);
}

Result<Form> LoadFormFile(const std::string& path) {
  core::JsonLimits limits;
  limits.max_bytes = 16u << 20;  // the largest protocol is well under 1 MiB
  CANVASS_ASSIGN_OR_RETURN(Value doc, core::ParseJsonFile(path, limits));
  return ParseFormValue(doc, path);
}

}  // namespace canvass::forms
