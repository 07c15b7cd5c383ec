#include "squall/catalogue/spouts/synthetic/tweet_spout.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "squall/api/detail/seeded_random.hpp"
#include "squall/api/output_fields_declarer.hpp"

namespace squall::spouts {
namespace {

constexpr std::array<const char*, 12> kTweetWords{"just", "saw", "the", "new", "release", "and", "honestly",
                                                  "what", "a", "day", "for", "everyone"};

}  // namespace

TweetSpout::TweetSpout(const Settings& settings)
    : SequenceSpout(settings.count, settings.tweets_per_second),
      seed_(static_cast<std::uint64_t>(settings.seed)),
      start_ms_(settings.start_ms),
      disorder_ms_(settings.disorder_ms) {
  auto tags = settings.hashtags;
  double exponent = settings.zipf_exponent;
  double per_event_second = settings.tweets_per_event_second;
  // The hashtag table is built here, at validation too: a huge count would allocate without bound.
  if (tags < 1 || tags > 10'000'000) throw SettingError("TweetSpout: hashtags must be from 1 to 10000000");
  if (!std::isfinite(exponent)) throw SettingError("TweetSpout: zipf.exponent must be a finite number");
  if (!(per_event_second > 0)) throw SettingError("TweetSpout: tweets.per.event.second must be positive");
  if (disorder_ms_ < 0) throw SettingError("TweetSpout: disorder.ms must be 0 or more");
  event_interval_ms_ = 1000.0 / per_event_second;
  double total = 0;
  for (std::int64_t rank = 1; rank <= tags; ++rank) cumulative_.push_back(total += std::pow(static_cast<double>(rank), -exponent));
  for (auto& c : cumulative_) c /= total;
}

void TweetSpout::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  declarer.declare({"id", "text", "timestamp"});
}

std::vector<std::string> TweetSpout::hashtags_of(std::int64_t n) const {
  std::uint64_t state = mix64(seed_ ^ mix64(static_cast<std::uint64_t>(n)));
  std::size_t count = 1 + (state % 3);
  std::vector<std::string> tags;
  for (std::size_t i = 0; i < count; ++i) {
    state = mix64(state);
    double u = unit_interval(state);
    auto rank = std::upper_bound(cumulative_.begin(), cumulative_.end(), u) - cumulative_.begin();
    tags.push_back(fmt::format("#t{}", std::min<std::ptrdiff_t>(rank, static_cast<std::ptrdiff_t>(cumulative_.size()) - 1) + 1));
  }
  return tags;
}

std::int64_t TweetSpout::timestamp_of(std::int64_t n) const {
  auto t = start_ms_ + static_cast<std::int64_t>(std::floor(static_cast<double>(n) * event_interval_ms_));
  if (disorder_ms_ > 0) t -= static_cast<std::int64_t>(mix64(~seed_ ^ static_cast<std::uint64_t>(n)) % static_cast<std::uint64_t>(disorder_ms_ + 1));
  return t;
}

Values TweetSpout::make_tuple(std::int64_t n) const {
  std::uint64_t words = mix64(seed_ + static_cast<std::uint64_t>(n));
  auto word = [&](int shift) { return kTweetWords[(words >> shift) % kTweetWords.size()]; };
  std::string text = fmt::format("{} {} {}", word(0), word(8), word(16));
  for (const auto& tag : hashtags_of(n)) text += " " + tag;
  return {n, std::move(text), timestamp_of(n)};
}

void TweetSpout::register_in(ComponentRegistry& registry) {
  registry.add_spout<TweetSpout>({
      .class_name = "squall.spouts.TweetSpout",
      .aliases = {"TweetSpout"},
      .description = "synthetic tweets (id, text, timestamp) with Zipf-distributed hashtags and disordered event times",
  });
}

}  // namespace squall::spouts
