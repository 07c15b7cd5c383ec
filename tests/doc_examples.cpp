// Every ```yaml block in docs/*.md and examples/**/*.yaml loads: the docs cannot rot. A block
// whose first line is "# fragment" is only parsed as YAML; one whose first line is "# squall.yaml"
// is read as a cluster config (squall/cluster/cluster_settings.hpp).

#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>
#include <unistd.h>

#include "squall/cluster/cluster_settings.hpp"
#include <yaml-cpp/yaml.h>

#include "squall/flux/topology_loader.hpp"

namespace {

struct Block {
  std::string file;
  int line;
  std::string text;
};

std::vector<Block> yaml_blocks(const std::filesystem::path& markdown) {
  std::ifstream in(markdown);
  std::vector<Block> blocks;
  std::string line;
  int number = 0;
  Block* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (!open && line == "```yaml") {
      blocks.push_back({markdown.filename().string(), number + 1, {}});
      open = &blocks.back();
    } else if (open && line == "```") {
      open = nullptr;
    } else if (open) {
      open->text += line + "\n";
    }
  }
  return blocks;
}

squall::LoadOptions doc_options() {
  squall::LoadOptions options;
  options.substitution.properties = {{"plugin", PLUGIN_UPPERCASE}, {"spout", "TestWordSpout"}, {"parallelism", "2"},
                                     {"words", "storm,flux"}};
  options.substitution.environment = true;
  return options;
}

}  // namespace

TEST_CASE("every YAML example in the docs loads") {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SQUALL_SOURCE_DIR "/docs")) {
    if (entry.path().extension() != ".md") continue;
    for (const auto& block : yaml_blocks(entry.path())) {
      CAPTURE(block.file);
      CAPTURE(block.line);
      if (block.text.starts_with("# fragment")) {
        CHECK_NOTHROW(YAML::Load(block.text));
      } else if (block.text.starts_with("# squall.yaml")) {
        auto file = std::filesystem::temp_directory_path() / ("squall-doc-" + std::to_string(::getpid()) + ".yaml");
        std::ofstream(file) << block.text;
        CHECK_NOTHROW(squall::cluster::ClusterSettings::from_file(file));
        std::filesystem::remove(file);
      } else {
        try {
          auto loaded = squall::load_topology_yaml(block.text, block.file, doc_options());
          CHECK(!loaded.topology.components().empty());
        } catch (const std::exception& e) {
          FAIL_CHECK(e.what());
        }
      }
      ++checked;
    }
  }
  CHECK(checked >= 7);
}

TEST_CASE("every topology in topologies/ and examples/ validates") {
  int checked = 0;
  for (const char* dir : {SQUALL_SOURCE_DIR "/topologies", SQUALL_SOURCE_DIR "/examples"})
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (entry.path().extension() != ".yaml") continue;
      CAPTURE(entry.path().string());
      auto options = doc_options();
      options.plugins = {PLUGIN_UPPERCASE};
      try {
        squall::load_topology_file(entry.path(), options);
      } catch (const std::exception& e) {
        FAIL_CHECK(e.what());
      }
      ++checked;
    }
  CHECK(checked >= 2);
}
