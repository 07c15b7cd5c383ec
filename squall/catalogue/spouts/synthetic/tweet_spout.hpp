#pragma once
// TweetSpout (squall.spouts.TweetSpout): synthetic tweets with Zipf-distributed hashtags and
// slightly disordered event times, for trending-hashtag topologies and window benchmarks.

#include <cstdint>
#include <string>
#include <vector>

#include "squall/catalogue/spouts/sequence_spout.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::spouts {

/// Emits ("id", "text", "timestamp"): tweet n has 1 to 3 hashtags drawn from `hashtags` distinct
/// tags with Zipf weights 1/rank^`zipf.exponent` (tag "#t1" is the most frequent), and event time
/// `start.ms` + n * 1000 / `tweets.per.event.second` minus a uniform delay of up to `disorder.ms`.
/// Tweet n is a pure function of (`seed`, n): a replay is identical. `count` per task (0 =
/// endless), `tweets.per.second` of wall time per task (0 = unthrottled).
class TweetSpout : public SequenceSpout {
 public:
  /// Throws SettingError for hashtags < 1, tweets.per.event.second <= 0 or disorder.ms < 0.
  struct Settings {
    std::int64_t seed = 42;
    std::int64_t count = 0;
    double tweets_per_second = 0;
    std::int64_t hashtags = 1000;
    double zipf_exponent = 1.0;
    double tweets_per_event_second = 1000;
    std::int64_t start_ms = 1'704'067'200'000;
    std::int64_t disorder_ms = 0;
    void describe(SettingsSchema& s) {
      s.add(seed, "seed", "the same seed gives the same tweets");
      s.add(count, "count", "tweets per task; 0 = endless");
      s.add(tweets_per_second, "tweets.per.second", "wall-clock rate per task; 0 = unthrottled");
      s.add(hashtags, "hashtags", "distinct hashtags (#t1 .. #tN), at most 10000000");
      s.add(zipf_exponent, "zipf.exponent", "Zipf exponent of hashtag popularity");
      s.add(tweets_per_event_second, "tweets.per.event.second", "event-time density: tweets per second of event time");
      s.add(start_ms, "start.ms", "event time of tweet 0 (ms since the epoch)");
      s.add(disorder_ms, "disorder.ms", "each tweet's event time is up to this much earlier (disorder)");
    }
  };
  explicit TweetSpout(const Settings& settings);
  /// The same from untyped settings, as a C++ topology may give them (SettingError for a missing
  /// required or a mistyped setting).
  explicit TweetSpout(const ComponentSettings& settings) : TweetSpout(read_settings<Settings>(settings)) {}

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  Values make_tuple(std::int64_t n) const override;

  /// The hashtags of tweet n, in the order the text has them.
  std::vector<std::string> hashtags_of(std::int64_t n) const;
  /// Tweet n's event time in ms.
  std::int64_t timestamp_of(std::int64_t n) const;

  static void register_in(ComponentRegistry& registry);

 private:
  std::uint64_t seed_;
  std::vector<double> cumulative_;  // Zipf weights, cumulative, ending at 1
  std::int64_t start_ms_;
  double event_interval_ms_;
  std::int64_t disorder_ms_;
};

}  // namespace squall::spouts
