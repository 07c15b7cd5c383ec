#pragma once
// The scoring half of one algorithm's MOJO. h2o-genmodel keeps one MojoModel subclass per
// algorithm (GbmMojoModel, DrfMojoModel, GlmMojoModel, DeeplearningMojoModel,
// XGBoostJavaMojoModel, RuleFitMojoModel; https://github.com/h2oai/h2o-3, h2o-genmodel); squall
// keeps one AlgorithmScorer each, behind the one MojoModel that reads what they all share.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "squall/ml/mojo/scoring_error.hpp"

namespace squall::prediction::mojo {

class MojoArchive;
struct ModelIni;

/// model.ini's keys that every algorithm has, resolved once at load.
struct MojoHeader {
  std::string path;            // the .mojo file, named in load errors
  int version = 0;             // mojo_version in hundredths: "1.10" → 110
  int n_features = 0;          // the first n_features columns are the model's input
  int n_classes = 1;           // 1 for regression
  bool balance_classes = false;
  double threshold = 0.5;      // default_threshold: P(second class) at or above it → label 1
  std::vector<double> prior;          // prior_class_distrib: n_classes doubles, or empty
  std::vector<double> model_distrib;  // model_class_distrib: n_classes doubles, or empty
  std::vector<std::int32_t> domain_sizes;  // level count by column; 0 for a numeric column
  std::vector<std::vector<std::string>> domains;  // the levels by column; empty for numeric
  std::vector<std::string> columns;               // column names, features first, then the response
};

class AlgorithmScorer {
 public:
  virtual ~AlgorithmScorer() = default;
  /// H2O's score0 (see MojoModel::score0): `row` holds `row_size` doubles in [columns] order,
  /// `preds` gets [label, p_1 .. p_k] or [value, 0]. Throws ScoringError where H2O raises.
  virtual void score0(const double* row, std::size_t row_size, double offset, double* preds,
                      std::size_t preds_size) const = 0;
  /// False for algorithms whose MOJO has no score0 with an offset (H2O's default raises
  /// UnsupportedOperationException for any offset, 0 included).
  virtual bool takes_offset() const noexcept { return true; }
  /// score0 with offset 0 for `n` rows of `row_size` doubles, into `preds` (n × preds_size
  /// doubles). The default scores row by row; a tree ensemble walks each tree over all rows.
  virtual void score_batch(const double* rows, std::size_t n, std::size_t row_size, double* preds,
                           std::size_t preds_size) const;
};

/// Reads and checks the keys every MOJO has (n_features, n_classes, the columns and their
/// domains, the class distributions, the default threshold). Throws ModelError naming the file
/// when they are out of range or disagree (a classifier whose response domain has another number
/// of levels than n_classes, a distribution of the wrong length).
MojoHeader read_header(const MojoArchive& archive);

/// Builds the scorer of header's algorithm `algo` from the archive's entries. Throws ModelError
/// naming the file for an algorithm or version this runtime does not read, or a malformed entry.
std::unique_ptr<AlgorithmScorer> make_scorer(const std::string& algo, const MojoArchive& archive,
                                             const MojoHeader& header);

/// Refuses the model at load: throws ModelError "MOJO 'PATH': `why`".
[[noreturn]] void refuse(const MojoHeader& header, const std::string& why);

/// How Deep Learning and XGBoost MOJOs lay out their input (GenModel.setInput): `cats`
/// categorical columns first, one-hot over the slots [cat_offsets[c], cat_offsets[c + 1]), then
/// `nums` numeric ones.
struct OneHotLayout {
  int cats = 0, nums = 0;
  std::vector<std::int32_t> cat_offsets;  // cats + 1 entries from 0, never decreasing
  bool use_all_factor_levels = true;
};
/// model.ini's cats, nums, cat_offsets and use_all_factor_levels. Throws ModelError naming the
/// file unless cats + nums are the model's features and cat_offsets fits them.
OneHotLayout read_one_hot_layout(const ModelIni& ini, const MojoHeader& header);

/// model.ini's integer array `values` (read as doubles) as ints; throws ModelError naming `key`
/// and the file when one is not an integer within 0..2^30.
std::vector<std::int32_t> ini_ints(const std::vector<double>& values, const std::string& key, const std::string& path);

/// Raises ScoringError (java.lang.ArrayIndexOutOfBoundsException) when preds_size < n, where
/// Java's store into a short predictions array raises.
void need_preds(std::size_t preds_size, std::size_t n);
/// row[i], or ScoringError (java.lang.ArrayIndexOutOfBoundsException) past row_size.
double row_at(const double* row, std::size_t row_size, std::size_t i);
/// The classifier's epilogue in GbmMojoModel, DrfMojoModel and DeeplearningMojoModel: undo class
/// balancing (GenModel.correctProbabilities) when the model balanced classes, then the label
/// (GenModel.getPrediction) into preds[0]. preds holds n_classes + 1 doubles.
void finish_classification(const MojoHeader& header, double* preds, const double* row, std::size_t row_size);
/// GenModel.setCats for one categorical column: the one-hot slot of level value `d` in the
/// column's slots [first, end) — NaN the last (the NA level), a level past the end clamped to
/// it, level 0 none (-1) without use_all_factor_levels. H2O's int arithmetic wraps, so a huge or
/// negative value may land below `first` or below 0 (no slot), exactly as in Java.
std::int32_t one_hot_slot(double d, std::int32_t first, std::int32_t end, bool use_all_factor_levels);

}  // namespace squall::prediction::mojo
