#include "squall/ml/mojo/mojo_archive.hpp"

#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <zip.h>

#include "squall/ml/model.hpp"

namespace squall::prediction::mojo {

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

ModelIni parse_ini(const std::string& text, const std::string& path) {
  ModelIni ini;
  std::stringstream in(text);
  std::string line, section;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = line.substr(1, line.size() - 2);
      continue;
    }
    if (section == "info") {
      auto eq = line.find('=');
      if (eq != std::string::npos) ini.info[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
    } else if (section == "columns") {
      ini.columns.push_back(line);
    } else if (section == "domains") {
      // "3: 186 d003.txt"
      int column = 0, levels = 0;
      char file[256] = {};
      if (std::sscanf(line.c_str(), "%d: %d %255s", &column, &levels, file) != 3)
        throw ModelError(fmt::format("MOJO '{}': malformed [domains] line '{}' in model.ini", path, line));
      ini.domains[column] = {file, levels};
    }
  }
  return ini;
}

/// H2O escapes domain values when escape_domain_values = true: a value is written quoted, with
/// `\"` and `\\` (and \n) escaped, when it needs it.
std::string unescape(const std::string& s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return s;
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) {
      char n = s[++i];
      out += n == 'n' ? '\n' : n;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::string ModelIni::get(const std::string& key) const {
  auto it = info.find(key);
  if (it == info.end()) throw ModelError(fmt::format("model.ini has no '{}'", key));
  return it->second;
}
std::string ModelIni::get(const std::string& key, const std::string& fallback) const {
  auto it = info.find(key);
  return it == info.end() ? fallback : it->second;
}
int ModelIni::get_int(const std::string& key) const { return std::stoi(get(key)); }
double ModelIni::get_double(const std::string& key, double fallback) const {
  auto it = info.find(key);
  return it == info.end() || it->second == "null" ? fallback : std::stod(it->second);
}
bool ModelIni::get_bool(const std::string& key, bool fallback) const {
  auto it = info.find(key);
  return it == info.end() ? fallback : it->second == "true";
}
std::vector<double> ModelIni::get_doubles(const std::string& key) const {
  auto it = info.find(key);
  std::vector<double> out;
  if (it == info.end() || it->second == "null") return out;
  std::string s = it->second;
  for (char& c : s)
    if (c == '[' || c == ']' || c == ',') c = ' ';
  std::stringstream in(s);
  std::string item;
  while (in >> item) out.push_back(std::stod(item));
  return out;
}

MojoArchive::MojoArchive(const std::string& path, const std::string& dir) : path_(path), dir_(dir) {
  int error = 0;
  zip_ = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (!zip_) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, error);
    std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw ModelError(fmt::format("MOJO '{}' cannot be opened as a zip: {}", path, why));
  }
  try {
    if (!contains("model.ini"))
      throw ModelError(fmt::format("'{}' is a zip but not an H2O MOJO: it has no {}model.ini", path, dir));
    auto bytes = read("model.ini");
    ini_ = parse_ini(std::string(bytes.begin(), bytes.end()), path);
  } catch (...) {  // the destructor does not run for a constructor that throws (LeakSanitizer, fuzzing)
    zip_discard(static_cast<zip_t*>(std::exchange(zip_, nullptr)));
    throw;
  }
}

MojoArchive::~MojoArchive() {
  if (zip_) zip_discard(static_cast<zip_t*>(zip_));
}

bool MojoArchive::contains(const std::string& name) const {
  return zip_name_locate(static_cast<zip_t*>(zip_), (dir_ + name).c_str(), 0) >= 0;
}

std::vector<std::uint8_t> MojoArchive::read(const std::string& entry) const {
  auto* z = static_cast<zip_t*>(zip_);
  const std::string name = dir_ + entry;
  zip_stat_t st;
  if (zip_stat(z, name.c_str(), 0, &st) != 0) throw ModelError(fmt::format("MOJO '{}' has no entry '{}'", path_, name));
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  if (!f) throw ModelError(fmt::format("MOJO '{}': cannot open entry '{}'", path_, name));
  std::vector<std::uint8_t> data(st.size);
  zip_int64_t n = zip_fread(f, data.data(), st.size);
  zip_fclose(f);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size)
    throw ModelError(fmt::format("MOJO '{}': entry '{}' is truncated", path_, name));
  return data;
}

std::vector<std::vector<std::string>> MojoArchive::domains() const {
  std::vector<std::vector<std::string>> out(ini_.columns.size());
  const bool escaped = ini_.get_bool("escape_domain_values", false);
  for (const auto& [column, entry] : ini_.domains) {
    if (column < 0 || static_cast<std::size_t>(column) >= out.size())
      throw ModelError(fmt::format("MOJO '{}': domain for column {} of {}", path_, column, out.size()));
    auto bytes = read("domains/" + entry.first);
    std::stringstream in(std::string(bytes.begin(), bytes.end()));
    std::string level;
    while (std::getline(in, level)) {
      if (!level.empty() && level.back() == '\r') level.pop_back();
      out[column].push_back(escaped ? unescape(level) : level);
    }
    if (static_cast<int>(out[column].size()) != entry.second)
      throw ModelError(fmt::format("MOJO '{}': domain file {} has {} levels, model.ini says {}", path_, entry.first,
                                   out[column].size(), entry.second));
  }
  return out;
}

std::string tree_entry(int klass, int group) { return fmt::format("trees/t{:02d}_{:03d}.bin", klass, group); }

}  // namespace squall::prediction::mojo
