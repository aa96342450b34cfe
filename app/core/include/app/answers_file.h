// Reading ANSWERS.json (question id -> value) for `interview add`, with clear errors.
#pragma once

#include <string>

#include "core/status.h"
#include "forms/validation.h"

namespace canvass::app {

// The file must hold one JSON object; null values are refused (leave the question out).
core::Result<forms::Answers> LoadAnswersFile(const std::string& path);

}  // namespace canvass::app
