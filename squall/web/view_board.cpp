#include "squall/web/view_board.hpp"

namespace squall::web {

nlohmann::json ViewSpec::to_json() const {
  return {{"name", name},         {"topology", topology},     {"component", component},   {"chart", chart},
          {"fields", fields},     {"keyField", key_field},    {"valueField", value_field}, {"labelField", label_field},
          {"timeField", time_field}, {"top", top}};
}

ViewBoard& ViewBoard::instance() {
  static ViewBoard board;
  return board;
}

std::shared_ptr<bolts::EventHub> ViewBoard::open(const ViewSpec& spec, std::size_t history) {
  std::lock_guard lock(mutex_);
  auto& [current, hub] = views_[spec.name];
  current = spec;
  if (!hub) hub = std::make_shared<bolts::EventHub>(history);
  return hub;
}

std::vector<ViewSpec> ViewBoard::views() const {
  std::lock_guard lock(mutex_);
  std::vector<ViewSpec> out;
  for (const auto& [name, view] : views_) out.push_back(view.first);
  return out;
}

std::shared_ptr<bolts::EventHub> ViewBoard::hub(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = views_.find(name);
  return it == views_.end() ? nullptr : it->second.second;
}

}  // namespace squall::web
