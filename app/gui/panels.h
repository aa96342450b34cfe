// The panels of the desktop app: each draws one screen from its view-model (const) and
// its UI-only state, and pushes commands; none touches storage. One panel per file.
#pragma once

#include <vector>

#include "app/ui_commands.h"
#include "app/view_models.h"
#include "gui_state.h"

namespace canvass::gui {

// gui_app.cpp: the whole frame (navigation, banner, current screen, hotkeys).
void DrawApp(const app::AppView& v, GuiState& s, app::Commands& out);

void DrawNav(const app::AppView& v, app::Commands& out);                                    // panel_nav.cpp
void DrawUnlock(const app::UnlockView& v, bool busy, UnlockUi& ui, app::Commands& out);     // panel_unlock.cpp
void DrawHome(const app::HomeView& v, HomeUi& ui, app::Commands& out);                      // panel_home.cpp
void DrawNewInterview(const app::NewInterviewView& v, StartUi& ui, app::Commands& out);     // panel_new_interview.cpp
void DrawRunner(const app::RunnerView& v, RunnerUi& ui, app::Commands& out);                // panel_runner.cpp
// panel_question.cpp: one question (label, widget, messages); used by the runner.
// panel_review.cpp: the whole interview before finalizing (Finalize is only there).
void DrawReview(const app::RunnerView& v, RunnerUi& ui, app::Commands& out);
void DrawQuestion(const app::RunnerView& v, const forms::Question& q, RunnerUi& ui, app::Commands& out);
void DrawInterviews(const app::InterviewTable& t, const std::vector<app::FormPtr>& forms, TableUi& ui,
                    app::Commands& out);                                                    // panel_interviews.cpp
void DrawDetail(const app::DetailView& v, app::Commands& out);                              // panel_detail.cpp
void DrawSettings(const app::SettingsView& v, storage::Role role, SettingsUi& ui, app::Commands& out);  // panel_settings.cpp
void DrawSync(const app::SyncView& v, SyncUi& ui, app::Commands& out);                   // panel_sync.cpp
void DrawDevices(const app::DevicesView& v, DevicesUi& ui, app::Commands& out);           // panel_devices.cpp
void DrawConflicts(const app::ConflictsView& v, ConflictsUi& ui, app::Commands& out);     // panel_conflicts.cpp
void DrawCoding(const app::CodingView& v, CodingUi& ui, app::Commands& out);            // panel_coding.cpp
void DrawCodebook(const app::CodebookView& v, CodebookUi& ui, app::Commands& out);      // panel_codebook.cpp
void DrawAssessment(const app::AssessmentView& v, AssessmentUi& ui, app::Commands& out);  // panel_assessment.cpp
// panel_assessment_profile.cpp: the Profile tab of the Assessment screen.
void DrawAssessmentProfile(const app::AssessmentView& v, AssessmentUi& ui, app::Commands& out);
// panel_assessment_map.cpp: the Map tab of the Assessment screen.
void DrawAssessmentMap(const app::AssessmentView& v, AssessmentUi& ui, app::Commands& out);
void DrawAgreement(const app::AgreementView& v, AgreementUi& ui, app::Commands& out);    // panel_agreement.cpp
void DrawAnalysis(const app::AnalysisView& v, AnalysisUi& ui, app::Commands& out);      // panel_analysis.cpp
void DrawComing(app::Screen screen);
// panel_settings.cpp: "Language: (o) English ( ) Español" for the app's own texts (unlock, Settings).
void UiLanguagePicker(const std::string& label, app::Commands& out);                                                        // panel_nav.cpp

}  // namespace canvass::gui
