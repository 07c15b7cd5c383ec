#include "squall/runtime/shutdown_signals.hpp"

#include <atomic>
#include <csignal>

namespace squall {
namespace {

std::atomic<bool> requested{false};

extern "C" void on_signal(int sig) {
  requested.store(true);
  std::signal(sig, SIG_DFL);
}

}  // namespace

void install_shutdown_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool shutdown_requested() noexcept { return requested.load(); }
void request_shutdown() noexcept { requested.store(true); }
void reset_shutdown_request() noexcept { requested.store(false); }

}  // namespace squall
