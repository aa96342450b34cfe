// The Assessment screen's view-model pieces built from a result (controller_assessment.cpp
// calls them): an area's detail, the caseload and guidance tabs, a run's ranks. Private to app.
#pragma once

#include <string>

#include "app/view_assessment.h"
#include "core/value.h"

namespace canvass::app::internal {

std::string Drivers(const assessment::AssessmentResult& r, const assessment::AreaResult& a);
AreaDetail BuildDetail(const assessment::AssessmentResult& r, const assessment::AreaResult& a);
void FillCaseloadAndGuidance(const assessment::AssessmentResult& r, AssessmentView* v);
int RankOf(const core::Value& area);

}  // namespace canvass::app::internal
