#include "squall/runtime/task/bolt_collector.hpp"

#include "squall/api/stream_ids.hpp"
#include "squall/runtime/acking/tuple_tree.hpp"

namespace squall::runtime {

std::span<const int> BoltCollector::emit(std::string_view stream, std::span<const Tuple> anchors, Values values) {
  const StreamRoute& route = task_.router.route(stream);
  auto targets = task_.router.choose(route, values);
  deliver(route, targets, anchors, std::move(values));
  return targets;
}

void BoltCollector::emit_direct(int task, std::string_view stream, std::span<const Tuple> anchors, Values values) {
  const StreamRoute& route = task_.router.route(stream);
  task_.router.check_direct(route, task, values);
  deliver(route, std::span<const int>(&task, 1), anchors, std::move(values));
}

void BoltCollector::deliver(const StreamRoute& route, std::span<const int> targets, std::span<const Tuple> anchors,
                            Values values) {
  const bool acking = emitter_.acking();
  emitter_.send_copies(route, task_.id, targets, std::move(values), [&](detail::TupleState& s, std::size_t) {
    if (acking) acking::anchor(s, anchors, emitter_.ids());
  });
}

template <typename Report>
void BoltCollector::tell_ackers(const Tuple& input, Report report) {
  if (emitter_.acking()) acking::for_each_root(detail::TupleAccess::state(input), report);
}

namespace {
/// Storm's UI leaves system streams out of a component's acked and failed figures.
bool counted(const Tuple& input) { return !input.is_tick() && input.source_stream() != kCheckpointStream; }
}  // namespace

void BoltCollector::ack(const Tuple& input) {
  if (counted(input)) task_.metrics.acked.add();
  tell_ackers(input, [&](std::uint64_t root, std::uint64_t value) { emitter_.ack_tree(root, value); });
}

void BoltCollector::fail(const Tuple& input) {
  if (counted(input)) task_.metrics.failed.add();
  tell_ackers(input, [&](std::uint64_t root, std::uint64_t) { emitter_.send_to_acker(root, AckFail{root, task_.id}); });
}

void BoltCollector::reset_timeout(const Tuple& input) {
  tell_ackers(input, [&](std::uint64_t root, std::uint64_t) { emitter_.send_to_acker(root, AckResetTimeout{root}); });
}

}  // namespace squall::runtime
