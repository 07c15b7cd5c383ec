#pragma once
// SIGINT / SIGTERM handling for processes that run topologies.

namespace squall {

/// Installs handlers for SIGINT and SIGTERM that only set a flag (async-signal-safe). The
/// LocalCluster waits return early when it is set, so the caller can drain and shut down cleanly,
/// calling close/cleanup. A second signal restores the default action (terminates at once).
void install_shutdown_signal_handlers();
/// True once SIGINT or SIGTERM arrived (or request_shutdown was called).
bool shutdown_requested() noexcept;
/// Sets the flag as a signal would; for tests and embedding programs.
void request_shutdown() noexcept;
/// Clears the flag.
void reset_shutdown_request() noexcept;

}  // namespace squall
