#include "squall/ml/mojo/rulefit_scorer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "squall/ml/model.hpp"
#include "squall/ml/mojo/mojo_archive.hpp"

namespace squall::prediction::mojo {

namespace {

/// The sub-model folder of `key` (submodel_key_N = key → submodel_dir_N).
std::string submodel_dir(const ModelIni& ini, const std::string& key, const std::string& path) {
  const int n = std::stoi(ini.get("submodel_count", "0"));
  for (int i = 0; i < n; ++i)
    if (ini.get(fmt::format("submodel_key_{}", i), "") == key) return ini.get(fmt::format("submodel_dir_{}", i));
  throw ModelError(fmt::format("MOJO '{}': linear model '{}' is not among its {} sub-models", path, key, n));
}

std::ptrdiff_t index_in(const std::vector<std::string>& v, const std::string& s) {
  auto it = std::find(v.begin(), v.end(), s);
  return it == v.end() ? -1 : it - v.begin();
}

}  // namespace

RuleFitScorer::~RuleFitScorer() = default;

RuleFitScorer::RuleFitScorer(const MojoArchive& archive, const MojoHeader& header) : header_(header) {
  const ModelIni& ini = archive.ini();
  const std::string& path = header.path;
  auto refuse = [&](const std::string& why) { mojo::refuse(header, why); };
  if (header.version != 100) refuse(fmt::format("RuleFit MOJO version {} is not supported (1.00 is)", ini.get("mojo_version")));
  const MojoArchive linear_archive(path, submodel_dir(ini, ini.get("linear_model"), path));
  const MojoHeader linear = read_header(linear_archive);
  linear_ = make_scorer(linear_archive.ini().get("algo"), linear_archive, linear);
  linear_features_ = static_cast<std::size_t>(linear.n_features);
  if (linear.n_classes != header.n_classes)
    refuse(fmt::format("the linear model has {} classes, the RuleFit model {}", linear.n_classes, header.n_classes));
  const int type = ini.get_int("model_type");
  type_ = type == 0 ? Type::linear : type == 1 ? Type::rules_and_linear : Type::rules;
  const int depth = ini.get_int("depth"), trees = ini.get_int("ntrees");
  if (depth < 0 || trees < 0 || static_cast<long>(depth) * trees > 1'000'000) refuse("depth × ntrees is out of range");
  const int names = ini.get_int("linear_names_len");
  for (int i = 0; i < names; ++i) linear_names_.push_back(ini.get(fmt::format("linear_names_{}", i)));
  // map(): linear input i comes from the linear name at i; H2O raises where the model lacks it.
  for (std::size_t i = 0; i < linear_features_; ++i)
    target_of_.push_back(i < linear_names_.size() ? index_in(linear.columns, linear_names_[i]) : -1);
  const std::string weights = ini.get("weights_column", "");
  has_weights_ = !weights.empty();
  if (has_weights_) weights_at_ = index_in(linear_names_, "linear." + weights);
  if (type_ == Type::linear) return;

  const std::vector<std::string> classes = header.n_classes > 1 ? header.domains.back() : std::vector<std::string>{};
  const bool multinomial = classes.size() > 2;
  // MojoRuleEnsemble.getValueByVarName: the level of a rule's name in its tree's column.
  auto value_of = [&](Rule& rule, const std::string& var_name, int klass) {
    const auto n_at = var_name.find('N');
    if (n_at == std::string::npos) {
      rule.error = fmt::format("java.lang.StringIndexOutOfBoundsException: rule name '{}' has no 'N'", var_name);
      return;
    }
    std::string column = var_name.substr(0, n_at) + (klass >= 0 ? fmt::format("C{}", klass) : "");
    const auto at = index_in(linear.columns, column);
    if (at < 0) {
      rule.error = fmt::format("java.lang.ArrayIndexOutOfBoundsException: the linear model has no column '{}' for rule {}",
                               column, var_name);
      return;
    }
    const auto& domain = linear.domains[static_cast<std::size_t>(at)];
    if (domain.empty()) {
      rule.error = fmt::format("java.lang.NullPointerException: the linear model's column '{}' is numeric", column);
      return;
    }
    rule.value = static_cast<int>(index_in(domain, var_name));
  };
  std::vector<std::vector<std::pair<Rule, std::string>>> by_slot;  // per (depth, tree): each rule and its name
  for (int d = 0; d < depth; ++d)
    for (int t = 0; t < trees; ++t) {
      const int count = ini.get_int(fmt::format("num_rules_M{}T{}", d, t));
      if (count < 0 || count > 1'000'000) refuse(fmt::format("num_rules_M{}T{} = {} is out of range", d, t, count));
      by_slot.emplace_back();
      for (int k = 0; k < count; ++k) {
        const std::string id = fmt::format("{}_{}_{}", d, t, k);
        Rule rule;
        const int n_conditions = ini.get_int("num_conditions_rule_id_" + id);
        for (int c = 0; c < n_conditions; ++c) {
          const std::string cid = fmt::format("{}_{}", c, id);
          Condition cond;
          const int feature = ini.get_int("feature_index_" + cid);
          if (feature < 0) refuse(fmt::format("rule {} reads feature {}", id, feature));
          cond.feature = static_cast<std::size_t>(feature);
          cond.categorical = ini.get_int("type_" + cid) == 0;
          if (cond.categorical) {
            const int levels = ini.get_int("cat_treshold_length_" + cid);
            for (int l = 0; l < levels; ++l)  // H2O writes the levels under this (misspelt) key
              cond.levels.push_back(std::stod(ini.get(fmt::format("cat_treshold_length_{}_{}", l, cid))));
          } else {
            cond.threshold = std::stod(ini.get("num_treshold" + cid));
          }
          const int op = ini.get_int("operator_" + cid);
          cond.op = op == 0 ? Condition::Op::less : op == 1 ? Condition::Op::greater_equal : Condition::Op::in;
          cond.nas_included = ini.get_bool("nas_included_" + cid, false);
          rule.conditions.push_back(std::move(cond));
        }
        by_slot.back().emplace_back(std::move(rule), ini.get("var_name_rule_id_" + id));
      }
    }
  // Slots, in the order of transformRow's output; a rule's value depends on its slot's class.
  for (const auto& slot_rules : by_slot) {
    const std::size_t k_count = multinomial ? classes.size() : 1;
    for (std::size_t k = 0; k < k_count; ++k) {
      Slot slot;
      for (const auto& [rule, name] : slot_rules) {
        if (multinomial && !name.ends_with(classes[k])) continue;
        slot.rules.push_back(rule);
        value_of(slot.rules.back(), name, multinomial ? static_cast<int>(k) : -1);
      }
      slot.missing = multinomial && slot.rules.empty();
      slots_.push_back(std::move(slot));
    }
  }
}

bool RuleFitScorer::Condition::holds(double x) const {
  if (std::isnan(x)) return nas_included;
  if (!categorical) return op == Op::less ? x < threshold : op == Op::greater_equal && x >= threshold;
  return std::find(levels.begin(), levels.end(), x) != levels.end();
}

bool RuleFitScorer::Rule::fires(const double* row, std::size_t row_size) const {
  bool out = true;
  for (const Condition& c : conditions) {
    const double x = row_at(row, row_size, c.feature);  // MojoCondition.map reads before it looks at `out`
    if (out) out = c.holds(x);
  }
  return out;
}

void RuleFitScorer::score0(const double* row, std::size_t row_size, double, double* preds, std::size_t preds_size) const {
  thread_local std::vector<double> test, input;
  test.clear();
  if (type_ != Type::linear) {
    for (const Slot& slot : slots_) {
      if (slot.missing) throw ScoringError("java.lang.NullPointerException: no rule of a class in a tree");
      int value = -1;
      for (const Rule& rule : slot.rules)
        if (rule.fires(row, row_size)) {
          if (!rule.error.empty()) throw ScoringError(rule.error);
          value = rule.value;  // MojoRuleEnsemble.decode: the last rule that fires decides
        }
      test.push_back(value >= 0 ? value : std::numeric_limits<double>::quiet_NaN());
    }
  }
  if (type_ != Type::rules) test.insert(test.end(), row, row + row_size);
  input.assign(linear_features_, 0.0);
  for (std::size_t i = 0; i < target_of_.size(); ++i) {
    const double v = row_at(test.data(), test.size(), i);
    if (target_of_[i] < 0)
      throw ScoringError(fmt::format("java.lang.ArrayIndexOutOfBoundsException: the linear model has no input '{}'",
                                     i < linear_names_.size() ? linear_names_[i] : "?"));
    input[static_cast<std::size_t>(target_of_[i])] = v;
  }
  linear_->score0(input.data(), input.size(), 0.0, preds, preds_size);
  if (has_weights_) {  // a row of weight 0 predicts 0, as in H2O
    if (weights_at_ < 0) throw ScoringError("java.lang.ArrayIndexOutOfBoundsException: no linear name for the weights column");
    if (row_at(test.data(), test.size(), static_cast<std::size_t>(weights_at_)) == 0.0)
      for (std::size_t i = 0; i < preds_size; ++i) preds[i] *= 0.0;
  }
}

}  // namespace squall::prediction::mojo
