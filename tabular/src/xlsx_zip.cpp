// The bounded zip layer of the xlsx reader: open checks and capped, streamed part reads.
#include <algorithm>
#include <cstring>

#include "xlsx_internal.h"

namespace canvass::tabular::detail {

using core::Status;

namespace {

std::string ZipMessage(zip_error_t* e) {
  std::string m = zip_error_strerror(e);
  zip_error_fini(e);
  return m;
}

// Entry names that could point outside a folder if extracted: absolute, drive letters,
// backslashes, ".." segments, control characters.
bool UnsafeName(const std::string& n) {
  if (n.empty() || n[0] == '/' || n.find('\\') != std::string::npos) return true;
  if (n.size() >= 2 && n[1] == ':') return true;
  for (unsigned char c : n)
    if (c < 0x20) return true;
  size_t start = 0;
  while (start <= n.size()) {
    size_t end = n.find('/', start);
    if (end == std::string::npos) end = n.size();
    if (n.compare(start, end - start, "..") == 0) return true;
    start = end + 1;
  }
  return false;
}

std::string Shown(const std::string& name) {
  std::string s;
  for (unsigned char c : name.substr(0, 80)) s += c < 0x20 ? '?' : static_cast<char>(c);
  return s;
}

}  // namespace

ZipArchive::~ZipArchive() {
  if (za_) zip_discard(za_);
}

Status ZipArchive::Open(std::string_view bytes, const std::string& source, const XlsxLimits& limits) {
  source_ = source;
  limits_ = limits;
  if (bytes.size() > limits.max_file_bytes)
    return Status::InvalidArgument(source + ": the workbook is " + std::to_string(bytes.size()) +
                                   " bytes, more than the limit of " + std::to_string(limits.max_file_bytes) +
                                   "; save the sheet you need as CSV");
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) return Status::Internal(source + ": " + ZipMessage(&err));
  za_ = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!za_) {
    zip_source_free(src);
    return Status::Corruption(source + ": the .xlsx workbook is damaged or cut short (" + ZipMessage(&err) +
                              "); download it again, or open it in a spreadsheet and save it again");
  }
  zip_int64_t n = zip_get_num_entries(za_, 0);
  if (n < 0 || static_cast<uint64_t>(n) > limits.max_entries)
    return Status::InvalidArgument(source + ": the archive holds " + std::to_string(n) + " files, more than the limit of " +
                                   std::to_string(limits.max_entries) + " for a workbook; refusing it");
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za_, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
      return Status::Corruption(source + ": entry " + std::to_string(i) + " of the archive cannot be read; the file is damaged");
    const std::string name = st.name;
    if (UnsafeName(name))
      return Status::InvalidArgument(source + ": the archive holds a file with an unsafe path (\"" + Shown(name) +
                                     "\"); this is not a workbook Excel wrote; refusing it");
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
      return Status::InvalidArgument(source + ": the archive is password-protected; open it in a spreadsheet, remove the "
                                              "password and save it again");
    if ((st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
      return Status::InvalidArgument(source + ": \"" + Shown(name) + "\" uses a compression Excel does not use (method " +
                                     std::to_string(st.comp_method) + "); save the workbook again from a spreadsheet");
  }
  return Status::Ok();
}

zip_int64_t ZipArchive::Locate(const std::string& name) const {
  zip_int64_t i = zip_name_locate(za_, name.c_str(), 0);
  if (i < 0) i = zip_name_locate(za_, name.c_str(), ZIP_FL_NOCASE);
  return i;
}

bool ZipArchive::Has(const std::string& name) const { return za_ && Locate(name) >= 0; }

Status ZipArchive::ReadPart(const std::string& name, const std::function<Status(std::string_view)>& sink) {
  zip_int64_t idx = Locate(name);
  if (idx < 0) return Status::Corruption(source_ + ": the workbook has no part \"" + Shown(name) + "\"; the file is damaged");
  zip_stat_t st;
  zip_stat_init(&st);
  uint64_t compressed = 0;
  if (zip_stat_index(za_, static_cast<zip_uint64_t>(idx), 0, &st) == 0 && (st.valid & ZIP_STAT_COMP_SIZE))
    compressed = st.comp_size;
  zip_file_t* f = zip_fopen_index(za_, static_cast<zip_uint64_t>(idx), 0);
  if (!f)
    return Status::Corruption(source_ + ": cannot open \"" + Shown(name) + "\" in the archive (" + zip_strerror(za_) +
                              "); the file is damaged");
  struct Closer {
    zip_file_t* f;
    ~Closer() { zip_fclose(f); }
  } closer{f};
  const uint64_t ratio_cap = compressed * limits_.max_ratio + (1u << 20);
  uint64_t part = 0;
  std::vector<char> buf(std::min<size_t>(std::max<size_t>(limits_.read_chunk_bytes, 1), 1u << 20));
  for (;;) {
    zip_int64_t got = zip_fread(f, buf.data(), buf.size());
    if (got < 0)
      return Status::Corruption(source_ + ": \"" + Shown(name) + "\" is damaged or cut short (" + zip_file_strerror(f) +
                                "); download the workbook again");
    if (got == 0) break;
    part += static_cast<uint64_t>(got);
    inflated_ += static_cast<uint64_t>(got);
    if (inflated_ > limits_.max_decompressed_bytes)
      return Status::InvalidArgument(source_ + ": the workbook expands to more than " +
                                     std::to_string(limits_.max_decompressed_bytes) +
                                     " bytes (limit; a zip bomb, or a table too large); save the sheet you need as CSV");
    if (part > ratio_cap)
      return Status::InvalidArgument(source_ + ": \"" + Shown(name) + "\" expands more than " +
                                     std::to_string(limits_.max_ratio) +
                                     " times its stored size, as a zip bomb does; refusing it");
    CANVASS_RETURN_IF_ERROR(sink(std::string_view(buf.data(), static_cast<size_t>(got))));
  }
  return Status::Ok();
}

}  // namespace canvass::tabular::detail
