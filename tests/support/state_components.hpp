#pragma once
// Spouts and a stateful bolt for the state suites: words "w0".."w<distinct - 1>" in turn, from a
// spout that replays failed ids (Storm's at-least-once) or one that rewinds (exactly-once), and
// Storm's StatefulWordCounter with hooks the tests watch.

#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <vector>

#include "squall/api/state/replayable_spout.hpp"
#include "squall/api/state/stateful_bolt.hpp"
#include "squall/state/checkpointed_state.hpp"
#include "support/test_components.hpp"

namespace test {

/// The word of tuple `i`.
inline std::string word_of(std::int64_t i, int distinct) { return "w" + std::to_string(i % distinct); }

/// Each word's count in `tuples` tuples: what a stateful word count must end with.
inline std::map<std::string, std::int64_t> expected_counts(std::int64_t tuples, int distinct) {
  std::map<std::string, std::int64_t> counts;
  for (std::int64_t i = 0; i < tuples; ++i) ++counts[word_of(i, distinct)];
  return counts;
}

/// Emits `count` words (field "word") with message ids 0..count-1; replays each failed id. With
/// `Base` = squall::ReplayableSpout (RewindingWordSpout) it also reports its position, the next
/// index, and rewinds to one.
template <typename Base>
class WordSpoutOf : public Base {
 public:
  WordSpoutOf(std::shared_ptr<SpoutLog> log, std::int64_t count, int distinct)
      : log_(std::move(log)), count_(count), distinct_(distinct) {}
  void declare_output_fields(squall::OutputFieldsDeclarer& d) const override { d.declare({"word"}); }
  void open(const squall::TopologyContext&, squall::SpoutOutputCollector& c) override { out_ = &c; }
  void next_tuple() override {
    std::int64_t id;
    if (!replay_.empty()) {
      id = replay_.back();
      replay_.pop_back();
    } else if (next_ < count_) {
      id = next_++;
    } else {
      return;
    }
    ++log_->emitted;
    out_->emit({word_of(id, distinct_)}, squall::MessageId(id));
  }
  void ack(const squall::MessageId& id) override {
    std::lock_guard l(log_->mutex);
    ++log_->acks[id.as_int()];
  }
  void fail(const squall::MessageId& id, const squall::FailureReason& why) override {
    replay_.push_back(id.as_int());
    std::lock_guard l(log_->mutex);
    ++log_->fails[id.as_int()];
    log_->reasons.push_back(why);
  }
  bool exhausted() const override { return next_ >= count_ && replay_.empty(); }

 protected:
  std::shared_ptr<SpoutLog> log_;
  std::int64_t count_, next_ = 0;
  int distinct_;
  squall::SpoutOutputCollector* out_ = nullptr;
  std::vector<std::int64_t> replay_;
};

using WordSpout = WordSpoutOf<squall::Spout>;

class RewindingWordSpout : public WordSpoutOf<squall::ReplayableSpout> {
 public:
  using WordSpoutOf::WordSpoutOf;
  squall::Value position() const override { return next_; }
  void rewind(const squall::Value& position) override {
    next_ = position.is_nil() ? 0 : position.as_int();
    replay_.clear();
    ++rewinds;
  }
  static inline std::atomic<int> rewinds{0};
};

/// What the counting bolts did, seen from the test.
struct CounterLog {
  std::atomic<int> executed{0}, commits{0}, rollbacks{0};
  std::atomic<std::int64_t> fail_prepare_of{-1};  ///< pre_prepare of this txid throws, once
};

/// Storm's StatefulWordCounter (counts field `field`, emits (word, count)) with hooks the test
/// watches.
class WatchedCounter : public squall::StatefulBolt {
 public:
  explicit WatchedCounter(std::shared_ptr<CounterLog> log, std::string field = "word")
      : log_(std::move(log)), field_(std::move(field)) {}
  void declare_output_fields(squall::OutputFieldsDeclarer& d) const override { d.declare({"word", "count"}); }
  void prepare(const squall::TopologyContext&, squall::OutputCollector& c) override { out_ = &c; }
  void init_state(squall::KeyValueState& state) override { counts_ = &state; }
  void execute(const squall::Tuple& in) override {
    const std::string& word = in.get_string(field_);
    auto count = counts_->get(word, std::int64_t{0}).as_int() + 1;
    counts_->put(word, count);
    out_->emit(in, {word, count});
    out_->ack(in);
    ++log_->executed;
  }
  void pre_prepare(std::int64_t txid) override {
    auto expected = txid;
    if (log_->fail_prepare_of.compare_exchange_strong(expected, -1))
      throw std::runtime_error("the disk is full (injected)");
  }
  void pre_commit(std::int64_t) override { ++log_->commits; }
  void pre_rollback() override { ++log_->rollbacks; }

