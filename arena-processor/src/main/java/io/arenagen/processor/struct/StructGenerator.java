package io.arenagen.processor.struct;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.arenagen.processor.ArenaProcessor;
import io.arenagen.processor.struct.StructModel.Field;
import io.arenagen.processor.struct.StructModel.Primitive;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.processing.Generated;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes the source of {@code <Record>Struct} for a {@link StructModel}: the size, alignment and
 * offsets as constants, a {@link StructLayout} with named members and explicit padding, and static
 * accessors over {@code (MemorySegment memory, long offset)} that allocate nothing.
 *
 * <p>Accesses use the aligned little-endian value layouts ({@code JAVA_INT.withOrder(LITTLE_ENDIAN)} and
 * so on): every field sits at a multiple of its alignment and a struct at a multiple of {@code ALIGNMENT}
 * (a chunk start is 16-byte aligned), so alignment costs nothing and a wrong offset fails loudly instead
 * of tearing; and only aligned accesses support the atomic access modes of the {@link VarHandle}s that
 * int and long fields get for acquire, release and compare-and-set. The order is fixed because the arena
 * layout is little-endian on every platform; on x86-64 and aarch64 it is also the native order, so
 * {@code withOrder} costs nothing.
 *
 * <p>A nested struct gets whole-record accessors here; its fields are read through its own class at
 * {@code offset + <FIELD>_OFFSET}, so each struct has one set of accessors, however it is nested.
 */
public final class StructGenerator {

    private static final String INDENT = "    ";

    private final StructModel model;
    private final FieldSpec bytes;
    private final FieldSpec alignment;
    private final Map<String, FieldSpec> offsets = new HashMap<>();
    private final Map<String, FieldSpec> lengths = new HashMap<>();
    private final Map<Primitive, FieldSpec> valueLayouts = new EnumMap<>(Primitive.class);
    private final FieldSpec layout;
    private final Map<String, FieldSpec> handles = new HashMap<>();
    /** Every member {@link #file} added, in order, with the component it was made for. */
    private final List<Member> members = new ArrayList<>();

