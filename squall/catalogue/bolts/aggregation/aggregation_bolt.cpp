#include "squall/catalogue/bolts/aggregation/aggregation_bolt.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "squall/api/errors.hpp"
#include "squall/catalogue/bolts/aggregation/group_key.hpp"
#include "squall/windowing/late_tuples.hpp"

namespace squall::bolts {
namespace {

using aggregation::AggregateKind;

const Value kNil;

std::optional<WindowExtent> extent(std::optional<std::int64_t> ms_setting, std::optional<std::int64_t> count_setting,
                                   std::string_view ms_key, std::string_view count_key) {
  auto ms = ms_setting.value_or(0), count = count_setting.value_or(0);
  if (ms && count) throw SettingError(fmt::format("AggregationBolt: set {} or {}, not both", ms_key, count_key));
  if (ms < 0 || count < 0) throw SettingError(fmt::format("AggregationBolt: {} and {} must be positive", ms_key, count_key));
  if (ms) return WindowExtent{Duration(ms)};
  if (count) return WindowExtent{Count{count}};
  return std::nullopt;
}

std::optional<WindowSpec> window_of(const AggregationBolt::Settings& s) {
  auto length = extent(s.window_length_ms, s.window_length_count, "window.length.ms", "window.length.count");
  auto slide = extent(s.window_slide_ms, s.window_slide_count, "window.slide.ms", "window.slide.count");
  if (!length) {
    if (slide) throw SettingError("AggregationBolt: a slide needs a window length (window.length.ms or window.length.count)");
    return std::nullopt;
  }
  WindowSpec spec = WindowSpec::sliding(*length, slide.value_or(*length));
  if (spec.count_length() != spec.count_slide())
    throw SettingError(
        "AggregationBolt: give the window's length and slide both in ms or both in tuples (a mixed window needs a "
        "WindowedBolt)");
  spec.timestamp_field = s.timestamp_field;
  if (spec.event_time() && spec.count_length())
    throw SettingError("AggregationBolt: an event-time window (timestamp.field) is measured in ms, not tuples");
  spec.max_lag = Duration(s.max_lag_ms);
  spec.watermark_interval = Duration(s.watermark_interval_ms);
  spec.late_tuple_stream = s.late_stream;
  spec.idle_timeout = Duration(s.idle_timeout_ms);
  if (spec.max_lag.count() < 0 || spec.watermark_interval.count() < 1)
    throw SettingError("AggregationBolt: max.lag.ms must be >= 0 and watermark.interval.ms >= 1");
  return spec;
}

bool tracked(const Tuple& t) { return t.tracked(); }

}  // namespace

AggregationBolt::AggregationBolt(const Settings& s)
    : group_by_(s.group_by),
      aggregates_(aggregation::parse_aggregates(s.aggregates)),
      window_(window_of(s)),
      top_n_(static_cast<std::size_t>(std::max<std::int64_t>(0, s.top_n))),
      hll_precision_(static_cast<int>(std::clamp<std::int64_t>(s.hll_precision, -1, 99))),
      stateful_(s.stateful) {
  if (hll_precision_ < 4 || hll_precision_ > 16) throw SettingError("AggregationBolt: hll.precision must be 4 to 16");
  auto by = s.top_by.value_or(aggregates_.front().name);
  auto it = std::find_if(aggregates_.begin(), aggregates_.end(), [&](const auto& a) { return a.name == by; });
  if (it == aggregates_.end())
    throw SettingError(fmt::format("AggregationBolt: top.by '{}' is not an aggregate's output field", by));
  top_by_ = static_cast<std::size_t>(it - aggregates_.begin());
  if (top_n_ && !window_) throw SettingError("AggregationBolt: top.n needs a window (window.length.ms or window.length.count)");
}

void AggregationBolt::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  std::vector<std::string> fields;
  if (window_) {
    if (top_n_) fields.push_back("rank");
    fields.insert(fields.end(), {"window_start", "window_end"});
  }
  for (const auto& f : group_by_) fields.push_back(f);
  for (const auto& a : aggregates_) fields.push_back(a.name);
  declarer.declare(Fields(std::move(fields)));
  declarer.declare_stream("errors", Fields{"reason", "values"});
  if (window_ && window_->event_time()) declarer.declare_stream(window_->late_tuple_stream, late_tuple_fields());
}

Config AggregationBolt::component_configuration() const {
  if (!window_) return {};
  Config config = window_component_config(*window_);
  if (!stateful_) return config;
  // Stateful, its window holds no tuple (the checkpoints hold their effect), so Storm's limit of
  // a window to the message timeout does not apply: declare the ticks only.
  Config ticks;
  if (config.contains(config_keys::kTickTupleFreqSecs))
    ticks.set(config_keys::kTickTupleFreqSecs, config.get(config_keys::kTickTupleFreqSecs));
  return ticks;
}

