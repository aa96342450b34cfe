// Interview facts: the de-identified, structured part of a final interview that the
// assessment counts (no free text, no identifying fields, no interview ids), and the
// task-force indicators derived from final data sheets. Pure; plain values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/area.h"
#include "assessment/observation.h"
#include "core/value.h"

namespace canvass::assessment {

// A stakeholder interview (form kind stakeholder_interview) or a brainstorm record
// (precursor_brainstorm: member_concern / member_concern_areas).
struct StakeholderFact {
  std::string record;                        // the interview's id (in memory only; never published)
  std::string print;                         // FactPrint when decoded from the facts cache; "" = not yet
  std::string form_id;
  std::string role;                          // respondent role
  std::string concern;                       // yes | no | unsure | "" (unanswered)
  std::vector<std::string> concern_areas;    // area ids (custom places kept as given)
  std::vector<std::string> instability_areas;
  std::vector<std::string> forms;            // trafficking_forms choice values
  std::vector<std::string> place_types, industries, instability_factors, reported_to;
  bool voiced_concern() const { return concern == "yes" || concern == "unsure"; }
};

// A task-force data sheet (form taskforce_data_sheet). Counts absent from the sheet stay
// absent (std::nullopt / no map entry): a blank is never a zero.
struct DataSheetFact {
  std::string record;                        // the interview's id (in memory only; never published)
  std::string print;                         // FactPrint when decoded from the facts cache; "" = not yet
  std::string agency_key;                    // agency name folded (case, spaces, punctuation); "" = not given
  std::string agency_type;
  std::string period_start, period_end;      // YYYY-MM-DD or ""
  std::vector<std::string> areas;            // data_areas
  std::optional<double> served_total, le_identified_total, tips_total, prosecutions_total;
  // count_table answers by question id: "row" or "row|column" -> count.
  std::map<std::string, std::map<std::string, double>> tables;
  std::vector<std::string> silent_sources;   // tips_silent_sources
  // served_by_year / le_by_year / prosecutions_by_year repeats: year ("2023") -> count (a year
  // given twice adds up).
  std::map<std::string, double> served_by_year, identified_by_year, prosecutions_by_year;
};

enum class FactKind { kNone, kStakeholder, kDataSheet };

// The version of what ExtractFacts reads and of the bytes below: the facts cache
// (storage/src/fact_cache.h) keeps encoded facts, and recomputes them all when this changes.
// Raise it with any change to ExtractFacts, FactPrint or the encoding.
constexpr int kFactsVersion = 1;

// The fingerprint of what the assessment reads from one record (release.h): a digest that
// changes whenever anything counted changes. 32 hex characters.
std::string FactPrint(const StakeholderFact& f);
std::string FactPrint(const DataSheetFact& d);

// One record's facts and their fingerprint as bytes, kept by the facts cache so that a
// snapshot decodes them instead of parsing answers and hashing again (`record` is not in the
// bytes: the cache keys them by it). DecodeFacts fills `print` too; kNone when the bytes are damaged.
std::string EncodeFacts(const StakeholderFact& f);
std::string EncodeFacts(const DataSheetFact& d);
FactKind DecodeFacts(std::string_view bytes, StakeholderFact* s, DataSheetFact* d);

// Reads the structured answers of one final interview. `form_kind` is the form's kind
// ("stakeholder_interview", "data_sheet", ...). Free-text answers are never read.
FactKind ExtractFacts(const std::string& form_id, const std::string& form_kind, const std::string& role,
                      const std::map<std::string, core::Value>& answers, StakeholderFact* s, DataSheetFact* d);

// Task-force indicators per area from data sheets: tf.tips_count, tf.victims_served_count,
// tf.le_identified_count, tf.prosecutions_count (count, source_kind "taskforce"). A sheet
// covering several areas is apportioned by `population` (area id -> residents) when every
// one of them has one, else equally (status "apportioned"; a note says which). Custom places
// count toward their parent area. Areas no sheet covers get no observation (unknown, not 0).
struct TaskforceIndicators {
  std::vector<Observation> observations;
  std::vector<std::string> notes;
  std::vector<std::string> covered_areas;     // areas at `level` some sheet covers
};
TaskforceIndicators DeriveTaskforceIndicators(const std::vector<DataSheetFact>& sheets, const std::vector<Area>& areas,
                                              const std::string& level,
                                              const std::map<std::string, double>& population);

// Maps an area id to the scored level: itself if at `level`, its parent chain otherwise;
// "" when it has no ancestor at that level (or is unknown).
std::string RollUpArea(const std::string& id, const std::map<std::string, const Area*>& by_id, const std::string& level);

}  // namespace canvass::assessment
