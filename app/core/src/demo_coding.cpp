// The demo's theme coding: two reviewers ("ana", "ben") code the first open-text answers with
// a few codes, partly agreeing, and mark them done, so agreement and the workbench have data.
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
  return core::Status::Ok();
}

}  // namespace canvass::app
