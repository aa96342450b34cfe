// Coding workbench with N interviews (default 5,000), each with one open-text answer and every
// tenth already coded: time to build the queue (Navigate to Coding) and of one apply-code and
// one mark-done action through the real Controller, beside the full reload every action did
// before (open answers + all codings relocated + codebook + memo), measured in the same run.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/controller.h"
#include "core/crypto_util.h"
#include "storage/coding_store.h"

using namespace canvass;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kPass = "correct horse battery staple";

double Ms(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

int Build(const std::string& path, int n, std::string* q) {
  auto ws = storage::Workspace::Create(path, kPass, storage::Role::kCentral, "Bench TF");
  if (!ws.ok()) { std::fprintf(stderr, "create: %s\n", ws.status().message().c_str()); return 1; }
  auto form = (*ws)->GetForm("community_member");
  if (!form.ok()) return 1;
  for (const auto* fq : form->TopLevelQuestions()) {
    forms::Answers t{{"consent", core::Value(true)}, {fq->id, core::Value("x")}};
    if (q->empty() && fq->is_open_text() && !fq->identifying && forms::ValidateAnswers(*form, t, {}).empty()) *q = fq->id;
  }
  storage::CodingStore store(ws->get());
  for (int i = 0; i < n; ++i) {
    std::string text = "Answer " + std::to_string(i) + ": workers from the county sleep in a locked trailer behind the shed.";
    auto id = (*ws)->AddInterview({"community_member", 0, "bench", "", "", {{"consent", core::Value(true)}, {*q, core::Value(text)}}, false});
    if (!id.ok()) { std::fprintf(stderr, "interview: %s\n", id.status().message().c_str()); return 1; }
    if (i % 10 == 0 && !store.AddCoding({*id, *q, 0, 6, "Places", i % 20 ? "ana" : "ben"}).ok()) return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 5000;
  setenv("CANVASS_KDF_PROFILE", "test-fast", 0);
  if (!core::InitCrypto().ok()) return 1;
  char tmpl[] = "/tmp/canvass-bench-XXXXXX";
  if (!mkdtemp(tmpl)) return 1;
  const std::string dir = tmpl, path = dir + "/bench.canvass";
  std::string q;
  auto t0 = Clock::now();
  if (Build(path, n, &q) != 0) return 1;
  std::printf("coding workbench bench: %d interviews, %d codings (built in %.1f s)\n", n, (n + 9) / 10, Ms(t0) / 1000);

  app::ControllerOptions o;
  o.config_dir = "";
  app::Controller c(o);
  c.Apply(app::cmd::OpenWorkspace{path, app::Secret(kPass)});
  c.WaitIdle();
  if (!c.view().unlocked) { std::fprintf(stderr, "open failed: %s\n", c.view().unlock.error.c_str()); return 1; }
  c.Apply(app::cmd::Coding{app::cmd::CodingSetCoder{"ana"}});

  // Before: every action rebuilt the view from these reads (the old RefreshCoding).
  storage::CodingStore store(c.workspace());
  const int reps = 3;
  double full = 0;
  for (int r = 0; r < reps; ++r) {
    t0 = Clock::now();
    auto answers = store.OpenAnswers();
    auto codings = store.ListCodings();
    auto cb = store.LoadCodebook();
    auto memos = answers.ok() && !answers->empty() ? store.ListMemos(storage::AnswerTarget(answers->at(0).interview, q))
                                                  : store.ListMemos("");
    if (!answers.ok() || !codings.ok() || !cb.ok() || !memos.ok()) return 1;
    full += Ms(t0);
  }
  full /= reps;

  // After: the queue is built once (Navigate), then actions patch it.
  double queue = 0;
  for (int r = 0; r < reps; ++r) {
    c.Apply(app::cmd::Navigate{app::Screen::kHome});
    (void)store.SetMemo(storage::AnswerTarget(c.view().coding.queue.empty() ? "x" : c.view().coding.queue[0].interview, q),
                        "bench", "touch " + std::to_string(r));  // a change elsewhere: forces a reload
    t0 = Clock::now();
    c.Apply(app::cmd::Navigate{app::Screen::kCoding});
    queue += Ms(t0);
  }
  queue /= reps;
  const auto& v = c.view().coding;
  if (static_cast<int>(v.queue.size()) != n) { std::fprintf(stderr, "queue has %zu rows\n", v.queue.size()); return 1; }

  const int actions = 20;
  double apply = 0, done = 0;
  for (int k = 0; k < actions; ++k) {
    c.Apply(app::cmd::Coding{app::cmd::CodingSelect{1 + k * 7}});
    t0 = Clock::now();
    c.Apply(app::cmd::Coding{app::cmd::CodingApply{8, 14, v.hotkeys[0].guid}});
    apply += Ms(t0);
    if (!v.error.empty()) { std::fprintf(stderr, "apply: %s\n", v.error.c_str()); return 1; }
    t0 = Clock::now();
    c.Apply(app::cmd::Coding{app::cmd::CodingDone{true}});
    done += Ms(t0);
  }
  apply /= actions;
  done /= actions;
  // The write alone, for scale: what any action must pay.
  double write = 0;
  for (int k = 0; k < actions; ++k) {
    t0 = Clock::now();
    if (!store.AddCoding({v.queue[200 + k].interview, q, 0, 6, "Places", "ana"}).ok()) return 1;
    write += Ms(t0);
  }
  write /= actions;

  std::printf("  full reload (every action before):   %9.1f ms\n", full);
  std::printf("  queue build (Navigate to Coding):    %9.1f ms   ratio full/queue %.1fx\n", queue, full / queue);
  std::printf("  apply code, before = write + reload: %9.1f ms\n", write + full);
  std::printf("  apply code, now:                     %9.2f ms   speed-up %.0fx\n", apply, (write + full) / apply);
  std::printf("  mark done, now:                      %9.2f ms   speed-up %.0fx\n", done, (write + full) / done);
  std::printf("  AddCoding write alone:               %9.2f ms\n", write);
  std::string cleanup = "rm -rf '" + dir + "'";
  return std::system(cleanup.c_str()) == 0 ? 0 : 1;
}
