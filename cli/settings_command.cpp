#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "squall/api/config_schema.hpp"

namespace squall::cli {

namespace {

std::string range_text(const ConfigKeyInfo& key) {
  if (key.type != ConfigType::integer && key.type != ConfigType::number) return std::string(config_type_name(key.type));
  return fmt::format("{} {}..{}", config_type_name(key.type), config_bound_text(key.min), config_bound_text(key.max));
}

}  // namespace

std::string settings_markdown() {
  std::string out =
      "# Settings\n\n"
      "Every topology setting squall reads: Storm's keys with Storm's meanings (`storm`), and squall's own\n"
      "(`squall.*`, or marked `squall`). Set them under a topology file's `config:`, per component under its\n"
      "`config:`, with `squall run -c key=value`, or in C++ with `Config::set`. A value of the wrong type or\n"
      "out of range is refused at validation with its file:line:column. Keys squall does not know are passed\n"
      "to components, as Storm does.\n\n"
      "Generated from squall/api/config_keys.hpp by `squall settings --markdown`; a test fails when this\n"
      "file and the schema differ.\n\n"
      "| key | type and range | default | unit | from | meaning |\n"
      "|---|---|---|---|---|---|\n";
  for (const auto& key : config_schema())
    out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", key.name, range_text(key),
                       key.default_text.empty() ? "\"\"" : fmt::format("`{}`", key.default_text), key.unit, key.origin,
                       key.doc);
  return out;
}

void add_settings_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("settings", "list every topology setting with its type, range, default and meaning");
  auto markdown = std::make_shared<bool>(false);
  command->add_flag("--markdown", *markdown, "print docs/settings.md");
  command->callback([markdown, &exit_code] {
    if (*markdown) {
      std::cout << settings_markdown();
    } else {
      for (const auto& key : config_schema())
        std::cout << fmt::format("{:<45} {:<20} default {:<12} {}{}\n", key.name, range_text(key),
                                 key.default_text.empty() ? "\"\"" : key.default_text, key.doc,
                                 key.unit.empty() ? "" : fmt::format(" [{}]", key.unit));
    }
    exit_code = kOk;
  });
}

}  // namespace squall::cli
