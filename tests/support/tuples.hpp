#pragma once
// Tuples made by hand, for suites that test a component without running a topology.

#include <memory>
#include <string>

#include "squall/api/tuple.hpp"

namespace test {

inline squall::Tuple make_tuple(squall::Values values, squall::Fields fields, std::string component = "split",
                                std::string stream = "default", int source_task = 3) {
  auto state = std::make_shared<squall::detail::TupleState>();
  state->values = std::move(values);
  state->schema = squall::detail::intern_schema({std::move(component), std::move(stream), std::move(fields), false});
  state->source_task = source_task;
  return squall::Tuple(std::move(state));
}

}  // namespace test