 private:
  std::shared_ptr<CounterLog> log_;
  std::string field_;
  squall::OutputCollector* out_ = nullptr;
  squall::KeyValueState* counts_ = nullptr;
};

/// Every (word, count) `open(task)`'s committed state holds, summed over `tasks`.
inline std::map<std::string, std::int64_t> stored_counts(
    const std::function<std::unique_ptr<squall::state::StateBackend>(int)>& open, const std::vector<int>& tasks) {
  std::map<std::string, std::int64_t> all;
  for (int task : tasks) {
    squall::state::CheckpointedState stored(open(task));
    stored.for_each([&](const squall::Value& k, const squall::Value& v) { all[k.as_string()] += v.as_int(); });
  }
  return all;
}

/// The last value of field `value_field` seen for each key (the values of `key_fields`, joined
/// by '|'). After a rollback a stateful bolt goes on from its committed state, so once the stream
/// is through, the last values it emitted are its final state.
struct LatestValues {
  std::mutex mutex;
  std::map<std::string, std::int64_t> values;
  std::map<std::string, std::int64_t> snapshot() {
    std::lock_guard l(mutex);
    return values;
  }
};

class LatestValuesBolt : public squall::Bolt {
 public:
  LatestValuesBolt(std::shared_ptr<LatestValues> latest, std::vector<std::string> key_fields, std::string value_field)
      : latest_(std::move(latest)), key_fields_(std::move(key_fields)), value_field_(std::move(value_field)) {}
  void prepare(const squall::TopologyContext&, squall::OutputCollector& c) override { out_ = &c; }
  void execute(const squall::Tuple& in) override {
    std::string key;
    for (const auto& f : key_fields_) key += (key.empty() ? "" : "|") + in.get(f).to_string();
    {
      std::lock_guard l(latest_->mutex);
      latest_->values[key] = in.get_int(value_field_);
    }
    out_->ack(in);
  }

 private:
  std::shared_ptr<LatestValues> latest_;
  std::vector<std::string> key_fields_;
  std::string value_field_;
  squall::OutputCollector* out_ = nullptr;
};

/// Passes the input's `fields` on (under the same names), anchored; fails every `every`-th tuple,
/// three times in all: failures in the middle of a stream.
class FlakyBolt : public squall::Bolt {
 public:
  FlakyBolt(int every, std::vector<std::string> fields) : every_(every), fields_(std::move(fields)) {}
  void declare_output_fields(squall::OutputFieldsDeclarer& d) const override { d.declare(squall::Fields(fields_)); }
  void prepare(const squall::TopologyContext&, squall::OutputCollector& c) override { out_ = &c; }
  void execute(const squall::Tuple& in) override {
    if (++seen_ % every_ == 0 && failures_ < 3) {
      ++failures_;
      return out_->fail(in);
    }
    squall::Values out;
    for (const auto& f : fields_) out.push_back(in.get(f));
    out_->emit(in, std::move(out));
    out_->ack(in);
  }

 private:
  int every_, seen_ = 0, failures_ = 0;
  std::vector<std::string> fields_;
  squall::OutputCollector* out_ = nullptr;
};

}  // namespace test
