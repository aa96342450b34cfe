// XLSForm sheets: header columns (bases, aliases, languages), the form's languages, localized
// cells, yes/no cells.
#include <algorithm>
#include <cctype>

#include "tabular/xlsx_reader.h"
#include "xlsform_internal.h"

namespace canvass::forms::xlsform {

using core::Value;

namespace {

struct Alias {
  const char* from;
  const char* to;
};
constexpr Alias kAliases[] = {
    {"list name", "list_name"},           {"constraint message", "constraint_message"}, {"jr:constraintmsg", "constraint_message"},
    {"jr:requiredmsg", "required_message"}, {"requiredmsg", "required_message"},       {"required message", "required_message"},
    {"choice filter", "choice_filter"},   {"relevance", "relevant"},                   {"readonly", "read_only"},
    {"read only", "read_only"},           {"calculate", "calculation"},                {"jr:count", "repeat_count"},
    {"repeat count", "repeat_count"},     {"form title", "form_title"},                {"form id", "form_id"},
    {"default language", "default_language"}};

// Bases whose columns may carry a language.
bool Localizable(const std::string& base) {
  static const char* kBases[] = {"label", "hint", "constraint_message", "required_message", "guidance_hint", "image", "audio",
                                 "video", "big-image", "canvass_title", "canvass_description"};
  for (const char* b : kBases)
    if (base == b) return true;
  return base.rfind("media::", 0) == 0;
}

struct Language {
  const char* code;
  const char* header;                // how Canvass writes it
  std::vector<const char*> names;    // lower-case names it is known by
};
const std::vector<Language>& Languages() {
  static const std::vector<Language> kLangs = {
      {"en", "English (en)", {"english"}},
      {"es", "Español (es)", {"spanish", "español", "espanol", "castellano"}},
      {"fr", "Français (fr)", {"french", "français", "francais"}},
      {"pt", "Português (pt)", {"portuguese", "português", "portugues"}},
      {"zh", "中文 (zh)", {"chinese", "中文", "mandarin"}},
      {"vi", "Tiếng Việt (vi)", {"vietnamese", "tiếng việt"}},
      {"ko", "한국어 (ko)", {"korean", "한국어"}},
      {"ar", "العربية (ar)", {"arabic", "العربية"}},
      {"ru", "Русский (ru)", {"russian", "русский"}},
      {"ht", "Kreyòl ayisyen (ht)", {"haitian creole", "kreyòl", "kreyol", "kreyòl ayisyen"}},
      {"tl", "Tagalog (tl)", {"tagalog", "filipino"}},
      {"sw", "Kiswahili (sw)", {"swahili", "kiswahili"}},
      {"hi", "हिन्दी (hi)", {"hindi", "हिन्दी"}},
      {"so", "Soomaali (so)", {"somali", "soomaali"}},
      {"am", "አማርኛ (am)", {"amharic"}},
      {"de", "Deutsch (de)", {"german", "deutsch"}},
      {"fa", "فارسی (fa)", {"persian", "farsi", "فارسی"}},
      {"ne", "नेपाली (ne)", {"nepali"}},
      {"uk", "Українська (uk)", {"ukrainian"}},
  };
  return kLangs;
}

bool LooksLikeCode(const std::string& s) {
  size_t i = 0;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  if (i < 2 || i > 3) return false;
  while (i < s.size()) {
    if (s[i] != '-') return false;
    size_t start = ++i;
    while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start || i - start > 8) return false;
  }
  return true;
}

}  // namespace

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string LanguageCode(const std::string& raw) {
  std::string name = Trim(raw);
  if (name.size() > 2 && name.back() == ')') {
    size_t open = name.rfind('(');
    if (open != std::string::npos) {
      std::string code = Trim(name.substr(open + 1, name.size() - open - 2));
      size_t dash = code.find('-');
      code = Lower(code.substr(0, dash)) + (dash == std::string::npos ? "" : code.substr(dash));
      return LooksLikeCode(code) ? code : "";
    }
  }
  const std::string lower = Lower(name);
  for (const auto& l : Languages())
    for (const char* n : l.names)
      if (lower == n) return l.code;
  return LooksLikeCode(lower) && lower.size() <= 3 ? lower : "";
}

std::string LanguageHeader(const std::string& code) {
  for (const auto& l : Languages())
    if (code == l.code) return l.header;
  return code + " (" + code + ")";
}

int YesNo(const std::string& text) {
  const std::string t = Lower(Trim(text));
  if (t == "yes" || t == "true" || t == "1" || t == "true()") return 1;
  if (t.empty() || t == "no" || t == "false" || t == "0" || t == "false()") return 0;
  return -1;
}

std::string Sheet::Get(size_t r, const std::string& base) const {
  int c = ColumnOf(base);
  if (c < 0 || static_cast<size_t>(c) >= rows[r].size()) return "";
  return rows[r][static_cast<size_t>(c)];
}

int Sheet::ColumnOf(const std::string& base, const std::string& lang) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].base == base && columns[i].lang == lang) return static_cast<int>(i);
  return -1;
}

