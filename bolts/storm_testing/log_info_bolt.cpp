#include "bolts/storm_testing/log_info_bolt.hpp"

#include <spdlog/spdlog.h>

namespace squall::bolts {

namespace {
std::shared_ptr<spdlog::logger> tuple_logger() {
  auto logger = spdlog::get("squall.LogInfoBolt");
  return logger ? logger : spdlog::default_logger();
}
}  // namespace

void LogInfoBolt::execute(const Tuple& input, BasicOutputCollector&) { tuple_logger()->info("{}", input.to_string()); }

}  // namespace squall::bolts
