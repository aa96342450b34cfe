// Frame build time of the interviews table with N interviews (default 100,000), headless:
// the real panel (DrawInterviews) in an ImGui context with no GL backend. Prints the mean and
// the slowest frame, beside an empty frame measured in the same run. Target: < 4 ms per frame.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/view_table.h"
#include "panels.h"

using namespace canvass;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<app::InterviewRow> MakeRows(int n) {
  const char* forms[] = {"outreach_provider", "legal_service_provider", "regulatory_agency", "community_member"};
  std::vector<app::InterviewRow> rows;
  rows.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    app::InterviewRow r;
    r.uuid = "00000000-0000-4000-8000-" + std::to_string(100000000000LL + i);
    r.form_id = forms[i % 4];
    r.form_title = r.form_id;
    r.status = i % 4 ? "final" : "draft";
    r.interviewer = i % 2 ? "Outreach team A" : "Outreach team B";
    char hlc[17];
    std::snprintf(hlc, sizeof hlc, "%016x", i);
    r.created_hlc = hlc;
    r.created = "2026-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + " 10:00";
    r.areas = i % 5 ? "48163" : "48029, 48479";
    r.answered = i % 40;
    rows.push_back(std::move(r));
  }
  return rows;
}

// Runs `frames` frames calling draw() and returns per-frame times in ms.
template <typename F>
std::vector<double> Measure(int frames, F draw) {
  std::vector<double> ms;
  ImGuiIO& io = ImGui::GetIO();
  for (int f = 0; f < frames; ++f) {
    io.MouseWheel = (f % 30 == 10) ? -20.0f : 0.0f;  // scroll now and then, as a user would
    auto t0 = Clock::now();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("bench", nullptr, ImGuiWindowFlags_NoDecoration);
    draw();
    ImGui::End();
    ImGui::Render();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return ms;
}

double Mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 100000;
  int frames = argc > 2 ? std::atoi(argv[2]) : 300;
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 800);
  io.DeltaTime = 1.0f / 60.0f;
  unsigned char* px;
  int w, h;
  io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  app::InterviewTable table;
  auto t0 = Clock::now();
  table.SetRows(MakeRows(n));
  double load_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  gui::TableUi ui;
  std::vector<app::FormPtr> forms;
  app::Commands out;
  std::vector<double> empty = Measure(frames, [] { ImGui::Text("empty frame"); });
  std::vector<double> full = Measure(frames, [&] { gui::DrawInterviews(table, forms, ui, out); (void)out.Take(); });
  std::sort(full.begin(), full.end());
  std::printf("rows: %d (view-model built in %.1f ms), %d frames at 1280x800\n", n, load_ms, frames);
  std::printf("empty frame              : %7.3f ms mean\n", Mean(empty));
  std::printf("interviews table frame   : %7.3f ms mean, %7.3f ms median, %7.3f ms slowest (target < 4 ms)\n", Mean(full),
              full[full.size() / 2], full.back());
  ImGui::DestroyContext();
  return 0;
}