void AggregationBolt::prepare(const TopologyContext& context, OutputCollector& collector) {
  out_ = &collector;
  for (const auto& in : context.inputs()) {
    auto need = [&](const std::string& field, const char* role) {
      if (!in.fields.contains(field))
        throw TopologyError(fmt::format("{}: {} field '{}' is not in stream '{}' of '{}' (fields: {})", context.component_id(),
                                        role, field, in.stream, in.component, in.fields.to_string()));
    };
    for (const auto& f : group_by_) need(f, "group.by");
    for (const auto& a : aggregates_)
      if (a.kind != AggregateKind::count) need(a.field, "aggregate");
    if (window_ && window_->event_time()) need(window_->timestamp_field, "timestamp");
  }
  inputs_.assign(aggregates_.size(), &kNil);
  if (!window_) return;
  clock_ = std::make_unique<WindowClock>(*window_, context);
  panes_ = std::make_unique<aggregation::PaneAggregator>(*window_, aggregates_, hll_precision_);
  on_window_ = [this](const aggregation::WindowResult& r) { emit_window(r); };
  on_expire_ = [this](Tuple& t) { out_->ack(t); };
}

bool AggregationBolt::check_inputs(const Tuple& input) {
  for (std::size_t i = 0; i < aggregates_.size(); ++i) {
    const auto& a = aggregates_[i];
    if (a.kind == AggregateKind::count) continue;
    const Value& v = input.get(a.field);
    if (!aggregation::Accumulator::accepts(a, v)) {
      auto reason = fmt::format("{}: field '{}' holds {} '{}', not a number", a.name, a.field, type_name(v.type()),
                                v.to_string());
      out_->report_error(fmt::format("{} in {}", reason, input.to_string()));
      out_->emit("errors", input, {reason, values_to_json_text(input.values())});
      out_->ack(input);
      return false;
    }
    inputs_[i] = &v;
  }
  return true;
}

void AggregationBolt::execute(const Tuple& input) {
  if (reread_) {
    reread_ = false;
    if (window_) restore_windows();
    else totals_.clear();  // read through again from the rolled-back state
    changed_.clear();
  }
  if (window_ && (input.is_tick() || !window_->event_time()))
    if (auto now = clock_->advance()) panes_->advance_to(*now, on_window_, on_expire_);
  if (input.is_tick()) return;
  code_.clear();
  Values key;
  key.reserve(group_by_.size());
  for (const auto& f : group_by_) {
    key.push_back(input.get(f));
    aggregation::append_key(code_, key.back());
  }
  if (!check_inputs(input)) return;
  if (!window_) return execute_running(input, code_, key);
  std::optional<std::int64_t> time = panes_->count_window() ? std::optional<std::int64_t>(0) : clock_->time_of(input, *out_);
  if (!time) return;
  bool hold = tracked(input) && !stateful_;  // stateful: the checkpoint holds its effect
  panes_->add(*time, code_, key, inputs_, hold ? input : Tuple(), on_window_, on_expire_);
  if (!hold) out_->ack(input);
}

void AggregationBolt::execute_running(const Tuple& input, const std::string& code, const Values& key) {
  auto& state = totals_of(code, key);
  ++state.tuples;
  Values out = key;
  for (std::size_t i = 0; i < aggregates_.size(); ++i) {
    state.aggregates[i].add(aggregates_[i], *inputs_[i], hll_precision_);
    out.push_back(state.aggregates[i].result(aggregates_[i]));
  }
  out_->emit(input, std::move(out));
  out_->ack(input);
}

void AggregationBolt::emit_window(const aggregation::WindowResult& r) {
  using Entry = std::pair<const std::string*, const aggregation::KeyState*>;
  std::vector<Entry> rows;
  rows.reserve(r.keys->size());
  for (const auto& [code, state] : *r.keys) rows.emplace_back(&code, &state);
  if (top_n_) {
    const auto& by = aggregates_[top_by_];
    auto score = [&](const Entry& e) {
      Value v = e.second->aggregates[top_by_].result(by);
      return v.is_nil() ? -1e308 : v.as_double();
    };
    auto larger = [&](const Entry& a, const Entry& b) {
      double x = score(a), y = score(b);
      return x != y ? x > y : *a.first < *b.first;  // ties in key order, for repeatable output
    };
    std::size_t n = std::min(top_n_, rows.size());
    std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(), larger);
    rows.resize(n);
  }
  static const std::vector<Tuple> kNoAnchors;
  std::int64_t rank = 0;
  for (const auto& [code, state] : rows) {
    Values out;
    out.reserve(3 + group_by_.size() + aggregates_.size());
    if (top_n_) out.emplace_back(++rank);
    out.emplace_back(r.start);
    out.emplace_back(r.end);
    out.insert(out.end(), state->key.begin(), state->key.end());
    for (std::size_t i = 0; i < aggregates_.size(); ++i) out.push_back(state->aggregates[i].result(aggregates_[i]));
    auto anchors = r.entered->find(*code);
    out_->emit(kDefaultStream, anchors == r.entered->end() ? kNoAnchors : anchors->second, std::move(out));
  }
}

void AggregationBolt::register_in(ComponentRegistry& registry) {
  registry.add_bolt<AggregationBolt>({
      .class_name = "squall.bolts.AggregationBolt",
      .aliases = {"AggregationBolt"},
      .description = "keyed count/sum/min/max/mean/distinct over tumbling or sliding windows (count or time, "
                     "processing or event time), or running totals; optionally only the top N keys",
  });
}

}  // namespace squall::bolts
