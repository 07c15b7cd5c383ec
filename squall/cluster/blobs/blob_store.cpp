#include "squall/cluster/blobs/blob_store.hpp"

#include <atomic>
#include <fstream>
#include <iterator>
#include <system_error>

#include <fmt/format.h>
#include <sodium.h>
#include <unistd.h>

namespace squall::cluster {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::string hex;
  hex.reserve(2 * sizeof digest);
  for (unsigned char b : digest) hex += fmt::format("{:02x}", b);
  return hex;
}

bool BlobStore::valid_key(std::string_view key) {
  if (key.size() != 64) return false;
  for (char c : key)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

BlobStore::BlobStore(std::filesystem::path directory) : directory_(std::move(directory)) {
  std::filesystem::create_directories(directory_);
  std::filesystem::permissions(directory_, std::filesystem::perms::owner_all);
}

std::string BlobStore::put(std::string_view bytes) {
  auto key = sha256_hex(bytes);
  if (has(key)) return key;
  static std::atomic<int> counter{0};
  auto temp = directory_ / fmt::format(".{}.{}.{}", key, ::getpid(), counter++);
  {
    std::ofstream out(temp, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) throw std::system_error(errno, std::generic_category(), "cannot write blob " + temp.string());
  }
  std::filesystem::rename(temp, directory_ / key);
  return key;
}

std::optional<std::string> BlobStore::get(const std::string& key) const {
  if (!valid_key(key)) return std::nullopt;
  std::ifstream in(directory_ / key, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (sha256_hex(bytes) != key) return std::nullopt;  // damaged on disk: never served
  return bytes;
}

bool BlobStore::has(const std::string& key) const {
  return valid_key(key) && std::filesystem::exists(directory_ / key);
}

std::filesystem::path BlobStore::path_of(const std::string& key) const {
  return has(key) ? directory_ / key : std::filesystem::path();
}

}  // namespace squall::cluster
