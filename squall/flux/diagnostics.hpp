#pragma once
// Problems found in a topology file, each with its file:line:column and a hint on the fix.

#include <string>
#include <vector>

#include "squall/api/errors.hpp"

namespace squall {

/// A position in a topology file; line and column count from 1 (0 = unknown).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  /// "file:line:column", or "file" when the position is unknown.
  std::string to_string() const;
};

/// One problem: where, what, and how to fix it (the hint may be empty).
struct Diagnostic {
  SourceLocation where;
  std::string message;
  std::string hint;
  /// "file:line:col: error: message\n    hint: ..." (compiler style, so editors can jump to it).
  std::string to_string() const;
};

/// A topology file is invalid. what() lists every diagnostic; diagnostics() gives them one by one.
class TopologyFileError : public TopologyError {
 public:
  explicit TopologyFileError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// Collects diagnostics so that one pass reports all of them.
class Diagnostics {
 public:
  void add(SourceLocation where, std::string message, std::string hint = {}) {
    list_.push_back({std::move(where), std::move(message), std::move(hint)});
  }
  bool empty() const noexcept { return list_.empty(); }
  std::size_t size() const noexcept { return list_.size(); }
  /// Throws TopologyFileError when any diagnostic was added.
  void throw_if_any() const {
    if (!list_.empty()) throw TopologyFileError(list_);
  }

 private:
  std::vector<Diagnostic> list_;
};

}  // namespace squall
