#pragma once
// SentenceSpout (squall.spouts.SentenceSpout): storm-starter's RandomSentenceSpout, seeded and
// reliable.

#include <string>
#include <vector>

#include "squall/catalogue/spouts/sequence_spout.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::spouts {

/// Emits ("sentence"): sentence n is drawn from `sentences` (default: storm-starter's five, and
/// five with sentiment words) by (`seed`, n), so a replay is identical. `count` per task (0 =
/// endless), `sentences.per.second` per task (0 = unthrottled). Throws SettingError for an empty list.
class SentenceSpout : public SequenceSpout {
 public:
  explicit SentenceSpout(const ComponentSettings& settings);
  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  Values make_tuple(std::int64_t n) const override;
  static void register_in(ComponentRegistry& registry);

 private:
  std::vector<std::string> sentences_;
  std::uint64_t seed_;
};

}  // namespace squall::spouts
