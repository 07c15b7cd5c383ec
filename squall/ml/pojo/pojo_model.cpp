#include "squall/ml/pojo/pojo_model.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "squall/ml/mojo/compiled_tree.hpp"
#include "squall/ml/pojo/java_classes.hpp"
#include "squall/ml/pojo/pojo_program.hpp"
#include "squall/ml/pojo/pojo_tree.hpp"

namespace squall::prediction {

using namespace pojo;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(fmt::format("POJO '{}' cannot be read", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The single value a method returns: `return <expr>;` as its first statement.
Expr returned(const std::vector<Token>& tokens, const JavaClass& c, const std::string& method) {
  auto it = c.methods.find(method);
  if (it == c.methods.end()) throw SourceError(c.line, c.column, "class " + c.name + " has no method " + method + "()");
  TokenCursor in(tokens, it->second);
  in.expect("return");
  Expr e = in.expression();
  in.expect(";");
  return e;
}

TokenCursor field(const std::vector<Token>& tokens, const JavaClass& c, const std::string& name) {
  auto it = c.fields.find(name);
  if (it == c.fields.end()) throw SourceError(c.line, c.column, "class " + c.name + " has no field " + name);
  return TokenCursor(tokens, it->second);
}

/// Whether `c` is `outer` or nested in it, at any depth.
bool within(const std::map<std::string, JavaClass>& classes, const JavaClass& c, const std::string& outer) {
  for (const JavaClass* k = &c;;) {
    if (k->name == outer) return true;
    auto it = classes.find(k->outer);
    if (it == classes.end()) return false;
    k = &it->second;
  }
}

/// `{"a", "b"}` after `new String[]`, the cursor at '{'.
std::vector<std::string> string_list(TokenCursor& in) {
  std::vector<std::string> out;
  in.expect("{");
  if (in.accept("}")) return out;
  do {
    if (in.peek().kind != Token::Kind::string) in.fail("expected a string");
    out.push_back(in.next().text);
  } while (in.accept(",") && in.peek().text != "}");
  in.expect("}");
  return out;
}

/// A String[] as H2O writes one: `new String[] {...}`, or `Holder.VALUES` where Holder's VALUES
/// is `new String[N]` filled by `sa[i] = "..."` in the fill methods of Holder's nested classes.
std::vector<std::string> string_array(TokenCursor& in, const std::vector<Token>& tokens,
                                      const std::map<std::string, JavaClass>& classes) {
  if (in.accept("new")) {
    in.expect("String");
    in.expect("[");
    in.expect("]");
    return string_list(in);
  }
  const Token& at = in.peek();
  const std::string ref = in.qualified_name();
  const auto dot = ref.rfind('.');
  auto holder = classes.find(ref.substr(0, dot == std::string::npos ? 0 : dot));
  if (dot == std::string::npos || holder == classes.end())
    throw SourceError(at.line, at.column, "'" + ref + "' names no class of this file holding a String[]");
  TokenCursor size(field(tokens, holder->second, ref.substr(dot + 1)));
  size.expect("new");
  size.expect("String");
  size.expect("[");
  const std::int64_t n = size.integer_literal();
  if (n < 0 || n > (1 << 24)) size.fail("an array size out of range");
  std::vector<std::string> values(static_cast<std::size_t>(n));
  std::vector<bool> set(values.size());
  for (const auto& [name, c] : classes) {
    if (!within(classes, c, holder->first) || !c.methods.contains("fill")) continue;
    TokenCursor fill(tokens, c.methods.at("fill"));
    while (!fill.accept("}")) {
      fill.qualified_name();
      fill.expect("[");
      const std::int64_t i = fill.integer_literal();
      fill.expect("]");
      fill.expect("=");
      if (fill.peek().kind != Token::Kind::string) fill.fail("expected a string");
      if (i < 0 || i >= n) fill.fail(fmt::format("index {} of a String[{}]", i, n));
      values[static_cast<std::size_t>(i)] = fill.next().text;
      set[static_cast<std::size_t>(i)] = true;
      fill.expect(";");
    }
  }
  if (std::find(set.begin(), set.end(), false) != set.end())
    throw SourceError(at.line, at.column, fmt::format("'{}': not every one of its {} strings is filled", ref, n));
  return values;
}

std::vector<double> double_list(TokenCursor& in) {
  if (in.accept("null")) return {};
  if (in.accept("new")) {
    in.expect("double");
    in.expect("[");
    in.expect("]");
  }
  std::vector<double> out;
  in.expect("{");
  if (in.accept("}")) return out;
  do {
    Expr e = in.expression();
    const bool negative = e.op == Expr::Op::negate && e.args[0].op == Expr::Op::number;
    if (e.op != Expr::Op::number && !negative) in.fail("expected a number");
    out.push_back(negative ? -e.args[0].value : e.value);
  } while (in.accept(",") && in.peek().text != "}");
  in.expect("}");
  return out;
}

/// The algorithm named by @ModelPojo(name=..., algorithm="gbm").
std::string annotated_algorithm(const std::vector<Token>& tokens) {
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i)
    if (tokens[i].text == "algorithm" && tokens[i + 1].text == "=" && tokens[i + 2].kind == Token::Kind::string)
      return tokens[i + 2].text;
  return "model";
}

}  // namespace

PojoModel::PojoModel(const std::string& path) {
  const std::string text = read_file(path);
  try {
    const std::vector<Token> tokens = tokenize(text);
    const auto classes = scan_classes(tokens);
    const JavaClass* model = nullptr;
    for (const auto& [name, c] : classes)
      if (c.extends == "GenModel" || c.extends == "hex.genmodel.GenModel") {
        if (model) throw SourceError(c.line, c.column, "a second class extending GenModel: " + c.name);
        model = &c;
      }
    if (!model)
      throw SourceError(1, 1, "no class extends GenModel: this is not an H2O POJO (export one with h2o.download_pojo())");
    algorithm_ = annotated_algorithm(tokens);

    Expr category = returned(tokens, *model, "getModelCategory");
    const std::string kind = category.name.substr(category.name.rfind('.') + 1);
    if (category.op != Expr::Op::name || (kind != "Binomial" && kind != "Multinomial" && kind != "Regression"))
      throw SourceError(category.line, category.column,
                        "model category '" + category.name + "': squall scores Binomial, Multinomial and Regression POJOs");

    TokenCursor names_at = field(tokens, *model, "NAMES");
    const std::vector<std::string> names = string_array(names_at, tokens, classes);
    std::vector<std::vector<std::string>> domains;
    TokenCursor domains_at = field(tokens, *model, "DOMAINS");
    domains_at.expect("new");
    domains_at.expect("String");
    for (int i = 0; i < 2; ++i) {
      domains_at.expect("[");
      domains_at.expect("]");
    }
    domains_at.expect("{");
    if (!domains_at.accept("}")) {
      do domains.push_back(domains_at.accept("null") ? std::vector<std::string>{} : string_array(domains_at, tokens, classes));
      while (domains_at.accept(",") && domains_at.peek().text != "}");
      domains_at.expect("}");
    }
    Expr nfeatures = returned(tokens, *model, "nfeatures");
    if (nfeatures.op != Expr::Op::number || !nfeatures.integer || nfeatures.value < 1 ||
        nfeatures.value > static_cast<double>(names.size()) || nfeatures.value >= static_cast<double>(domains.size()))
      throw SourceError(nfeatures.line, nfeatures.column,
                        fmt::format("nfeatures() must return a count of 1 to the {} NAMES", names.size()));
    const auto n = static_cast<std::size_t>(nfeatures.value);
    for (std::size_t i = 0; i < n; ++i) features_.push_back({names[i], domains[i]});
    if (kind != "Regression") {
      classes_ = domains.back();
      Expr nclasses = returned(tokens, *model, "nclasses");
      if (classes_.size() < 2 || nclasses.op != Expr::Op::number || nclasses.value != static_cast<double>(classes_.size()))
        throw SourceError(nclasses.line, nclasses.column,
                          fmt::format("nclasses() must equal the {} levels of the response's domain (the last of DOMAINS)",
                                      classes_.size()));
    }
    ModelConstants constants;
    if (model->fields.contains("PRIOR_CLASS_DISTRIB")) {
      TokenCursor prior = field(tokens, *model, "PRIOR_CLASS_DISTRIB");
      constants.prior = double_list(prior);
    }
    if (model->fields.contains("MODEL_CLASS_DISTRIB")) {
      TokenCursor distrib = field(tokens, *model, "MODEL_CLASS_DISTRIB");
      constants.model_distrib = double_list(distrib);
    }
    if (!constants.prior.empty() && constants.prior.size() != classes_.size())
      throw SourceError(model->line, model->column,
                        fmt::format("PRIOR_CLASS_DISTRIB has {} values for {} classes", constants.prior.size(), classes_.size()));
    program_ = std::make_unique<ScoreProgram>(tokens, classes, *model, static_cast<int>(n), static_cast<int>(preds_size()),
                                              std::move(constants));
    threshold_ = program_->threshold();
  } catch (const SourceError& e) {
    throw ModelError(fmt::format("{}:{}:{}: {}", path, e.line, e.column, e.what()));
  }
}

PojoModel::~PojoModel() = default;

void PojoModel::score0(const double* row, double* preds) const { program_->run(row, preds); }

void PojoModel::predict(const double* rows, std::size_t n_rows, double* out) const {
  const std::size_t n = features_.size(), k = preds_size();
  thread_local std::vector<double> preds;
  preds.resize(k);
  try {
    for (std::size_t r = 0; r < n_rows; ++r) {
      program_->run(rows + r * n, preds.data());
      if (classes_.empty()) out[r] = preds[0];
      else std::copy(preds.begin() + 1, preds.end(), out + r * classes_.size());
    }
  } catch (const mojo::ScoringError& e) {
    throw ModelError(e.what());
  }
}

}  // namespace squall::prediction
