#include "squall/windowing/window_validation.hpp"

#include <fmt/format.h>

#include "squall/api/errors.hpp"
#include "squall/windowing/window_spec.hpp"

namespace squall {
namespace {

// One bolt's problem, or "" when its window fits.
std::string check(const std::string& id, const WindowSpec& spec, const Config& config) {
  if (!spec.count_length() || !spec.count_slide()) {
    // Any time component: the oldest tuple waits up to length + slide of time (a count window
    // with a time slide waits a slide; time length with count slide waits the length).
    std::int64_t wait_ms = 0;
    if (!spec.count_length()) wait_ms += extent_units(spec.length);
    if (!spec.count_slide()) wait_ms += extent_units(spec.slide);
    if (spec.event_time()) wait_ms += spec.max_lag.count() + spec.watermark_interval.count();
    std::int64_t timeout_ms = config.get(config_keys::kMessageTimeoutSecs) * 1000;
    if (wait_ms >= timeout_ms)
      return fmt::format(
          "bolt '{}': its {} holds a tuple up to {} ms (length + slide{}), more than {} = {} s; raise {} above {} "
          "or shorten the window",
          id, spec.to_string(), wait_ms, spec.event_time() ? " + lag + watermark interval" : "",
          config_keys::kMessageTimeoutSecs, timeout_ms / 1000, config_keys::kMessageTimeoutSecs, wait_ms / 1000);
  }
  if (spec.count_length() || spec.count_slide()) {
    std::int64_t count = 0;
    if (spec.count_length()) count += extent_units(spec.length);
    if (spec.count_slide()) count += extent_units(spec.slide);
    std::int64_t pending = config.get(config_keys::kMaxSpoutPending);
    if (pending > 0 && count > pending)
      return fmt::format(
          "bolt '{}': its {} needs {} tuples un-acked at once (length + slide), more than {} = {}; raise {} to at "
          "least {} or shorten the window",
          id, spec.to_string(), count, config_keys::kMaxSpoutPending, pending, config_keys::kMaxSpoutPending, count);
  }
  return {};
}

}  // namespace

std::string window_limit_problem(const ComponentDef& c, const Config& topology_config) {
  if (c.kind != ComponentDef::Kind::bolt) return {};
  Config config = effective_config(topology_config, c);
  if (!config.contains(config_keys::kWindowLengthCount) && !config.contains(config_keys::kWindowLengthDurationMs))
    return {};
  try {
    WindowSpec spec = WindowSpec::from_config(config);
    if (config.get(config_keys::kAckerExecutors) == 0) return {};
    return check(c.id, spec, config);
  } catch (const TopologyError& e) {
    return fmt::format("bolt '{}': {}", c.id, e.what());
  }
}

void validate_windows(const Topology& topology, const Config& topology_config) {
  std::string message;
  for (const auto& c : topology.components())
    if (auto problem = window_limit_problem(c, topology_config); !problem.empty()) message += "\n  - " + problem;
  if (!message.empty()) throw TopologyError("the topology's windows do not fit its limits:" + message);
}

}  // namespace squall
