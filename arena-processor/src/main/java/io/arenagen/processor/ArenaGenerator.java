package io.arenagen.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.arenagen.Backend;
import io.arenagen.runtime.layout.ArenaLayout;

import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes the source of an arena class for an {@link ArenaModel}. Every per-pool number is a
 * {@code static final} constant, and allocation and deallocation are straight-line code over those
 * constants, one branch per pool: no loop, no table, nothing for the JIT to load per call. The
 * free-list operations themselves are the runtime's, called with constant arguments that the JIT
 * folds into the inlined code.
 */
final class ArenaGenerator {

    static final ClassName ABSTRACT_SLAB_ARENA = ClassName.get("io.arenagen.runtime.pool", "AbstractSlabArena");
    static final ClassName FREE_LIST = ClassName.get("io.arenagen.runtime.pool", "FreeList");
    static final ClassName CORRUPT_FREE_LIST = ClassName.get("io.arenagen.runtime.pool", "CorruptFreeListException");
    static final ClassName CHUNK_TRACKER = ClassName.get("io.arenagen.runtime.pool", "ChunkTracker");
    static final ClassName ARENA_LAYOUT = ClassName.get(ArenaLayout.class);
    static final ClassName SHM_OPTIONS = ClassName.get("io.arenagen.runtime", "ShmOptions");
    static final ClassName ARENA_EXCEPTION = ClassName.get("io.arenagen.runtime", "ArenaException");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private static final String INDENT = "    ";
    private static final String POP_COMMENT =
            "FreeList.pop: acquire load of the head + acquire CAS; an index beyond COUNT throws, never read";

    private final ArenaModel model;
    private final ArenaLayout layout;

    private ArenaGenerator(ArenaModel model) {
        this.model = model;
        this.layout = model.layout();
    }

    /**
     * The source of {@code model}'s class.
     *
     * @param originatingElement the annotated interface, recorded for incremental builds
     * @param annotateGenerated whether to put {@code @javax.annotation.processing.Generated} on the class
     *     (only when that type is visible from the interface's module)
     */
    static JavaFile generate(ArenaModel model, Element originatingElement, boolean annotateGenerated) {
        return new ArenaGenerator(model).file(originatingElement, annotateGenerated);
    }

