// `squall kafka-mock`: a Kafka cluster for trying Kafka topologies without a broker (librdkafka's
// mock cluster: the Kafka protocol on loopback, messages in memory).

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "squall/connectors/kafka/mock_cluster.hpp"
#include "squall/runtime/shutdown_signals.hpp"

namespace squall::cli {

void add_kafka_mock_command(CLI::App& app, int& exit_code) {
  struct Options {
    int brokers = 1;
    std::vector<std::string> topics;
    std::string bootstrap_file;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "kafka-mock", "Run an in-memory Kafka cluster (librdkafka's mock) until Ctrl-C; prints its bootstrap servers");
  command->add_option("--brokers", options->brokers, "number of brokers")->capture_default_str()->check(CLI::Range(1, 16));
  command->add_option("--topic", options->topics, "NAME or NAME:PARTITIONS to create (repeatable; default 1 partition)");
  command->add_option("--bootstrap-file", options->bootstrap_file, "also write the bootstrap servers to this file");
  command->callback([options, &exit_code] {
    try {
      kafka::MockCluster cluster(options->brokers);
      for (const auto& t : options->topics) {
        auto colon = t.rfind(':');
        int partitions = colon == std::string::npos ? 1 : std::stoi(t.substr(colon + 1));
        cluster.create_topic(t.substr(0, colon), partitions);
      }
      install_shutdown_signal_handlers();
      std::cout << cluster.bootstrap_servers() << std::endl;
      if (!options->bootstrap_file.empty()) {
        // Written whole, then renamed: a script waiting for the file never reads half of it.
        std::string tmp = options->bootstrap_file + ".tmp";
        std::ofstream(tmp) << cluster.bootstrap_servers() << "\n";
        std::rename(tmp.c_str(), options->bootstrap_file.c_str());
      }
      spdlog::info("mock Kafka cluster: {} broker(s) at {}; Ctrl-C stops it (messages are not kept)", options->brokers,
                   cluster.bootstrap_servers());
      while (!shutdown_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      exit_code = kOk;
    } catch (const std::exception& e) {
      spdlog::error("kafka-mock: {}", e.what());
      exit_code = kRuntimeFailure;
    }
  });
}

}  // namespace squall::cli
