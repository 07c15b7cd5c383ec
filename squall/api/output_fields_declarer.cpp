#include "squall/api/output_fields_declarer.hpp"

#include <fmt/format.h>

#include "squall/api/errors.hpp"

namespace squall {

void OutputFieldsDeclarer::declare_stream(std::string_view stream, Fields fields, bool direct) {
  if (stream.empty()) throw TopologyError("a stream id must not be empty");
  if (stream.starts_with("__")) throw TopologyError(fmt::format("stream id '{}': ids starting with __ are reserved", stream));
  auto [it, inserted] = streams_.try_emplace(std::string(stream), StreamDeclaration{std::move(fields), direct});
  if (!inserted) throw TopologyError(fmt::format("stream '{}' is declared twice", stream));
}

}  // namespace squall