void ReadHeader(Ctx* ctx, Sheet* s) {
  if (!s->present || s->rows.empty()) return;
  s->header_row = s->row_numbers[0];
  const std::vector<std::string> header = s->rows[0];
  s->rows.erase(s->rows.begin());
  s->row_numbers.erase(s->row_numbers.begin());
  for (size_t i = 0; i < header.size(); ++i) {
    Column c;
    c.header = Trim(header[i]);
    std::string h = c.header;
    size_t sep = h.find("::");
    std::string base = Lower(sep == std::string::npos ? h : h.substr(0, sep));
    std::string lang = sep == std::string::npos ? "" : h.substr(sep + 2);
    if (base == "media" && !lang.empty()) {  // media::audio::Language
      size_t sep2 = lang.find("::");
      base = "media::" + Lower(lang.substr(0, sep2));
      lang = sep2 == std::string::npos ? "" : lang.substr(sep2 + 2);
    } else if ((base == "bind" || base == "body" || base == "instance") && !lang.empty()) {
      base += "::" + lang;
      lang.clear();
    } else if (sep == std::string::npos && h.find(':') != std::string::npos) {  // old "label:English"
      std::string before = Lower(h.substr(0, h.find(':')));
      if (Localizable(before)) {
        base = before;
        lang = h.substr(h.find(':') + 1);
      }
    }
    for (const Alias& a : kAliases)
      if (base == a.from) base = a.to;
    c.base = base;
    c.localized = Localizable(base);
    if (!lang.empty()) {
      if (!c.localized) {
        ctx->Issue(*s, s->header_row, c.header, "\"" + base + "\" does not take a language; remove \"::" + lang + "\"");
      } else {
        c.lang = LanguageCode(lang);
        if (c.lang.empty())
          ctx->Issue(*s, s->header_row, c.header,
                     "Canvass does not know the code of language \"" + lang + "\"; write it with its code, e.g. \"" + lang + " (xx)\"");
        else if (!ctx->lang_names.count(c.lang))
          ctx->lang_names[c.lang] = Trim(lang);
      }
    }
    s->columns.push_back(c);
  }
}

void CollectLanguages(Ctx* ctx, const std::vector<Sheet*>& sheets, const std::string& default_language) {
  std::string def = default_language.empty() ? "" : LanguageCode(default_language);
  std::vector<std::string> named;
  bool plain = false;
  for (const Sheet* s : sheets)
    for (const Column& c : s->columns) {
      if (c.localized && !c.lang.empty() && std::find(named.begin(), named.end(), c.lang) == named.end()) named.push_back(c.lang);
      plain = plain || (c.localized && c.lang.empty());
    }
  if (def.empty() && !default_language.empty()) def = "en";  // an unknown name: refused by the caller
  if (def.empty() && plain) {
    def = "en";  // ODK calls it "default"; Canvass needs a language code
    ctx->Note("columns without a language (\"label\", \"hint\") are taken as English (en); set default_language in the "
              "settings sheet if they are written in another language");
  }
  if (def.empty()) def = named.empty() ? "en" : named.front();
  ctx->languages = {def};
  for (const auto& l : named)
    if (l != def) ctx->languages.push_back(l);
  if (!ctx->lang_names.count(def)) ctx->lang_names[def] = default_language.empty() ? LanguageHeader(def) : default_language;
  // Plain columns ("label") are the default language's; a sheet with both is a duplicate.
  for (Sheet* s : sheets) {
    for (size_t i = 0; i < s->columns.size(); ++i) {
      Column& c = s->columns[i];
      if (c.localized && c.lang.empty()) c.lang = def;
      if (c.base.empty()) continue;
      for (size_t j = 0; j < i; ++j)
        if (s->columns[j].base == c.base && s->columns[j].lang == c.lang)
          ctx->Issue(*s, s->header_row, c.header.empty() ? tabular::ColumnName(static_cast<uint32_t>(i)) : c.header,
                     "this column repeats column " + tabular::ColumnName(static_cast<uint32_t>(j)) + " (\"" +
                         s->columns[j].header + "\"" + (c.localized ? ", the same language" : "") + "); keep one of them");
    }
  }
}

Value Localized(Ctx* ctx, const Sheet& s, size_t r, const std::string& base) {
  Value::Object out;
  std::string first;
  for (const auto& lang : ctx->languages) {
    int c = s.ColumnOf(base, lang);
    if (c < 0 || static_cast<size_t>(c) >= s.rows[r].size() || s.rows[r][static_cast<size_t>(c)].empty()) continue;
    const std::string& text = s.rows[r][static_cast<size_t>(c)];
    size_t ref = text.find("${");
    if (ref != std::string::npos)
      ctx->Issue(s, s.row_numbers[r], s.columns[static_cast<size_t>(c)].header,
                 "a text that shows another answer (" + text.substr(ref, text.find('}', ref) - ref + 1) +
                     ") is not supported; write the text without it");
    out[lang] = Value(text);
    if (first.empty()) first = lang;
  }
  if (out.empty()) return Value();
  for (const auto& lang : ctx->languages) {
    if (out.count(lang)) continue;
    out[lang] = out[first];
    ctx->Note("texts with no " + ctx->lang_names[lang] + " translation show the " + ctx->lang_names[first] +
              " text (as ODK shows them); translate them in the workbook to change that");
  }
  return Value(std::move(out));
}

}  // namespace canvass::forms::xlsform
