#pragma once
// The files of an H2O MOJO (a zip archive), read with libzip, and its model.ini.

#include <map>
#include <string>
#include <vector>

namespace squall::prediction::mojo {

/// model.ini: [info] key = value pairs, the [columns] list and the [domains] entries.
struct ModelIni {
  std::map<std::string, std::string> info;
  std::vector<std::string> columns;
  /// Column index → the domain file's name and its level count.
  std::map<int, std::pair<std::string, int>> domains;

  /// The [info] value of `key`, or `fallback` when absent. Throws ModelError on a missing key
  /// without fallback.
  std::string get(const std::string& key) const;
  std::string get(const std::string& key, const std::string& fallback) const;
  int get_int(const std::string& key) const;
  double get_double(const std::string& key, double fallback) const;
  bool get_bool(const std::string& key, bool fallback) const;
  /// "[1.0, 2.5]" → {1.0, 2.5}; "null" or absent → {}.
  std::vector<double> get_doubles(const std::string& key) const;
};

/// The archive entry of the tree for class `klass` in group (boosting round) `group`:
/// "trees/tCC_GGG.bin", as H2O's SharedTreeMojoWriter names it.
std::string tree_entry(int klass, int group);

/// An opened .mojo / .zip file.
class MojoArchive {
 public:
  /// Opens `path`; throws ModelError naming it when it is not a readable zip with a model.ini.
  /// With `dir` (e.g. "models/GLM/GLM_model_1/"), the archive is the sub-model stored under it,
  /// as H2O's MultiModelMojoReader keeps a RuleFit's linear model: every entry name is relative
  /// to `dir`.
  explicit MojoArchive(const std::string& path, const std::string& dir = "");
  ~MojoArchive();
  MojoArchive(const MojoArchive&) = delete;
  MojoArchive& operator=(const MojoArchive&) = delete;

  bool contains(const std::string& name) const;
  /// The bytes of entry `name`; throws ModelError when missing.
  std::vector<std::uint8_t> read(const std::string& name) const;
  const ModelIni& ini() const noexcept { return ini_; }
  /// The levels of every column (empty for numeric ones), unescaped when the model says so.
  std::vector<std::vector<std::string>> domains() const;
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  std::string dir_;      // the sub-model's folder, or empty
  void* zip_ = nullptr;  // zip_t*
  ModelIni ini_;
};

}  // namespace squall::prediction::mojo
