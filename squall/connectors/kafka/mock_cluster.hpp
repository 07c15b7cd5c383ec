#pragma once
// A Kafka cluster inside this process: librdkafka's mock cluster (rdkafka_mock.h), which speaks
// the Kafka protocol on loopback TCP ports. For tests, benchmarks and `squall kafka-mock`; any
// Kafka client (kcat, a JVM consumer) can connect to it. Messages live in memory only.

#include <string>

#include "squall/connectors/kafka/kafka_handles.hpp"

struct rd_kafka_mock_cluster_s;

namespace squall::kafka {

class MockCluster {
 public:
  /// Starts `brokers` brokers (ids 1..brokers) on free loopback ports. Throws Error when librdkafka
  /// cannot start them.
  explicit MockCluster(int brokers = 1);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  /// "127.0.0.1:PORT,..." for bootstrap.servers.
  std::string bootstrap_servers() const;
  /// Creates `topic` with `partitions` partitions. Throws Error when the topic cannot be created.
  void create_topic(const std::string& topic, int partitions, int replication_factor = 1);
  /// Takes every broker down (connections are closed and refused) or brings them back: a broker
  /// outage as clients see it.
  void set_brokers_down(bool down);
  int brokers() const noexcept { return brokers_; }

 private:
  KafkaHandle host_;  // the client handle the mock cluster lives in
  rd_kafka_mock_cluster_s* cluster_ = nullptr;
  int brokers_;
};

}  // namespace squall::kafka
