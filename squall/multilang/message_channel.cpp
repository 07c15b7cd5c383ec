#include "squall/multilang/message_channel.hpp"

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <unistd.h>

#include <fmt/format.h>

namespace squall::multilang {
namespace {

int millis_until(MessageChannel::Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - MessageChannel::Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000));
}

/// The start of `text` for an error message: at most 200 characters, control characters escaped.
std::string excerpt(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 200)) {
    if (c == '\n') out += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    else out += c;
  }
  if (text.size() > 200) out += "...";
  return out;
}

}  // namespace

void MessageChannel::send(const nlohmann::json& message, Clock::time_point deadline) {
  std::string frame = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  frame += "\nend\n";
  std::size_t done = 0;
  while (done < frame.size()) {
    ssize_t n = ::write(to_child_, frame.data() + done, frame.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EPIPE)
      throw MultilangError(MultilangError::Kind::exited, "the child closed its standard input");
    if (n < 0 && errno != EAGAIN)
      throw MultilangError(MultilangError::Kind::exited, fmt::format("writing to the child: {}", std::strerror(errno)));
    if (Clock::now() >= deadline)
      throw MultilangError(MultilangError::Kind::timeout, "the child stopped reading its standard input");
    pollfd p{to_child_, POLLOUT, 0};
    ::poll(&p, 1, millis_until(deadline));
  }
}

bool MessageChannel::fill() {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(from_child_, buf, sizeof buf);
    if (n > 0) {  // read on until the pipe is empty, so that an end of file is seen at once
      in_.append(buf, static_cast<std::size_t>(n));
      if (in_.size() > kMaxMessageBytes) return true;  // take_message refuses it
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN;
  }
}

std::optional<nlohmann::json> MessageChannel::take_message() {
  // A frame ends at a line that is exactly "end"; JSON itself never has such a line.
  std::size_t end;
  std::size_t skip;
  if (in_.starts_with("end\n")) {
    end = 0;
    skip = 4;
  } else if ((end = in_.find("\nend\n")) != std::string::npos) {
    skip = 5;
  } else {
    if (in_.size() > kMaxMessageBytes)
      throw MultilangError(MultilangError::Kind::protocol,
                           fmt::format("message {} has no \"end\" line after {} bytes: {}", received_ + 1, in_.size(),
                                       excerpt(in_)));
    return std::nullopt;
  }
  std::string text = in_.substr(0, end);
  in_.erase(0, end + skip);
  ++received_;
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object())
    throw MultilangError(MultilangError::Kind::protocol,
                         fmt::format("message {} is not a JSON object: '{}'", received_, excerpt(text)));
  return parsed;
}

std::optional<nlohmann::json> MessageChannel::try_receive() {
  if (auto m = take_message()) return m;
  if (!eof_ && !fill()) eof_ = true;
  if (auto m = take_message()) return m;
  if (eof_) {
    std::string rest = in_;
    in_.clear();
    if (rest.find_first_not_of(" \t\r\n") != std::string::npos)
      throw MultilangError(MultilangError::Kind::protocol,
                           fmt::format("the child ended in the middle of a message: '{}'", excerpt(rest)));
    throw MultilangError(MultilangError::Kind::exited, "the child closed its standard output");
  }
  return std::nullopt;
}

nlohmann::json MessageChannel::receive(Clock::time_point deadline) {
  for (;;) {
    if (auto m = try_receive()) return *m;
    if (Clock::now() >= deadline) throw MultilangError(MultilangError::Kind::timeout, "the child did not answer in time");
    pollfd p{from_child_, POLLIN, 0};
    ::poll(&p, 1, millis_until(deadline));
  }
}

}  // namespace squall::multilang
