#pragma once
// org.apache.storm.flux.wrappers.bolts.LogInfoBolt: logs every input tuple at INFO on the logger
// "squall.LogInfoBolt" (the default logger when none is registered under that name) and acks it.
// Emits nothing.

#include <memory>

#include "squall/api/bolt.hpp"

namespace spdlog {
class logger;
}

namespace squall::bolts {

class LogInfoBolt : public BasicBolt {
 public:
  /// Looks the logger up once, not per tuple.
  void prepare(const TopologyContext& context) override;
  void execute(const Tuple& input, BasicOutputCollector& collector) override;

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace squall::bolts
