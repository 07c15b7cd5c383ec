#include "ui_options.hpp"

#include <charconv>
#include <cstdlib>
#include <random>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace squall::cli {
namespace {

/// The UI's action token: $SQUALL_UI_TOKEN, or 128 random bits in hex.
std::string ui_token() {
  if (const char* given = std::getenv("SQUALL_UI_TOKEN"); given && *given) return given;
  std::random_device random;
  std::string token;
  for (int i = 0; i < 4; ++i) token += fmt::format("{:08x}", random());
  return token;
}

}  // namespace

void UiOptions::add_to(CLI::App& command, const std::string& default_address) {
  address = default_address;
  auto* ui = command.add_option("--ui", address,
                                "[HOST:]PORT to serve the live UI, Storm UI's REST API (/api/v1/...) and /metrics "
                                "(Prometheus) on; HOST defaults to 127.0.0.1");
  if (!default_address.empty()) ui->capture_default_str();
  command.add_flag("--ui-actions", actions,
                   "let the UI and REST API activate, deactivate and kill topologies (beyond loopback they need the "
                   "token printed at start, or $SQUALL_UI_TOKEN)");
}

web::MonitorSettings UiOptions::settings() const {
  auto colon = address.rfind(':');
  std::string host = colon == std::string::npos ? "127.0.0.1" : address.substr(0, colon);
  std::string port = colon == std::string::npos ? address : address.substr(colon + 1);
  int value = -1;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value < 0 || value > 65535 || host.empty())
    throw CLI::ValidationError("--ui", "expected [HOST:]PORT, e.g. 8080 or 127.0.0.1:8080, not '" + address + "'");
  web::MonitorSettings s;
  s.host = host;
  s.port = value;
  s.actions = actions;
  if (actions && !web::is_loopback(host)) s.token = ui_token();
  return s;
}

void log_ui_address(const web::MonitorServer& server, const web::MonitorSettings& settings, const std::string& page) {
  std::string url = server.url() + page;
  if (!settings.token.empty()) url += (page.find('?') == std::string::npos ? "?token=" : "&token=") + settings.token;
  spdlog::info("UI: {} ; /metrics (Prometheus) and /api/v1/... (Storm UI's REST API) beside it", url);
}

}  // namespace squall::cli
