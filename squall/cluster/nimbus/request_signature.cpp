#include "squall/cluster/nimbus/request_signature.hpp"

#include <charconv>

#include <sodium.h>

#include "squall/cluster/blobs/blob_store.hpp"

namespace squall::cluster {

std::string request_signature(std::string_view secret, std::string_view method, std::string_view target,
                              std::int64_t unix_secs, std::string_view body) {
  if (sodium_init() < 0) return {};
  unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
  crypto_hash_sha256(key, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  std::string message = std::string(method) + "\n" + std::string(target) + "\n" + std::to_string(unix_secs) + "\n" +
                        sha256_hex(body);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(message.data()), message.size(), key);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

std::string signature_problem(std::string_view secret, std::string_view method, std::string_view target,
                              std::string_view unix_secs, std::string_view body, std::string_view signature,
                              std::int64_t now_secs) {
  if (signature.empty() || unix_secs.empty())
    return "this cluster has a secret (storm.zookeeper.auth.payload): requests must be signed with it";
  std::int64_t secs = 0;
  auto [end, ec] = std::from_chars(unix_secs.data(), unix_secs.data() + unix_secs.size(), secs);
  if (ec != std::errc() || end != unix_secs.data() + unix_secs.size()) return "malformed request time";
  if (secs < now_secs - kMaxSkewSecs || secs > now_secs + kMaxSkewSecs)
    return "the request's time is more than 300 s from Nimbus's clock (a replay, or clocks apart)";
  auto expected = request_signature(secret, method, target, secs, body);
  if (expected.size() != signature.size() || sodium_memcmp(expected.data(), signature.data(), expected.size()) != 0)
    return "wrong signature (not this cluster's secret)";
  return {};
}

}  // namespace squall::cluster
