#pragma once
// Files for tests: a temporary directory that cleans up after itself, and reading a file whole.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace test {

/// A fresh directory under the system temp dir, removed at scope exit (kept when the environment
/// sets SQUALL_KEEP_TEST_DIRS, to read a failed test's files).
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("squall-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    if (std::getenv("SQUALL_KEEP_TEST_DIRS")) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  /// Writes `text` to `name` inside the directory and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    auto p = path_ / name;
    std::ofstream(p) << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};

/// The whole content of `path` ("" when it cannot be read). Never throws on a failed read: the
/// stream insertion catches it (a /proc file of a process that exits meanwhile fails with ESRCH,
/// which libstdc++'s filebuf throws).
inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace test
