#include "squall/ml/pojo/pojo_program.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "squall/ml/mojo/compiled_tree.hpp"
#include "squall/ml/mojo/gen_model.hpp"

namespace squall::prediction::pojo {

using Op = Expr::Op;

struct ScoreProgram::Value {
  enum class Kind { number, pred, add, subtract, multiply, divide, negate, exp, log, min, max, prediction };
  Kind kind = Kind::number;
  double number = 0;  ///< number: the value; prediction: the threshold
  int index = 0;      ///< pred: the preds index
  bool with_prior = false;  ///< prediction: getPrediction was passed PRIOR_CLASS_DISTRIB
  std::vector<Value> args;
};

namespace {


std::string last_part(const std::string& qualified) { return qualified.substr(qualified.rfind('.') + 1); }

/// Whether `qualified` names GenModel's static `method`, written as H2O does (bare, GenModel.m or
/// hex.genmodel.GenModel.m).
bool names_gen_model(const std::string& qualified, std::string_view method) {
  return qualified == method || qualified == "GenModel." + std::string(method) ||
         qualified == "hex.genmodel.GenModel." + std::string(method);
}

/// DRF's normalisation of its votes (DrfPojoWriter), as token texts with `P` for preds.
constexpr std::string_view kDrfNormalization =
    "double sum = 0; for(int i=1; i<P.length; i++) { sum += P[i]; } "
    "if (sum > 0) for(int i=1; i<P.length; i++) { P[i] /= sum; }";

}  // namespace

class ScoreProgram::Compiler {
 public:
  Compiler(ScoreProgram& program, const std::vector<Token>& tokens, const std::map<std::string, JavaClass>& classes)
      : p_(program), tokens_(tokens), classes_(classes) {}

  void score0(const JavaClass& model) {
    TokenCursor in = body(model, "score0", 2, model_at(model));
    data_ = params_[0];
    preds_ = params_[1];
    while (!returned(in)) statement(in);
  }

 private:
  /// Where class `c` is declared, as a token to refuse at.
  static Token model_at(const JavaClass& c) {
    Token t;
    t.line = c.line;
    t.column = c.column;
    return t;
  }

  const JavaClass& class_named(const std::string& name, const Token& at) const {
    auto it = classes_.find(name);
    if (it == classes_.end()) refuse(at, "class " + name + " is named here but not defined in the file");
    return it->second;
  }

  /// A cursor at the body of c.method, which must take `arity` parameters (into params_).
  TokenCursor body(const JavaClass& c, const std::string& method, std::size_t arity, const Token& at) {
    auto it = c.methods.find(method);
    if (it == c.methods.end()) refuse(at, "class " + c.name + " has no method " + method + "()");
    params_ = c.parameters.at(method);
    if (params_.size() != arity)
      refuse(tokens_[it->second - 1], fmt::format("{}.{}() takes {} parameters, not {}", c.name, method, params_.size(), arity));
    return TokenCursor(tokens_, it->second);
  }

  /// True (and the body's end consumed) at `return preds; }`.
  bool returned(TokenCursor& in) const {
    if (!in.accept("return")) return false;
    if (in.peek().text != preds_) in.fail("score0 must return " + preds_);
    in.next();
    in.expect(";");
    in.expect("}");
    return true;
  }

  int preds_index(const Expr& e) const {
    if (e.op != Op::element || e.name != preds_) refuse(e, "expected " + preds_ + "[k]");
    if (e.index >= p_.preds_size_)
      refuse(e, fmt::format("{}[{}] is past the {} predictions of this model", preds_, e.index, p_.preds_size_));
    return e.index;
  }

