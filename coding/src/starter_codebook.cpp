// The starter codebook, written from /work/shared/seed/community-assessment-guidance.txt.
#include "coding/starter_codebook.h"

#include <cassert>

namespace canvass::coding {

namespace {

struct Seed {
  const char* name;
  const char* description;
};

struct Group {
  const char* name;
  const char* description;
  const char* color;
  std::vector<Seed> children;
};

// Top-level groups. "Sex trafficking" and "Labor trafficking" hold the industries where
// each form occurs, so "Labor trafficking/Agriculture" names a form and an industry.
std::vector<Group> Groups() {
  return {
      {"Sex trafficking", "Include: commercial sex induced by force, fraud or coercion, or any commercial sex involving a minor. Exclude: labor without commercial sex (use Labor trafficking).", "#C0392B",
       {{"Hospitality (hotels, motels)", "Include: sex trafficking linked to lodging businesses."},
        {"Online advertising", "Include: recruitment or selling through websites, apps or social media."},
        {"Street-based", "Include: exploitation on streets or tracks."},
        {"Residential or illicit businesses", "Include: private residences, illicit massage or spa businesses."}}},
      {"Labor trafficking", "Include: labor or services obtained by force, fraud or coercion. Exclude: wage theft with no coercion (use Indicators/Wage and hour violations).", "#2471A3",
       {{"Agriculture", "Include: farms, fields, packing, dairies; H-2A guest workers."},
        {"Manufacturing", "Include: factories, processing plants."},
        {"Domestic work", "Include: nannies, housekeepers, caregivers in private homes."},
        {"Hospitality", "Include: hotels, restaurants, food service."},
        {"Construction", "Include: building sites, landscaping, day labor."},
        {"Other low-wage work", "Include: industries not listed above; describe them in a memo."}}},
      {"Sex and labor trafficking", "Include: the same situation involves both forced commercial sex and forced labor.", "#7D3C98", {}},
      {"Populations and vulnerabilities", "Groups and conditions that raise the risk of trafficking. Cover all victim demographics (age, sex, race, ethnicity).", "#D68910",
       {{"Unstably housed", "Include: homelessness, couch-surfing, housing tied to the employer."},
        {"Runaway and homeless youth", ""},
        {"Poverty", ""},
        {"Child welfare or juvenile justice involvement", "Include: youth in foster care or juvenile justice systems."},
        {"Temporary or transitory workers", "Include: seasonal, migrant, staffing-agency workers."},
        {"Guest workers on visas", "Include: H-2A, H-2B, H-1B and other employer-tied visas."},
        {"Demographics", "Include: mentions of age, sex, race or ethnicity of victims or people at risk."}}},
      {"Indicators and signs", "Observable signs that trafficking or exploitation may be occurring.", "#117A65",
       {{"Wage and hour violations", "Include: unpaid wages, illegal deductions, excessive hours."},
        {"Debt bondage", "Include: recruitment fees or debts used to keep a person working."},
        {"Document confiscation", "Include: passports, IDs or visas held by someone else."},
        {"Control of movement or communication", "Include: not allowed to leave, phone taken, always accompanied."},
        {"Threats or violence", "Include: threats to the person, their family or their immigration status."},
        {"Employer-controlled housing", "Include: overcrowded or isolated housing provided by the employer."}}},
      {"Places", "Where trafficking or exploitation is believed to occur, or geographic factors.", "#1E8449",
       {{"Highways and transport corridors", ""},
        {"Border proximity", ""},
        {"Worksites", ""},
        {"Lodging", "Include: hotels, motels, short-term rentals."},
        {"Online spaces", ""},
        {"Private residences", ""}}},
      {"Actors", "Who recruits, controls, profits from or buys.", "#6E2C00",
       {{"Employers", ""},
        {"Recruiters or labor contractors", ""},
        {"Family members or intimate partners", ""},
        {"Organised groups or gangs", ""},
        {"Buyers", ""}}},
      {"Barriers to reporting", "Why victims or witnesses do not come forward.", "#5D6D7E",
       {{"Fear of law enforcement or immigration consequences", ""},
        {"Language barriers", ""},
        {"Lack of awareness", "Include: not recognising the situation as trafficking."},
        {"Dependence on the trafficker", "Include: housing, income, visa or family ties."},
        {"Distrust of services", ""},
        {"Isolation", ""}}},
      {"Tip sources", "Where tips and referrals come from (and where they do not).", "#2E4053",
       {{"Law enforcement", ""},
        {"Victim service providers", ""},
        {"Regulatory agencies", "Include: labor, health, licensing inspectors."},
        {"Community-based service providers", ""},
        {"Legal service providers", ""},
        {"Street and youth outreach", ""},
        {"Advocacy groups", ""},
        {"Hotlines", ""},
        {"Schools and health care", ""},
        {"Missing tip sources", "Include: groups or places from which tips are expected but do not come."}}},
  };
}

}  // namespace

Codebook StarterCodebook() {
  Codebook book;
  for (const Group& g : Groups()) {
    auto parent = book.Add("", g.name, g.description, g.color);
    assert(parent.ok());
    if (!parent.ok()) continue;
    for (const Seed& s : g.children) {
      auto child = book.Add(*parent, s.name, s.description);
      assert(child.ok());
      (void)child;
    }
  }
  return book;
}

}  // namespace canvass::coding
