#pragma once
// org.apache.storm.flux.wrappers.bolts.LogInfoBolt: logs every input tuple at INFO on the logger
// "squall.LogInfoBolt" and acks it. Emits nothing.

#include "topology/bolt.hpp"

namespace squall::bolts {

class LogInfoBolt : public BasicBolt {
 public:
  void execute(const Tuple& input, BasicOutputCollector& collector) override;
};

}  // namespace squall::bolts
