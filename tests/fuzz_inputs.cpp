// Seeded mutation fuzzing of every parser of outside input: topology YAML, CSV records, Kafka
// JSON/CSV values, wire frames, MOJO trees and model.ini, XGBoost JSON models. Each mutant must
// be accepted or refused with the parser's own error type: no crash, no hang, no other exception
// (CI runs this suite under ASan + UBSan too). The seed makes every failure reproducible:
// SQUALL_FUZZ_SEED=N and SQUALL_FUZZ_ROUNDS=N override the defaults; SQUALL_FUZZ_LAST=FILE keeps
// each model mutant there before it is loaded (the input of a crash).

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include <fcntl.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "squall/api/errors.hpp"
#include "squall/catalogue/bolts/aggregation/key_table.hpp"
#include "squall/flux/topology_loader.hpp"
#include "squall/formats/csv/csv_reader.hpp"
#include "squall/formats/value_format.hpp"
#include "squall/ml/model.hpp"
#include "squall/ml/mojo/compiled_tree.hpp"
#include "squall/multilang/json_values.hpp"
#include "squall/multilang/message_channel.hpp"
#include "squall/runtime/serialization/tuple_codec.hpp"
#include "support/files.hpp"
#include "support/mojo_edit.hpp"

namespace {

namespace fs = std::filesystem;

std::uint64_t seed() {
  const char* s = std::getenv("SQUALL_FUZZ_SEED");
  return s ? std::strtoull(s, nullptr, 10) : 20261202;
}

int rounds(int fallback) {
  const char* s = std::getenv("SQUALL_FUZZ_ROUNDS");
  return s ? std::atoi(s) : fallback;
}

/// Mutations of the kinds that find parser bugs: bit flips, byte changes to boundary values,
/// insertions, deletions, duplicated and swapped chunks (nesting, repeated keys), truncation.
class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : random_(seed) {}

  std::string mutate(std::string s) {
    int edits = 1 + static_cast<int>(pick(4));
    for (int e = 0; e < edits; ++e) {
      if (s.empty()) s = "x";
      std::size_t at = pick(s.size());
      switch (pick(8)) {
        case 0: s[at] = static_cast<char>(s[at] ^ (1 << pick(8))); break;
        case 1: s[at] = kInteresting[pick(sizeof kInteresting)]; break;
        case 2: s.insert(at, 1, kInteresting[pick(sizeof kInteresting)]); break;
        case 3: s.erase(at, 1 + pick(8)); break;
        case 4: {  // duplicate a chunk in place (deeper nesting, repeated entries)
          std::size_t len = 1 + pick(std::min<std::size_t>(64, s.size() - at));
          std::string chunk = s.substr(at, len);
          for (std::size_t n = 1 + pick(4); n > 0; --n) s.insert(at, chunk);
          break;
        }
        case 5: s.resize(at); break;
        case 6: {  // copy a chunk elsewhere
          std::size_t len = 1 + pick(std::min<std::size_t>(32, s.size() - at));
          s.insert(pick(s.size()), s.substr(at, len));
          break;
        }
        default: s[at] = static_cast<char>(pick(256)); break;
      }
    }
    return s;
  }
  std::size_t pick(std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(random_); }

 private:
  static constexpr char kInteresting[] = {'\0', '\xff', '\x7f', '\x80', '{', '}', '[', ']', '"', '\'', ',', ':', '\n',
                                          '\r', '&', '*', '!', '$', '-', '0', '9', '\\', '#', '|', '>', '%'};
  std::mt19937_64 random_;
};

/// With SQUALL_FUZZ_LAST set, writes `input` there before it is parsed: a crash or a hang leaves it.
void keep_last(const std::string& input) {
  if (const char* keep = std::getenv("SQUALL_FUZZ_LAST")) std::ofstream(keep, std::ios::binary) << input;
}

std::string source_file(const std::string& relative) { return test::read_text(fs::path(SQUALL_SOURCE_DIR) / relative); }

}  // namespace

TEST_CASE("fuzz: topology YAML is accepted or refused with a TopologyError") {
  Mutator m(seed());
  std::vector<std::string> seeds;
  for (const auto& entry : fs::directory_iterator(fs::path(SQUALL_SOURCE_DIR) / "topologies"))
    seeds.push_back(test::read_text(entry.path()));
  std::sort(seeds.begin(), seeds.end());
  int refused = 0;
  for (int i = 0, n = rounds(1500); i < n; ++i) {
    std::string text = m.mutate(seeds[m.pick(seeds.size())]);
    keep_last(text);
    try {
      squall::LoadOptions options;
      options.substitution.properties["port"] = "0";
      squall::load_topology_yaml(text, "fuzz.yaml", options, fs::path(SQUALL_SOURCE_DIR) / "topologies");
    } catch (const squall::TopologyError&) {
      ++refused;
    } catch (const std::exception& e) {
      FAIL("round " << i << ": " << std::string(typeid(e).name()) << ": " << std::string(e.what()) << "\n--- input ---\n" << text);
    }
  }
  MESSAGE(refused << " of " << rounds(1500) << " mutants refused");
}

