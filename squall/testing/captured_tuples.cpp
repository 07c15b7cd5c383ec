#include "squall/testing/captured_tuples.hpp"

namespace squall::testing {

void CapturedTuples::add(const Tuple& tuple) {
  std::lock_guard lock(mutex_);
  auto& stream = streams_[{tuple.source_component(), tuple.source_stream()}];
  if (stream.values.empty()) stream.fields = tuple.fields();
  stream.values.push_back(tuple.values());
}

std::vector<Values> CapturedTuples::read(std::string_view component, std::string_view stream) const {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(std::pair{std::string(component), std::string(stream)});
  return it == streams_.end() ? std::vector<Values>{} : it->second.values;
}

Fields CapturedTuples::fields(std::string_view component, std::string_view stream) const {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(std::pair{std::string(component), std::string(stream)});
  return it == streams_.end() ? Fields{} : it->second.fields;
}

std::size_t CapturedTuples::size() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [_, s] : streams_) n += s.values.size();
  return n;
}

}  // namespace squall::testing
