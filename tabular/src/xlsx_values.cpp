// Cell value helpers: column names, shortest number text, Excel serial dates as ISO text.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "tabular/xlsx_reader.h"

namespace canvass::tabular {

namespace {

// Days since 1970-01-01 -> civil date (H. Hinnant's algorithm).
void CivilFromDays(long long z, int* y, int* m, int* d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long yy = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yy + (*m <= 2 ? 1 : 0));
}

constexpr long long kDays1899_12_30 = -25569;  // days from 1970-01-01
constexpr long long kDays1904_01_01 = -24107;

}  // namespace

bool LooksLikeZip(std::string_view bytes) { return bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

bool LooksLikeOle2(std::string_view bytes) {
  return bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
}

std::string ColumnName(uint32_t column) {
  std::string s;
  uint64_t n = static_cast<uint64_t>(column) + 1;
  while (n > 0) {
    s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
    n = (n - 1) / 26;
  }
  return s;
}

std::string CellName(uint32_t row, uint32_t column) { return ColumnName(column) + std::to_string(row); }

std::string FormatShortest(double v) {
  if (v == 0) return "0";
  if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
  char buf[40];
  if (std::fabs(v) < 1e15 && v == std::floor(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string ExcelSerialToIso(double serial, bool date1904, bool time_only) {
  if (!std::isfinite(serial) || serial < 0 || serial >= 2958466) return "";
  double day = std::floor(serial);
  long long secs = std::llround((serial - day) * 86400.0);
  if (secs >= 86400) {
    secs -= 86400;
    day += 1;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", secs / 3600, secs / 60 % 60, secs % 60);
  const std::string time = buf;
  if (time_only) return day == 0 ? time : "";
  long long d = static_cast<long long>(day);
  long long days;
  if (date1904) {
    days = kDays1904_01_01 + d;
  } else {
    if (d == 0 || d == 60) return "";  // "1900-01-00" and Lotus's 1900-02-29 are not dates
    days = d < 60 ? kDays1899_12_30 + d + 1 : kDays1899_12_30 + d;
  }
  int y, m, dd;
  CivilFromDays(days, &y, &m, &dd);
  if (y > 9999) return "";
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, dd);
  return secs == 0 ? std::string(buf) : std::string(buf) + "T" + time;
}

}  // namespace canvass::tabular
