package io.arenagen.processor.arena;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.arenagen.processor.ArenaProcessor;
import io.arenagen.runtime.ThreadCache;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.AbstractThreadCache;
import io.arenagen.runtime.pool.ChunkTracker;

import javax.annotation.processing.Generated;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes the thread cache of a shared generated arena: a class {@code <Impl>ThreadCache} beside the
 * arena, extending {@link AbstractThreadCache}, whose dispatch is straight-line code over the arena's
 * public constants as the arena's own is: compares over the chunk sizes pick the pool, then one call of
 * {@code take}, {@code tryTake} or {@code park}, which the JIT inlines with the parked-chunk fast path.
 * Confined arenas get none: they refuse thread caches.
 */
final class ThreadCacheGenerator {

    private static final String INDENT = "    ";
    private static final String SUFFIX = "ThreadCache";

    private final ArenaModel model;
    private final ArenaLayout layout;

    private ThreadCacheGenerator(ArenaModel model) {
        this.model = model;
        this.layout = model.layout();
    }

    /** The name of {@code model}'s cache class: the arena's, plus {@value #SUFFIX}. */
    static ClassName cacheName(ArenaModel model) {
        return ClassName.get(model.impl().packageName(), model.impl().simpleName() + SUFFIX);
    }

    /**
     * The arena's hook: {@code newThreadCache} returns the generated cache, handing it the checked-mode
     * tracker when there is one.
     */
    static MethodSpec factory(ArenaModel model, boolean checked) {
        return MethodSpec.methodBuilder("newThreadCache")
                .addJavadoc("The generated cache, {@link $T}: dispatch unrolled over this class's constants.\n",
                        cacheName(model))
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .returns(ThreadCache.class)
                .addParameter(TypeName.INT, "chunksPerPool")
                .addStatement("return new $T(this, chunksPerPool, $L)", cacheName(model), checked ? "tracker" : "null")
                .build();
    }

    /** The source of {@code model}'s cache class. */
    static JavaFile generate(ArenaModel model, Element originatingElement, boolean annotateGenerated) {
        return new ThreadCacheGenerator(model).file(originatingElement, annotateGenerated);
    }

    private JavaFile file(Element originatingElement, boolean annotateGenerated) {
        TypeSpec.Builder type = TypeSpec.classBuilder(cacheName(model))
                .addOriginatingElement(originatingElement)
                .addJavadoc("Thread cache generated for {@link $T}: up to {@code chunksPerPool} chunks of each of its $L\n"
                        + "pools parked for one thread, refilled and drained in batches of one CAS each. Made by\n"
                        + "{@code threadCache(int)} of the arena; see {@link $T}.\n", model.impl(), layout.poolCount(),
                        ThreadCache.class)
                .addModifiers(Modifier.FINAL)
                .superclass(AbstractThreadCache.class);
        if (annotateGenerated) {
            type.addAnnotation(AnnotationSpec.builder(Generated.class)
                    .addMember("value", "$S", ArenaProcessor.class.getName())
                    .build());
        }
        type.addMethod(MethodSpec.constructorBuilder()
                .addParameter(model.impl(), "arena")
                .addParameter(TypeName.INT, "chunksPerPool")
                .addParameter(ChunkTracker.class, "tracker")
                .addStatement("super(arena, chunksPerPool, tracker)")
                .build());
        type.addMethod(allocation("allocateOffset", "take"));
        type.addMethod(allocation("tryAllocateOffset", "tryTake"));
        type.addMethod(deallocateOffset());
        return JavaFile.builder(model.impl().packageName(), type.build())
                .skipJavaLangImports(true)
                .indent(INDENT)
                .build();
    }

    /** Compares over the chunk-size constants pick the pool, then one call of {@code step}. */
    private MethodSpec allocation(String name, String step) {
        MethodSpec.Builder method = overriding(name, TypeName.LONG)
                .addParameter(TypeName.LONG, "size")
                .addStatement("checkOwner()")
                .beginControlFlow("if (size < 0)")
                .addStatement("throw negativeSize(size)")
                .endControlFlow()
                .addStatement("int pool");
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            String test = "size <= $T.POOL_" + pool + "_CHUNK_SIZE";
            if (pool == 0) {
                method.beginControlFlow("if (" + test + ")", model.impl());
            } else {
                method.nextControlFlow("else if (" + test + ")", model.impl());
            }
            method.addStatement("pool = $L", pool);
        }
        return method.nextControlFlow("else")
                .addStatement("return unserved()")
                .endControlFlow()
                .addStatement("return $L(pool, size)", step)
                .build();
    }

    /** The owning pool by the arena's range constants, then one {@code park}; a foreign offset is ignored. */
    private MethodSpec deallocateOffset() {
        MethodSpec.Builder method = overriding("deallocateOffset", TypeName.VOID)
                .addParameter(TypeName.LONG, "offset")
                .addStatement("checkOwner()")
                .addStatement("int pool");
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            String test = "offset >= $T.POOL_" + pool + "_CHUNKS && offset < $T.POOL_" + pool + "_END";
            if (pool == 0) {
                method.beginControlFlow("if (" + test + ")", model.impl(), model.impl());
            } else {
                method.nextControlFlow("else if (" + test + ")", model.impl(), model.impl());
            }
            method.addStatement("pool = $L", pool);
        }
        return method.nextControlFlow("else")
                .addStatement("ignored()")
                .addStatement("return")
                .endControlFlow()
                .addStatement("park(pool, offset)")
                .build();
    }

    private static MethodSpec.Builder overriding(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns);
    }
}
