#pragma once
// Storm's multilang framing over a child's pipes: each message is one JSON document followed by a
// line "end" (Storm's docs, "Multi-Lang Protocol"; storm-client's JsonSerializer).

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "squall/api/errors.hpp"

namespace squall::multilang {

/// What went wrong with a child: it ended (or closed its stdout), it did not answer in time, or it
/// wrote something that is not the protocol. The message says which, with the offending text.
class MultilangError : public Error {
 public:
  enum class Kind { exited, timeout, protocol };
  MultilangError(Kind kind, const std::string& what) : Error(what), kind_(kind) {}
  Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

/// Reads and writes framed messages on a child's stdout and stdin (non-blocking fds, owned by the
/// ChildProcess). Not thread-safe: the component's executor thread is its only user.
class MessageChannel {
 public:
  using Clock = std::chrono::steady_clock;
  /// A message larger than this (bytes) is a protocol error: a child that never writes "end"
  /// must not grow the worker without bound.
  static constexpr std::size_t kMaxMessageBytes = 64u << 20;

  MessageChannel(int to_child, int from_child) : to_child_(to_child), from_child_(from_child) {}

  /// Writes `message` and its "end" line, waiting until `deadline` for room in the pipe. Throws
  /// MultilangError: exited (the child closed its stdin), timeout (it stopped reading).
  void send(const nlohmann::json& message, Clock::time_point deadline);
  /// The next complete message if one has arrived, without waiting. Throws MultilangError:
  /// protocol (not JSON, or too large; the text is quoted), exited (end of its stdout).
  std::optional<nlohmann::json> try_receive();
  /// The next message, waiting until `deadline`. Throws MultilangError (timeout, or as try_receive).
  nlohmann::json receive(Clock::time_point deadline);
  /// Messages received so far (for "message N" in errors).
  std::uint64_t received() const noexcept { return received_; }

 private:
  /// Reads what the pipe holds; false at end of file.
  bool fill();
  std::optional<nlohmann::json> take_message();
  int to_child_, from_child_;
  std::string in_;
  bool eof_ = false;
  std::uint64_t received_ = 0;
};

}  // namespace squall::multilang
