// .qdpx archives (zip) through libzip: writing, and bounded reading of untrusted files.
#include <zip.h>

#include <memory>

#include "coding/refi_qda.h"
#include "core/file_util.h"
#include "refi_internal.h"

namespace canvass::coding {

using core::Result;
using core::Status;

namespace {

constexpr time_t kFixedMtime = 1577836800;  // 2020-01-01: identical projects, identical bytes

std::string ZipMessage(zip_error_t* e) {
  std::string m = zip_error_strerror(e);
  zip_error_fini(e);
  return m;
}

// Reads the source's bytes after zip_close (the source was kept alive with zip_source_keep).
Result<std::string> SourceBytes(zip_source_t* src) {
  if (zip_source_open(src) < 0) return Status::Internal("cannot reopen the in-memory zip");
  std::string out;
  char buf[65536];
  zip_int64_t n;
  while ((n = zip_source_read(src, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  zip_source_close(src);
  if (n < 0) return Status::Internal("cannot read the in-memory zip");
  return out;
}

Status AddEntries(zip_t* za, const std::vector<refi::Entry>& entries) {
  for (const auto& e : entries) {
    zip_source_t* s = zip_source_buffer(za, e.data.data(), e.data.size(), 0);
    if (!s) return Status::Internal("zip: " + std::string(zip_strerror(za)));
    zip_int64_t idx = zip_file_add(za, e.name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
      zip_source_free(s);
      return Status::Internal("zip: cannot add " + e.name + ": " + zip_strerror(za));
    }
    zip_file_set_mtime(za, static_cast<zip_uint64_t>(idx), kFixedMtime, 0);
    zip_set_file_compression(za, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, 0);
  }
  return Status::Ok();
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};

// Reads one entry, refusing more than `cap` bytes whatever the header claims.
Result<std::string> ReadEntry(zip_t* za, zip_uint64_t idx, const std::string& name,
                              uint64_t cap, std::string_view label) {
  zip_file_t* f = zip_fopen_index(za, idx, 0);
  if (!f) return Status::Corruption(std::string(label) + ": cannot open entry " + name + ": " + zip_strerror(za));
  std::string out;
  char buf[65536];
  zip_int64_t n;
  while ((n = zip_fread(f, buf, sizeof buf)) > 0) {
    if (out.size() + static_cast<uint64_t>(n) > cap) {
      zip_fclose(f);
      return Status::InvalidArgument(std::string(label) + ": entry " + name + " expands beyond " +
                                     std::to_string(cap) + " bytes (limit); refusing it");
    }
    out.append(buf, static_cast<size_t>(n));
  }
  std::string err = n < 0 ? zip_file_strerror(f) : "";
  zip_fclose(f);
  if (n < 0) return Status::Corruption(std::string(label) + ": entry " + name + " is damaged: " + err);
  return out;
}

}  // namespace

Result<std::string> WriteQdpx(const QdaProject& project) {
  CANVASS_ASSIGN_OR_RETURN(std::vector<refi::Entry> entries, refi::BuildEntries(project));
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (!src) return Status::Internal("zip: " + ZipMessage(&err));
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  if (!za) {
    zip_source_free(src);
    return Status::Internal("zip: " + ZipMessage(&err));
  }
  Status st = AddEntries(za, entries);
  if (!st.ok()) {
    zip_discard(za);
    zip_source_free(src);
    return st;
  }
  if (zip_close(za) < 0) {
    std::string m = zip_strerror(za);
    zip_discard(za);
    zip_source_free(src);
    return Status::Internal("zip: cannot finish the archive: " + m);
  }
  auto bytes = SourceBytes(src);
  zip_source_free(src);
  return bytes;
}

Status WriteQdpxFile(const std::string& path, const QdaProject& project) {
  CANVASS_ASSIGN_OR_RETURN(std::string bytes, WriteQdpx(project));
  return core::WriteFileAtomic(path, bytes, /*overwrite=*/true).WithContext("writing " + path);
}

Result<QdaProject> ReadQdpx(std::string_view bytes, std::string_view label,
                            const QdpxLimits& limits) {
  const std::string where(label);
  if (bytes.size() > limits.max_archive_bytes)
    return Status::InvalidArgument(where + ": archive is larger than the " +
                                   std::to_string(limits.max_archive_bytes) + "-byte limit");
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) return Status::Internal(where + ": " + ZipMessage(&err));
  std::unique_ptr<zip_t, ZipCloser> za(zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err));
  if (!za) {
    zip_source_free(src);
    return Status::Corruption(where + ": not a readable .qdpx (zip) archive: " + ZipMessage(&err));
  }
  zip_int64_t count = zip_get_num_entries(za.get(), 0);
  if (count < 0 || static_cast<uint64_t>(count) > limits.max_entries)
    return Status::InvalidArgument(where + ": archive has " + std::to_string(count) +
                                   " entries, more than the limit of " + std::to_string(limits.max_entries));
  uint64_t total = 0;
  refi::EntryLoader load = [&](const std::string& name) -> Result<std::optional<std::string>> {
    zip_int64_t idx = zip_name_locate(za.get(), name.c_str(), 0);
    if (idx < 0) return std::optional<std::string>();
    uint64_t cap = std::min(limits.max_entry_bytes, limits.max_total_bytes - total);
    CANVASS_ASSIGN_OR_RETURN(std::string data, ReadEntry(za.get(), static_cast<zip_uint64_t>(idx), name, cap, where));
    total += data.size();
    return std::optional<std::string>(std::move(data));
  };
  std::string qde_name = "project.qde";
  if (zip_name_locate(za.get(), qde_name.c_str(), 0) < 0) {
    // Lenient: some tools nest the document; accept a single *.qde anywhere.
    qde_name.clear();
    for (zip_int64_t i = 0; i < count; ++i) {
      const char* n = zip_get_name(za.get(), static_cast<zip_uint64_t>(i), 0);
      std::string s = n ? n : "";
      if (s.size() > 4 && s.compare(s.size() - 4, 4, ".qde") == 0) {
        if (!qde_name.empty()) return Status::Corruption(where + ": several .qde documents and no project.qde");
        qde_name = s;
      }
    }
    if (qde_name.empty()) return Status::Corruption(where + ": no project.qde in the archive");
  }
  CANVASS_ASSIGN_OR_RETURN(std::optional<std::string> qde, load(qde_name));
  if (!qde) return Status::Corruption(where + ": cannot find " + qde_name);
  return refi::ParseProject(*qde, where + ":" + qde_name, limits, load);
}

Result<QdaProject> ReadQdpxFile(const std::string& path, const QdpxLimits& limits) {
  CANVASS_ASSIGN_OR_RETURN(std::string bytes,
                           core::ReadFileBounded(path, static_cast<size_t>(limits.max_archive_bytes)));
  return ReadQdpx(bytes, path, limits);
}

}  // namespace canvass::coding
