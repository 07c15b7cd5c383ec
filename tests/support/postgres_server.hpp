#pragma once
// A real PostgreSQL server for the database tests: Debian's `postgresql` package, a cluster made
// by initdb in a temp dir, listening on 127.0.0.1 and a free port. PostgreSQL refuses to run as
// root, so when the test runs as root the server runs as the `postgres` user (setpriv).

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/processes.hpp"

namespace test {

class PostgresServer {
 public:
  explicit PostgresServer(std::filesystem::path dir) : dir_(std::move(dir)), port_(free_port()) {
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql"))
      if (std::filesystem::exists(entry.path() / "bin" / "postgres")) bin_ = entry.path() / "bin";
    if (bin_.empty()) throw std::runtime_error("no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)");
    std::filesystem::create_directories(dir_);
    if (::geteuid() == 0) {
      passwd* pg = ::getpwnam("postgres");
      if (!pg) throw std::runtime_error("running as root, and there is no postgres user to run PostgreSQL as");
      as_user_ = {"setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"};
      if (::chown(dir_.c_str(), pg->pw_uid, pg->pw_gid) != 0) throw std::runtime_error("cannot chown " + dir_.string());
    }
    std::string init;
    for (const auto& a : as_user_) init += a + " ";
    init += (bin_ / "initdb").string() + " -D " + (dir_ / "data").string() +
            " -U postgres -A trust -E UTF8 --no-sync > " + (dir_ / "initdb.log").string() + " 2>&1";
    if (std::system(init.c_str()) != 0) throw std::runtime_error("initdb failed: " + read_text(dir_ / "initdb.log"));
    start();
  }
  ~PostgresServer() { stop(); }

  /// (Re)starts the server on the same port and data; waits until it takes connections.
  void start() {
    std::vector<std::string> argv = as_user_;
    for (std::string a : {(bin_ / "postgres").string(), std::string("-D"), (dir_ / "data").string(), std::string("-p"),
                          std::to_string(port_), std::string("-c"), std::string("listen_addresses=127.0.0.1"),
                          std::string("-c"), "unix_socket_directories=" + dir_.string(), std::string("-c"),
                          std::string("fsync=off")})
      argv.push_back(std::move(a));
    process_ = std::make_unique<ChildProcess>(argv, dir_ / "postgres.log");
    std::string ready = (bin_ / "pg_isready").string() + " -q -h 127.0.0.1 -p " + std::to_string(port_);
    if (!eventually([&] { return std::system(ready.c_str()) == 0; }, std::chrono::seconds(60),
                    std::chrono::milliseconds(100)))
      throw std::runtime_error("PostgreSQL did not start: " + read_text(dir_ / "postgres.log"));
  }
  /// Fast shutdown (SIGINT: clients are disconnected), as `pg_ctl stop -m fast`; waits for it.
  void stop() {
    if (!process_) return;
    process_->signal(SIGINT);
    if (!eventually([&] { return !process_->running(); }, std::chrono::seconds(30), std::chrono::milliseconds(20)))
      process_->signal(SIGKILL);
    process_.reset();
  }
  int port() const { return port_; }
  std::string url() const { return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/postgres"; }

  /// Runs `sql` with psql (an independent client) and returns its unaligned output: one line per
  /// row, columns separated by '|'. Throws with psql's message when a statement fails.
  std::string psql(const std::string& sql) const {
    auto file = dir_ / "statement.sql";
    std::ofstream(file) << sql;
    std::string command = "psql -h 127.0.0.1 -p " + std::to_string(port_) +
                          " -U postgres -d postgres -X -q -At -v ON_ERROR_STOP=1 -f " + file.string() + " 2>&1";
    int status = 0;
    std::string out = command_output(command, &status);
    if (status != 0) throw std::runtime_error("psql: " + out);
    return out;
  }

 private:
  std::filesystem::path dir_;
  int port_;
  std::filesystem::path bin_;
  std::vector<std::string> as_user_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace test
