#include "squall/runtime/task/emitter.hpp"

#include <spdlog/spdlog.h>

namespace squall::runtime {

void Emitter::log_emit(const StreamRoute& route, int source_task, const Values& values) const {
  spdlog::info("[{}] Emitting: {}:{} {} {}", run_.plan.topology_name(), route.schema->component, source_task,
               route.schema->stream, to_string(values));
}

}  // namespace squall::runtime
