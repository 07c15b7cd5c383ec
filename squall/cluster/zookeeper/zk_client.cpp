#include "squall/cluster/zookeeper/zk_client.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
// The synchronous calls exist in the multi-threaded client only (libzookeeper_mt), under THREADED.
#define THREADED
#include <zookeeper/zookeeper.h>

namespace squall::cluster {
namespace {

// The C client logs through this (its own lines would go to stderr): connection refusals while
// the ensemble is down are expected, so they go to squall's debug log.
void log_line(const char* message) { spdlog::debug("zookeeper: {}", message); }

int create_flags(ZkClient::Mode mode) {
  switch (mode) {
    case ZkClient::Mode::persistent: return 0;
    case ZkClient::Mode::ephemeral: return ZOO_EPHEMERAL;
    case ZkClient::Mode::persistent_sequential: return ZOO_SEQUENCE;
    case ZkClient::Mode::ephemeral_sequential: return ZOO_EPHEMERAL | ZOO_SEQUENCE;
  }
  return 0;
}

std::string parent_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

}  // namespace

bool ZooKeeperError::unavailable() const noexcept {
  return code == ZCONNECTIONLOSS || code == ZOPERATIONTIMEOUT || code == ZSESSIONEXPIRED || code == ZCLOSING ||
         code == ZINVALIDSTATE;
}

struct ZkClient::Session {
  zhandle_t* handle = nullptr;
  std::mutex mutex;
  std::condition_variable changed;
  bool connected = false, expired = false;

  static void watch(zhandle_t*, int type, int state, const char*, void* context) {
    if (type != ZOO_SESSION_EVENT) return;
    auto* s = static_cast<Session*>(context);
    {
      std::lock_guard lock(s->mutex);
      s->connected = state == ZOO_CONNECTED_STATE;
      if (state == ZOO_EXPIRED_SESSION_STATE || state == ZOO_AUTH_FAILED_STATE) s->expired = true;
    }
    s->changed.notify_all();
  }
  ~Session() {
    if (handle) zookeeper_close(handle);
  }
};

ZkClient::ZkClient(std::string servers, std::chrono::milliseconds session_timeout,
                   std::chrono::milliseconds connect_timeout, std::string digest)
    : servers_(std::move(servers)), session_timeout_(session_timeout), digest_(std::move(digest)) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { zoo_set_debug_level(ZOO_LOG_LEVEL_WARN); });
  open(connect_timeout);
}

ZkClient::~ZkClient() = default;

void ZkClient::open(std::chrono::milliseconds timeout) {
  session_.reset();
  auto session = std::make_unique<Session>();
  session->handle = zookeeper_init2(servers_.c_str(), &Session::watch, static_cast<int>(session_timeout_.count()),
                                    nullptr, session.get(), 0, &log_line);
  if (!session->handle)
    throw ZooKeeperError(ZSYSTEMERROR, fmt::format("zookeeper {}: cannot create a client (errno {})", servers_, errno));
  {
    std::unique_lock lock(session->mutex);
    if (!session->changed.wait_for(lock, timeout, [&] { return session->connected || session->expired; }) ||
        !session->connected)
      throw ZooKeeperError(ZCONNECTIONLOSS, fmt::format("zookeeper {}: no session within {} ms; is the ensemble "
                                                        "up and storm.zookeeper.servers right?",
                                                        servers_, timeout.count()));
  }
  if (!digest_.empty()) {
    int rc = zoo_add_auth(session->handle, "digest", digest_.data(), static_cast<int>(digest_.size()), nullptr, nullptr);
    if (rc != ZOK) throw ZooKeeperError(rc, fmt::format("zookeeper {}: digest authentication: {}", servers_, zerror(rc)));
  }
  session_ = std::move(session);
}

void ZkClient::reconnect(std::chrono::milliseconds timeout) { open(timeout); }

bool ZkClient::connected() const noexcept {
  std::lock_guard lock(session_->mutex);
  return session_->connected;
}

bool ZkClient::expired() const noexcept {
  std::lock_guard lock(session_->mutex);
  return session_->expired;
}

std::int64_t ZkClient::session_id() const noexcept {
  const clientid_t* id = zoo_client_id(session_->handle);
  return id ? id->client_id : 0;
}

void ZkClient::check(int rc, const char* op, const std::string& path) const {
  if (rc != ZOK) throw ZooKeeperError(rc, fmt::format("zookeeper {} {}: {}", op, path, zerror(rc)));
}

std::optional<std::string> ZkClient::create(const std::string& path, const std::string& data, Mode mode) {
  std::string created(path.size() + 16, '\0');
  const ACL_vector* acl = digest_.empty() ? &ZOO_OPEN_ACL_UNSAFE : &ZOO_CREATOR_ALL_ACL;
  int rc = zoo_create(session_->handle, path.c_str(), data.data(), static_cast<int>(data.size()), acl,
                      create_flags(mode), created.data(), static_cast<int>(created.size()));
  if (rc == ZNODEEXISTS) return std::nullopt;
  check(rc, "create", path);
  created.resize(created.find('\0'));
  return created;
}

void ZkClient::ensure_path(const std::string& path) {
  if (path.empty() || path == "/" || exists(path)) return;
  ensure_path(parent_of(path));
  create(path, "");
}

void ZkClient::put(const std::string& path, const std::string& data, Mode mode) {
  ensure_path(parent_of(path));
  if (!set(path, data) && !create(path, data, mode)) set(path, data);
}

std::optional<ZkNode> ZkClient::get(const std::string& path) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    Stat stat{};
    int rc = zoo_exists(session_->handle, path.c_str(), 0, &stat);
    if (rc == ZNONODE) return std::nullopt;
    check(rc, "exists", path);
    ZkNode node;
    node.data.resize(static_cast<std::size_t>(stat.dataLength) + 1);  // +1: a grown node shows as a full buffer
    int length = static_cast<int>(node.data.size());
    rc = zoo_get(session_->handle, path.c_str(), 0, node.data.data(), &length, &stat);
    if (rc == ZNONODE) return std::nullopt;
    check(rc, "get", path);
    if (length == static_cast<int>(node.data.size())) continue;  // it grew between the two calls
    node.data.resize(length < 0 ? 0 : static_cast<std::size_t>(length));
    node.version = stat.version;
    return node;
  }
  throw ZooKeeperError(ZAPIERROR, fmt::format("zookeeper get {}: the node keeps changing size", path));
}

bool ZkClient::set(const std::string& path, const std::string& data, int version) {
  int rc = zoo_set(session_->handle, path.c_str(), data.data(), static_cast<int>(data.size()), version);
  if (rc == ZNONODE || rc == ZBADVERSION) return false;
  check(rc, "set", path);
  return true;
}

std::vector<std::string> ZkClient::children(const std::string& path) {
  String_vector names{};
  int rc = zoo_get_children(session_->handle, path.c_str(), 0, &names);
  if (rc == ZNONODE) return {};
  check(rc, "children", path);
  std::vector<std::string> out(names.data, names.data + names.count);
  deallocate_String_vector(&names);
  std::sort(out.begin(), out.end());
  return out;
}

bool ZkClient::exists(const std::string& path) {
  int rc = zoo_exists(session_->handle, path.c_str(), 0, nullptr);
  if (rc == ZNONODE) return false;
  check(rc, "exists", path);
  return true;
}

void ZkClient::remove_recursive(const std::string& path) {
  for (const auto& child : children(path)) remove_recursive(path + "/" + child);
  int rc = zoo_delete(session_->handle, path.c_str(), -1);
  if (rc != ZNONODE) check(rc, "delete", path);
}

}  // namespace squall::cluster
