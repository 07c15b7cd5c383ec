#include "squall/catalogue/bolts/storm_testing/log_info_bolt.hpp"

#include <spdlog/spdlog.h>

namespace squall::bolts {

void LogInfoBolt::prepare(const TopologyContext&) {
  logger_ = spdlog::get("squall.LogInfoBolt");
  if (!logger_) logger_ = spdlog::default_logger();
}

void LogInfoBolt::execute(const Tuple& input, BasicOutputCollector&) { logger_->info("{}", input.to_string()); }

}  // namespace squall::bolts