  void statement(TokenCursor& in) {
    const Token& first = in.peek();
    if (first.text == "double" && in.peek(1).text == "[") return clean(in);
    if (first.text == "double" && matches(in, kDrfNormalization)) {
      p_.steps_.push_back({.kind = Kind::normalize});
      return;
    }
    if (first.text == "for" || first.text == "while" || first.text == "do")
      refuse(first, "a loop ('" + first.text + "'), which a GBM's or DRF's score0 does not hold beyond DRF's "
                    "normalisation of its votes: this is not a POJO as H2O writes it");
    if (first.kind != Token::Kind::identifier || first.text == "if" || first.text == "double")
      refuse(first, "a statement ('" + first.text + "') that H2O's generated score0 does not hold");
    if (first.text == preds_ && in.peek(1).text == "[") return assignment(in);
    const std::string name = in.qualified_name();
    if (in.peek().text != "(") refuse(first, "a statement ('" + name + "') that H2O's generated score0 does not hold");
    Expr call = primary_call(in, first, name);
    in.expect(";");
    const std::string method = last_part(name);
    auto is_preds = [&](const Expr& e) { return e.op == Op::name && e.name == preds_; };
    if (name == "java.util.Arrays.fill" || name == "Arrays.fill") {
      if (call.args.size() != 2 || !is_preds(call.args[0]) || call.args[1].op != Op::number)
        refuse(call, "expected java.util.Arrays.fill(" + preds_ + ", 0)");
      p_.steps_.push_back({.kind = Kind::fill, .fill = call.args[1].value});
    } else if (names_gen_model(name, "GBM_rescale")) {
      if (call.args.size() != 1 || !is_preds(call.args[0])) refuse(call, "expected GBM_rescale(" + preds_ + ")");
      p_.steps_.push_back({.kind = Kind::rescale});
    } else if (names_gen_model(name, "correctProbabilities")) {
      if (call.args.size() != 3 || !is_preds(call.args[0]) || call.args[1].name != "PRIOR_CLASS_DISTRIB" ||
          call.args[2].name != "MODEL_CLASS_DISTRIB")
        refuse(call, "expected correctProbabilities(" + preds_ + ", PRIOR_CLASS_DISTRIB, MODEL_CLASS_DISTRIB)");
      const auto classes = static_cast<std::size_t>(p_.preds_size_ - 1);
      if (p_.constants_.prior.size() != classes || p_.constants_.model_distrib.size() != classes)
        refuse(call, fmt::format("correctProbabilities needs PRIOR_CLASS_DISTRIB and MODEL_CLASS_DISTRIB of {} values", classes));
      p_.steps_.push_back({.kind = Kind::correct});
    } else if (method == "score0" && name.find('.') != std::string::npos) {
      const Expr& rows = call.args.empty() ? call : call.args[0];
      if (call.args.size() != 2 || rows.op != Op::name || (rows.name != data_ && rows.name != cleaned_) ||
          !is_preds(call.args[1]))
        refuse(call, "expected " + name + "(" + data_ + ", " + preds_ + "), a forest adding its trees");
      forest(class_named(name.substr(0, name.rfind('.')), first), !cleaned_.empty() && rows.name == cleaned_, first);
    } else {
      refuse(first, "a call to " + name + ", which H2O's generated score0 does not make");
    }
  }

  Expr primary_call(TokenCursor& in, const Token& at, const std::string& name) {
    Expr call;
    call.op = Op::call;
    call.name = name;
    call.line = at.line;
    call.column = at.column;
    in.expect("(");
    if (!in.accept(")")) {
      do call.args.push_back(in.expression());
      while (in.accept(","));
      in.expect(")");
    }
    return call;
  }

  /// `double[] fdata = hex.genmodel.GenModel.SharedTree_clean(data);`
  void clean(TokenCursor& in) {
    in.expect("double");
    in.expect("[");
    in.expect("]");
    if (in.peek().kind != Token::Kind::identifier) in.fail("expected a name");
    cleaned_ = in.next().text;
    in.expect("=");
    Expr e = in.expression();
    in.expect(";");
    if (e.op != Op::call || !names_gen_model(e.name, "SharedTree_clean") || e.args.size() != 1 ||
        e.args[0].op != Op::name || e.args[0].name != data_)
      refuse(e, "expected double[] " + cleaned_ + " = hex.genmodel.GenModel.SharedTree_clean(" + data_ + ")");
    p_.steps_.push_back({.kind = Kind::clean});
  }

  /// `preds[k] op= expr;`
  void assignment(TokenCursor& in) {
    Step step{.kind = Kind::assign};
    Expr target = in.expression();
    step.target = preds_index(target);
    const Token& op = in.next();
    if (op.text == "=") step.op = Op::number;
    else if (op.text == "+=") step.op = Op::add;
    else if (op.text == "-=") step.op = Op::subtract;
    else if (op.text == "*=") step.op = Op::multiply;
    else if (op.text == "/=") step.op = Op::divide;
    else refuse(op, "expected an assignment to " + preds_ + "[" + std::to_string(step.target) + "]");
    Expr e = in.expression();
    in.expect(";");
    p_.values_.push_back(std::make_unique<Value>(value(e)));
    step.item = static_cast<int>(p_.values_.size() - 1);
    p_.steps_.push_back(step);
  }

