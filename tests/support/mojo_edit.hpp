#pragma once
// Editing H2O MOJO zips for tests: read an entry, replace entries, change a model.ini key.

#include <doctest/doctest.h>
#include <zip.h>

#include <filesystem>
#include <map>
#include <string>

#include "support/files.hpp"

namespace test {

/// The bytes of entry `name` of the zip at `zip_path`.
inline std::string unzip_entry(const std::string& zip_path, const std::string& name) {
  int err = 0;
  zip_t* z = zip_open(zip_path.c_str(), ZIP_RDONLY, &err);
  REQUIRE(z);
  zip_stat_t st;
  REQUIRE(zip_stat(z, name.c_str(), 0, &st) == 0);
  std::string out(st.size, '\0');
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  REQUIRE(zip_fread(f, out.data(), st.size) == static_cast<zip_int64_t>(st.size));
  zip_fclose(f);
  zip_discard(z);
  return out;
}

/// A copy of `mojo` in `dir` with `entries` replaced (or added); returns its path.
inline std::string edited_mojo(const TempDir& dir, const std::string& mojo, const std::map<std::string, std::string>& entries) {
  auto copy = dir.path() / "edited.mojo";
  std::filesystem::copy_file(mojo, copy, std::filesystem::copy_options::overwrite_existing);
  int err = 0;
  zip_t* z = zip_open(copy.c_str(), 0, &err);
  REQUIRE(z);
  for (const auto& [name, text] : entries) {
    zip_source_t* source = zip_source_buffer(z, text.data(), text.size(), 0);
    REQUIRE(zip_file_add(z, name.c_str(), source, ZIP_FL_OVERWRITE) >= 0);
  }
  REQUIRE(zip_close(z) == 0);
  return copy.string();
}

/// `ini` (a model.ini) with `key = value` set; the key must be there.
inline std::string with_ini(std::string ini, const std::string& key, const std::string& value) {
  auto at = ini.find("\n" + key + " = ");
  REQUIRE(at != std::string::npos);
  auto end = ini.find('\n', at + 1);
  return ini.replace(at + 1, end - at - 1, key + " = " + value);
}

}  // namespace test
