#pragma once
// The multilang suites' shared parts: where the scripts are, a topology through test_bolt.py,
// quick fault settings, and a check that no child was left behind.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "squall/api/config_keys.hpp"
#include "squall/multilang/shell_bolt.hpp"
#include "support/files.hpp"
#include "support/test_components.hpp"

namespace test {

inline const std::string kMultilangTests = std::string(SQUALL_SOURCE_DIR) + "/tests/multilang";
inline const std::string kMultilangExamples = std::string(SQUALL_SOURCE_DIR) + "/examples/multilang/resources";

/// Pids of processes whose command line contains `needle`: a child left behind.
inline std::vector<int> processes_with(const std::string& needle) {
  std::vector<int> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    // read_text: a process that exits between listing and reading reads as "" (seen in CI).
    const std::string cmdline = read_text(entry.path() / "cmdline");
    if (cmdline.find(needle) != std::string::npos) out.push_back(std::stoi(name));
  }
  return out;
}

/// spout (CountingSpout, `count` ids) → shell (test_bolt.py `args`, `parallelism` tasks) → sink
/// (2 tasks; shuffle on "default", direct on "direct").
inline squall::TopologyBuilder through_python(std::shared_ptr<SpoutLog> spout_log, std::shared_ptr<SinkLog> sink_log,
                                              std::int64_t count, std::vector<std::string> args, int parallelism = 1) {
  using namespace squall;
  TopologyBuilder b;
  b.set_spout("spout", [=] { return std::make_unique<CountingSpout>(spout_log, count); });
  multilang::ShellSettings shell;
  shell.command = {"python3", kMultilangTests + "/test_bolt.py"};
  shell.command.insert(shell.command.end(), args.begin(), args.end());
  shell.streams = {{"default", Fields{"id", "payload"}}, {"direct", Fields{"id", "payload"}}};
  shell.direct_streams = {"direct"};
  b.set_bolt("shell", [=] { return std::make_unique<multilang::ShellBolt>(shell); }, parallelism).shuffle_grouping("spout");
  auto sink = b.set_bolt("sink", [=] { return std::make_unique<SinkBolt>(sink_log); }, 2);
  sink.shuffle_grouping("shell");
  sink.direct_grouping("shell", "direct");
  return b;
}

/// Children time out after 2 s; scripts from tests/multilang.
inline squall::Config quick_faults() {
  squall::Config c;
  c.set(squall::config_keys::kSubprocessTimeoutSecs, 2);
  c.set(squall::config_keys::kMessageTimeoutSecs, 10);
  c.set(squall::config_keys::kMultilangResourcesDir, kMultilangTests);
  return c;
}

}  // namespace test
