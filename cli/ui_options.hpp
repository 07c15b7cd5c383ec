#pragma once
// --ui and --ui-actions, shared by `squall run` (local mode) and `squall ui` (beside Nimbus).

#include <string>

#include <CLI/CLI.hpp>

#include "squall/web/monitor_server.hpp"

namespace squall::cli {

struct UiOptions {
  std::string address;  ///< [HOST:]PORT; empty: no UI
  bool actions = false;

  /// Adds --ui (with `default_address` as its default, "" for none) and --ui-actions.
  void add_to(CLI::App& command, const std::string& default_address = "");
  /// The server's settings: HOST defaults to 127.0.0.1; actions beyond loopback get a token
  /// ($SQUALL_UI_TOKEN, or 128 random bits). Throws CLI::ValidationError for a bad address.
  web::MonitorSettings settings() const;
};

/// Logs where the UI is: its page (with the token, when there is one) and the API beside it.
void log_ui_address(const web::MonitorServer& server, const web::MonitorSettings& settings, const std::string& page);

}  // namespace squall::cli