  Value value(const Expr& e) {
    using K = Value::Kind;
    Value v;
    auto operands = [&](K kind, std::size_t n) {
      if (e.args.size() != n) refuse(e, fmt::format("{} takes {} arguments", e.name, n));
      v.kind = kind;
      for (const auto& a : e.args) v.args.push_back(value(a));
      return v;
    };
    switch (e.op) {
      case Op::number: v.number = e.value; return v;
      case Op::element: v.kind = K::pred; v.index = preds_index(e); return v;
      case Op::negate: return operands(K::negate, 1);
      case Op::cast_double: return value(e.args[0]);
      case Op::add: return operands(K::add, 2);
      case Op::subtract: return operands(K::subtract, 2);
      case Op::multiply: return operands(K::multiply, 2);
      case Op::divide: return operands(K::divide, 2);
      case Op::call: break;
      default: refuse(e, "an expression H2O's generated score0 does not compute");
    }
    if (e.name == "Math.exp" || e.name == "java.lang.Math.exp") return operands(K::exp, 1);
    if (e.name == "Math.log" || e.name == "java.lang.Math.log") return operands(K::log, 1);
    if (e.name == "Math.min" || e.name == "java.lang.Math.min") return operands(K::min, 2);
    if (e.name == "Math.max" || e.name == "java.lang.Math.max") return operands(K::max, 2);
    if (!names_gen_model(e.name, "getPrediction")) refuse(e, "a call to " + e.name + ", which H2O's generated score0 does not make");
    // getPrediction(preds, PRIOR_CLASS_DISTRIB, data, threshold), or without the prior (H2O before 3.2).
    const std::size_t n = e.args.size();
    if ((n != 3 && n != 4) || e.args[0].name != preds_ || e.args[n - 2].name != data_ || e.args[n - 1].op != Op::number ||
        (n == 4 && e.args[1].name != "PRIOR_CLASS_DISTRIB"))
      refuse(e, "expected getPrediction(" + preds_ + ", PRIOR_CLASS_DISTRIB, " + data_ + ", <threshold>)");
    v.kind = K::prediction;
    v.with_prior = n == 4;
    v.number = e.args[n - 1].value;
    p_.threshold_ = v.number;
    return v;
  }

  /// Whether the tokens at `in` spell `pattern` (P standing for preds); consumes them if so.
  bool matches(TokenCursor& in, std::string_view pattern) const {
    const std::vector<Token> want = tokenize(pattern);
    for (std::size_t i = 0; i + 1 < want.size(); ++i) {
      const Token& got = in.peek(i);
      if (got.text != (want[i].text == "P" ? preds_ : want[i].text) || got.kind == Token::Kind::string) return false;
    }
    for (std::size_t i = 0; i + 1 < want.size(); ++i) in.next();
    return true;
  }

  /// A forest class's score0(fdata, preds): `preds[k] += Tree.score0(fdata);` per tree.
  void forest(const JavaClass& c, bool cleaned, const Token& at) {
    const std::string data = data_, preds = preds_;
    TokenCursor in = body(c, "score0", 2, at);
    data_ = params_[0];
    preds_ = params_[1];
    while (!in.accept("}")) {
      const Token& first = in.peek();
      Step step{.kind = Kind::add_tree, .cleaned = cleaned};
      Expr target = in.expression();
      step.target = preds_index(target);
      in.expect("+=");
      const Token& tree_at = in.peek();
      Expr call = in.expression();
      in.expect(";");
      if (call.op != Op::call || last_part(call.name) != "score0" || call.args.size() != 1 || call.args[0].name != data_)
        refuse(first, "expected " + preds_ + "[k] += Tree.score0(" + data_ + ") in a forest");
      const TreeSource tree = this->tree(class_named(call.name.substr(0, call.name.rfind('.')), tree_at), tree_at);
      const SubtreeResolver subtrees = [this](const Expr& sub) {
        Token sub_at;
        sub_at.line = sub.line;
        sub_at.column = sub.column;
        return this->tree(class_named(sub.name.substr(0, sub.name.rfind('.')), sub_at), sub_at);
      };
      p_.trees_.emplace_back(tree, subtrees, p_.features_);
      step.item = static_cast<int>(p_.trees_.size() - 1);
      p_.steps_.push_back(step);
    }
    data_ = data;
    preds_ = preds;
  }

