#pragma once
// Checks an XGBoost JSON model's shape before libxgboost loads it: libxgboost 1.7 accepts
// split indices out of range (then reads out of bounds in predict), child links that form a
// cycle (predict never returns) and a tree_info one short (SIGSEGV).

#include <string>

namespace squall::prediction {

/// Reads `path` (an XGBoost model saved as JSON, schema of XGBoost's doc/model.schema) and
/// throws ModelError naming the file and the element when:
/// - it is not JSON, or is nested deeper than limits::kModelJsonDepth;
/// - learner.learner_model_param.num_feature is not 1..limits::kModelFeatures, num_class not
///   0..limits::kModelClasses, or learner.feature_names names another number of features;
/// - the trees, gbtree_model_param.num_trees and tree_info disagree in count (or exceed
///   limits::kModelTrees);
/// - a tree's num_nodes is not 1..limits::kTreeNodes, or an array of it (left_children,
///   right_children, split_indices, split_conditions, default_left, base_weights) is not
///   num_nodes long;
/// - a node has one child but not the other, a child outside 1..num_nodes-1, a split feature
///   outside 0..num_feature-1, or a node is reached twice from the root (a cycle or a shared
///   node). The walk is iterative: O(nodes), no recursion.
/// Files that are not JSON text (UBJSON, the binary format) are left to libxgboost.
void check_xgboost_json_model(const std::string& path);

}  // namespace squall::prediction
