#pragma once
// How a component declares its output streams (Storm's OutputFieldsDeclarer).

#include <map>
#include <string>
#include <string_view>

#include "squall/api/fields.hpp"
#include "squall/api/stream_ids.hpp"

namespace squall {

/// A declared stream: its fields, and whether it is direct (emit_direct only).
struct StreamDeclaration {
  Fields fields;
  bool direct = false;
};

class OutputFieldsDeclarer {
 public:
  /// Declares the "default" stream.
  void declare(Fields fields, bool direct = false) { declare_stream(kDefaultStream, std::move(fields), direct); }
  /// Declares a named stream. Declaring a stream twice throws TopologyError.
  void declare_stream(std::string_view stream, Fields fields, bool direct = false);

  const std::map<std::string, StreamDeclaration, std::less<>>& streams() const noexcept { return streams_; }

 private:
  std::map<std::string, StreamDeclaration, std::less<>> streams_;
};

}  // namespace squall
