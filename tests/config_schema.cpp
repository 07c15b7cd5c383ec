// The config schema (squall/api/config_keys.hpp): one declaration per key, read with its default,
// validated by type and range; docs/settings.md is checked against it by tests/cli/squall_cli.sh.
#include <cmath>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "squall/api/config_schema.hpp"
#include "squall/api/errors.hpp"

using namespace squall;

TEST_CASE("every key declared in config_keys.hpp is in the schema, once") {
  std::ifstream in(SQUALL_SOURCE_DIR "/squall/api/config_keys.hpp");
  std::stringstream text;
  text << in.rdbuf();
  std::string header = text.str();
  std::regex declaration(R"(inline constexpr \w+Key k\w+\{"([a-z.]+)\")");
  std::set<std::string> declared;
  for (auto it = std::sregex_iterator(header.begin(), header.end(), declaration); it != std::sregex_iterator(); ++it)
    declared.insert((*it)[1]);
  REQUIRE(declared.size() >= 30);
  std::set<std::string> listed;
  for (const auto& key : config_schema()) CHECK_MESSAGE(listed.insert(std::string(key.name)).second, key.name);
  CHECK(listed == declared);
  for (const auto& key : config_schema()) {
    CAPTURE(key.name);
    CHECK_FALSE(key.doc.empty());
    CHECK((key.origin == "storm" || key.origin == "squall"));
    if (key.name.starts_with("squall.")) CHECK(key.origin == "squall");
  }
}

TEST_CASE("Config::get reads a key with the schema's default") {
  Config c;
  CHECK(c.get(config_keys::kWorkers) == 1);
  CHECK(c.get(config_keys::kProducerBatchSize) == 100);
  CHECK(c.get(config_keys::kTransferBatchSize) == 1000);
  CHECK(c.get(config_keys::kStatsSampleRate) == doctest::Approx(0.05));
  CHECK(c.get(config_keys::kMessagingAuthenticate));
  CHECK(c.get(config_keys::kMessagingTransport) == "ipc");
  c.set(config_keys::kWorkers, 3);
  CHECK(c.get(config_keys::kWorkers) == 3);
  c.set(config_keys::kWorkers, "three");
  CHECK_THROWS_AS((void)c.get(config_keys::kWorkers), TypeMismatchError);
}

TEST_CASE("validate_config refuses wrong types, values out of range, NaN and renamed keys") {
  CHECK_NOTHROW(validate_config(Config{}));
  Config fine;
  fine.set(config_keys::kWorkers, 4).set(config_keys::kStatsSampleRate, 1).set("my.own.key", "anything");
  CHECK_NOTHROW(validate_config(fine));

  Config bad;
  bad.set(config_keys::kWorkers, 0)
      .set(config_keys::kMessageTimeoutSecs, std::nan(""))
      .set(config_keys::kDebug, "yes")
      .set(config_keys::kProducerBatchSize, std::int64_t{9223372036854775807})
      .set("squall.messaging.transfer.batch.size", 10);
  try {
    validate_config(bad);
    FAIL("no error");
  } catch (const TopologyError& e) {
    std::string m = e.what();
    CHECK(m.find("'topology.workers': must be from 1 to 1024") != std::string::npos);
    CHECK(m.find("'topology.message.timeout.secs': expected int, got double") != std::string::npos);
    CHECK(m.find("'topology.debug': expected bool, got string") != std::string::npos);
    CHECK(m.find("'topology.producer.batch.size': must be from 1 to 100000") != std::string::npos);
    CHECK(m.find("'squall.messaging.transfer.batch.size' is now 'topology.transfer.batch.size'") != std::string::npos);
  }
  Config nan_rate;
  nan_rate.set(config_keys::kStatsSampleRate, std::nan(""));
  CHECK_THROWS_WITH_AS(validate_config(nan_rate), doctest::Contains("topology.stats.sample.rate': must be from"),
                       TopologyError);
}

TEST_CASE("the schema finds keys by name and says their defaults as docs show them") {
  const ConfigKeyInfo* workers = find_config_key("topology.workers");
  REQUIRE(workers);
  CHECK(workers->type == ConfigType::integer);
  CHECK(workers->default_text == "1");
  CHECK(find_config_key("topology.max.spout.pending")->default_text == "0 (no cap)");
  CHECK(find_config_key("topology.debug")->default_text == "false");
  CHECK(find_config_key("no.such.key") == nullptr);
  CHECK(renamed_config_key("squall.messaging.transfer.batch.size") == "topology.transfer.batch.size");
  CHECK(renamed_config_key("topology.workers").empty());
}
