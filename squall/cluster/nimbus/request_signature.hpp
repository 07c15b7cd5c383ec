#pragma once
// Signed requests to Nimbus's API, when the cluster has a secret (storm.zookeeper.auth.payload,
// the secret that also guards the znodes): each request carries its Unix time and an
// HMAC-SHA256 (libsodium's crypto_auth_hmacsha256) over method, target, time and the body's
// SHA-256, keyed by the secret's SHA-256. The secret never travels; a captured request is
// refused once kMaxSkewSecs old. (The wire is not encrypted: a listener sees bodies, not the key.)

#include <cstdint>
#include <string>
#include <string_view>

namespace squall::cluster {

/// Headers a signed request carries.
inline constexpr const char* kSignatureTimeHeader = "X-Squall-Time";
inline constexpr const char* kSignatureHeader = "X-Squall-Signature";
/// How far a request's time may be from Nimbus's clock: seconds.
inline constexpr std::int64_t kMaxSkewSecs = 300;

/// The signature (64 hex digits) of a request: `method` ("GET", "POST"), `target` (path and
/// query as sent), `unix_secs`, `body`.
std::string request_signature(std::string_view secret, std::string_view method, std::string_view target,
                              std::int64_t unix_secs, std::string_view body);

/// Empty when `signature` and `unix_secs` (as the headers gave them) are right for the request
/// at `now_secs`; otherwise why not, for a 401 answer.
std::string signature_problem(std::string_view secret, std::string_view method, std::string_view target,
                              std::string_view unix_secs, std::string_view body, std::string_view signature,
                              std::int64_t now_secs);

}  // namespace squall::cluster
