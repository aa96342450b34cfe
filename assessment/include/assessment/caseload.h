// The task force's own numbers: final data sheets added up into caseload tables (victims
// served and identified by law enforcement, tips by source, prosecutions; by year, form of
// trafficking, age group, sex/gender, race and ethnicity), before disclosure control.
//
// Every table adds up exactly to its group's total: a sheet whose breakdown covers fewer
// than its total adds the rest to a "not broken down" row, and a sheet whose breakdown is
// larger than the total it gives is taken at the breakdown (and said in the notes). The same
// agency's sheet entered twice for overlapping periods is counted once (the one reaching the
// later end date). Pure; plain values; the exact counts here are never published as they are
// (scoring's disclosure control publishes them).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "assessment/interview_facts.h"

namespace canvass::assessment {

// Groups, in the order the report shows them.
inline constexpr const char* kCaseloadGroups[] = {"served", "identified", "tips", "prosecutions"};

struct CaseloadTable {
  std::string id;      // the data-sheet question ("served_by_sex"), or "<group>_by_year"
  std::string group;   // served | identified | tips | prosecutions
  std::string title;   // "Victims who received services, by sex/gender"
  std::string dimension;  // year | form | age | sex | race | ethnicity | source
  std::vector<std::pair<std::string, double>> rows;  // in the protocol's order; "not_broken_down" last
};

struct CaseloadSheet {
  std::string record;                         // DataSheetFact::record
  std::vector<std::string> areas;             // data_areas as given
  std::map<std::string, double> totals;       // group -> the sheet's total (absent = not reported)
  std::map<std::string, std::map<std::string, double>> by_year;  // group -> year -> count
};

struct Caseload {
  int sheets = 0;                             // sheets counted
  int set_aside = 0;                          // sheets left out as repeats of another
  std::map<std::string, double> totals;       // group -> total over the counted sheets
  std::vector<CaseloadTable> tables;          // tables with at least one row
  std::vector<CaseloadSheet> counted;         // the counted sheets
  std::vector<std::string> notes;             // how sheets were combined (no names)
  const CaseloadTable* Find(const std::string& id) const;
};

Caseload BuildCaseload(const std::vector<DataSheetFact>& sheets);

// "american_indian_alaska_native" -> "American Indian or Alaska Native"; unknown keys with
// their underscores as spaces.
std::string CaseloadRowLabel(const std::string& key);

}  // namespace canvass::assessment
