// ANSWERS.json loading.
#include "app/answers_file.h"

#include "core/value.h"

namespace canvass::app {

core::Result<forms::Answers> LoadAnswersFile(const std::string& path) {
  core::JsonLimits limits;
  limits.max_bytes = 16u << 20;
  limits.max_depth = 16;
  CANVASS_ASSIGN_OR_RETURN(core::Value doc, core::ParseJsonFile(path, limits));
  if (!doc.is_object())
    return core::Status::InvalidArgument(path + ": the answers must be one JSON object from question id to answer, e.g. {\"consent\": true}");
  forms::Answers out;
  for (const auto& [k, v] : doc.as_object()) {
    if (v.is_null())
      return core::Status::InvalidArgument(path + ": " + k + ": null is not an answer; leave the question out instead");
    out[k] = v;
  }
  return out;
}

}  // namespace canvass::app
