#pragma once
// Content-addressed files on local disk: Storm's blob store (LocalFsBlobStore) keyed by SHA-256,
// for topology documents, plugins and the files components read.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace squall::cluster {

/// The SHA-256 of `bytes`, as 64 lowercase hex digits (libsodium's crypto_hash_sha256).
std::string sha256_hex(std::string_view bytes);

/// Blobs under one folder, one file per key (its SHA-256). Writes are atomic (a temp file
/// renamed), so a reader never sees a partial blob. Thread-safe.
class BlobStore {
 public:
  /// Creates `directory` (0700) when missing. Throws std::filesystem::filesystem_error.
  explicit BlobStore(std::filesystem::path directory);

  /// Stores `bytes`; returns their key. Throws std::system_error when the disk refuses.
  std::string put(std::string_view bytes);
  /// The blob, or nullopt when absent or when its content no longer matches its key.
  std::optional<std::string> get(const std::string& key) const;
  bool has(const std::string& key) const;
  /// The blob's file (valid while it exists), or empty when absent.
  std::filesystem::path path_of(const std::string& key) const;
  /// A key is 64 lowercase hex digits (anything else never names a file here).
  static bool valid_key(std::string_view key);

 private:
  std::filesystem::path directory_;
};

}  // namespace squall::cluster