TEST_CASE("fuzz: CSV records are read or reported malformed, never an exception") {
  Mutator m(seed() + 1);
  const std::string seed_text = source_file("examples/h2o_demo/data/live_data.csv").substr(0, 4000) +
                                "\"quoted, with \"\"quotes\"\"\nand a newline\",2\r\n";
  for (int i = 0, n = rounds(5000); i < n; ++i) {
    std::string text = m.mutate(seed_text);
    squall::spouts::CsvReader reader(text);
    std::size_t records = 0;
    while (reader.next()) REQUIRE(++records <= text.size() + 1);  // progress on every call
  }
}

TEST_CASE("fuzz: Kafka JSON and CSV values decode or give a reason, never an exception") {
  Mutator m(seed() + 2);
  squall::kafka::ValueFormat json("json", {"n", "x", "s"}, {{"n", "int"}, {"x", "double"}}, ",");
  squall::kafka::ValueFormat csv("csv", {"n", "x", "s"}, {{"n", "int"}, {"x", "double"}}, ",");
  const std::string json_seed = R"({"n": 4, "x": 1.5e3, "s": ["a", {"b": [1, 2, {"c": null}]}], "t": "\u00e9\n"})";
  for (int i = 0, n = rounds(5000); i < n; ++i) {
    squall::Values out;
    json.decode(m.mutate(json_seed), out);
    out.clear();
    csv.decode(m.mutate("4,1.5,\"a, \"\"b\"\"\""), out);
  }
}

