#include "squall/connectors/kafka/mock_cluster.hpp"

#include <fmt/format.h>
#include <librdkafka/rdkafka_mock.h>

#include "squall/api/errors.hpp"

namespace squall::kafka {

MockCluster::MockCluster(int brokers) : brokers_(brokers) {
  // A producer that never produces: the mock cluster needs a client instance to own its threads.
  KafkaConf conf(rd_kafka_conf_new());
  char reason[512];
  rd_kafka_conf_set(conf.get(), "log_level", "3", reason, sizeof reason);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), reason, sizeof reason);
  if (!rk) throw Error(fmt::format("mock Kafka cluster: cannot create the host client: {}", reason));
  conf.release();
  host_.reset(rk);
  cluster_ = rd_kafka_mock_cluster_new(host_.get(), brokers);
  if (!cluster_) throw Error(fmt::format("mock Kafka cluster: cannot start {} brokers", brokers));
}

MockCluster::~MockCluster() {
  if (cluster_) rd_kafka_mock_cluster_destroy(cluster_);
}

std::string MockCluster::bootstrap_servers() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }

void MockCluster::create_topic(const std::string& topic, int partitions, int replication_factor) {
  if (auto err = rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, replication_factor))
    throw Error(fmt::format("mock Kafka cluster: cannot create topic '{}': {}", topic, rd_kafka_err2str(err)));
}

void MockCluster::set_brokers_down(bool down) {
  for (int id = 1; id <= brokers_; ++id) {
    if (down) rd_kafka_mock_broker_set_down(cluster_, id);
    else rd_kafka_mock_broker_set_up(cluster_, id);
  }
}

}  // namespace squall::kafka
