// FluxShellBolt and FluxShellSpout in the registry, under Flux's class names.
#include "squall/multilang/shell_bolt.hpp"
#include "squall/multilang/shell_spout.hpp"

namespace squall::multilang {

void ShellBolt::register_in(ComponentRegistry& registry) {
  registry.add_bolt<ShellBolt>({
      .class_name = "org.apache.storm.flux.wrappers.bolts.FluxShellBolt",
      .aliases = {"squall.bolts.ShellBolt", "ShellBolt"},
      .description = "a bolt in another language (Python, JavaScript, ...) over Storm's multilang protocol",
      .settings = shell_setting_specs(),
      .constructor_args = {"command", "fields"},
  });
}

void ShellSpout::register_in(ComponentRegistry& registry) {
  registry.add_spout<ShellSpout>({
      .class_name = "org.apache.storm.flux.wrappers.spouts.FluxShellSpout",
      .aliases = {"squall.spouts.ShellSpout", "ShellSpout"},
      .description = "a spout in another language (Python, JavaScript, ...) over Storm's multilang protocol",
      .settings = shell_setting_specs(),
      .constructor_args = {"command", "fields"},
  });
}

}  // namespace squall::multilang
