#include "squall/runtime/task/spout_collector.hpp"

namespace squall::runtime {

std::span<const int> SpoutCollector::emit(std::string_view stream, Values values, MessageId id) {
  const StreamRoute& route = task_.router.route(stream);
  auto targets = task_.router.choose(route, values);
  deliver(route, targets, std::move(values), std::move(id));
  return targets;
}

void SpoutCollector::emit_direct(int task, std::string_view stream, Values values, MessageId id) {
  const StreamRoute& route = task_.router.route(stream);
  task_.router.check_direct(route, task, values);
  deliver(route, std::span<const int>(&task, 1), std::move(values), std::move(id));
}

void SpoutCollector::deliver(const StreamRoute& route, std::span<const int> targets, Values values, MessageId id) {
  ++emits_;
  std::uint64_t root = id.has_value() ? tracker_.track(task_.slot, std::move(id), values, targets, edges_) : 0;
  emitter_.send_copies(route, task_.id, targets, std::move(values), [&](detail::TupleState& s, std::size_t i) {
    if (root) s.anchors.push_back({root, edges_[i]});
  });
}

}  // namespace squall::runtime
