#include "squall/api/failure_reason.hpp"

#include <fmt/format.h>

namespace squall {

std::string FailureReason::to_string() const {
  if (kind == Kind::timeout) return "timed out (topology.message.timeout.secs)";
  return fmt::format("failed by bolt '{}' (task {})", component, task);
}

}  // namespace squall
