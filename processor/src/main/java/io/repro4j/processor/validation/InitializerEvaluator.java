package io.repro4j.processor.validation;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads a field's initializer from the source (through javac's {@link Trees}) and evaluates it when
 * it is a numeric constant expression: literals, unary minus, {@code + - * / %}, casts to numeric
 * types and references to compile-time constants. Anything else is not evaluated (the runtime
 * checks the value then). Without {@code Trees} (another compiler, or a build tool that wraps the
 * processing environment) nothing is evaluated.
 *
 * <p>The tree is never attributed: names are resolved here, the way javac would for constants, so
 * that reading a default cannot change how the class compiles.
 */
final class InitializerEvaluator {
  private final Trees trees;
  private final Elements elements;

  private InitializerEvaluator(Trees trees, Elements elements) {
    this.trees = trees;
    this.elements = elements;
  }

  static InitializerEvaluator create(ProcessingEnvironment env) {
    Trees trees;
    try {
      trees = Trees.instance(env);
    } catch (IllegalArgumentException | LinkageError e) {
      trees = null; // not javac's own environment: skip the check, as Gradle's rules ask
    }
    return new InitializerEvaluator(trees, env.getElementUtils());
  }

  /**
   * The value of {@code field}'s initializer as Java computes it ({@code Integer}, {@code Long},
   * {@code Float} or {@code Double}), or empty when it has none or it is not a numeric constant.
   */
  Optional<Number> numericInitializer(VariableElement field) {
    Optional<TreePath> path = variablePath(field);
    if (path.isEmpty()) {
      return Optional.empty();
    }
    ExpressionTree initializer = ((VariableTree) path.get().getLeaf()).getInitializer();
    if (initializer == null) {
      return Optional.empty();
    }
    Scope scope = new Scope((TypeElement) field.getEnclosingElement(), path.get().getCompilationUnit());
    return evaluate(initializer, scope);
  }

  /**
   * Whether {@code field} is declared with an initializer, or empty when its source cannot be read
   * (no {@code Trees}, or the class comes from a class file).
   */
  Optional<Boolean> hasInitializer(VariableElement field) {
    return variablePath(field).map(path -> ((VariableTree) path.getLeaf()).getInitializer() != null);
  }

  /** A {@code String} constant expression's value; {@code value} is null for the literal null. */
  record StringConstant(String value) {}

  /**
   * The value of {@code field}'s initializer when it is {@code null} or a {@code String} constant
   * expression: a literal, a reference to a {@code String} constant, or a concatenation of those
   * (in parentheses or not); else empty.
   */
  Optional<StringConstant> stringInitializer(VariableElement field) {
    Optional<TreePath> path = variablePath(field);
    if (path.isEmpty()) {
      return Optional.empty();
    }
    ExpressionTree initializer = ((VariableTree) path.get().getLeaf()).getInitializer();
    if (initializer == null) {
      return Optional.empty();
    }
    if (initializer.getKind() == Tree.Kind.NULL_LITERAL) {
      return Optional.of(new StringConstant(null));
    }
    Scope scope = new Scope((TypeElement) field.getEnclosingElement(), path.get().getCompilationUnit());
    return evaluateString(initializer, scope).map(StringConstant::new);
  }

  private Optional<TreePath> variablePath(VariableElement field) {
    if (trees == null) {
      return Optional.empty();
    }
    TreePath path = trees.getPath(field);
    if (path == null || !(path.getLeaf() instanceof VariableTree)) {
      return Optional.empty();
    }
    return Optional.of(path);
  }

  private Optional<String> evaluateString(ExpressionTree tree, Scope scope) {
    switch (tree.getKind()) {
      case STRING_LITERAL:
        return Optional.of((String) ((LiteralTree) tree).getValue());
      case PARENTHESIZED:
        return evaluateString(((ParenthesizedTree) tree).getExpression(), scope);
      case PLUS:
        BinaryTree binary = (BinaryTree) tree;
        Optional<String> left = evaluateString(binary.getLeftOperand(), scope);
        Optional<String> right = evaluateString(binary.getRightOperand(), scope);
        return left.isPresent() && right.isPresent() ? Optional.of(left.get() + right.get()) : Optional.empty();
      case IDENTIFIER:
        return constantValue(((IdentifierTree) tree).getName().toString(), scope)
            .filter(String.class::isInstance)
            .map(String.class::cast);
      case MEMBER_SELECT:
        MemberSelectTree select = (MemberSelectTree) tree;
        return resolveType(select.getExpression(), scope)
            .flatMap(type -> fieldValue(type, select.getIdentifier().toString()))
            .filter(String.class::isInstance)
            .map(String.class::cast);
      default:
        return Optional.empty();
    }
  }