TEST_CASE("fuzz: a multilang child's output gives messages or a MultilangError; emitted values map or are refused") {
  // What a child writes, through a real pipe (the channel reads until end of file).
  using squall::multilang::MessageChannel;
  using squall::multilang::MultilangError;
  Mutator m(seed() + 7);
  const std::string seed_text =
      "{\"command\": \"emit\", \"anchors\": [\"1\"], \"tuple\": [\"a\", 1, 2.5, null, true]}\nend\n"
      "[1, 2]\nend\n{\"command\": \"ack\", \"id\": \"1\"}\nend\n";
  for (int i = 0, n = rounds(2000); i < n; ++i) {
    std::string input = m.mutate(seed_text);
    keep_last(input);
    int fds[2];
    REQUIRE(::pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0);
    REQUIRE(::write(fds[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
    ::close(fds[1]);
    MessageChannel channel(-1, fds[0]);
    try {
      for (int messages = 0; messages < 1000; ++messages) {
        auto message = channel.try_receive();
        REQUIRE(message);  // the whole input is in the pipe: a message or an error, never "later"
        if (auto t = message->find("tuple"); t != message->end()) {
          try {
            squall::multilang::values_from_json(*t);
          } catch (const std::invalid_argument&) {
          }
        }
      }
    } catch (const MultilangError&) {
    }
    ::close(fds[0]);
  }
}

TEST_CASE("fuzz: wire frames decode or are refused with a DecodeError") {
  using namespace squall::runtime;
  Mutator m(seed() + 3);
  static const auto* schema = squall::detail::intern_schema({"spout", "default", squall::Fields{"n", "s", "d"}, false});
  SchemaLookup lookup = [](std::string_view c, std::string_view s) -> const squall::detail::StreamSchema* {
    return c == "spout" && s == "default" ? schema : nullptr;
  };
  Batch batch;
  for (int i = 0; i < 3; ++i) {
    auto state = std::make_shared<squall::detail::TupleState>();
    state->values = {std::int64_t{i}, std::string("text"), 2.5};
    state->schema = schema;
    state->source_task = 1;
    state->anchors = {{42, 7}};
    batch.push_back(Envelope{2, TupleMessage{squall::Tuple(std::move(state))}});
  }
  batch.push_back(Envelope{3, AckAck{99, 5}});
  std::string frame;
  encode_batch(batch, frame);
  int refused = 0;
  for (int i = 0, n = rounds(5000); i < n; ++i) {
    std::string mutant = m.mutate(frame);
    try {
      decode_batch(std::as_bytes(std::span(mutant.data(), mutant.size())), lookup);
    } catch (const squall::DecodeError&) {
      ++refused;
    }
  }
  MESSAGE(refused << " mutant frames refused");
}

TEST_CASE("fuzz: MOJO trees compile or are refused as malformed; model files load or raise ModelError") {
  using squall::prediction::mojo::CompiledTree;
  using squall::prediction::mojo::TreeEncoding;
  Mutator m(seed() + 4);
  // A small tree as H2O writes it: a numeric split on column 1, an inline left leaf, a right subtree
  // with a categorical bitset split on column 0 and two leaf subtrees.
  std::string tree = {'\x30', '\x01', '\x00', '\x00'};
  auto f32 = [](std::string& s, float f) { s.append(reinterpret_cast<const char*>(&f), 4); };
  f32(tree, 0.5f);
  f32(tree, -1.0f);
  tree += std::string{'\x08', '\x00', '\x00', '\x00', '\x05', '\x00', '\x00', '\x00', '\x07', '\x00', '\xff', '\xff'};
  f32(tree, 1.0f);
  tree += std::string{'\x00', '\xff', '\xff'};
  f32(tree, 2.0f);
  const std::vector<std::int32_t> domains = {3, 0};
  {  // the seed itself is well formed: level 1 of column 0 is not in the bitset {0, 2}: left
    CompiledTree seed_tree(std::vector<std::uint8_t>(tree.begin(), tree.end()), domains);
    double row[2] = {1, 0.7};
    CHECK(seed_tree.score(row, 2) == 1.0);
    row[1] = 0.2;
    CHECK(seed_tree.score(row, 2) == -1.0);
  }
  int refused = 0;
  for (int i = 0, n = rounds(5000); i < n; ++i) {
    std::string mutant = m.mutate(tree);
    std::vector<std::uint8_t> bytes(mutant.begin(), mutant.end());
    // Every MOJO version's encoding (1.00 and 1.10 read a bitset's length in bytes; 1.00 raises on
    // a negative level, as h2o-genmodel does: ScoringError, a runtime_error).
    for (auto encoding : {TreeEncoding::v1_00, TreeEncoding::v1_10, TreeEncoding::v1_20}) {
      try {
        CompiledTree compiled(bytes, domains, encoding);
        double row[2] = {1, 0.7}, negative_level[2] = {-3, 0.7};
        (void)compiled.score(row, 2);
        (void)compiled.score(negative_level, 2);
      } catch (const std::runtime_error&) {
        ++refused;
      }
    }
  }
  MESSAGE(refused << " mutant trees refused (or raised), of 3 encodings each");

  test::TempDir dir;
  // model.ini of GBMs (MOJO 1.40 and 1.10) and a GLM (multinomial, mean imputation): the keys every
  // scorer trusts.
  for (const char* mojo : {"/tests/data/mojoland/gbm/titanic/v1.40/gbm_v1.40_titanic.mojo",
                           "/tests/data/mojoland/gbm/titanic/v1.10/gbm_v1.10_titanic.mojo",
                           "/tests/data/mojoland/glm/titanic/v1.00/glm_v1.00_titanic.mojo"}) {
    const std::string path = std::string(SQUALL_SOURCE_DIR) + mojo;
    const std::string ini = test::unzip_entry(path, "model.ini");
    for (int i = 0, n = rounds(300) / 3; i < n; ++i) {
      std::string text = m.mutate(ini);
      keep_last(text);
      try {
        auto model = squall::prediction::load_model(test::edited_mojo(dir, path, {{"model.ini", text}}));
        std::vector<double> row(model->features().size(), std::nan("")), out(model->outputs());
        model->predict(row.data(), 1, out.data());
      } catch (const squall::prediction::ModelError&) {
      }
    }
  }
  const std::string xgb = source_file("examples/h2o_demo/model/cat_dog.xgb.json");
  for (int i = 0, n = rounds(300) / 3; i < n; ++i) {
    std::string text = m.mutate(xgb);
    keep_last(text);
    auto file = dir.write("model.json", text);
    try {
      auto model = squall::prediction::load_model(file.string());
      std::vector<double> row(model->features().size(), 0.5), out(model->outputs());
      model->predict(row.data(), 1, out.data());
    } catch (const squall::prediction::ModelError&) {
    }
  }
}

TEST_CASE("fuzz: Deep Learning, XGBoost and RuleFit MOJOs load or raise ModelError; loaded ones score or raise one") {
  Mutator m(seed() + 6);
  test::TempDir dir;
  // One scoring of a NaN row, a zeros row and a huge-valued one: a loaded model answers or raises.
  auto try_model = [](const std::string& file) {
    try {
      auto model = squall::prediction::load_model(file);
      const std::size_t n = model->features().size();
      std::vector<double> rows(3 * n, 0.0), out(3 * model->outputs());
      for (std::size_t i = 0; i < n; ++i) rows[i] = std::nan(""), rows[2 * n + i] = 1e300;
      model->predict(rows.data(), 3, out.data());
    } catch (const squall::prediction::ModelError&) {
    }
  };
  // XGBoost's binary booster (dart: trees and their weights) and its model.ini, Deep Learning's and
  // RuleFit's model.ini (layers and weights; rules and the linear names).
  const std::string root = std::string(SQUALL_SOURCE_DIR) + "/tests/data/mojoland/";
  const std::string xgb = root + "xgboost/irisdart/v1.10/xgboost_v1.10_irisdart.mojo";
  const std::string booster = test::unzip_entry(xgb, "boosterBytes");
  for (int i = 0, n = rounds(300) / 3; i < n; ++i) {
    std::string bytes = m.mutate(booster);
    keep_last(bytes);
    try_model(test::edited_mojo(dir, xgb, {{"boosterBytes", bytes}}));
  }
  // (RuleFit's model.ini holds ~90,000 keys: fewer rounds.)
  for (auto [mojo, share] : {std::pair{"xgboost/titaniclinear/v1.00/xgboost_v1.00_titaniclinear.mojo", 10},
                             std::pair{"deeplearning/titanic/v1.10/deeplearning_v1.10_titanic.mojo", 10},
                             std::pair{"rulefit/iris/v1.00/rulefit_v1.00_iris.mojo", 30}}) {
    const std::string path = root + mojo;
    const std::string ini = test::unzip_entry(path, "model.ini");
    for (int i = 0, n = rounds(300) / share; i < n; ++i) {
      std::string text = m.mutate(ini);
      keep_last(text);
      try_model(test::edited_mojo(dir, path, {{"model.ini", text}}));
    }
  }
}

TEST_CASE("fuzz: H2O POJOs load or are refused with a ModelError; loaded ones score or raise one") {
  Mutator m(seed() + 7);
  test::TempDir dir;
  const std::string seeds[] = {source_file("examples/h2o_demo/model/GBMPojo.java"), source_file("tests/data/pojo/LaterShapes.java")};
  int refused = 0;
  for (int i = 0, n = rounds(400); i < n; ++i) {
    std::string text = m.mutate(seeds[m.pick(2)]);
    keep_last(text);
    auto file = dir.write("model.java", text);
    try {
      auto model = squall::prediction::load_model(file.string());
      std::vector<double> row(model->features().size(), 1.0), out(model->outputs());
      model->predict(row.data(), 1, out.data());
      row.assign(row.size(), std::nan(""));
      model->predict(row.data(), 1, out.data());
    } catch (const squall::prediction::ModelError&) {
      ++refused;
    }
  }
  MESSAGE(refused << " mutant POJOs refused (or raised)");
}

TEST_CASE("fuzz: an aggregate's checkpointed state decodes or is refused with a StateError") {
  using namespace squall::aggregation;
  Mutator m(seed() + 5);
  auto specs = parse_aggregates({"count", "distinct(x)", "approx_distinct(x)", "sum(n)"});
  KeyTable table;
  for (int k = 0; k < 3; ++k) {
    auto& state = table["key" + std::to_string(k)];
    state.key = {std::string("k") + std::to_string(k), std::int64_t{k}};
    state.aggregates.resize(specs.size());
    for (int i = 0; i < 40 * (k + 1); ++i) {
      state.tuples++;
      squall::Value x("v" + std::to_string(i % 17)), n(std::int64_t{i});
      for (std::size_t a = 0; a < specs.size(); ++a) state.aggregates[a].add(specs[a], a == 3 ? n : x, 12);
    }
  }
  std::string bytes = key_table_bytes(table);
  REQUIRE(key_table_from_bytes(bytes, specs.size()).size() == 3);  // the bytes as written round-trip
  int refused = 0;
  for (int i = 0, n = rounds(5000); i < n; ++i) {
    std::string mutant = m.mutate(bytes);
    keep_last(mutant);
    try {
      for (auto& [code, state] : key_table_from_bytes(mutant, specs.size()))
        for (std::size_t a = 0; a < specs.size(); ++a) state.aggregates[a].result(specs[a]);  // usable
    } catch (const squall::StateError&) {
      ++refused;
    }
  }
  MESSAGE(refused << " mutant states refused");
}
