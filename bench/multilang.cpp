// Multilang: sentences/s and words/s through a Python split bolt (examples/multilang/resources/
// splitsentence.py on squall's storm.py: every emit a round trip, as Storm's storm.py does) and
// through a C++ bolt doing the same work, in one run, acking on.
//   bench_multilang [RUNS]   prints one JSON object of medians.
// Topology: a C++ spout (the 5 sentences of Storm's example, in turn, with message ids) → split
// (one task: one Python process) → a C++ sink counting words. Max spout pending 1,000.
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "pipeline.hpp"
#include "squall/multilang/shell_bolt.hpp"

using namespace squall;
using bench::median;

namespace {

const char* const kSentences[] = {"the cow jumped over the moon", "an apple a day keeps the doctor away",
                                  "four score and seven years ago", "snow white and the seven dwarfs",
                                  "i am at two with nature"};

class SentenceSpout : public Spout {
 public:
  explicit SentenceSpout(std::int64_t count) : count_(count) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"sentence"}); }
  void open(const TopologyContext&, SpoutOutputCollector& c) override { out_ = &c; }
  void next_tuple() override {
    if (next_ >= count_) return;
    out_->emit({kSentences[next_ % 5]}, MessageId(next_));
    ++next_;
  }
  bool exhausted() const override { return next_ >= count_; }

 private:
  std::int64_t count_, next_ = 0;
  SpoutOutputCollector* out_ = nullptr;
};

/// What splitsentence.py does, in C++.
class SplitBolt : public BasicBolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"word"}); }
  void execute(const Tuple& in, BasicOutputCollector& out) override {
    std::istringstream words(in.get_string(0));
    for (std::string w; words >> w;) out.emit({w});
  }
};

class WordSink : public BasicBolt {
 public:
  void execute(const Tuple&, BasicOutputCollector&) override {}
};

struct Rate {
  double sentences_per_s, words_per_s;
};

Rate run(bool python, std::int64_t sentences) {
  TopologyBuilder b;
  b.set_spout("sentences", [=] { return std::make_unique<SentenceSpout>(sentences); });
  if (python) {
    multilang::ShellSettings s{.command = {"python3", "splitsentence.py"}, .streams = {{"default", Fields{"word"}}}};
    b.set_bolt("split", [s] { return std::make_unique<multilang::ShellBolt>(s); }).shuffle_grouping("sentences");
  } else {
    b.set_bolt("split", [] { return std::make_unique<SplitBolt>(); }).shuffle_grouping("sentences");
  }
  b.set_bolt("sink", [] { return std::make_unique<WordSink>(); }).shuffle_grouping("split");
  Config config;
  config.set(config_keys::kMaxSpoutPending, 1000);
  config.set(config_keys::kProgressIntervalSecs, 0);
  config.set(config_keys::kMultilangResourcesDir, std::string(SQUALL_SOURCE_DIR) + "/examples/multilang/resources");
  auto done = bench::run_to_completion(b, config);
  double words = static_cast<double>(done.metrics.component("sink")->executed);
  return {static_cast<double>(sentences) / done.secs, words / done.secs};
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  int runs = argc > 1 ? std::atoi(argv[1]) : 3;
  const std::int64_t python_sentences = 20'000, cpp_sentences = 1'000'000;
  std::vector<double> py_s, py_w, cpp_s, cpp_w;
  for (int r = 0; r < runs; ++r) {  // alternating, so that both see the same machine
    auto p = run(true, python_sentences);
    auto c = run(false, cpp_sentences);
    py_s.push_back(p.sentences_per_s);
    py_w.push_back(p.words_per_s);
    cpp_s.push_back(c.sentences_per_s);
    cpp_w.push_back(c.words_per_s);
  }
  nlohmann::json out = {
      {"bench", "multilang"},
      {"runs", runs},
      {"acking", true},
      {"python_split", {{"sentences", python_sentences}, {"sentences_per_s", median(py_s)}, {"words_per_s", median(py_w)}}},
      {"cpp_split", {{"sentences", cpp_sentences}, {"sentences_per_s", median(cpp_s)}, {"words_per_s", median(cpp_w)}}},
      {"cpp_over_python", median(cpp_s) / median(py_s)},
      {"peak_rss_mib", bench::peak_rss_mib()},
  };
  std::printf("%s\n", out.dump(2).c_str());
}
