#pragma once
// Helpers for the topology-file suites: temporary files and diagnostic matching.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "topology/yaml/topology_loader.hpp"

namespace test {

/// A fresh directory under the system temp dir, removed at scope exit.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("squall-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  /// Writes `text` to `name` inside the directory and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    auto p = path_ / name;
    std::ofstream(p) << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};

/// The diagnostics of loading `yaml`; fails the test when it loads without error.
inline std::vector<squall::Diagnostic> diagnostics_of(const std::string& yaml, const squall::LoadOptions& options = {}) {
  try {
    squall::load_topology_yaml(yaml, "t.yaml", options);
  } catch (const squall::TopologyFileError& e) {
    return e.diagnostics();
  }
  FAIL("the topology loaded without errors");
  return {};
}

/// True when some diagnostic is at line:column and its message contains `text`.
inline bool has_diagnostic(const std::vector<squall::Diagnostic>& list, int line, int column, const std::string& text) {
  for (const auto& d : list)
    if (d.where.line == line && d.where.column == column && d.message.find(text) != std::string::npos) return true;
  std::string all;
  for (const auto& d : list) all += d.to_string() + "\n";
  MESSAGE("diagnostics were:\n" << all);
  return false;
}

/// The hint of the diagnostic whose message contains `text`, or "".
inline std::string hint_of(const std::vector<squall::Diagnostic>& list, const std::string& text) {
  for (const auto& d : list)
    if (d.message.find(text) != std::string::npos) return d.hint;
  return {};
}

}  // namespace test