  /**
   * The class of a {@code new X(...)} initializer as written ({@code Sgd}, {@code Optimizer.Sgd}),
   * or empty when the initializer is something else or there is none.
   */
  Optional<String> newClassName(VariableElement field) {
    if (trees == null) {
      return Optional.empty();
    }
    TreePath path = trees.getPath(field);
    if (path == null
        || !(path.getLeaf() instanceof VariableTree variable)
        || !(variable.getInitializer() instanceof NewClassTree created)
        || created.getClassBody() != null) {
      return Optional.empty();
    }
    Tree identifier = created.getIdentifier();
    if (identifier instanceof com.sun.source.tree.ParameterizedTypeTree parameterized) {
      identifier = parameterized.getType();
    }
    return Optional.of(identifier.toString());
  }

  private record Scope(TypeElement type, CompilationUnitTree unit) {}

  private Optional<Number> evaluate(ExpressionTree tree, Scope scope) {
    switch (tree.getKind()) {
      case INT_LITERAL:
      case LONG_LITERAL:
      case FLOAT_LITERAL:
      case DOUBLE_LITERAL:
      case CHAR_LITERAL:
        return numeric(((LiteralTree) tree).getValue());
      case PARENTHESIZED:
        return evaluate(((ParenthesizedTree) tree).getExpression(), scope);
      case UNARY_PLUS:
        return evaluate(((UnaryTree) tree).getExpression(), scope);
      case UNARY_MINUS:
        return evaluate(((UnaryTree) tree).getExpression(), scope).map(InitializerEvaluator::negate);
      case PLUS:
      case MINUS:
      case MULTIPLY:
      case DIVIDE:
      case REMAINDER:
        BinaryTree binary = (BinaryTree) tree;
        Optional<Number> left = evaluate(binary.getLeftOperand(), scope);
        Optional<Number> right = evaluate(binary.getRightOperand(), scope);
        if (left.isEmpty() || right.isEmpty()) {
          return Optional.empty();
        }
        return arithmetic(tree.getKind(), left.get(), right.get());
      case TYPE_CAST:
        TypeCastTree cast = (TypeCastTree) tree;
        if (!(cast.getType() instanceof PrimitiveTypeTree primitive)) {
          return Optional.empty();
        }
        return evaluate(cast.getExpression(), scope).flatMap(v -> castTo(primitive, v));
      case IDENTIFIER:
        return constant(((IdentifierTree) tree).getName().toString(), scope);
      case MEMBER_SELECT:
        MemberSelectTree select = (MemberSelectTree) tree;
        return resolveType(select.getExpression(), scope)
            .flatMap(type -> field(type, select.getIdentifier().toString()));
      default:
        return Optional.empty();
    }
  }

  private static Optional<Number> numeric(Object value) {
    if (value instanceof Character c) {
      return Optional.of((int) c);
    }
    if (value instanceof Byte || value instanceof Short) {
      return Optional.of(((Number) value).intValue());
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Float || value instanceof Double) {
      return Optional.of((Number) value);
    }
    return Optional.empty();
  }

  private static Number negate(Number value) {
    if (value instanceof Double d) {
      return -d;
    }
    if (value instanceof Float f) {
      return -f;
    }
    if (value instanceof Long l) {
      return -l;
    }
    return -value.intValue();
  }

  // Binary numeric promotion, then the operation in that type, as javac folds constants.
  private static Optional<Number> arithmetic(Tree.Kind op, Number a, Number b) {
    if (a instanceof Double || b instanceof Double) {
      double x = a.doubleValue();
      double y = b.doubleValue();
      return Optional.of(
          switch (op) {
            case PLUS -> x + y;
            case MINUS -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> x / y;
            default -> x % y;
          });
    }
    if (a instanceof Float || b instanceof Float) {
      float x = a.floatValue();
      float y = b.floatValue();
      return Optional.of(
          switch (op) {
            case PLUS -> x + y;
            case MINUS -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> x / y;
            default -> x % y;
          });
    }
    if (a instanceof Long || b instanceof Long) {
      long x = a.longValue();
      long y = b.longValue();
      if (y == 0 && (op == Tree.Kind.DIVIDE || op == Tree.Kind.REMAINDER)) {
        return Optional.empty(); // not a constant: throws at run time
      }
      return Optional.of(
          switch (op) {
            case PLUS -> x + y;
            case MINUS -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> x / y;
            default -> x % y;
          });
    }
    int x = a.intValue();
    int y = b.intValue();
    if (y == 0 && (op == Tree.Kind.DIVIDE || op == Tree.Kind.REMAINDER)) {
      return Optional.empty();
    }
    return Optional.of(
        switch (op) {
          case PLUS -> x + y;
          case MINUS -> x - y;
          case MULTIPLY -> x * y;
          case DIVIDE -> x / y;
          default -> x % y;
        });
  }

