#pragma once
// Closing a Kafka consumer within a deadline, whether or not its brokers answer.

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <functional>

namespace squall::kafka {

/// Closes the subscribed `consumer` (its last commit and its group leave) within `timeout`:
/// - first asks for metadata (half the timeout): with no broker answering it gives up at once,
///   without `last_commit`, because a commit sent to brokers that are down stays outstanding and
///   rd_kafka_destroy then waits for it (up to a session timeout; Ctrl-C once took ~92 s);
/// - else runs `last_commit` (an asynchronous commit), starts rd_kafka_consumer_close_queue and
///   serves `queue` (rebalance and commit callbacks; records are dropped) until closed or the
///   deadline.
/// Returns true when the consumer closed; false otherwise, and the caller must then destroy it
/// with RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE. Each way out that is not a close is logged.
bool close_consumer_within(rd_kafka_t* consumer, rd_kafka_queue_t* queue, std::chrono::milliseconds timeout,
                           const std::function<void()>& last_commit);

}  // namespace squall::kafka
