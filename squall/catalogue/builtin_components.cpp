// Every component squall ships, under its squall name, a short alias and, for Storm's stock test
// components, Storm's class name.

#include "squall/catalogue/bolts/aggregation/aggregation_bolt.hpp"

#include "squall/catalogue/bolts/console_sink.hpp"
#include "squall/catalogue/bolts/storm_testing/log_info_bolt.hpp"
#include "squall/catalogue/bolts/storm_testing/stateful_word_counter.hpp"
#include "squall/catalogue/bolts/storm_testing/test_window_bolt.hpp"
#include "squall/catalogue/bolts/storm_testing/test_word_counter.hpp"
#include "squall/catalogue/bolts/text/access_log_bolt.hpp"
#include "squall/catalogue/bolts/text/hashtag_bolt.hpp"
#include "squall/catalogue/bolts/text/sentiment_bolt.hpp"
#include "squall/catalogue/bolts/text/split_sentence_bolt.hpp"
#include "squall/catalogue/builtin_components.hpp"
#include "squall/catalogue/spouts/generator/generator_spout.hpp"
#include "squall/catalogue/spouts/storm_testing/fixed_tuple_spout.hpp"
#include "squall/catalogue/spouts/storm_testing/test_word_spout.hpp"
#include "squall/catalogue/spouts/synthetic/sentence_spout.hpp"
#include "squall/catalogue/spouts/synthetic/tweet_spout.hpp"
#include "squall/connectors/files/csv_spout.hpp"
#include "squall/connectors/files/file_sink.hpp"
#include "squall/connectors/files/file_spout.hpp"
#include "squall/connectors/kafka/kafka_bolt.hpp"
#include "squall/connectors/kafka/kafka_spout.hpp"
#include "squall/ml/classifier_bolt.hpp"
#include "squall/ml/prediction_bolt.hpp"
#include "squall/multilang/shell_bolt.hpp"
#include "squall/multilang/shell_spout.hpp"
#include "squall/stores/redis_backend.hpp"
#include "squall/stores/rocksdb_backend.hpp"
#include "squall/stores/sql/jdbc_lookup_bolt.hpp"
#include "squall/stores/sql/jdbc_sink.hpp"
#include "squall/web/web_sink_bolt.hpp"
#include "squall/web/web_view_bolt.hpp"

namespace squall {

namespace {

void register_storm_testing(ComponentRegistry& r) {
  r.add_spout<spouts::TestWordSpout>({
      .class_name = "org.apache.storm.testing.TestWordSpout",
      .aliases = {"squall.spouts.TestWordSpout", "TestWordSpout"},
      .description = "Storm's test spout: a random name every 100 ms on field 'word', unreliable, endless",
      .constructor_args = {"isDistributed"},
  });
  r.add_spout<spouts::FixedTupleSpout>({
      .class_name = "org.apache.storm.testing.FixedTupleSpout",
      .aliases = {"squall.spouts.FixedTupleSpout", "FixedTupleSpout"},
      .description = "Storm's test spout: emits a fixed list of tuples once, with message ids",
      .constructor_args = {"tuples", "fields"},
  });
  r.add_bolt<bolts::TestWordCounter>({
      .class_name = "org.apache.storm.testing.TestWordCounter",
      .aliases = {"squall.bolts.TestWordCounter", "TestWordCounter"},
      .description = "Storm's test bolt: counts field 0 and emits (word, count)",
  });
  r.add_bolt<bolts::StatefulWordCounter>({
      .class_name = "org.apache.storm.flux.examples.StatefulWordCounter",
      .aliases = {"squall.bolts.StatefulWordCounter", "StatefulWordCounter"},
      .description = "Flux example's stateful bolt: counts field 0 in checkpointed state and emits (word, count)",
  });
  r.add_bolt<bolts::LogInfoBolt>({
      .class_name = "org.apache.storm.flux.wrappers.bolts.LogInfoBolt",
      .aliases = {"squall.bolts.LogInfoBolt", "LogInfoBolt"},
      .description = "Flux's logging bolt: logs each tuple at INFO (logger squall.LogInfoBolt) and acks it",
  });
  r.add_bolt<bolts::LogInfoBolt>({
      .class_name = "org.apache.storm.flux.examples.TestPrintBolt",
      .aliases = {"squall.bolts.TestPrintBolt", "TestPrintBolt"},
      .description = "Flux example's printing bolt: logs each tuple at INFO, as LogInfoBolt, and acks it",
  });
  r.add_bolt<bolts::TestWindowBolt>({
      .class_name = "org.apache.storm.flux.examples.TestWindowBolt",
      .aliases = {"squall.bolts.TestWindowBolt", "TestWindowBolt"},
      .description = "Flux example's windowed bolt: emits the number of tuples of each window on field 'count'",
      .settings = {{.name = "window", .type = SettingType::any,
                    .description = "withWindow(length[, slide]): BaseWindowedBolt$Count or $Duration components"}},
  });
}

}  // namespace

void register_builtin_components(ComponentRegistry& registry) {
  stores::register_rocksdb_provider();
  stores::register_redis_provider();
  register_storm_testing(registry);
  spouts::CsvSpout::register_in(registry);
  spouts::GeneratorSpout::register_in(registry);
  spouts::FileSpout::register_in(registry);
  spouts::KafkaSpout::register_in(registry);
  spouts::TweetSpout::register_in(registry);
  spouts::SentenceSpout::register_in(registry);
  bolts::HashtagBolt::register_in(registry);
  bolts::SplitSentenceBolt::register_in(registry);
  bolts::SentimentBolt::register_in(registry);
  bolts::AccessLogBolt::register_in(registry);
  bolts::JdbcSink::register_in(registry);
  bolts::JdbcLookupBolt::register_in(registry);
  prediction::PredictionBolt::register_in(registry);
  bolts::ClassifierBolt::register_in(registry);
  bolts::AggregationBolt::register_in(registry);
  bolts::FileSink::register_in(registry);
  bolts::KafkaBolt::register_in(registry);
  bolts::ConsoleSink::register_in(registry);
  bolts::WebViewBolt::register_in(registry);
  bolts::WebSinkBolt::register_in(registry);
  multilang::ShellSpout::register_in(registry);
  multilang::ShellBolt::register_in(registry);
}

namespace {
// Loading the catalogue library fills the process-wide registry: a program linked with squall::squall
// resolves every built-in className without a call of its own.
const bool kBuiltinsRegistered = (ComponentRegistry::add_catalogue(register_builtin_components), true);
}  // namespace

}  // namespace squall
