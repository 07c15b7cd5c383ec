#pragma once
// The word count example's components: sentences → split → count → console.
// Read this file top to bottom to learn how a spout and bolts are written.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/spout.hpp"

namespace word_count {

/// Emits sentences from a fixed list, each with a message id so that squall tracks it. A failed
/// sentence is emitted again. Finite (`limit` sentences, then exhausted) or endless (limit 0).
class SentenceSpout : public squall::Spout {
 public:
  explicit SentenceSpout(std::uint64_t limit = 0) : limit_(limit) {}

  void declare_output_fields(squall::OutputFieldsDeclarer& d) const override { d.declare({"sentence"}); }
  void open(const squall::TopologyContext& context, squall::SpoutOutputCollector& collector) override {
    collector_ = &collector;
    // Split the work between tasks: task i emits sentences i, i + n, i + 2n, ...
    next_ = static_cast<std::uint64_t>(context.task_index());
    step_ = static_cast<std::uint64_t>(context.component_parallelism());
  }
  void next_tuple() override {
    if (!replay_.empty()) {
      auto id = replay_.back();
      replay_.pop_back();
      emit(id);
    } else if (limit_ == 0 || next_ < limit_) {
      emit(next_);
      next_ += step_;
    }
  }
  void fail(const squall::MessageId& id) override { replay_.push_back(static_cast<std::uint64_t>(id.as_int())); }
  bool exhausted() const override { return limit_ != 0 && next_ >= limit_ && replay_.empty(); }

  static const std::vector<std::string>& sentences() {
    static const std::vector<std::string> s{"the cow jumped over the moon", "an apple a day keeps the doctor away",
                                            "four score and seven years ago", "snow white and the seven dwarfs",
                                            "i am at two with nature"};
    return s;
  }

 private:
  void emit(std::uint64_t id) { collector_->emit({sentences()[id % sentences().size()]}, static_cast<std::int64_t>(id)); }

  squall::SpoutOutputCollector* collector_ = nullptr;
  std::uint64_t limit_, next_ = 0, step_ = 1;
  std::vector<std::uint64_t> replay_;
};

/// Splits a sentence into words. A BasicBolt: every emit is anchored to the input, and the input
/// is acked when execute returns.
class SplitSentenceBolt : public squall::BasicBolt {
 public:
  void declare_output_fields(squall::OutputFieldsDeclarer& d) const override { d.declare({"word"}); }
  void execute(const squall::Tuple& input, squall::BasicOutputCollector& out) override {
    const std::string& sentence = input.get_string("sentence");
    std::size_t start = 0;
    while (start < sentence.size()) {
      std::size_t end = sentence.find(' ', start);
      if (end == std::string::npos) end = sentence.size();
      if (end > start) out.emit({sentence.substr(start, end - start)});
      start = end + 1;
    }
  }
};

/// Counts words. A fields grouping on "word" sends every occurrence of a word to the same task,
/// so each task's map holds the full count of its words.
class WordCountBolt : public squall::BasicBolt {
 public:
  void declare_output_fields(squall::OutputFieldsDeclarer& d) const override { d.declare({"word", "count"}); }
  void execute(const squall::Tuple& input, squall::BasicOutputCollector& out) override {
    const std::string& word = input.get_string("word");
    out.emit({word, ++counts_[word]});
  }

 private:
  std::unordered_map<std::string, std::int64_t> counts_;
};

/// The latest count of each word, shared by the FinalCountsBolt tasks of this process and read by
/// main() when the run is over: a sink's results need a home, and the topology hands it one.
struct FinalCounts {
  std::mutex mutex;
  std::map<std::string, std::int64_t> counts;
};

/// Keeps the latest count per word in `counts`.
class FinalCountsBolt : public squall::BasicBolt {
 public:
  explicit FinalCountsBolt(std::shared_ptr<FinalCounts> counts) : counts_(std::move(counts)) {}
  void execute(const squall::Tuple& input, squall::BasicOutputCollector&) override {
    std::lock_guard lock(counts_->mutex);
    auto& c = counts_->counts[input.get_string("word")];
    c = std::max(c, input.get_int("count"));
  }

 private:
  std::shared_ptr<FinalCounts> counts_;
};

}  // namespace word_count
