#include "squall/ml/pojo/java_classes.hpp"

#include <set>

namespace squall::prediction::pojo {

namespace {

const std::set<std::string, std::less<>> kModifiers = {"public", "private", "protected", "static", "final",
                                                       "abstract", "transient", "volatile", "synchronized"};

/// Skips modifiers and annotations (@Name or @Name(...)).
void skip_modifiers(TokenCursor& in) {
  for (;;) {
    if (in.accept("@")) {
      in.qualified_name();
      if (in.accept("(")) in.skip_balanced("(", ")");
    } else if (in.peek().kind == Token::Kind::identifier && kModifiers.contains(in.peek().text)) {
      in.next();
    } else {
      return;
    }
  }
}

/// A type as H2O writes it: a (qualified) name, optional generic arguments, then [] pairs.
void skip_type(TokenCursor& in) {
  in.qualified_name();
  if (in.accept("<")) in.skip_balanced("<", ">");
  while (in.accept("[")) in.expect("]");
}

void scan_class(TokenCursor& in, const std::string& outer, std::map<std::string, JavaClass>& out);

/// One member of a class body, the cursor at its first token; nested classes go to `out`.
void scan_member(TokenCursor& in, JavaClass& c, std::map<std::string, JavaClass>& out) {
  skip_modifiers(in);
  if (in.accept(";")) return;
  if (in.peek().text == "class" || in.peek().text == "interface" || in.peek().text == "enum") {
    scan_class(in, c.name, out);
    return;
  }
  if (in.accept("{")) {  // a static initializer block
    in.skip_balanced("{", "}");
    return;
  }
  skip_type(in);
  if (in.peek().kind != Token::Kind::identifier) {
    if (in.peek().text == "(" ) {  // a constructor: Name(...) { ... }
      in.next();
      in.skip_balanced("(", ")");
      in.expect("{");
      in.skip_balanced("{", "}");
      return;
    }
    in.fail("expected a field or method name");
  }
  const std::string name = in.next().text;
  if (in.accept("(")) {  // a method
    std::vector<std::string> params;
    if (!in.accept(")")) {
      do {
        skip_modifiers(in);
        skip_type(in);
        if (in.peek().kind != Token::Kind::identifier) in.fail("expected a parameter name");
        params.push_back(in.next().text);
      } while (in.accept(","));
      in.expect(")");
    }
    if (in.accept("throws"))
      do in.qualified_name();
      while (in.accept(","));
    if (in.accept(";")) return;  // abstract
    in.expect("{");
    c.methods.emplace(name, in.position());
    c.parameters.emplace(name, std::move(params));
    in.skip_balanced("{", "}");
    return;
  }
  if (in.accept("=")) {
    c.fields.emplace(name, in.position());
    // To the ';' that ends the declaration, past any braces of an array initializer.
    while (!in.at_end() && in.peek().text != ";") {
      const Token& t = in.next();
      if (t.kind == Token::Kind::symbol && (t.text == "{" || t.text == "(")) in.skip_balanced(t.text, t.text == "{" ? "}" : ")");
    }
  }
  in.expect(";");
}

void scan_class(TokenCursor& in, const std::string& outer, std::map<std::string, JavaClass>& out) {
  const Token& keyword = in.next();  // class / interface / enum
  if (keyword.text != "class") throw SourceError(keyword.line, keyword.column, "an " + keyword.text + ": a generated model declares classes only");
  JavaClass c;
  c.outer = outer;
  c.line = in.peek().line;
  c.column = in.peek().column;
  if (in.peek().kind != Token::Kind::identifier) in.fail("expected a class name");
  c.name = in.next().text;
  if (in.accept("extends")) {
    c.extends = in.qualified_name();
    if (in.accept("<")) in.skip_balanced("<", ">");
  }
  if (in.accept("implements")) do {
      in.qualified_name();
      if (in.accept("<")) in.skip_balanced("<", ">");
    } while (in.accept(","));
  in.expect("{");
  while (!in.accept("}")) {
    if (in.at_end()) in.fail("expected '}' closing class " + c.name);
    scan_member(in, c, out);
  }
  if (out.contains(c.name)) throw SourceError(c.line, c.column, "a second class named " + c.name);
  out.emplace(c.name, std::move(c));
}

}  // namespace

std::map<std::string, JavaClass> scan_classes(const std::vector<Token>& tokens) {
  TokenCursor in(tokens);
  std::map<std::string, JavaClass> classes;
  while (!in.at_end()) {
    if (in.accept("package") || in.accept("import")) {
      in.accept("static");
      in.qualified_name();
      if (in.accept(".")) in.expect("*");
      in.expect(";");
      continue;
    }
    skip_modifiers(in);
    if (in.peek().text != "class") in.fail("expected a class");
    scan_class(in, "", classes);
  }
  if (classes.empty()) in.fail("no class in the file");
  return classes;
}

}  // namespace squall::prediction::pojo
