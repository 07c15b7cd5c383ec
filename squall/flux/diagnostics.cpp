#include "squall/flux/diagnostics.hpp"

#include <fmt/format.h>

namespace squall {

std::string SourceLocation::to_string() const {
  if (line <= 0) return file;
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string Diagnostic::to_string() const {
  std::string out = fmt::format("{}: error: {}", where.to_string(), message);
  if (!hint.empty()) out += fmt::format("\n    hint: {}", hint);
  return out;
}

namespace {
std::string join_diagnostics(const std::vector<Diagnostic>& list) {
  std::string out;
  for (const auto& d : list) {
    if (!out.empty()) out += '\n';
    out += d.to_string();
  }
  return out;
}
}  // namespace

TopologyFileError::TopologyFileError(std::vector<Diagnostic> diagnostics)
    : TopologyError(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace squall
