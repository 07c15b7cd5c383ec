#include "squall/catalogue/spouts/storm_testing/fixed_tuple_spout.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/bounded_json.hpp"
#include "squall/api/output_fields_declarer.hpp"
#include "squall/api/spout_output_collector.hpp"

namespace squall::spouts {

FixedTupleSpout::FixedTupleSpout(const Settings& settings) : fields_(settings.fields) {
  const auto& tuples = settings.tuples;
  if (!tuples.is_array()) throw SettingError("FixedTupleSpout: 'tuples' must be a list");
  for (const auto& item : tuples) {
    Values values;
    if (item.is_array())
      for (const auto& v : item) values.push_back(value_from_json(v));
    else
      values.push_back(value_from_json(item));
    if (values.size() != fields_.size())
      throw SettingError(fmt::format("FixedTupleSpout: tuple {} has {} values but fields has {}", json_text(item),
                                     values.size(), fields_.size()));
    tuples_.push_back(std::move(values));
  }
}

void FixedTupleSpout::declare_output_fields(OutputFieldsDeclarer& declarer) const { declarer.declare(Fields(fields_)); }

void FixedTupleSpout::open(const TopologyContext&, SpoutOutputCollector& collector) { collector_ = &collector; }

void FixedTupleSpout::next_tuple() {
  if (next_ == tuples_.size()) return;
  collector_->emit(tuples_[next_], MessageId(static_cast<std::int64_t>(next_)));
  ++next_;
}

void FixedTupleSpout::ack(const MessageId&) { ++acked_; }

void FixedTupleSpout::fail(const MessageId& id) {
  ++failed_;
  if (auto n = fail_log_.admit())
    spdlog::warn("FixedTupleSpout: tuple {} failed (not replayed, as in Storm){}", id.to_string(), suppressed_note(n));
}

}  // namespace squall::spouts
