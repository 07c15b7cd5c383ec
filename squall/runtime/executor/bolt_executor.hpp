#pragma once
// Runs bolt tasks on their own thread: receive batches, execute, deliver tick tuples.

#include "squall/runtime/executor/bolt_stage.hpp"
#include "squall/runtime/executor/executor.hpp"

namespace squall::runtime {

class BoltExecutor final : public Executor {
 public:
  BoltExecutor(RunState& run, const ExecutorPlan& plan);
  ~BoltExecutor() override;

 private:
  void setup() override {
    bolts_.setup();
    add_polled(bolts_);
  }
  void loop() override;
  void teardown() override { bolts_.teardown(); }

  BoltStage bolts_;
};

}  // namespace squall::runtime
