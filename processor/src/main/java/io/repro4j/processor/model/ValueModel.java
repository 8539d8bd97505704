package io.repro4j.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.repro4j.runtime.config.ConfigGroup;
import io.repro4j.runtime.config.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a config value is made of: a single key, a nested config (a record whose components are keys
 * under the field's), or a config group (a sealed interface whose records are options).
 */
public sealed interface ValueModel {

  /** The keys of this value in the experiment's flat schema, in declaration order. */
  List<ParamSpec> params();

  /**
   * One key.
   *
   * @param spec the key exactly as the generated code declares it
   * @param enumClass the enum of an enum or {@code List<enum>} key, else {@code null}
   */
  record Leaf(ParamSpec spec, ClassName enumClass) implements ValueModel {
    @Override
    public List<ParamSpec> params() {
      return List.of(spec);
    }
  }

  /**
   * A record whose components are keys under this value's key, or a class whose
   * {@code @Hyperparam} fields are.
   *
   * @param type the record or class
   * @param isRecord whether generated code calls the canonical constructor (a record) or the
   *     no-argument constructor and then sets the fields (a class)
   * @param members its components or {@code @Hyperparam} fields, in declaration order
   */
  record Nested(ClassName type, boolean isRecord, List<Member> members) implements ValueModel {
    /** Copies the list. */
    public Nested {
      members = List.copyOf(members);
    }

    @Override
    public List<ParamSpec> params() {
      return flatten(members);
    }
  }

  /**
   * A config group.
   *
   * @param choice its key, of kind {@code GROUP}, whose value names the option
   * @param type the sealed interface
   * @param options the permitted records, in {@code permits} order
   */
  record Group(ParamSpec choice, ClassName type, List<Option> options) implements ValueModel {
    /** Copies the list. */
    public Group {
      options = List.copyOf(options);
    }

    @Override
    public List<ParamSpec> params() {
      return List.of(choice);
    }

    /** The group as the runtime's schema declares it. */
    public ConfigGroup configGroup() {
      List<ConfigGroup.Option> runtime = new ArrayList<>();
      for (Option option : options) {
        runtime.add(new ConfigGroup.Option(option.name(), flatten(option.members())));
      }
      return new ConfigGroup(choice.key(), runtime);
    }
  }

  /**
   * A record component, or a {@code @Hyperparam} field of a nested config class.
   *
   * @param name the component's or field's name
   * @param key its name in YAML, the last segment of its keys ({@code @Hyperparam(name)} or
   *     {@code name})
   * @param javaType its type
   * @param value what it holds
   * @param accessor how a class's field is read and written; {@code null} for a record component
   *     (read through its accessor method, written through the constructor)
   */
  record Member(String name, String key, TypeName javaType, ValueModel value, Accessor accessor) {}

  /**
   * One option of a group.
   *
   * @param name the option's name ({@code @Option} or the record's name in kebab case)
   * @param type the record
   * @param members its components
   */
  record Option(String name, ClassName type, List<Member> members) {
    /** Copies the list. */
    public Option {
      members = List.copyOf(members);
    }
  }

  private static List<ParamSpec> flatten(List<Member> members) {
    List<ParamSpec> params = new ArrayList<>();
    for (Member member : members) {
      params.addAll(member.value().params());
    }
    return List.copyOf(params);
  }
}
