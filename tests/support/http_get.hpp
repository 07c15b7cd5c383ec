#pragma once
// A minimal HTTP/1.0 GET over a loopback socket for tests of the web view. cpp-httplib's client
// would do, but its header adds about 12 s to each of CI's three builds of the test.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <stdexcept>
#include <string>

namespace test {

/// Connects to `url` ("http://127.0.0.1:PORT/") and sends a `method` (GET) of `path` with
/// `headers` (each "Name: value\r\n"); returns the socket, which the caller reads and closes.
/// Throws std::runtime_error when it cannot connect.
inline int http_send_get(const std::string& url, const std::string& path, const std::string& headers = "",
                         const std::string& method = "GET") {
  const auto host_start = url.find("://") + 3;
  const auto colon = url.find(':', host_start);
  const std::string host = url.substr(host_start, colon - host_start);
  const int port = std::stoi(url.substr(colon + 1));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) throw std::runtime_error("not an IPv4 address: " + host);
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot connect to " + url);
  }
  const std::string request = method + " " + path + " HTTP/1.0\r\nHost: " + host + "\r\n" + headers +
                              (method == "POST" ? "Content-Length: 0\r\n" : "") + "\r\n";
  (void)!::write(fd, request.data(), request.size());
  return fd;
}

/// GETs `path` from `url` and returns the response (status line, headers and body), read until
/// the server closes or `enough(response so far)` is true (for streams that never close, such as
/// Server-Sent Events).
inline std::string http_get(const std::string& url, const std::string& path,
                            const std::function<bool(const std::string&)>& enough = [](const std::string&) { return false; },
                            const std::string& headers = "", const std::string& method = "GET") {
  const int fd = http_send_get(url, path, headers, method);
  std::string response;
  char buffer[4096];
  for (ssize_t n; !enough(response) && (n = ::read(fd, buffer, sizeof buffer)) > 0;) response.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return response;
}

/// POSTs to `path` (no body) with `headers`; returns the whole response.
inline std::string http_post(const std::string& url, const std::string& path, const std::string& headers = "") {
  return http_get(url, path, [](const std::string&) { return false; }, headers, "POST");
}

/// The body of an HTTP response (what follows the blank line after the headers).
inline std::string http_body(const std::string& response) {
  const auto end_of_headers = response.find("\r\n\r\n");
  return end_of_headers == std::string::npos ? std::string() : response.substr(end_of_headers + 4);
}

}  // namespace test
