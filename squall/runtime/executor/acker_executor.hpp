#pragma once
// Runs one acker task: Storm's XOR ledger, telling spout tasks when their tuples complete or fail.

#include "squall/runtime/acking/ack_ledger.hpp"
#include "squall/runtime/executor/executor.hpp"

namespace squall::runtime {

class AckerExecutor final : public Executor {
 public:
  using Executor::Executor;

 private:
  void setup() override;
  void loop() override;
  void teardown() override {}
  void handle(const Envelope& e);

  AckLedger ledger_;
  SteadyClock::time_point next_rotation_;
};

}  // namespace squall::runtime