    private JavaFile file(Element originatingElement, boolean annotateGenerated) {
        TypeSpec.Builder type = TypeSpec.classBuilder(model.impl())
                .addOriginatingElement(originatingElement)
                .addJavadoc(classJavadoc())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(ABSTRACT_SLAB_ARENA)
                .addSuperinterface(model.iface());
        if (annotateGenerated) {
            type.addAnnotation(AnnotationSpec.builder(GENERATED)
                    .addMember("value", "$S", ArenaProcessor.class.getName())
                    .build());
        }
        addConstants(type);
        if (model.checked()) {
            type.addField(FieldSpec.builder(CHUNK_TRACKER, "tracker", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Checked mode: which chunks this handle has handed out.\n")
                    .initializer("new $T(LAYOUT)", CHUNK_TRACKER)
                    .build());
        }
        addConstructors(type);
        type.addMethod(allocateOffset());
        type.addMethod(tryAllocateOffset());
        type.addMethod(deallocateOffset());
        return JavaFile.builder(model.impl().packageName(), type.build())
                .skipJavaLangImports(true)
                .indent(INDENT)
                .build();
    }

    private CodeBlock classJavadoc() {
        int pools = layout.poolCount();
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("Slab arena generated for {@link $T}: $L $L of $L chunks\n$L.\n", model.iface(), pools,
                        pools == 1 ? "pool" : "pools", layout.count(), where())
                .add("\n<p>Allocation is dispatched by straight-line code over the constants of this class, one\n"
                        + "branch per pool, onto lock-free free lists ({@link $T}).\n", FREE_LIST);
        if (model.checked()) {
            doc.add("\n<p>Checked mode: freeing a chunk twice, or an offset that is not a chunk's start, throws\n"
                    + "{@link IllegalStateException} and leaves the pools intact.\n");
        }
        doc.add("\n<table>\n")
                .add("<caption>Layout, offsets and sizes in bytes</caption>\n")
                .add("<tr><th>pool</th><th>chunk size</th><th>count</th><th>header offset</th><th>first chunk</th><th>bytes</th></tr>\n");
        for (int pool = 0; pool < pools; pool++) {
            doc.add("<tr><td>$L</td><td>$L</td><td>$L</td><td>$L</td><td>$L</td><td>$L</td></tr>\n", pool,
                    layout.chunkSize(pool), layout.count(), layout.poolOffset(pool), layout.chunksOffset(pool),
                    ArenaLayout.poolBytes(layout.count(), layout.chunkSize(pool)));
        }
        return doc.add("<tr><td colspan=\"5\">total</td><td>$L</td></tr>\n", layout.totalSize())
                .add("</table>\n")
                .build();
    }

    private String where() {
        return model.backend() == Backend.SHM
                ? "in a POSIX shared-memory object, usable by several processes at once"
                : "in private memory of this process";
    }

    private void addConstants(TypeSpec.Builder type) {
        type.addField(constant(TypeName.LONG, "COUNT", true, "Chunks per pool.", layout.count() + "L"));
        type.addField(constant(TypeName.LONG, "TOTAL_SIZE", true,
                "Bytes of all pools: the sum of {@code 128 + COUNT * chunk size} over the pools.", layout.totalSize() + "L"));
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            type.addField(constant(TypeName.LONG, pool(pool, "CHUNK_SIZE"), true,
                    "Chunk size of pool " + pool + ".", layout.chunkSize(pool) + "L"));
            type.addField(constant(TypeName.LONG, pool(pool, "OFFSET"), true,
                    "Offset of pool " + pool + "'s header.", layout.poolOffset(pool) + "L"));
            type.addField(constant(TypeName.LONG, pool(pool, "CHUNKS"), true,
                    "Offset of pool " + pool + "'s first chunk: 80 bytes into the pool, where the C++ arena places it.", layout.chunksOffset(pool) + "L"));
            type.addField(constant(TypeName.LONG, pool(pool, "END"), true,
                    "Offset one past pool " + pool + "'s last chunk (48 bytes of slack follow it).", layout.chunksEnd(pool) + "L"));
            type.addField(constant(TypeName.LONG, pool(pool, "HEAD"), false, null, layout.headOffset(pool) + "L"));
            type.addField(constant(TypeName.INT, pool(pool, "SHIFT"), false, null,
                    Integer.toString(layout.chunkShift(pool))));
        }
        CodeBlock.Builder sizes = CodeBlock.builder().add("$T.of(COUNT", ARENA_LAYOUT);
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            sizes.add(", $L", pool(pool, "CHUNK_SIZE"));
        }
        type.addField(FieldSpec.builder(ARENA_LAYOUT, "LAYOUT", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(sizes.add(")").build())
                .build());
    }

    private static FieldSpec constant(TypeName type, String name, boolean isPublic, String javadoc, String value) {
        FieldSpec.Builder field = FieldSpec.builder(type, name,
                isPublic ? Modifier.PUBLIC : Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", value);
        if (javadoc != null) {
            field.addJavadoc("$L\n", javadoc);
        }
        return field.build();
    }

    private void addConstructors(TypeSpec.Builder type) {
        if (model.backend() == Backend.LOCAL) {
            type.addMethod(MethodSpec.constructorBuilder()
                    .addJavadoc("Maps the arena in private memory and initializes its pools.\n\n"
                            + "@throws $T if the memory cannot be mapped\n", ARENA_EXCEPTION)
                    .addModifiers(Modifier.PUBLIC)
                    .addStatement("super(LAYOUT)")
                    .build());
            return;
        }
        type.addMethod(MethodSpec.constructorBuilder()
                .addJavadoc("Opens the shared-memory object {@code name}, creating it if it does not exist, with\n"
                        + "{@link $T#defaults()}.\n\n"
                        + "@param name the object's name, for example {@code \"/my-arena\"}\n"
                        + "@throws IllegalArgumentException if {@code name} is not a valid shared-memory name\n"
                        + "@throws $T if the object cannot be opened, mapped or used with this layout\n",
                        SHM_OPTIONS, ARENA_EXCEPTION)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(String.class, "name")
                .addStatement("this(name, $T.defaults())", SHM_OPTIONS)
                .build());
        type.addMethod(MethodSpec.constructorBuilder()
                .addJavadoc("Opens the shared-memory object {@code name}, creating it if it does not exist.\n\n"
                        + "@param name the object's name, for example {@code \"/my-arena\"}\n"
                        + "@param options permissions of a created object and the bound on waiting for other processes\n"
                        + "@throws IllegalArgumentException if {@code name} is not a valid shared-memory name\n"
                        + "@throws $T if the object cannot be opened, mapped or used with this layout\n",
                        ARENA_EXCEPTION)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(String.class, "name")
                .addParameter(SHM_OPTIONS, "options")
                .addStatement("super(LAYOUT, name, options)")
                .build());
    }

    private MethodSpec allocateOffset() {
        MethodSpec.Builder method = overriding("allocateOffset", TypeName.LONG)
                .addParameter(TypeName.LONG, "size")
                .addComment("smallest fitting pool first, then the larger ones (promotion)")
                .addComment(POP_COMMENT)
                .beginControlFlow("if (size < 0)")
                .addStatement("throw negativeSize(size)")
                .endControlFlow()
                .addStatement("long offset")
                .beginControlFlow("try");
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            method.beginControlFlow("if (size <= $L && (offset = $L) >= 0)", pool(pool, "CHUNK_SIZE"), pop(pool))
                    .addStatement("return $L", allocated(pool, "offset"))
                    .endControlFlow();
        }
        return catchCorruption(method).addStatement("return unserved()").build();
    }