  /// A tree class's score0(data): `return <tree>;` or `double pred = <tree>; return pred;`, and
  /// the byte arrays among its fields.
  TreeSource tree(const JavaClass& c, const Token& at) {
    TreeSource out;
    TokenCursor in = body(c, "score0", 1, at);
    out.data = params_[0];
    if (in.accept("double")) {
      if (in.peek().kind != Token::Kind::identifier) in.fail("expected a name");
      const std::string local = in.next().text;
      in.expect("=");
      out.body = in.expression();
      in.expect(";");
      in.expect("return");
      if (!in.accept(local)) in.fail("expected return " + local);
    } else {
      in.expect("return");
      out.body = in.expression();
    }
    in.expect(";");
    in.expect("}");
    for (const auto& [name, at_field] : c.fields) {
      TokenCursor f(tokens_, at_field);
      if (!(f.accept("new") && f.accept("byte") && f.accept("[") && f.accept("]"))) continue;
      std::vector<std::int8_t>& bytes = out.bytes[name];
      f.expect("{");
      if (f.accept("}")) continue;
      do {
        const bool negative = f.accept("-");
        const std::int64_t b = f.integer_literal() * (negative ? -1 : 1);
        if (b < -128 || b > 127) f.fail("a byte out of range");
        bytes.push_back(static_cast<std::int8_t>(b));
      } while (f.accept(",") && f.peek().text != "}");
      f.expect("}");
    }
    return out;
  }

  ScoreProgram& p_;
  const std::vector<Token>& tokens_;
  const std::map<std::string, JavaClass>& classes_;
  std::vector<std::string> params_;
  std::string data_, preds_, cleaned_;
};

ScoreProgram::ScoreProgram(const std::vector<Token>& tokens, const std::map<std::string, JavaClass>& classes,
                           const JavaClass& model, int features, int preds_size, ModelConstants constants)
    : features_(features), preds_size_(preds_size), constants_(std::move(constants)) {
  Compiler(*this, tokens, classes).score0(model);
  if (trees_.empty()) throw SourceError(model.line, model.column, "score0 adds no tree: not a GBM or DRF POJO");
}

ScoreProgram::~ScoreProgram() = default;

double ScoreProgram::evaluate(const Value& v, const double* row, const double* preds) const {
  using K = Value::Kind;
  auto arg = [&](std::size_t i) { return evaluate(v.args[i], row, preds); };
  switch (v.kind) {
    case K::number: return v.number;
    case K::pred: return preds[v.index];
    case K::add: return arg(0) + arg(1);
    case K::subtract: return arg(0) - arg(1);
    case K::multiply: return arg(0) * arg(1);
    case K::divide: return arg(0) / arg(1);
    case K::negate: return -arg(0);
    case K::exp: return std::exp(arg(0));
    case K::log: return std::log(arg(0));
    case K::min: {  // Java's Math.min: NaN if either is
      const double a = arg(0), b = arg(1);
      return std::isnan(a) || std::isnan(b) ? std::numeric_limits<double>::quiet_NaN() : std::min(a, b);
    }
    case K::max: {
      const double a = arg(0), b = arg(1);
      return std::isnan(a) || std::isnan(b) ? std::numeric_limits<double>::quiet_NaN() : std::max(a, b);
    }
    case K::prediction: {
      static const std::vector<double> no_prior;
      return mojo::get_prediction(preds, static_cast<std::size_t>(preds_size_), v.with_prior ? constants_.prior : no_prior,
                                  row, static_cast<std::size_t>(features_), v.number);
    }
  }
  return 0;
}

void ScoreProgram::run(const double* row, double* preds) const {
  thread_local std::vector<double> cleaned;  // reused: no allocation per row
  const auto n = static_cast<std::size_t>(preds_size_);
  for (const Step& s : steps_) {
    switch (s.kind) {
      case Kind::fill: std::fill(preds, preds + n, s.fill); break;
      case Kind::clean:
        cleaned.assign(row, row + features_);
        for (double& d : cleaned)
          if (std::isnan(d)) d = -std::numeric_limits<double>::max();
        break;
      case Kind::add_tree:
        preds[s.target] += trees_[static_cast<std::size_t>(s.item)].score(s.cleaned ? cleaned.data() : row);
        break;
      case Kind::assign: {
        const double x = evaluate(*values_[static_cast<std::size_t>(s.item)], row, preds);
        double& t = preds[s.target];
        t = s.op == Op::add ? t + x : s.op == Op::subtract ? t - x : s.op == Op::multiply ? t * x : s.op == Op::divide ? t / x : x;
        break;
      }
      case Kind::rescale: mojo::gbm_rescale(preds, n); break;
      case Kind::correct: mojo::correct_probabilities(preds, n, constants_.prior, constants_.model_distrib); break;
      case Kind::normalize: {
        double sum = 0;
        for (std::size_t i = 1; i < n; ++i) sum += preds[i];
        if (sum > 0)
          for (std::size_t i = 1; i < n; ++i) preds[i] /= sum;
        break;
      }
    }
  }
}

}  // namespace squall::prediction::pojo