  private static Optional<Number> castTo(PrimitiveTypeTree type, Number value) {
    return switch (type.getPrimitiveTypeKind()) {
      case BYTE -> Optional.of((int) value.byteValue());
      case SHORT -> Optional.of((int) value.shortValue());
      case CHAR -> Optional.of((int) (char) value.intValue());
      case INT -> Optional.of(value.intValue());
      case LONG -> Optional.of(value.longValue());
      case FLOAT -> Optional.of(value.floatValue());
      case DOUBLE -> Optional.of(value.doubleValue());
      default -> Optional.empty();
    };
  }

  private Optional<Number> constant(String name, Scope scope) {
    return constantValue(name, scope).flatMap(InitializerEvaluator::numeric);
  }

  // A simple name: a field of the class or an enclosing class, then a static import.
  private Optional<Object> constantValue(String name, Scope scope) {
    for (Element type = scope.type(); type instanceof TypeElement t; type = t.getEnclosingElement()) {
      Optional<VariableElement> field = fieldNamed(t, name);
      if (field.isPresent()) {
        return Optional.ofNullable(field.get().getConstantValue());
      }
    }
    for (ImportTree imported : scope.unit().getImports()) {
      if (!imported.isStatic() || !(imported.getQualifiedIdentifier() instanceof MemberSelectTree select)) {
        continue;
      }
      String member = select.getIdentifier().toString();
      if (member.equals(name) || member.equals("*")) {
        TypeElement owner = elements.getTypeElement(select.getExpression().toString());
        if (owner != null && fieldNamed(owner, name).isPresent()) {
          return fieldValue(owner, name);
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Number> field(TypeElement type, String name) {
    return fieldValue(type, name).flatMap(InitializerEvaluator::numeric);
  }

  private Optional<Object> fieldValue(TypeElement type, String name) {
    return fieldNamed(type, name).map(VariableElement::getConstantValue);
  }

  private Optional<VariableElement> fieldNamed(TypeElement type, String name) {
    return ElementFilter.fieldsIn(elements.getAllMembers(type)).stream()
        .filter(f -> f.getSimpleName().contentEquals(name))
        .findFirst();
  }

  // The type a qualifier names: nested and enclosing classes, imports, the package, java.lang.
  private Optional<TypeElement> resolveType(ExpressionTree qualifier, Scope scope) {
    if (qualifier instanceof MemberSelectTree select) {
      TypeElement qualified = elements.getTypeElement(select.toString());
      if (qualified != null) {
        return Optional.of(qualified);
      }
      return resolveType(select.getExpression(), scope)
          .flatMap(outer -> memberType(outer, select.getIdentifier().toString()));
    }
    if (!(qualifier instanceof IdentifierTree identifier)) {
      return Optional.empty();
    }
    String name = identifier.getName().toString();
    for (Element type = scope.type(); type instanceof TypeElement t; type = t.getEnclosingElement()) {
      if (t.getSimpleName().contentEquals(name)) {
        return Optional.of(t);
      }
      Optional<TypeElement> member = memberType(t, name);
      if (member.isPresent()) {
        return member;
      }
    }
    for (ImportTree imported : scope.unit().getImports()) {
      if (!imported.isStatic()
          && imported.getQualifiedIdentifier() instanceof MemberSelectTree select
          && select.getIdentifier().contentEquals(name)) {
        return Optional.ofNullable(elements.getTypeElement(select.toString()));
      }
    }
    PackageElement pkg = elements.getPackageOf(scope.type());
    String inPackage = pkg.isUnnamed() ? name : pkg.getQualifiedName() + "." + name;
    TypeElement found = elements.getTypeElement(inPackage);
    if (found != null) {
      return Optional.of(found);
    }
    for (ImportTree imported : scope.unit().getImports()) {
      if (!imported.isStatic()
          && imported.getQualifiedIdentifier() instanceof MemberSelectTree select
          && select.getIdentifier().contentEquals("*")) {
        found = elements.getTypeElement(select.getExpression() + "." + name);
        if (found != null) {
          return Optional.of(found);
        }
      }
    }
    return Optional.ofNullable(elements.getTypeElement("java.lang." + name));
  }

  private Optional<TypeElement> memberType(TypeElement outer, String name) {
    return ElementFilter.typesIn(elements.getAllMembers(outer)).stream()
        .filter(t -> t.getSimpleName().contentEquals(name))
        .findFirst();
  }
}
