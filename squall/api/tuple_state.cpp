#include "squall/api/tuple_state.hpp"

#include <deque>
#include <mutex>

#include "squall/api/stream_ids.hpp"

namespace squall::detail {

const StreamSchema* intern_schema(StreamSchema schema) {
  // A process declares few streams, so a linear search under a lock is enough; a deque keeps the
  // addresses it hands out stable.
  static std::mutex mutex;
  static std::deque<StreamSchema> schemas;
  schema.tick = schema.stream == kTickStream && schema.component == kSystemComponent;
  std::lock_guard lock(mutex);
  for (const auto& s : schemas)
    if (s == schema) return &s;
  return &schemas.emplace_back(std::move(schema));
}

}  // namespace squall::detail
