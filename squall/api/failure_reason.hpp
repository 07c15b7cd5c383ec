#pragma once
// Why a spout tuple failed: Storm users' most asked question, answered.

#include <string>

namespace squall {

/// Passed to Spout::fail(id, reason) and written to the log.
struct FailureReason {
  enum class Kind {
    timeout,  ///< the tree was not complete within topology.message.timeout.secs
    failed,   ///< a bolt called fail() on a tuple of the tree (or its execute threw)
  };
  Kind kind = Kind::failed;
  std::string component;  ///< the failing bolt (empty for a timeout)
  int task = -1;          ///< the failing bolt's task (-1 for a timeout)

  /// "timed out after 30 s" / "failed by bolt 'split' (task 3)"
  std::string to_string() const;
};

}  // namespace squall
