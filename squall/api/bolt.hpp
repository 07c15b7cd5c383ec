#pragma once
// A processing step (Storm's IRichBolt) and its basic variant (Storm's IBasicBolt).

#include "squall/api/errors.hpp"
#include "squall/api/config.hpp"
#include "squall/api/output_collector.hpp"
#include "squall/api/output_fields_declarer.hpp"
#include "squall/api/topology_context.hpp"
#include "squall/api/tuple.hpp"

namespace squall {

/// A bolt task. squall calls every method from the one executor thread that owns the task.
/// The bolt must ack or fail every input (see BasicBolt for automatic acking). An exception thrown
/// by execute() fails the input and is reported; the executor keeps going.
class Bolt {
 public:
  virtual ~Bolt() = default;

  /// Declares the output streams. A sink declares none.
  virtual void declare_output_fields(OutputFieldsDeclarer& declarer) const { (void)declarer; }
  /// Called once before the first tuple; keep the collector for emitting and acking.
  virtual void prepare(const TopologyContext& context, OutputCollector& collector) = 0;
  /// Processes one input tuple (or a tick tuple: input.is_tick()).
  virtual void execute(const Tuple& input) = 0;
  virtual void cleanup() {}
  /// For a bolt that also gets work from outside its inputs (a subprocess's output, a socket): a
  /// file descriptor that the thread running the bolt (its executor's, or its host's when it is
  /// chained) waits on beside its inbox; -1 (the default) for none. Asked once, after prepare().
  virtual int poll_fd() const { return -1; }
  /// Called on the bolt's thread, for a bolt with a poll_fd(), after each batch of input, when the
  /// fd becomes readable, and at least every 10 ms: read what is ready (without blocking) and
  /// emit, ack or fail from here, as from execute.
  virtual void poll() {}
  /// Config this bolt needs for itself, e.g. topology.tick.tuple.freq.secs for a bolt that
  /// flushes on a timer (Storm's getComponentConfiguration). Put over the topology config; the
  /// topology's per-component settings go over it.
  virtual Config component_configuration() const { return {}; }
};

/// The collector of a BasicBolt: every emit is anchored to the current input.
class BasicOutputCollector {
 public:
  BasicOutputCollector(OutputCollector& out, const Tuple& input) : out_(out), input_(input) {}
  std::span<const int> emit(Values values) { return out_.emit(input_, std::move(values)); }
  std::span<const int> emit(std::string_view stream, Values values) { return out_.emit(stream, input_, std::move(values)); }
  void emit_direct(int task, std::string_view stream, Values values) { out_.emit_direct(task, stream, input_, std::move(values)); }
  void reset_timeout() { out_.reset_timeout(input_); }
  void report_error(std::string_view message) { out_.report_error(message); }

 private:
  OutputCollector& out_;
  const Tuple& input_;
};

/// A bolt that anchors every emit to its input and acks the input when execute returns.
/// Throw FailedException to fail the input instead (Storm's BaseBasicBolt).
class BasicBolt : public Bolt {
 public:
  /// Override to set up state; the collector is managed for you.
  virtual void prepare(const TopologyContext& context) { (void)context; }
  virtual void execute(const Tuple& input, BasicOutputCollector& collector) = 0;

  void prepare(const TopologyContext& context, OutputCollector& collector) final {
    collector_ = &collector;
    prepare(context);
  }
  void execute(const Tuple& input) final {
    BasicOutputCollector out(*collector_, input);
    try {
      execute(input, out);
    } catch (const FailedException&) {
      collector_->fail(input);
      return;
    }
    collector_->ack(input);
  }

 private:
  OutputCollector* collector_ = nullptr;
};

}  // namespace squall