    private StructGenerator(StructModel model) {
        this.model = model;
        String record = model.record().simpleName();
        this.bytes = FieldSpec.builder(TypeName.LONG, "BYTES", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Size in bytes, trailing padding included: {@code sizeof($L)} in C.\n", record)
                .initializer("$LL", model.bytes())
                .build();
        this.alignment = FieldSpec.builder(TypeName.LONG, "ALIGNMENT", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Alignment in bytes, the largest of the fields': {@code alignof($L)} in C.\n", record)
                .initializer("$LL", model.alignment())
                .build();
        for (Field field : model.fields()) {
            offsets.put(field.name(), FieldSpec.builder(TypeName.LONG, field.constantStem() + "_OFFSET", Modifier.PUBLIC,
                            Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("Offset of {@code $L} from the start of the struct.\n", field.name())
                    .initializer("$LL", field.offset())
                    .build());
            if (field.isArray()) {
                lengths.put(field.name(), FieldSpec.builder(TypeName.INT, field.constantStem() + "_LENGTH", Modifier.PUBLIC,
                                Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Elements of {@code $L}.\n", field.name())
                        .initializer("$L", field.length())
                        .build());
            }
            if (!field.isStruct()) {
                valueLayouts.computeIfAbsent(storage(field.primitive()), StructGenerator::valueLayout);
            }
        }
        this.layout = FieldSpec.builder(StructLayout.class, "LAYOUT", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The struct as an FFM layout: one named member per field, padding where C has it.\n")
                .initializer(layoutInitializer())
                .build();
        for (Field field : model.fields()) {
            if (hasAtomicAccess(field)) {
                handles.put(field.name(), FieldSpec.builder(VarHandle.class, field.constantStem() + "_HANDLE",
                                Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("$N.varHandle($T.PathElement.groupElement($S))", layout, MemoryLayout.class,
                                field.name())
                        .build());
            }
        }
    }

    /**
     * The source of {@code model}'s class.
     *
     * @param originatingElement the record, recorded for incremental builds
     * @param annotateGenerated whether to put {@code @javax.annotation.processing.Generated} on the class
     */
    public static JavaFile generate(StructModel model, Element originatingElement, boolean annotateGenerated) {
        return new StructGenerator(model).file(originatingElement, annotateGenerated);
    }

    /**
     * Where two members of {@code model}'s generated class have one signature (a field's name, a method's name
     * and parameter types), which javac would reject inside the generated source: components {@code fooBar}
     * and {@code foo_bar} both make {@code FOO_BAR_OFFSET}, {@code a} and {@code A} both {@code getA}, an int
     * {@code x} and a {@code xAcquire} both {@code getXAcquire}. Found from the members this generator writes,
     * so the check cannot drift from the generated code.
     *
     * @param originatingElement the record, as for {@link #generate}
     * @return each clash once, in the order of the later member, empty when the class compiles
     */
    static List<Clash> clashes(StructModel model, Element originatingElement) {
        StructGenerator generator = new StructGenerator(model);
        generator.file(originatingElement, false);
        Map<String, String> owners = new HashMap<>();
        List<Clash> clashes = new ArrayList<>();
        for (Member member : generator.members) {
            if (owners.containsKey(member.signature())) {
                clashes.add(new Clash(member.signature(), member.owner(), owners.get(member.signature())));
            } else {
                owners.put(member.signature(), member.owner());
            }
        }
        return clashes;
    }

    /**
     * Two members of one signature.
     *
     * @param member the signature: {@code FOO_BAR_OFFSET}, or {@code getA(MemorySegment, long)}
     * @param component the component that made the later member
     * @param earlier the component that made the earlier one (the members every struct class has, {@code BYTES},
     *     {@code read} and the like, have names no component's member can have)
     */
    record Clash(String member, String component, String earlier) {
    }

    /** A member of the generated class and the component it was made for (null: a member every struct class has). */
    private record Member(String signature, String owner) {
    }

    private void addField(TypeSpec.Builder type, FieldSpec field, String owner) {
        type.addField(field);
        members.add(new Member(field.name(), owner));
    }

    private void addMethods(TypeSpec.Builder type, TypeSpec.Builder methods, String owner) {
        for (MethodSpec method : methods.build().methodSpecs()) {
            type.addMethod(method);
            StringBuilder signature = new StringBuilder(method.name()).append('(');
            for (int i = 0; i < method.parameters().size(); i++) {
                TypeName parameter = method.parameters().get(i).type();
                signature.append(i == 0 ? "" : ", ").append(parameter instanceof ClassName name ? name.simpleName()
                        : parameter.toString());
            }
            members.add(new Member(signature.append(')').toString(), owner));
        }
    }

    private JavaFile file(Element originatingElement, boolean annotateGenerated) {
        TypeSpec.Builder type = TypeSpec.classBuilder(model.generated())
                .addOriginatingElement(originatingElement)
                .addJavadoc(classJavadoc())
                .addModifiers(Modifier.FINAL);
        if (model.isPublic()) {
            type.addModifiers(Modifier.PUBLIC);
        }
        if (annotateGenerated) {
            type.addAnnotation(AnnotationSpec.builder(Generated.class)
                    .addMember("value", "$S", ArenaProcessor.class.getName())
                    .build());
        }
        addField(type, bytes, null);
        addField(type, alignment, null);
        for (Field field : model.fields()) {
            addField(type, offsets.get(field.name()), field.name());
            if (field.isArray()) {
                addField(type, lengths.get(field.name()), field.name());
            }
        }
        valueLayouts.values().forEach(valueLayout -> addField(type, valueLayout, null));
        addField(type, layout, null);
        model.fields().stream().filter(StructGenerator::hasAtomicAccess)
                .forEach(field -> addField(type, handles.get(field.name()), field.name()));
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        addMethods(type, methods().addMethod(read()).addMethod(write()), null);
        for (Field field : model.fields()) {
            TypeSpec.Builder accessors = methods();
            if (field.isStruct()) {
                addStructAccessors(accessors, field);
            } else if (field.isArray()) {
                addArrayAccessors(accessors, field);
            } else {
                addScalarAccessors(accessors, field);
            }
            addMethods(type, accessors, field.name());
        }
        if (!lengths.isEmpty()) {
            addMethods(type, methods().addMethod(requireLength()), null);
        }
        return JavaFile.builder(model.generated().packageName(), type.build())
                .skipJavaLangImports(true)
                .indent(INDENT)
                .build();
    }

    /** A scratch class to collect methods in, before they are added to the generated class with their owner. */
    private static TypeSpec.Builder methods() {
        return TypeSpec.classBuilder("Methods");
    }

    private CodeBlock classJavadoc() {
        String record = model.record().simpleName();
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("{@link $T} as a C struct: $L bytes, aligned to $L, little-endian, laid out as a C compiler lays\n"
                        + "out the same fields (declaration order, natural alignment, trailing padding).\n",
                        model.record(), model.bytes(), model.alignment())
                .add("\n<p>Accessors take the memory and the offset of the struct in it (an arena's {@code memory()} and\n"
                        + "a chunk's offset, say), which must be a multiple of {@link #ALIGNMENT}; they allocate nothing,\n"
                        + "except {@code read} and the array getters without a destination, which create what they return.\n"
                        + "Fields of a nested struct are read through its own class at {@code offset + <FIELD>_OFFSET}.\n")
                .add("\n<table>\n<caption>Layout, offsets and sizes in bytes</caption>\n"
                        + "<tr><th>offset</th><th>bytes</th><th>field</th><th>C</th></tr>\n");
        for (Field field : model.fields()) {
            doc.add("<tr><td>$L</td><td>$L</td><td>{@code $L}</td><td>{@code $L}</td></tr>\n", field.offset(),
                    field.bytes(), field.name(), cDeclaration(field));
        }
        doc.add("<tr><td>$L</td><td colspan=\"3\">size</td></tr>\n</table>\n", model.bytes());
        doc.add("\n<p>The same struct in C:\n<pre>{@code\nstruct $L {\n", record);
        for (Field field : model.fields()) {
            doc.add("    $L;\n", cDeclaration(field));
        }
        return doc.add("};\n}</pre>\n").build();
    }

    private static String cDeclaration(Field field) {
        if (field.isStruct()) {
            return field.struct().record().simpleName() + " " + field.name();
        }
        return field.primitive().cType() + " " + field.name() + (field.isArray() ? "[" + field.length() + "]" : "");
    }

    /** Booleans are stored as one byte, 0 or 1. */
    private static Primitive storage(Primitive primitive) {
        return primitive == Primitive.BOOLEAN ? Primitive.BYTE : primitive;
    }

    private static FieldSpec valueLayout(Primitive primitive) {
        ClassName type = ClassName.get(ValueLayout.class).nestedClass("Of" + capitalize(primitive.keyword()));
        FieldSpec.Builder field = FieldSpec.builder(type, primitive.name(), Modifier.PRIVATE, Modifier.STATIC,
                Modifier.FINAL);
        if (primitive.bytes() == 1) {
            return field.initializer("$T.JAVA_$L", ValueLayout.class, primitive.name()).build(); // no byte order
        }
        return field.initializer("$T.JAVA_$L.withOrder($T.LITTLE_ENDIAN)", ValueLayout.class, primitive.name(),
                ByteOrder.class).build();
    }

    private FieldSpec layoutOf(Field field) {
        return valueLayouts.get(storage(field.primitive()));
    }

    private CodeBlock layoutInitializer() {
        CodeBlock.Builder members = CodeBlock.builder().add("$T.structLayout(\n", MemoryLayout.class).indent().indent();
        long cursor = 0;
        boolean first = true;
        for (Field field : model.fields()) {
            if (field.offset() > cursor) {
                members.add(first ? "" : ",\n").add("$T.paddingLayout($L)", MemoryLayout.class, field.offset() - cursor);
                first = false;
            }
            members.add(first ? "" : ",\n");
            first = false;
            if (field.isStruct()) {
                members.add("$T.LAYOUT.withName($S)", field.struct().generated(), field.name());
            } else if (field.isArray()) {
                members.add("$T.sequenceLayout($N, $N).withName($S)", MemoryLayout.class, lengths.get(field.name()),
                        layoutOf(field), field.name());
            } else {
                members.add("$N.withName($S)", layoutOf(field), field.name());
            }
            cursor = field.offset() + field.bytes();
        }
        if (model.bytes() > cursor) {
            members.add(",\n$T.paddingLayout($L)", MemoryLayout.class, model.bytes() - cursor);
        }
        return members.add(")").unindent().unindent().build();
    }

    private static boolean hasAtomicAccess(Field field) {
        return !field.isStruct() && !field.isArray()
                && (field.primitive() == Primitive.INT || field.primitive() == Primitive.LONG);
    }

    private MethodSpec.Builder accessor(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(returns)
                .addParameter(MemorySegment.class, "memory")
                .addParameter(TypeName.LONG, "offset");
    }

    private MethodSpec read() {
        CodeBlock.Builder arguments = CodeBlock.builder();
        for (Field field : model.fields()) {
            arguments.add(arguments.isEmpty() ? "" : ",\n").add("get$L(memory, offset)", field.accessorStem());
        }
        return accessor("read", model.record())
                .addJavadoc("Reads the whole struct at {@code offset} into a new {@link $T}.\n", model.record())
                .addCode(CodeBlock.builder()
                        .add("return new $T(\n", model.record())
                        .indent().indent().add(arguments.build()).unindent().unindent()
                        .add(");\n")
                        .build())
                .build();
    }

    private MethodSpec write() {
        MethodSpec.Builder method = accessor("write", TypeName.VOID)
                .addJavadoc("Writes every field of {@code value} to the struct at {@code offset} (padding is left as it\n"
                        + "is). Nothing is written if the struct does not fit {@code memory} at {@code offset}"
                        + (lengths.isEmpty() ? "" : " or an\narray of {@code value} itself has another length than the struct's")
                        + ".\n\n@throws IndexOutOfBoundsException if the struct does not fit {@code memory} at {@code offset}\n"
                        + (lengths.isEmpty() ? "" : "@throws IllegalArgumentException if an array has another length\n"))
                .addParameter(model.record(), "value")
                .addStatement("$T.checkFromIndexSize(offset, $N, memory.byteSize())", Objects.class, bytes);
        for (Field field : model.fields()) {
            if (field.isArray()) {
                method.addStatement("requireLength(value.$L().length, $N, $S)", field.name(), lengths.get(field.name()),
                        field.name());
            }
        }
        for (Field field : model.fields()) {
            method.addStatement("set$L(memory, offset, value.$L())", field.accessorStem(), field.name());
        }
        return method.build();
    }

    private void addStructAccessors(TypeSpec.Builder type, Field field) {
        ClassName nested = field.struct().generated();
        ClassName record = field.struct().record();
        FieldSpec offset = offsets.get(field.name());
        type.addMethod(accessor("get" + field.accessorStem(), record)
                .addJavadoc("Reads {@code $L} into a new {@link $T}; its fields one by one: {@link $T} at\n"
                        + "{@code offset + $N}.\n", field.name(), record, nested, offset)
                .addStatement("return $T.read(memory, offset + $N)", nested, offset)
                .build());
        type.addMethod(accessor("set" + field.accessorStem(), TypeName.VOID)
                .addJavadoc("Writes {@code value} to {@code $L}.\n", field.name())
                .addParameter(record, "value")
                .addStatement("$T.write(memory, offset + $N, value)", nested, offset)
                .build());
    }

    private void addScalarAccessors(TypeSpec.Builder type, Field field) {
        FieldSpec offset = offsets.get(field.name());
        TypeName javaType = field.primitive().type();
        boolean bool = field.primitive() == Primitive.BOOLEAN;
        type.addMethod(accessor("get" + field.accessorStem(), javaType)
                .addJavadoc("Reads {@code $L}$L.\n", field.name(), bool ? " (any byte but 0 is true)" : "")
                .addStatement(bool ? "return memory.get($N, offset + $N) != 0" : "return memory.get($N, offset + $N)",
                        layoutOf(field), offset)
                .build());
        type.addMethod(accessor("set" + field.accessorStem(), TypeName.VOID)
                .addJavadoc("Writes {@code $L}$L.\n", field.name(), bool ? " as 1 or 0" : "")
                .addParameter(javaType, "value")
                .addStatement(bool ? "memory.set($N, offset + $N, value ? (byte) 1 : (byte) 0)"
                        : "memory.set($N, offset + $N, value)", layoutOf(field), offset)
                .build());
        if (!hasAtomicAccess(field)) {
            return;
        }
        FieldSpec handle = handles.get(field.name());
        type.addMethod(accessor("get" + field.accessorStem() + "Acquire", javaType)
                .addJavadoc("Reads {@code $L} with acquire semantics: what the writer stored before its release is\n"
                        + "visible after this read, in this process or another one sharing the memory.\n", field.name())
                .addStatement("return ($T) $N.getAcquire(memory, offset)", javaType, handle)
                .build());
        type.addMethod(accessor("set" + field.accessorStem() + "Release", TypeName.VOID)
                .addJavadoc("Writes {@code $L} with release semantics: everything stored before is visible to a\n"
                        + "reader that acquires this value; use it to publish the struct.\n", field.name())
                .addParameter(javaType, "value")
                .addStatement("$N.setRelease(memory, offset, value)", handle)
                .build());
        type.addMethod(accessor("compareAndSet" + field.accessorStem(), TypeName.BOOLEAN)
                .addJavadoc("Atomically sets {@code $L} to {@code value} if it is {@code expected} (volatile\n"
                        + "semantics).\n\n@return whether it was set\n", field.name())
                .addParameter(javaType, "expected")
                .addParameter(javaType, "value")
                .addStatement("return $N.compareAndSet(memory, offset, expected, value)", handle)
                .build());
    }

    private void addArrayAccessors(TypeSpec.Builder type, Field field) {
        FieldSpec offset = offsets.get(field.name());
        FieldSpec length = lengths.get(field.name());
        FieldSpec element = layoutOf(field);
        TypeName javaType = field.primitive().type();
        TypeName arrayType = ArrayTypeName.of(javaType);
        boolean bool = field.primitive() == Primitive.BOOLEAN;
        long elementBytes = field.primitive().bytes();
        CodeBlock at = elementBytes == 1
                ? CodeBlock.of("offset + $N + $T.checkIndex(index, $N)", offset, Objects.class, length)
                : CodeBlock.of("offset + $N + $T.checkIndex(index, $N) * $LL", offset, Objects.class, length, elementBytes);
        String stem = field.accessorStem();
        type.addMethod(accessor("get" + stem + "At", javaType)
                .addJavadoc("Reads element {@code index} of {@code $L}.\n\n"
                        + "@throws IndexOutOfBoundsException unless {@code 0 <= index < $N}\n", field.name(), length)
                .addParameter(TypeName.INT, "index")
                .addStatement(bool ? "return memory.get($N, $L) != 0" : "return memory.get($N, $L)", element, at)
                .build());
        type.addMethod(accessor("set" + stem + "At", TypeName.VOID)
                .addJavadoc("Writes element {@code index} of {@code $L}.\n\n"
                        + "@throws IndexOutOfBoundsException unless {@code 0 <= index < $N}\n", field.name(), length)
                .addParameter(TypeName.INT, "index")
                .addParameter(javaType, "value")
                .addStatement(bool ? "memory.set($N, $L, value ? (byte) 1 : (byte) 0)" : "memory.set($N, $L, value)",
                        element, at)
                .build());
        MethodSpec.Builder copyOut = accessor("get" + stem, TypeName.VOID)
                .addJavadoc("Copies all of {@code $L} into {@code destination}, allocating nothing.\n\n"
                        + "@throws IllegalArgumentException unless {@code destination} has {@link #$N} elements\n",
                        field.name(), length)
                .addParameter(arrayType, "destination")
                .addStatement("requireLength(destination.length, $N, $S)", length, field.name());
        MethodSpec.Builder copyIn = accessor("set" + stem, TypeName.VOID)
                .addJavadoc("Writes all of {@code $L} from {@code values}.\n\n"
                        + "@throws IllegalArgumentException unless {@code values} has {@link #$N} elements\n",
                        field.name(), length)
                .addParameter(arrayType, "values")
                .addStatement("requireLength(values.length, $N, $S)", length, field.name());
        if (bool) {
            copyOut.beginControlFlow("for (int i = 0; i < $N; i++)", length)
                    .addStatement("destination[i] = memory.get($N, offset + $N + i) != 0", element, offset)
                    .endControlFlow();
            copyIn.beginControlFlow("for (int i = 0; i < $N; i++)", length)
                    .addStatement("memory.set($N, offset + $N + i, values[i] ? (byte) 1 : (byte) 0)", element, offset)
                    .endControlFlow();
        } else {
            copyOut.addStatement("$T.copy(memory, $N, offset + $N, destination, 0, $N)", MemorySegment.class, element,
                    offset, length);
            copyIn.addStatement("$T.copy(values, 0, memory, $N, offset + $N, $N)", MemorySegment.class, element, offset,
                    length);
        }
        type.addMethod(accessor("get" + stem, arrayType)
                .addJavadoc("Reads all of {@code $L} into a new array.\n", field.name())
                .addStatement("$T values = new $T[$N]", arrayType, javaType, length)
                .addStatement("get$L(memory, offset, values)", stem)
                .addStatement("return values")
                .build());
        type.addMethod(copyOut.build());
        type.addMethod(copyIn.build());
    }

    private static MethodSpec requireLength() {
        return MethodSpec.methodBuilder("requireLength")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(TypeName.INT, "length")
                .addParameter(TypeName.INT, "expected")
                .addParameter(String.class, "field")
                .beginControlFlow("if (length != expected)")
                .addStatement("throw new $T(field + \" has \" + expected + \" elements in the struct, but the array has \" "
                        + "+ length)", IllegalArgumentException.class)
                .endControlFlow()
                .build();
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
