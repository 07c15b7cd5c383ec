#include "squall/web/web_sink_bolt.hpp"

#include <fmt/format.h>

#include "squall/api/errors.hpp"
#include "squall/api/registry/component_settings.hpp"

namespace squall::bolts {

WebSinkBolt::WebSinkBolt(const Settings& settings) : settings_(settings) {
  const auto& s = settings_;
  if (s.chart != "table" && s.chart != "top" && s.chart != "series")
    throw SettingError(fmt::format("WebSinkBolt: chart '{}' must be table, top or series", s.chart));
  if (s.chart != "table" && s.value_field.empty())
    throw SettingError(fmt::format("WebSinkBolt: a {} chart needs value.field", s.chart));
  if (s.chart == "top" && s.key_field.empty()) throw SettingError("WebSinkBolt: a top chart needs key.field");
  if (s.top < 1 || s.history < 1) throw SettingError("WebSinkBolt: top and history must be at least 1");
}

void WebSinkBolt::prepare(const TopologyContext& context) {
  web::ViewSpec spec{settings_.view.empty() ? context.component_id() : settings_.view,
                     context.topology_name(),
                     context.component_id(),
                     settings_.chart,
                     settings_.fields,
                     settings_.key_field,
                     settings_.value_field,
                     settings_.label_field,
                     settings_.time_field,
                     static_cast<int>(settings_.top)};
  hub_ = web::ViewBoard::instance().open(spec, static_cast<std::size_t>(settings_.history));
}

void WebSinkBolt::execute(const Tuple& input, BasicOutputCollector&) {
  nlohmann::json row = nlohmann::json::object();
  const auto& names = input.fields().names();
  for (std::size_t i = 0; i < names.size() && i < input.size(); ++i) row[names[i]] = value_to_json(input.get(i));
  hub_->publish(row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));  // bad UTF-8 → U+FFFD
}

void WebSinkBolt::register_in(ComponentRegistry& registry) {
  registry.add_bolt<WebSinkBolt>({
      .class_name = "squall.bolts.WebSinkBolt",
      .aliases = {"WebSinkBolt"},
      .description = "shows a stream live in the monitoring UI (squall run --ui): latest rows, top-N bars or a time series",
  });
}

}  // namespace squall::bolts
