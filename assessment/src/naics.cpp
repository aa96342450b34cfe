// NAICS 2017 titles: the 20 sectors and 99 subsectors (census.gov/naics, 2017 manual).
#include "assessment/naics.h"

#include <cctype>

namespace canvass::assessment {

namespace {

struct Title {
  const char* code;
  const char* title;
};

constexpr Title kTitles[] = {
    {"11", "Agriculture, Forestry, Fishing and Hunting"}, {"21", "Mining, Quarrying, and Oil and Gas Extraction"},
    {"22", "Utilities"}, {"23", "Construction"}, {"31", "Manufacturing"}, {"32", "Manufacturing"}, {"33", "Manufacturing"},
    {"42", "Wholesale Trade"}, {"44", "Retail Trade"}, {"45", "Retail Trade"}, {"48", "Transportation and Warehousing"},
    {"49", "Transportation and Warehousing"}, {"51", "Information"}, {"52", "Finance and Insurance"},
    {"53", "Real Estate and Rental and Leasing"}, {"54", "Professional, Scientific, and Technical Services"},
    {"55", "Management of Companies and Enterprises"},
    {"56", "Administrative and Support and Waste Management and Remediation Services"}, {"61", "Educational Services"},
    {"62", "Health Care and Social Assistance"}, {"71", "Arts, Entertainment, and Recreation"},
    {"72", "Accommodation and Food Services"}, {"81", "Other Services (except Public Administration)"},
    {"92", "Public Administration"},
    {"111", "Crop Production"}, {"112", "Animal Production and Aquaculture"}, {"113", "Forestry and Logging"},
    {"114", "Fishing, Hunting and Trapping"}, {"115", "Support Activities for Agriculture and Forestry"},
    {"211", "Oil and Gas Extraction"}, {"212", "Mining (except Oil and Gas)"}, {"213", "Support Activities for Mining"},
    {"221", "Utilities"}, {"236", "Construction of Buildings"}, {"237", "Heavy and Civil Engineering Construction"},
    {"238", "Specialty Trade Contractors"}, {"311", "Food Manufacturing"}, {"312", "Beverage and Tobacco Product Manufacturing"},
    {"313", "Textile Mills"}, {"314", "Textile Product Mills"}, {"315", "Apparel Manufacturing"},
    {"316", "Leather and Allied Product Manufacturing"}, {"321", "Wood Product Manufacturing"}, {"322", "Paper Manufacturing"},
    {"323", "Printing and Related Support Activities"}, {"324", "Petroleum and Coal Products Manufacturing"},
    {"325", "Chemical Manufacturing"}, {"326", "Plastics and Rubber Products Manufacturing"},
    {"327", "Nonmetallic Mineral Product Manufacturing"}, {"331", "Primary Metal Manufacturing"},
    {"332", "Fabricated Metal Product Manufacturing"}, {"333", "Machinery Manufacturing"},
    {"334", "Computer and Electronic Product Manufacturing"},
    {"335", "Electrical Equipment, Appliance, and Component Manufacturing"}, {"336", "Transportation Equipment Manufacturing"},
    {"337", "Furniture and Related Product Manufacturing"}, {"339", "Miscellaneous Manufacturing"},
    {"423", "Merchant Wholesalers, Durable Goods"}, {"424", "Merchant Wholesalers, Nondurable Goods"},
    {"425", "Wholesale Electronic Markets and Agents and Brokers"}, {"441", "Motor Vehicle and Parts Dealers"},
    {"442", "Furniture and Home Furnishings Stores"}, {"443", "Electronics and Appliance Stores"},
    {"444", "Building Material and Garden Equipment and Supplies Dealers"}, {"445", "Food and Beverage Stores"},
    {"446", "Health and Personal Care Stores"}, {"447", "Gasoline Stations"}, {"448", "Clothing and Clothing Accessories Stores"},
    {"451", "Sporting Goods, Hobby, Musical Instrument, and Book Stores"}, {"452", "General Merchandise Stores"},
    {"453", "Miscellaneous Store Retailers"}, {"454", "Nonstore Retailers"}, {"481", "Air Transportation"},
    {"482", "Rail Transportation"}, {"483", "Water Transportation"}, {"484", "Truck Transportation"},
    {"485", "Transit and Ground Passenger Transportation"}, {"486", "Pipeline Transportation"},
    {"487", "Scenic and Sightseeing Transportation"}, {"488", "Support Activities for Transportation"}, {"491", "Postal Service"},
    {"492", "Couriers and Messengers"}, {"493", "Warehousing and Storage"}, {"511", "Publishing Industries (except Internet)"},
    {"512", "Motion Picture and Sound Recording Industries"}, {"515", "Broadcasting (except Internet)"},
    {"517", "Telecommunications"}, {"518", "Data Processing, Hosting, and Related Services"}, {"519", "Other Information Services"},
    {"521", "Monetary Authorities-Central Bank"}, {"522", "Credit Intermediation and Related Activities"},
    {"523", "Securities, Commodity Contracts, and Other Financial Investments and Related Activities"},
    {"524", "Insurance Carriers and Related Activities"}, {"525", "Funds, Trusts, and Other Financial Vehicles"},
    {"531", "Real Estate"}, {"532", "Rental and Leasing Services"},
    {"533", "Lessors of Nonfinancial Intangible Assets (except Copyrighted Works)"},
    {"541", "Professional, Scientific, and Technical Services"}, {"551", "Management of Companies and Enterprises"},
    {"561", "Administrative and Support Services"}, {"562", "Waste Management and Remediation Services"},
    {"611", "Educational Services"}, {"621", "Ambulatory Health Care Services"}, {"622", "Hospitals"},
    {"623", "Nursing and Residential Care Facilities"}, {"624", "Social Assistance"},
    {"711", "Performing Arts, Spectator Sports, and Related Industries"},
    {"712", "Museums, Historical Sites, and Similar Institutions"}, {"713", "Amusement, Gambling, and Recreation Industries"},
    {"721", "Accommodation"}, {"722", "Food Services and Drinking Places"}, {"811", "Repair and Maintenance"},
    {"812", "Personal and Laundry Services"}, {"813", "Religious, Grantmaking, Civic, Professional, and Similar Organizations"},
    {"814", "Private Households"}, {"921", "Executive, Legislative, and Other General Government Support"},
    {"922", "Justice, Public Order, and Safety Activities"}, {"923", "Administration of Human Resource Programs"},
    {"924", "Administration of Environmental Quality Programs"},
    {"925", "Administration of Housing Programs, Urban Planning, and Community Development"},
    {"926", "Administration of Economic Programs"}, {"927", "Space Research and Technology"},
    {"928", "National Security and International Affairs"}};

}  // namespace

std::string NaicsSectorName(const std::string& raw) {
  std::string code;
  for (char ch : raw)
    if (ch != ' ') code.push_back(ch);
  if (code == "31-33" || code == "44-45" || code == "48-49") code = code.substr(0, 2);
  if (code.size() < 2) return "";
  for (char ch : code)
    if (!std::isdigit(static_cast<unsigned char>(ch))) return "";
  if (code.size() > 3) code.resize(3);
  for (const auto& t : kTitles)
    if (code == t.code) return t.title;
  return "";
}

}  // namespace canvass::assessment
