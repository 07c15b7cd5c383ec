#include "squall/ml/mojo/xgboost_booster.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace squall::prediction::mojo {

namespace {

/// Little-endian reads over the model's bytes; every read checks the length left.
class ByteReader {
 public:
  explicit ByteReader(const std::vector<std::uint8_t>& b) : b_(b) {}
  template <typename T>
  T read() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, b_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return v;
  }
  void skip(std::uint64_t n) {
    need(n);
    at_ += static_cast<std::size_t>(n);
  }
  std::string read_string() {
    auto n = read<std::uint64_t>();
    need(n);
    std::string s(reinterpret_cast<const char*>(b_.data() + at_), static_cast<std::size_t>(n));
    at_ += static_cast<std::size_t>(n);
    return s;
  }
  std::vector<float> read_floats(std::uint64_t n) {
    need(n * 4);
    std::vector<float> v(static_cast<std::size_t>(n));
    std::memcpy(v.data(), b_.data() + at_, static_cast<std::size_t>(n) * 4);
    at_ += static_cast<std::size_t>(n) * 4;
    return v;
  }
  std::size_t remaining() const noexcept { return b_.size() - at_; }
  bool starts_with(const char* magic) const { return b_.size() >= 4 && std::memcmp(b_.data(), magic, 4) == 0; }

 private:
  void need(std::uint64_t n) const {
    if (n > b_.size() - at_)
      throw std::runtime_error(fmt::format("the XGBoost model is truncated: {} bytes needed at byte {} of {}", n, at_, b_.size()));
  }
  const std::vector<std::uint8_t>& b_;
  std::size_t at_ = 0;
};

constexpr std::int32_t kMaxNodes = 1 << 24;

}  // namespace

XgboostBooster::XgboostBooster(const std::vector<std::uint8_t>& bytes, bool linear_base_first)
    : linear_base_first_(linear_base_first) {
  ByteReader in(bytes);
  if (in.starts_with("binf")) in.skip(4);  // the oldest files carry a signature
  // LearnerModelParam (136 bytes): base_score, num_feature, num_class, then reserved words.
  base_score_ = in.read<float>();
  const auto num_feature = in.read<std::uint32_t>();
  const auto num_class = in.read<std::int32_t>();
  const auto with_pbuffer = in.read<std::int32_t>();
  in.skip(30 * 4);
  if (num_class < 0 || num_class > 100000) throw std::runtime_error(fmt::format("num_class {} is out of range", num_class));
  groups_ = num_class > 0 ? static_cast<std::size_t>(num_class) : 1;
  objective_ = in.read_string();
  booster_ = in.read_string();
  if (objective_ == "binary:logistic") transform_ = Transform::logistic;
  else if (objective_ == "multi:softprob") transform_ = Transform::softmax;
  else if (objective_ == "reg:gamma" || objective_ == "reg:tweedie" || objective_ == "count:poisson") transform_ = Transform::exp;
  else if (objective_ != "reg:linear" && objective_ != "reg:squarederror" && objective_ != "binary:logitraw" &&
           objective_ != "rank:pairwise")
    throw std::runtime_error(fmt::format("objective '{}' is not supported", objective_));
  if (transform_ == Transform::exp && groups_ != 1) throw std::runtime_error("a regression objective with several outputs");
  trees_.resize(groups_);
  if (booster_ == "gblinear") {
    in.skip(136);  // GBLinearModelParam: deprecated counts and reserved words
    const auto n = in.read<std::uint64_t>();
    if (n != (static_cast<std::uint64_t>(num_feature) + 1) * groups_)
      throw std::runtime_error(fmt::format("gblinear has {} weights for {} features and {} groups", n, num_feature, groups_));
    linear_weights_ = in.read_floats(n);
    linear_features_ = features_read_ = num_feature;
    return;
  }
  if (booster_ != "gbtree" && booster_ != "dart")
    throw std::runtime_error(fmt::format("booster '{}' is not supported (gbtree, dart and gblinear are)", booster_));
  // GBTreeModelParam (160 bytes).
  const auto num_trees = in.read<std::int32_t>();
  const auto num_roots = in.read<std::int32_t>();
  in.skip(8);
  const auto num_pbuffer = in.read<std::int64_t>();
  in.skip(4);
  const auto size_leaf_vector = in.read<std::int32_t>();
  in.skip(32 * 4);
  // A tree takes at least 184 bytes (its parameters and one node): a count the bytes cannot hold
  // is refused before anything is allocated for it.
  if (num_trees < 0 || static_cast<std::uint64_t>(num_trees) * 184 > in.remaining() || num_roots > 1 ||
      size_leaf_vector != 0 || num_pbuffer < 0)
    throw std::runtime_error(fmt::format("gbtree parameters out of range (num_trees {}, num_roots {}, size_leaf_vector {})",
                                         num_trees, num_roots, size_leaf_vector));
  std::vector<Tree> all(static_cast<std::size_t>(num_trees));
  for (auto& tree : all) {
    // TreeParam (148 bytes), then the nodes (20 bytes each) and their statistics (16 bytes each).
    const auto roots = in.read<std::int32_t>();
    const auto num_nodes = in.read<std::int32_t>();
    in.skip(3 * 4);
    const auto leaf_vector = in.read<std::int32_t>();
    in.skip(31 * 4);
    if (roots != 1 || leaf_vector != 0 || num_nodes < 1 || num_nodes > kMaxNodes ||
        static_cast<std::uint64_t>(num_nodes) * 36 > in.remaining())
      throw std::runtime_error(fmt::format("a tree with {} roots, {} nodes and leaf vectors of {}", roots, num_nodes, leaf_vector));
    tree.nodes.resize(static_cast<std::size_t>(num_nodes));
    for (auto& n : tree.nodes) {
      in.skip(4);  // parent
      n.left = in.read<std::int32_t>();
      n.right = in.read<std::int32_t>();
      const auto sindex = in.read<std::uint32_t>();
      n.split = in.read<float>();
      n.feature = sindex & 0x7fffffffu;
      n.missing = (sindex >> 31) != 0 ? n.left : n.right;
    }
    in.skip(static_cast<std::uint64_t>(num_nodes) * 16);
    // A tree, walked from the root, reaches every node at most once: no cycle, no index outside.
    std::vector<bool> seen(tree.nodes.size());
    std::vector<std::int32_t> todo{0};
    while (!todo.empty()) {
      const auto at = todo.back();
      todo.pop_back();
      if (at < 0 || at >= num_nodes || seen[static_cast<std::size_t>(at)])
        throw std::runtime_error(fmt::format("a tree's node {} is out of range or reached twice", at));
      seen[static_cast<std::size_t>(at)] = true;
      const Node& n = tree.nodes[static_cast<std::size_t>(at)];
      if (n.left == -1) continue;
      features_read_ = std::max<std::size_t>(features_read_, n.feature + 1);
      todo.push_back(n.left);
      todo.push_back(n.right);
    }
  }
  std::vector<std::int32_t> tree_info(static_cast<std::size_t>(num_trees));
  for (auto& g : tree_info) {
    g = in.read<std::int32_t>();
    if (g < 0 || static_cast<std::size_t>(g) >= groups_) throw std::runtime_error(fmt::format("a tree of output group {}", g));
  }
  if (num_pbuffer != 0 && with_pbuffer != 0)
    in.skip(2 * 4 * static_cast<std::uint64_t>(groups_) * static_cast<std::uint64_t>(num_pbuffer));
  if (booster_ == "dart" && num_trees != 0) {
    const auto n = in.read<std::uint64_t>();
    if (n != static_cast<std::uint64_t>(num_trees)) throw std::runtime_error(fmt::format("dart has {} weights for {} trees", n, num_trees));
    auto weights = in.read_floats(n);
    // Dart.pred multiplies a group's i-th tree by weight_drop[i], i counted within the group (as
    // xgboost-predictor does; for one group, the tree's own weight).
    std::vector<std::size_t> count(groups_);
    for (std::size_t t = 0; t < all.size(); ++t) all[t].weight = weights[count[static_cast<std::size_t>(tree_info[t])]++];
  }
  for (std::size_t t = 0; t < all.size(); ++t) trees_[static_cast<std::size_t>(tree_info[t])].push_back(std::move(all[t]));
}

