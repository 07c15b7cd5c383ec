#pragma once
// Helpers for the topology-file suites: temporary files and diagnostic matching.

#include <doctest/doctest.h>

#include <string>

#include "support/files.hpp"

#include "squall/flux/topology_loader.hpp"

namespace test {

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
