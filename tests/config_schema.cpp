// The config schema (squall/api/config_keys.hpp): one declaration per key, read with its default,
// validated by type and range; docs/settings.md is checked against it by tests/cli/squall_cli.sh.
// Also the typed component settings (squall/api/registry/settings_schema.hpp).
#include <cmath>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "squall/api/config_schema.hpp"
#include "squall/api/errors.hpp"
#include "squall/api/registry/component_registry.hpp"

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

namespace {

// A component whose settings are declared once, as typed members.
struct TypedBolt : squall::BasicBolt {
  struct Settings {
    std::string path;
    std::int64_t every = 100;
    double ratio = 0.5;
    bool header = true;
    std::vector<std::string> fields{"a"};
    std::optional<std::string> mode;
    nlohmann::json types = nlohmann::json::object();
    void describe(squall::SettingsSchema& s) {
      s.required(path, "path", "the file");
      s.add(every, "flush.every", "tuples per flush");
      s.add(ratio, "ratio", "a share");
      s.add(header, "header", "a header line");
      s.add(fields, "fields", "which fields");
      s.add(mode, "mode", "how (default: it depends)");
      s.add(types, "types", "field -> type", squall::SettingType::map);
    }
  };
  explicit TypedBolt(const Settings& s) : settings(s) {}
  void execute(const squall::Tuple&, squall::BasicOutputCollector&) override {}
  Settings settings;
};

}  // namespace

TEST_CASE("typed component settings: the schema comes from the members, and the members from the settings") {
  squall::ComponentRegistry registry;
  registry.add_bolt<TypedBolt>({.class_name = "test.TypedBolt"});
  const auto* info = registry.find("test.TypedBolt");
  REQUIRE(info);
  REQUIRE(info->settings.size() == 7);
  CHECK(info->settings[0].name == "path");
  CHECK(info->settings[0].default_value.is_null());
  CHECK_FALSE(info->settings[0].optional);  // required
  CHECK(info->settings[1].type == squall::SettingType::integer);
  CHECK(info->settings[1].default_value == 100);
  CHECK(info->settings[2].type == squall::SettingType::number);
  CHECK(info->settings[3].type == squall::SettingType::boolean);
  CHECK(info->settings[4].type == squall::SettingType::string_list);
  CHECK(info->settings[4].default_value == nlohmann::json::array({"a"}));
  CHECK(info->settings[5].optional);
  CHECK(info->settings[5].type == squall::SettingType::string);
  CHECK(info->settings[6].type == squall::SettingType::map);

  auto bolt = info->make_bolt(squall::ComponentSettings({{"path", "out.csv"}, {"flush.every", 7}, {"mode", "fast"}}));
  const auto& s = dynamic_cast<TypedBolt&>(*bolt).settings;
  CHECK(s.path == "out.csv");
  CHECK(s.every == 7);
  CHECK(s.ratio == 0.5);  // absent: the default
  CHECK(s.mode == "fast");

  CHECK_THROWS_WITH_AS(squall::read_settings<TypedBolt::Settings>(squall::ComponentSettings(nlohmann::json{{"ratio", 1.0}})),
                       "setting 'path' is required", squall::SettingError);
  CHECK_THROWS_AS(squall::read_settings<TypedBolt::Settings>(squall::ComponentSettings({{"path", "p"}, {"flush.every", "x"}})),
                  squall::SettingError);
}
