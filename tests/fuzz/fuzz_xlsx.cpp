// libFuzzer target: the xlsx reader. The first byte picks what the rest is: a whole workbook
// (the zip layer and every part), or the XML of one sheet (and of the shared strings) wrapped in
// a valid archive here, so the mutations reach the XML layer past the zip checksums. Limits are
// small so a bomb is cut short quickly. Any refusal is fine; a crash, a hang, a leak or an
// unbounded allocation is not. The sheets are read twice, with the fast XML scanner (in chunks
// of a size the first byte also picks) and with expat: when both read the workbook, the tables
// must be the same (the scanner may refuse less malformed XML than expat, never read it otherwise).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "../tabular/xlsx_test_util.h"
#include "tabular/xlsx_table.h"

using namespace canvass::tabular;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  XlsxLimits limits;
  limits.max_decompressed_bytes = 16u << 20;
  limits.max_rows = 20000;
  limits.max_shared_strings = 20000;
  limits.max_cell_bytes = 1u << 16;
  const std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string bytes;
  switch (data[0] % 3) {
    case 0: bytes = rest; break;
    case 1: bytes = testing::Zip(testing::Parts(rest), true); break;
    default: {
      size_t half = rest.size() / 2;
      bytes = testing::Zip(testing::Parts(rest.substr(0, half), "<si><t>x</t></si>" + rest.substr(half),
                                          "<cellXfs><xf numFmtId=\"14\"/><xf numFmtId=\"21\"/></cellXfs>"), true);
    }
  }
  const size_t chunks[] = {1u << 16, 1, 7, 4093};
  limits.read_chunk_bytes = chunks[(data[0] / 3) % 4];
  auto all = ReadXlsxSheets(bytes, "fuzz.xlsx", limits);
  XlsxLimits reference = limits;
  reference.reference_xml_parser = true;
  auto expat = ReadXlsxSheets(bytes, "fuzz.xlsx", reference);
  if (all.ok() && expat.ok()) {
    if (all->size() != expat->size()) std::abort();
    for (size_t i = 0; i < all->size(); ++i)
      if ((*all)[i].rows != (*expat)[i].rows || (*all)[i].row_numbers != (*expat)[i].row_numbers) std::abort();
  }
  if (all.ok()) {
    auto one = ReadXlsxTable(bytes, "fuzz.xlsx", "", limits);
    (void)one;
  }
  return 0;
}
