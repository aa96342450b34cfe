// The demo's theme coding: two reviewers ("ana", "ben") code the first open-text answers with
// a few codes, partly agreeing, and mark them done; a third ("cara") codes the next answers with
// them, with codes of several parents, so agreement (three coders), retrieval, frequencies and
// co-occurrence have data; and memos on a code and on an answer.
#include "app/demo.h"
#include "storage/coding_store.h"

namespace canvass::app {

core::Status AddDemoCodings(storage::Workspace* ws, int* added) {
  *added = 0;
  storage::CodingStore store(ws);
  CANVASS_ASSIGN_OR_RETURN(auto answers, store.OpenAnswersBulk());
  const char* codes[] = {"Indicators and signs/Employer-controlled housing", "Indicators and signs/Wage and hour violations",
                         "Places", "Indicators and signs/Control of movement or communication"};
  int n = 0;
  for (const auto& a : answers) {
    if (a.length < 12) continue;
    if (++n > 8) break;
    const std::string code = codes[n % 4];
    // ana codes the first half; ben two thirds, with ana's code on even answers, another on odd.
    CANVASS_RETURN_IF_ERROR(store.AddCoding({a.interview, a.question, 0, a.length / 2, code, "ana"}).status());
    CANVASS_RETURN_IF_ERROR(
        store.AddCoding({a.interview, a.question, 0, a.length * 2 / 3, n % 2 ? codes[(n + 1) % 4] : code, "ben"}).status());
    for (const char* coder : {"ana", "ben"}) CANVASS_RETURN_IF_ERROR(store.SetCompleted(a.interview, a.question, coder, true));
    *added += 2;
  }
  // Three coders on the next answers: each applies two codes of different parents, overlapping.
  const char* more[] = {"Labor trafficking/Agriculture", "Barriers to reporting/Language barriers",
                        "Actors/Recruiters or labor contractors", "Populations and vulnerabilities/Guest workers on visas",
                        "Indicators and signs/Debt bondage", "Places/Worksites"};
  int m = 0, first = 0;
  const storage::OpenAnswer* memo_on = nullptr;
  for (const auto& a : answers) {
    if (a.length < 12 || ++first <= 8) continue;
    if (++m > 10) break;
    const int64_t third = a.length / 3;
    const char* c1 = more[m % 6];
    const char* c2 = more[(m + 1) % 6];
    CANVASS_RETURN_IF_ERROR(store.AddCoding({a.interview, a.question, 0, 2 * third, c1, "ana"}).status());
    CANVASS_RETURN_IF_ERROR(store.AddCoding({a.interview, a.question, third, a.length, c2, "ana"}).status());
    CANVASS_RETURN_IF_ERROR(store.AddCoding({a.interview, a.question, 0, third * 2 + 1, c1, "ben"}).status());
    CANVASS_RETURN_IF_ERROR(store.AddCoding({a.interview, a.question, 0, a.length, m % 3 ? c2 : more[(m + 2) % 6], "cara"}).status());
    CANVASS_RETURN_IF_ERROR(store.AddCoding({a.interview, a.question, 0, third, c1, "cara"}).status());
    for (const char* coder : {"ana", "ben", "cara"}) CANVASS_RETURN_IF_ERROR(store.SetCompleted(a.interview, a.question, coder, true));
    *added += 5;
    memo_on = &a;
  }
  CANVASS_ASSIGN_OR_RETURN(auto cb, store.LoadCodebook());
  CANVASS_ASSIGN_OR_RETURN(std::string debt, storage::CodingStore::ResolveCode(cb, "Indicators and signs/Debt bondage"));
  CANVASS_RETURN_IF_ERROR(store.SetMemo(debt, "ana", "Code recruitment fees still owed here, not only loans."));
  if (memo_on)
    CANVASS_RETURN_IF_ERROR(store.SetMemo(storage::AnswerTarget(memo_on->interview, memo_on->question), "ben",
                                          "The respondent seems unsure about the dates; check with the interviewer."));
  return core::Status::Ok();
}

}  // namespace canvass::app