float XgboostBooster::Tree::leaf(const float* f) const {
  const Node* n = &nodes[0];
  while (n->left != -1) {
    const float v = f[n->feature];
    n = &nodes[static_cast<std::size_t>(v != v ? n->missing : v < n->split ? n->left : n->right)];
  }
  return n->split;
}

void XgboostBooster::transform(float* out) const {
  switch (transform_) {
    case Transform::none: break;
    case Transform::logistic:
      for (std::size_t g = 0; g < groups_; ++g) out[g] = 1.0f / (1.0f + static_cast<float>(std::exp(-static_cast<double>(out[g]))));
      break;
    case Transform::exp: out[0] = static_cast<float>(std::exp(static_cast<double>(out[0]))); break;
    case Transform::softmax: {
      float max = out[0];
      for (std::size_t g = 1; g < groups_; ++g) max = std::max(out[g], max);
      double sum = 0;
      for (std::size_t g = 0; g < groups_; ++g) sum += (out[g] = static_cast<float>(std::exp(static_cast<double>(out[g] - max))));
      for (std::size_t g = 0; g < groups_; ++g) out[g] /= static_cast<float>(sum);
      break;
    }
  }
}

void XgboostBooster::predict(const float* f, float* out) const {
  predict_batch(f, 1, 0, out);
}

void XgboostBooster::predict_batch(const float* f, std::size_t n, std::size_t stride, float* out) const {
  for (std::size_t g = 0; g < groups_; ++g) {
    if (!linear_weights_.empty()) {
      // GBLinear.pred: the bias, then weight × value for every present feature, in float.
      const float bias = linear_weights_[linear_features_ * groups_ + g];
      for (std::size_t r = 0; r < n; ++r) {
        const float* row = f + r * stride;
        float sum = linear_base_first_ ? base_score_ + bias : bias;
        for (std::size_t i = 0; i < linear_features_; ++i)
          if (!std::isnan(row[i])) sum += row[i] * linear_weights_[i * groups_ + g];
        out[r * groups_ + g] = sum;
      }
    } else {
      for (std::size_t r = 0; r < n; ++r) out[r * groups_ + g] = 0;
      for (const Tree& t : trees_[g])
        for (std::size_t r = 0; r < n; ++r) {
          const float leaf = t.leaf(f + r * stride);
          out[r * groups_ + g] += t.weight * leaf;  // gbtree: weight 1, exact in float
        }
    }
  }
  for (std::size_t r = 0; r < n; ++r) {
    if (linear_weights_.empty() || !linear_base_first_)
      for (std::size_t g = 0; g < groups_; ++g) out[r * groups_ + g] += base_score_;  // Predictor.predictRaw
    transform(out + r * groups_);
  }
}

}  // namespace squall::prediction::mojo