    private MethodSpec tryAllocateOffset() {
        MethodSpec.Builder method = overriding("tryAllocateOffset", TypeName.LONG)
                .addParameter(TypeName.LONG, "size")
                .addComment("the smallest fitting pool only, no promotion")
                .addComment(POP_COMMENT)
                .beginControlFlow("if (size < 0)")
                .addStatement("throw negativeSize(size)")
                .endControlFlow()
                .addStatement("long offset")
                .beginControlFlow("try");
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            String condition = "if (size <= " + pool(pool, "CHUNK_SIZE") + ")";
            if (pool == 0) {
                method.beginControlFlow(condition);
            } else {
                method.nextControlFlow("else " + condition);
            }
            method.addStatement("offset = $L", allocated(pool, pop(pool)));
        }
        method.nextControlFlow("else")
                .addStatement("return unserved()")
                .endControlFlow();
        return catchCorruption(method)
                .addStatement("return offset >= 0 ? offset : unserved()")
                .build();
    }

    private MethodSpec deallocateOffset() {
        MethodSpec.Builder method = overriding("deallocateOffset", TypeName.VOID)
                .addParameter(TypeName.LONG, "offset")
                .addComment("the owning pool by offset range")
                .addComment("FreeList.push: plain store of the link, published by a release CAS of the head");
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            method.beginControlFlow("if (offset >= $L && offset < $L)", pool(pool, "CHUNKS"), pool(pool, "END"));
            if (model.checked()) {
                method.addStatement("tracker.released($L, offset)", pool);
            }
            method.addStatement("$T.push(memory, $L, $L, $L, offset)", FREE_LIST, pool(pool, "HEAD"),
                            pool(pool, "CHUNKS"), pool(pool, "SHIFT"))
                    .addStatement("return")
                    .endControlFlow();
        }
        return method.addComment("a foreign offset is ignored, but a closed arena still throws")
                .addStatement("ensureOpen()")
                .build();
    }

    private static MethodSpec.Builder overriding(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns);
    }

    private CodeBlock pop(int pool) {
        return CodeBlock.of("$T.pop(memory, $L, $L, $L, COUNT)", FREE_LIST, pool(pool, "HEAD"), pool(pool, "CHUNKS"),
                pool(pool, "SHIFT"));
    }

    /**
     * Closes the {@code try} around the pops: a corrupt free list becomes the {@code ArenaException} that
     * names the object ({@code AbstractSlabArena.corrupted}); the handler costs nothing until it runs.
     */
    private static MethodSpec.Builder catchCorruption(MethodSpec.Builder method) {
        return method.nextControlFlow("catch ($T e)", CORRUPT_FREE_LIST)
                .addStatement("throw corrupted(e)")
                .endControlFlow();
    }

    private CodeBlock allocated(int pool, Object offset) {
        return model.checked() ? CodeBlock.of("tracker.allocated($L, $L)", pool, offset) : CodeBlock.of("$L", offset);
    }

    private static String pool(int pool, String what) {
        return "POOL_" + pool + "_" + what;
    }
}
