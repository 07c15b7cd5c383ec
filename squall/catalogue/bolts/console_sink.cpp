#include "squall/catalogue/bolts/console_sink.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace squall::bolts {

ConsoleSink::ConsoleSink(const Settings& settings) : prefix_(settings.prefix), fields_(settings.fields) {}

void ConsoleSink::execute(const Tuple& input, BasicOutputCollector&) {
  std::string line = prefix_.empty() ? "{" : prefix_ + " {";
  const auto& names = fields_.empty() ? input.fields().names() : fields_;
  for (std::size_t i = 0; i < names.size(); ++i) line += fmt::format("{}{}: {}", i ? ", " : "", names[i], input.get(names[i]).to_string());
  line += "}\n";
  std::fwrite(line.data(), 1, line.size(), stdout);
}

void ConsoleSink::register_in(ComponentRegistry& registry) {
  registry.add_bolt<ConsoleSink>({
      .class_name = "squall.bolts.ConsoleSink",
      .aliases = {"ConsoleSink"},
      .description = "prints each tuple on stdout and acks it",
  });
}

}  // namespace squall::bolts
