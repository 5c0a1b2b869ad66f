package io.arenagen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.ArenaCompilation.compileFailing;
import static io.arenagen.processor.ArenaCompilation.source;


import com.google.testing.compile.Compilation;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.arenagen.Backend;
import io.arenagen.processor.arena.ArenaModel;
import io.arenagen.processor.arena.GeneratedArenaSpecs;
import io.arenagen.processor.inject.Container;
import io.arenagen.processor.inject.Injection;
import io.arenagen.processor.struct.StructGenerator;
import io.arenagen.processor.struct.StructModel;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.AbstractSlabArena;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Names that collide: between components of a {@code @Struct} record, whose generated constants and accessors
 * are named after them, and between an {@code @Arena} interface's constants and default methods and the members
 * of the generated class. Each collision is a tagged error on the member that says what to rename, never a javac
 * error inside generated code; the members are taken from the generator's own output, not from a list.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class NameClashTest {

    /** {@code p.S}: the record header on line 3, one component per line from line 4. */
    private static JavaFileObject struct(String... components) {
        List<String> lines = new ArrayList<>(List.of("package p;", "@io.arenagen.Struct", "record S("));
        for (int i = 0; i < components.length; i++) {
            lines.add("        " + components[i] + (i == components.length - 1 ? ") {}" : ","));
        }
        return source("p.S", lines.toArray(String[]::new));
    }

    @Test
    void componentsOfOneConstantStemAreReportedOnTheLaterOne() {
        JavaFileObject source = struct("int fooBar", "long foo_bar");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaStructNameClash] components fooBar and foo_bar of @Struct "
                + "record S both make FOO_BAR_OFFSET in the generated SStruct (constants are named after a component in "
                + "upper snake case, accessors after it capitalized, with Acquire, Release and At suffixes), which would "
                + "not compile; rename foo_bar").inFile(source).onLine(5).atColumn(14);
    }

    @Test
    void componentsThatDifferInCaseOnlyAreReported() {
        JavaFileObject source = struct("int a", "int A");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("components a and A of @Struct record S both make A_OFFSET")
                .inFile(source).onLine(5);
    }

    @Test
    void anAccessorSuffixMeetingAnotherComponentIsReported() {
        JavaFileObject source = struct("int x", "int xAcquire", "long y", "long yRelease");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("components x and xAcquire of @Struct record S both make "
                + "getXAcquire(MemorySegment, long)").inFile(source).onLine(5);
        assertThat(compilation).hadErrorContaining("components y and yRelease of @Struct record S both make "
                + "setYRelease(MemorySegment, long, long)").inFile(source).onLine(7);
    }

    /** Overloads are fine: an array's {@code getXsAt(memory, offset, index)} beside a scalar's {@code getXsAt(..)}. */
    @Test
    void overloadsThatJavaAllowsCompile() {
        Compilation compilation = ArenaCompilation.compile(struct("@io.arenagen.Length(2) int[] xs", "int xsAt",
                "byte xAcquire", "byte x"));
        assertThat(compilation).succeededWithoutWarnings();
    }

    /**
     * Every accessor and constant the generator writes for a component {@code x} of each kind names a component
     * that would collide with it ({@code getXAcquire} names {@code xAcquire}); with each, the struct either
     * compiles or gets only tagged errors, never an error in generated code.
     */
    @Test
    void everyGeneratedMemberNameEitherCompilesOrIsATaggedError() {
        List<String> kinds = List.of("int", "long", "boolean", "@io.arenagen.Length(2) int[]", "Q");
        JavaFileObject nested = source("p.Q", "package p;", "@io.arenagen.Struct", "record Q(int q) {}");
        int clashes = 0;
        for (String kind : kinds) {
            for (String name : collidingNames(kind)) {
                for (String other : List.of(kind, "int")) {
                    Compilation compilation = ArenaCompilation.compile(struct(kind + " x", other + " " + name), nested);
                    if (compilation.status() == Compilation.Status.SUCCESS) {
                        assertThat(compilation).succeededWithoutWarnings();
                        continue;
                    }
                    clashes++;
                    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
                        assertThat(error.getMessage(Locale.ROOT)).startsWith("[ArenaStructNameClash] components x and "
                                + name);
                        assertThat(error.getSource().getName()).endsWith("S.java");
                    }
                }
            }
        }
        assertThat(clashes).isAtLeast(kinds.size());
    }

    /** The component names a member of {@code SStruct} for {@code <kind> x} is made from, other than {@code x}. */
    private static Set<String> collidingNames(String kind) {
        StructModel model = structModel(kind);
        TypeSpec generated = StructGenerator.generate(model, null, false).typeSpec();
        Set<String> names = new LinkedHashSet<>();
        names.add("X");
        for (MethodSpec method : generated.methodSpecs()) {
            for (String prefix : List.of("compareAndSet", "get", "set")) {
                if (method.name().startsWith(prefix) && method.name().length() > prefix.length()) {
                    String stem = method.name().substring(prefix.length());
                    String name = Character.toLowerCase(stem.charAt(0)) + stem.substring(1);
                    if (!name.equals("x")) {
                        names.add(name);
                    }
                    break;
                }
            }
        }
        for (FieldSpec field : generated.fieldSpecs()) {
            if (field.name().startsWith("X_")) {
                names.add("x_" + field.name().substring(2).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static StructModel structModel(String kind) {
        ClassName record = ClassName.get("p", "S");
        StructModel.Component component = switch (kind) {
            case "int" -> new StructModel.Component("x", StructModel.Primitive.INT, null, 0);
            case "long" -> new StructModel.Component("x", StructModel.Primitive.LONG, null, 0);
            case "boolean" -> new StructModel.Component("x", StructModel.Primitive.BOOLEAN, null, 0);
            case "Q" -> new StructModel.Component("x", null, StructModel.layOut(ClassName.get("p", "Q"),
                    ClassName.get("p", "QStruct"), false, List.of(new StructModel.Component("q",
                            StructModel.Primitive.INT, null, 0))), 0);
            default -> new StructModel.Component("x", StructModel.Primitive.INT, null, 2);
        };
        return StructModel.layOut(record, StructModel.generatedNameOf(record), false, List.of(component));
    }

    /** {@code p.Feed}, {@code @Arena(<arguments>)}, with {@code members} from line 6. */
    private static JavaFileObject arena(String arguments, String... members) {
        List<String> lines = new ArrayList<>(List.of("package p;", "import io.arenagen.Arena;", "import io.arenagen.Backend;",
                "@Arena(" + arguments + ")", "public interface Feed extends io.arenagen.runtime.SlabAllocator {"));
        lines.addAll(List.of(members));
        lines.add("}");
        return source("p.Feed", lines.toArray(String[]::new));
    }

    @Test
    void aDefaultMethodOfAGeneratedSignatureIsReportedOnIt() {
        JavaFileObject source = arena("count = 8, sizes = {64, 128}",
                "    default long promote(int pool, long size) { return -1; }");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaMemberNameClash] default method promote(int, long) of @Arena "
                + "interface Feed has the signature of a method that the generated FeedImpl declares, which would "
                + "replace the default method there or not compile; rename it").inFile(source).onLine(6).atColumn(18);
    }

    @Test
    void inheritedMembersOfTheBaseClassAreReported() {
        JavaFileObject source = arena("count = 8, sizes = {64}",
                "    long memory = 1;",
                "    default String layout() { return \"mine\"; }");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[ArenaMemberNameClash] constant memory of @Arena interface Feed has "
                + "the name of a field that FeedImpl inherits from AbstractSlabArena, which would make the generated "
                + "code's uses of that field ambiguous; rename it")
                .inFile(source).onLine(6).atColumn(10);
        assertThat(compilation).hadErrorContaining("[ArenaMemberNameClash] default method layout() of @Arena interface "
                + "Feed has the signature of a method that FeedImpl inherits from AbstractSlabArena").inFile(source)
                .onLine(7);
    }

    @Test
    void aMemberFromASuperinterfaceIsReportedOnTheArenaNamingIt() {
        JavaFileObject base = source("p.Base", "package p;", "interface Base {", "    int baseAddress = 3;", "}");
        JavaFileObject source = source("p.Feed", "package p;", "@io.arenagen.Arena(count = 8, sizes = {64})",
                "public interface Feed extends io.arenagen.runtime.SlabAllocator, Base {}");
        Compilation compilation = compileFailing(source, base);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaMemberNameClash] constant baseAddress of @Arena interface Feed "
                + "(inherited from p.Base) has the name of a field that FeedImpl inherits from AbstractSlabArena")
                .inFile(source).onLine(3);
    }

    @Test
    void redeclaredSlabAllocatorMethodsOverloadsAndOtherNamesCompile() {
        Compilation compilation = ArenaCompilation.compile(arena("count = 8, sizes = {64}",
                "    default long promote(long size) { return allocateOffset(size); }",
                "    default long allocateTwice(long size) { allocateOffset(size); return allocateOffset(size); }",
                "    int POOLS = 1;",
                "    String NAME = \"/feed\";",
                "    int COUNT = 8;",
                "    static long layout(int pool) { return pool; }",
                "    default java.lang.foreign.MemorySegment allocate(long size) { return null; }"));
        assertThat(compilation).succeededWithoutWarnings();
    }

    /**
     * Every method of the generated class (of a checked SHM arena with reclamation, a name and a held struct, which
     * has them all) and every member it inherits from {@code AbstractSlabArena}, declared in the interface as a default
     * method or constant: one tagged error each, except {@code SlabAllocator}'s own methods, which may be
     * redeclared, and constants named like the generated class's fields, which those hide.
     */
    @Test
    void everyMemberOfTheGeneratedClassAndItsBaseIsReservedButSlabAllocatorsOwn() {
        StructModel price = StructModel.layOut(ClassName.get("p", "Price"), ClassName.get("p", "PriceStruct"), true,
                List.of(new StructModel.Component("ticks", StructModel.Primitive.LONG, null, 0)));
        ArenaModel model = new ArenaModel(ClassName.get("p", "Feed"), ClassName.get("p", "FeedImpl"), Backend.SHM, true,
                false, true, ArenaLayout.of(8, 64, 128), List.of(new ArenaModel.HeldStruct(price, 0, false, false)),
                new Injection(Container.NONE, java.util.Optional.of("/feed"), false, false));
        TypeSpec generated = GeneratedArenaSpecs.of(model);
        Set<String> allocator = Arrays.stream(SlabAllocator.class.getMethods()).map(NameClashTest::signature)
                .collect(Collectors.toSet());
        // An interface cannot declare a default method of a public Object method's signature: javac rejects it there.
        Set<String> objects = Arrays.stream(Object.class.getMethods()).map(NameClashTest::signature)
                .collect(Collectors.toSet());
        Map<String, String> methods = new LinkedHashMap<>();
        Set<String> fields = new LinkedHashSet<>();
        for (MethodSpec method : generated.methodSpecs()) {
            if (!method.isConstructor()) {
                methods.putIfAbsent(method.name() + "(" + method.parameters().stream().map(p -> p.type().toString())
                        .collect(Collectors.joining(", ")) + ")", method.returnType().toString());
            }
        }
        // The generated class's own fields hide the interface's constants of their names: no ambiguity, allowed.
        Set<String> hidden = new LinkedHashSet<>();
        generated.fieldSpecs().forEach(field -> hidden.add(field.name()));
        for (Class<?> type = AbstractSlabArena.class; type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (!Modifier.isPrivate(method.getModifiers()) && !method.isSynthetic()
                        && !objects.contains(signature(method))) {
                    methods.putIfAbsent(signature(method), method.getReturnType().getCanonicalName());
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isPrivate(field.getModifiers())) {
                    fields.add(field.getName());
                }
            }
        }
        List<String> reserved = new ArrayList<>();
        List<String> redeclared = new ArrayList<>();
        methods.forEach((signature, returns) -> {
            String parameters = signature.substring(signature.indexOf('(') + 1, signature.length() - 1);
            List<String> declared = new ArrayList<>();
            String[] types = parameters.isEmpty() ? new String[0] : parameters.split(", ");
            for (int i = 0; i < types.length; i++) {
                declared.add(types[i] + " a" + i);
            }
            String member = "    default " + returns + " " + signature.substring(0, signature.indexOf('(')) + "("
                    + String.join(", ", declared) + ") { throw new UnsupportedOperationException(); }";
            (allocator.contains(signature) ? redeclared : reserved).add(member);
        });
        fields.forEach(field -> reserved.add("    long " + field + " = 1;"));
        hidden.forEach(field -> redeclared.add("    long " + field + " = 1;"));
        String annotation = "count = 8, sizes = {64, 128}, backend = Backend.SHM, checked = true, name = \"/feed\", "
                + "holds = Price.class";
        JavaFileObject priceSource = source("p.Price", "package p;", "@io.arenagen.Struct", "public record Price(long ticks) {}");
        RecordingProcessor recording = new RecordingProcessor();
        Compilation clashing = com.google.testing.compile.Compiler.javac()
                .withProcessors(ArenaCompilation.processors(recording))
                .withOptions("-Xlint:all", "-Werror")
                .withClasspath(ArenaCompilation.classpath())
                .compile(arena(annotation, reserved.toArray(String[]::new)), priceSource);
        assertThat(recording.created()).containsExactly("p.PriceStruct");
        String errors = clashing.errors().stream().map(error -> error.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"));
        for (String member : reserved) {
            String name = member.strip().split("[ (]")[member.contains("default") ? 2 : 1];
            assertThat(errors).contains(" " + name);
        }
        assertThat(clashing).hadErrorCount(reserved.size());
        for (Diagnostic<? extends JavaFileObject> error : clashing.errors()) {
            assertThat(error.getMessage(Locale.ROOT)).startsWith("[ArenaMemberNameClash]");
        }
        assertThat(reserved.size()).isAtLeast(15);
        Compilation allowed = ArenaCompilation.compile(arena(annotation, redeclared.toArray(String[]::new)), priceSource);
        assertThat(allowed).succeededWithoutWarnings();
        assertThat(redeclared).isNotEmpty();
    }

    private static String signature(Method method) {
        return method.getName() + "(" + Arrays.stream(method.getParameterTypes()).map(Class::getCanonicalName)
                .collect(Collectors.joining(", ")) + ")";
    }
}
