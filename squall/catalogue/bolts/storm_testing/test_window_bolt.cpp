#include "squall/catalogue/bolts/storm_testing/test_window_bolt.hpp"

#include <fmt/format.h>

namespace squall::bolts {
namespace {

WindowExtent extent_from(const nlohmann::json& j) {
  if (j.is_object() && j.contains("count") && j["count"].is_number_integer()) return Count{j["count"].get<std::int64_t>()};
  if (j.is_object() && j.contains("duration_ms") && j["duration_ms"].is_number_integer())
    return Duration(j["duration_ms"].get<std::int64_t>());
  throw SettingError(fmt::format("a window extent is a BaseWindowedBolt$Count or $Duration component, not {}", j.dump()));
}

WindowSpec spec_from(const ComponentSettings& settings) {
  const nlohmann::json& w = settings.at("window");
  if (w.is_array() && w.size() == 2) return WindowSpec::sliding(extent_from(w[0]), extent_from(w[1]));
  if (w.is_array() && w.size() == 1) return WindowSpec::tumbling(extent_from(w[0]));
  return WindowSpec::tumbling(extent_from(w));
}

}  // namespace

TestWindowBolt::TestWindowBolt(const ComponentSettings& settings) : WindowedBolt(spec_from(settings)) {}

void TestWindowBolt::execute(const TupleWindow& window) { out_->emit({static_cast<std::int64_t>(window.get().size())}); }

}  // namespace squall::bolts
