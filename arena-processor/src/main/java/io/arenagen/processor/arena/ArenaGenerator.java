package io.arenagen.processor.arena;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.arenagen.Backend;
import io.arenagen.processor.ArenaProcessor;
import io.arenagen.processor.inject.InjectionGenerator;
import io.arenagen.processor.struct.StructModel;
import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.owner.OwnerTable;
import io.arenagen.runtime.pool.AbstractSlabArena;
import io.arenagen.runtime.pool.ChunkTracker;
import io.arenagen.runtime.pool.ConfinedFreeList;
import io.arenagen.runtime.pool.CorruptFreeListException;
import io.arenagen.runtime.pool.FreeList;
import io.arenagen.runtime.pool.ThreadAccess;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import javax.annotation.processing.Generated;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes the source of an arena class for an {@link ArenaModel}. Every per-pool number is a
 * {@code static final} constant, and allocation and deallocation are straight-line code over those
 * constants, one branch per pool: no loop, no table, nothing for the JIT to load per call. The
 * free-list operations themselves are the runtime's, called with constant arguments that the JIT
 * folds into the inlined code. A pop that finds its pool empty leaves that code for the slow path: a
 * generated private {@code promote} (allocate) or {@code AbstractSlabArena.exhausted} (tryAllocate),
 * which count the exhaustion and emit the JFR events, so observability adds nothing to a successful pop.
 *
 * <p>Each constant is declared once as a {@link FieldSpec} and every use refers to that spec with
 * {@code $N}, so a name is spelled in one place.
 */
final class ArenaGenerator {

    private static final String INDENT = "    ";

    private final ArenaModel model;
    private final ArenaLayout layout;
    private final FieldSpec count;
    private final FieldSpec totalSize;
    private final List<PoolConstants> pools = new ArrayList<>();
    private final FieldSpec layoutConstant;
    private final FieldSpec tracker;
    /** {@link FreeList}, or {@link ConfinedFreeList} for a confined arena: the same calls, other orderings. */
    private final Class<?> freeList;
    /** {@code NAME}, when {@code @Arena(name = ...)} fixed the shared-memory object; null otherwise. */
    private final FieldSpec nameConstant;
    /** A confined arena's head words, kept on the heap ({@link ConfinedFreeList}); null for a shared arena. */
    private final FieldSpec heads;

    /**
     * The constants of one pool.
     *
     * @param chunkSize its chunk size
     * @param offset the offset of its header
     * @param chunks the offset of its first chunk
     * @param end the offset one past its last chunk
     * @param head the offset of its head word (private)
     * @param shift {@code log2} of its chunk size (private)
     * @param firstChunk the global chunk number of its chunk 0, {@code pool × COUNT}, the index of its owner
     *     entries (private); null without reclamation
     */
    private record PoolConstants(FieldSpec chunkSize, FieldSpec offset, FieldSpec chunks, FieldSpec end,
            FieldSpec head, FieldSpec shift, FieldSpec firstChunk) {
    }

    private ArenaGenerator(ArenaModel model) {
        this.model = model;
        this.layout = model.layout();
        this.freeList = model.confined() ? ConfinedFreeList.class : FreeList.class;
        this.count = publicLong("COUNT", layout.count(), "Chunks per pool.");
        this.totalSize = publicLong("TOTAL_SIZE", layout.totalSize(),
                "Bytes of all pools: the sum of {@code 128 + COUNT * chunk size} over the pools.");
        CodeBlock.Builder layoutOf = CodeBlock.builder().add("$T.of($N", ArenaLayout.class, count);
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            String prefix = "POOL_" + pool + "_";
            PoolConstants constants = new PoolConstants(
                    publicLong(prefix + "CHUNK_SIZE", layout.chunkSize(pool), "Chunk size of pool " + pool + "."),
                    publicLong(prefix + "OFFSET", layout.poolOffset(pool), "Offset of pool " + pool + "'s header."),
                    publicLong(prefix + "CHUNKS", layout.chunksOffset(pool), "Offset of pool " + pool
                            + "'s first chunk: 80 bytes into the pool, where the C++ arena places it."),
                    publicLong(prefix + "END", layout.chunksEnd(pool), "Offset one past pool " + pool
                            + "'s last chunk (48 bytes of slack follow it)."),
                    FieldSpec.builder(TypeName.LONG, prefix + "HEAD", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                            .initializer("$LL", layout.headOffset(pool))
                            .build(),
                    FieldSpec.builder(TypeName.INT, prefix + "SHIFT", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                            .initializer("$L", layout.chunkShift(pool))
                            .build(),
                    model.reclamation()
                            ? FieldSpec.builder(TypeName.LONG, prefix + "FIRST_CHUNK", Modifier.PRIVATE, Modifier.STATIC,
                                    Modifier.FINAL)
                                    .addJavadoc("Global number of pool $L's chunk 0 ({@code $L × COUNT}): its owner entries "
                                            + "start there.\n", pool, pool)
                                    .initializer("$LL", OwnerTable.firstChunk(pool, layout.count()))
                                    .build()
                            : null);
            pools.add(constants);
            layoutOf.add(", $N", constants.chunkSize());
        }
        this.layoutConstant = FieldSpec.builder(ArenaLayout.class, "LAYOUT", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .initializer(layoutOf.add(")").build())
                .build();
        this.tracker = model.checked()
                ? FieldSpec.builder(ChunkTracker.class, "tracker", Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("Checked mode: which chunks this handle has handed out.\n")
                        .initializer("new $T($N)", ChunkTracker.class, layoutConstant)
                        .build()
                : null;
        this.nameConstant = model.injection().shmName().map(InjectionGenerator::nameConstant).orElse(null);
        this.heads = model.confined()
                ? FieldSpec.builder(long[].class, "heads", Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("The pools' head words, {@code (generation << 32) | first free chunk's index}, indexed by\n"
                                + "pool. Confined: only the owner thread uses the pools, so the heads live here and no\n"
                                + "operation re-reads them from memory; {@link #writeBackHeads()} stores them into the\n"
                                + "pools' headers when {@code stats()} reads the lists.\n")
                        .initializer("$T.loadHeads(memory, $N)", ConfinedFreeList.class, layoutConstant)
                        .build()
                : null;
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
                .superclass(AbstractSlabArena.class)
                .addSuperinterface(model.iface());
        if (annotateGenerated) {
            type.addAnnotation(AnnotationSpec.builder(Generated.class)
                    .addMember("value", "$S", ArenaProcessor.class.getName())
                    .build());
        }
        InjectionGenerator.annotateClass(type, model.injection());
        type.addField(count).addField(totalSize);
        for (PoolConstants pool : pools) {
            type.addField(pool.chunkSize()).addField(pool.offset()).addField(pool.chunks()).addField(pool.end());
            if (heads == null) {
                type.addField(pool.head()); // a confined arena's heads are in the heads array
            }
            type.addField(pool.shift());
            if (pool.firstChunk() != null) {
                type.addField(pool.firstChunk());
            }
        }
        type.addField(layoutConstant);
        if (nameConstant != null) {
            type.addField(nameConstant);
        }
        if (tracker != null) {
            type.addField(tracker);
        }
        if (heads != null) {
            type.addField(heads);
        }
        addConstructors(type);
        type.addMethod(allocateOffset());
        type.addMethod(promote());
        type.addMethod(tryAllocateOffset());
        type.addMethod(deallocateOffset());
        if (!model.confined()) { // thread caches: the generated class of ThreadCacheGenerator
            type.addMethod(ThreadCacheGenerator.factory(model, tracker != null));
        }
        if (tracker != null) {
            type.addMethod(foreignSegment());
            // release/adopt consult checked mode with or without reclamation, as a checked run-time arena does
            type.addMethod(checkedTracker());
        }
        if (heads != null) {
            type.addMethod(writeBackHeads());
        }
        for (ArenaModel.HeldStruct held : model.holds()) {
            type.addMethod(allocateStruct(held)).addMethod(tryAllocateStruct(held));
        }
        InjectionGenerator.addDisposal(type, model.injection());
        return JavaFile.builder(model.impl().packageName(), type.build())
                .skipJavaLangImports(true)
                .indent(INDENT)
                .build();
    }

    private CodeBlock classJavadoc() {
        int poolCount = layout.poolCount();
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("Slab arena generated for {@link $T}: $L $L of $L chunks\n$L.\n", model.iface(), poolCount,
                        poolCount == 1 ? "pool" : "pools", layout.count(), where())
                .add("\n<p>Allocation is dispatched by straight-line code over the constants of this class, one\n"
                        + "branch per pool, onto $L ({@link $T}).\n", model.confined()
                        ? "free lists with plain loads and stores" : "lock-free free lists", freeList);
        if (model.confined()) {
            doc.add("\n<p>Confined: the thread that constructs the arena is its only user; any other thread's call\n"
                    + "throws {@link WrongThreadException}, naming both threads, and changes nothing. The pools'\n"
                    + "head words live in {@link #heads} rather than in memory, so an operation reads and writes\n"
                    + "only the chunk's link there; {@code stats()} writes them back before it reads the lists.\n");
        }
        if (!model.holds().isEmpty()) {
            doc.add("\n<p>Holds, with typed allocation from the smallest pool that fits each:\n<ul>\n");
            for (ArenaModel.HeldStruct held : model.holds()) {
                doc.add("<li>{@link $T}: $L bytes, pool $L, {@code $L()} and {@code $L()}</li>\n", held.struct().record(),
                        held.struct().bytes(), held.firstPool(), held.allocateName(), held.tryAllocateName());
            }
            doc.add("</ul>\n");
        }
        if (model.reclamation()) {
            doc.add("\n<p>Reclamation: every constructor opens the arena with {@link $T#withReclamation()}, so the\n"
                    + "companion object {@code <name>.owners} records which process holds each chunk (one plain store\n"
                    + "on each allocation and free, into {@link $T}), and the chunks of a process that died are given\n"
                    + "back at attach and by {@code reclaim()}. A chunk that travels to another process (through a\n"
                    + "queue or otherwise) is {@code release}d by its sender and {@code adopt}ed by its receiver.\n",
                    ShmOptions.class, OwnerTable.class);
        }
        if (model.checked()) {
            doc.add("\n<p>Checked mode: freeing a chunk twice, or an offset that is not a chunk's start, throws\n"
                    + "{@link IllegalStateException} and leaves the pools intact.\n");
        }
        doc.add("\n<table>\n")
                .add("<caption>Layout, offsets and sizes in bytes</caption>\n")
                .add("<tr><th>pool</th><th>chunk size</th><th>count</th><th>header offset</th><th>first chunk</th>"
                        + "<th>bytes</th></tr>\n");
        for (int pool = 0; pool < poolCount; pool++) {
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

    /** A public {@code static final long} with a one-line javadoc. */
    private static FieldSpec publicLong(String name, long value, String javadoc) {
        return FieldSpec.builder(TypeName.LONG, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", javadoc)
                .initializer("$LL", value)
                .build();
    }

    private void addConstructors(TypeSpec.Builder type) {
        if (model.backend() == Backend.LOCAL) {
            MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                    .addJavadoc("Maps the arena in private memory and initializes its pools.\n\n"
                            + "@throws $T if the memory cannot be mapped\n", ArenaException.class)
                    .addModifiers(Modifier.PUBLIC)
                    .addStatement(model.confined()
                            ? CodeBlock.of("super($N, $T.CONFINED)", layoutConstant, ThreadAccess.class)
                            : CodeBlock.of("super($N)", layoutConstant));
            InjectionGenerator.annotateConstructor(constructor, model.injection());
            type.addMethod(constructor.build());
            return;
        }
        // With reclamation the javadoc says so: the options always get it, and the name must leave room for the companion.
        String reclaiming = model.reclamation() ? " and reclamation on" : "";
        String companionName = model.reclamation() ? " or too long for the companion {@code <name>.owners}" : "";
        String companion = model.reclamation() ? " (with reclamation, its companion too)" : "";
        if (nameConstant != null) {
            MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                    .addJavadoc("Opens the shared-memory object {@link #$N}, creating it if it does not exist, with\n"
                            + "{@link $T#defaults()}$L.\n\n"
                            + "@throws $T if the object$L cannot be opened, mapped or used with this layout\n",
                            nameConstant, ShmOptions.class, reclaiming, ArenaException.class, companion)
                    .addModifiers(Modifier.PUBLIC)
                    .addStatement("this($N)", nameConstant);
            InjectionGenerator.annotateConstructor(constructor, model.injection());
            type.addMethod(constructor.build());
        }
        type.addMethod(MethodSpec.constructorBuilder()
                .addJavadoc("Opens the shared-memory object {@code name}, creating it if it does not exist, with\n"
                        + "{@link $T#defaults()}$L.\n\n"
                        + "@param name the object's name, for example {@code \"/my-arena\"}\n"
                        + "@throws IllegalArgumentException if {@code name} is not a valid shared-memory name$L\n"
                        + "@throws $T if the object$L cannot be opened, mapped or used with this layout\n",
                        ShmOptions.class, reclaiming, companionName, ArenaException.class, companion)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(String.class, "name")
                .addStatement("this(name, $T.defaults())", ShmOptions.class)
                .build());
        type.addMethod(MethodSpec.constructorBuilder()
                .addJavadoc("Opens the shared-memory object {@code name}, creating it if it does not exist.$L\n\n"
                        + "@param name the object's name, for example {@code \"/my-arena\"}\n"
                        + "@param options permissions of a created object and the bound on waiting for other processes\n"
                        + "@throws IllegalArgumentException if {@code name} is not a valid shared-memory name$L\n"
                        + "@throws $T if the object$L cannot be opened, mapped or used with this layout\n",
                        model.reclamation() ? " Reclamation is on whatever {@code options}\nsay: the declaration decides."
                                : "", companionName, ArenaException.class, companion)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(String.class, "name")
                .addParameter(ShmOptions.class, "options")
                .addStatement(optionsConstructor())
                .build());
    }

    /**
     * The constructor's {@code super} call; with reclamation the declaration decides: the options get
     * {@link ShmOptions#withReclamation()} whatever they say (null is left for the runtime to refuse).
     */
    private CodeBlock optionsConstructor() {
        if (!model.reclamation()) {
            return CodeBlock.of("super($N, name, options)", layoutConstant);
        }
        return CodeBlock.of("super($N, name, options == null ? null : options.withReclamation())", layoutConstant);
    }

    /**
     * Pops from the smallest fitting pool; only when that pop finds the pool empty does the request
     * leave for {@link #promote()}, out of line. So the fast path is what it was before exhaustions
     * were counted: one size comparison per smaller pool, one pop, one return.
     */
    private MethodSpec allocateOffset() {
        return dispatch(overriding("allocateOffset", TypeName.LONG)
                .addParameter(TypeName.LONG, "size")
                .addComment("the smallest fitting pool; when it is empty, promote() tries the larger ones"), "promote");
    }

    /** Like {@link #allocateOffset()}, but an empty pool ends the request: counted, then unserved. */
    private MethodSpec tryAllocateOffset() {
        return dispatch(overriding("tryAllocateOffset", TypeName.LONG)
                .addParameter(TypeName.LONG, "size")
                .addComment("the smallest fitting pool only, no promotion; when it is empty, count that"),
                "exhausted");
    }

    /**
     * The body both allocation methods share: straight-line compares over the chunk-size constants pick
     * the smallest pool that fits {@code size} and load that pool's constants; then one pop, returned at
     * once when it succeeds, {@code slowPath(pool, size)} (a method of the arena) when the pool is empty.
     * One pop site rather than one per pool keeps the method small enough to inline whole into its
     * caller: with a pop per branch, an 8-pool confined arena measured 7 to 12 ns a pair, with one
     * 3.9 to 4.8 ns. A confined arena selects no head offset (its pop indexes the heads array by pool)
     * and compares sizes unsigned, so that the negative-size check leaves the fast path for the branch
     * no pool serves.
     *
     * <p>The slow path is called inside the {@code try}, so that what its pops throw (a corrupt list,
     * another thread) ends in the arena's exception as on the fast path; the handlers cost nothing
     * until they run.
     */
    private MethodSpec dispatch(MethodSpec.Builder method, String slowPath) {
        method.addComment(popComment());
        if (heads == null) {
            method.beginControlFlow("if (size < 0)")
                    .addStatement("throw negativeSize(size)")
                    .endControlFlow();
        } else {
            method.addComment("compared unsigned: a negative size is beyond every pool, and refused there");
        }
        method.addStatement("int pool");
        if (heads == null) {
            method.addStatement("long head");
        }
        method.addStatement("long chunks")
                .addStatement("int shift");
        if (model.reclamation()) {
            method.addStatement("long first");
        }
        for (int pool = 0; pool < pools.size(); pool++) {
            PoolConstants constants = pools.get(pool);
            CodeBlock fits = heads == null
                    ? CodeBlock.of("size <= $N", constants.chunkSize())
                    : CodeBlock.of("Long.compareUnsigned(size, $N) <= 0", constants.chunkSize());
            if (pool == 0) {
                method.beginControlFlow("if ($L)", fits);
            } else {
                method.nextControlFlow("else if ($L)", fits);
            }
            method.addStatement("pool = $L", pool);
            if (heads == null) {
                method.addStatement("head = $N", constants.head());
            }
            method.addStatement("chunks = $N", constants.chunks())
                    .addStatement("shift = $N", constants.shift());
            if (model.reclamation()) {
                method.addStatement("first = $N", constants.firstChunk());
            }
        }
        CodeBlock pop = heads == null
                ? CodeBlock.of("$T.pop(memory, head, chunks, shift, $N)", freeList, count)
                : CodeBlock.of("$T.pop($N, pool, memory, chunks, shift, $N)", freeList, heads, count);
        CodeBlock served = tracker != null ? CodeBlock.of("$N.allocated(pool, offset)", tracker) : CodeBlock.of("offset");
        method.nextControlFlow("else");
        if (heads != null) {
            method.beginControlFlow("if (size < 0)")
                    .addStatement("throw negativeSize(size)")
                    .endControlFlow();
        }
        method.addStatement("return unserved()")
                .endControlFlow()
                .beginControlFlow("try")
                .addStatement("long offset = $L", pop);
        if (model.reclamation()) {
            method.beginControlFlow("if (offset < 0)")
                    .addStatement("return $L(pool, size)", slowPath)
                    .endControlFlow();
            hold(method, CodeBlock.of("first"), CodeBlock.of("chunks"), CodeBlock.of("shift"));
            method.addStatement("return $L", served);
        } else {
            method.addStatement("return offset >= 0 ? $L : $L(pool, size)", served, slowPath);
        }
        return catchCorruption(method).build();
    }

    /**
     * The slow path of {@code allocateOffset}, out of line: counts the exhaustion of the smallest
     * fitting pool, then tries each larger pool in straight-line code, counting each one found empty.
     * It runs inside {@code allocateOffset}'s {@code try}, which handles what its pops throw.
     */
    private MethodSpec promote() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("promote")
                .addJavadoc("Slow path of {@link #allocateOffset}: pool {@code exhaustedPool}, the smallest that fits\n"
                        + "{@code size}, was empty. Counts that, then tries the larger pools in order, counting each\n"
                        + "one found empty; called inside {@code allocateOffset}'s {@code try}.\n")
                .addModifiers(Modifier.PRIVATE)
                .returns(TypeName.LONG)
                .addParameter(TypeName.INT, "exhaustedPool")
                .addParameter(TypeName.LONG, "size")
                .addStatement("countExhaustion(exhaustedPool, size)");
        if (pools.size() > 1) {
            method.addStatement("long offset");
        }
        for (int pool = 1; pool < pools.size(); pool++) {
            method.beginControlFlow("if (exhaustedPool < $L)", pool)
                    .addStatement("offset = $L", allocated(pool, pop(pool)))
                    .beginControlFlow("if (offset >= 0)");
            hold(method, pool);
            method.addStatement("return promoted(exhaustedPool, $L, size, offset)", pool)
                    .endControlFlow()
                    .addStatement("countExhaustion($L, size)", pool)
                    .endControlFlow();
        }
        return method.addStatement("return unserved()").build();
    }

    private MethodSpec deallocateOffset() {
        if (heads != null) {
            return confinedDeallocateOffset();
        }
        MethodSpec.Builder method = overriding("deallocateOffset", TypeName.VOID)
                .addParameter(TypeName.LONG, "offset")
                .addComment("the owning pool by offset range")
                .addComment("FreeList.push: plain store of the link, published by a release CAS of the head");
        for (int pool = 0; pool < pools.size(); pool++) {
            PoolConstants constants = pools.get(pool);
            method.beginControlFlow("if (offset >= $N && offset < $N)", constants.chunks(), constants.end());
            if (tracker != null) {
                method.addStatement("$N.released($L, offset)", tracker, pool);
            }
            if (model.reclamation()) {
                method.addComment("owner store: plain, before the push's release CAS, so that the next holder's store "
                                + "follows it")
                        .addStatement("owners.drop($N + ((offset - $N) >>> $N))", constants.firstChunk(),
                                constants.chunks(), constants.shift());
            }
            method.addStatement("$T.push(memory, $N, $N, $N, offset)", freeList, constants.head(),
                            constants.chunks(), constants.shift())
                    .addStatement("return")
                    .endControlFlow();
        }
        return method.addComment("a foreign offset is ignored, but a closed arena still throws")
                .addStatement("ensureOpen()")
                .build();
    }

    /**
     * A confined arena's {@code deallocateOffset}: compares with each pool's end, in ascending order,
     * pick the first pool that ends past {@code offset} and load its constants, as {@link #dispatch}
     * does; one compare with that pool's first chunk then tells a chunk from a header, slack or a
     * negative offset (foreign, ignored). So the last of n pools costs n + 1 compares rather than 2n,
     * and there is one push, onto the heads array. In checked mode the owner and the open arena are
     * checked before the bookkeeping changes, so that another thread's refused call (or a call on a
     * closed arena) leaves the bookkeeping as it was.
     */
    private MethodSpec confinedDeallocateOffset() {
        MethodSpec.Builder method = overriding("deallocateOffset", TypeName.VOID)
                .addParameter(TypeName.LONG, "offset")
                .addComment("the owning pool by offset range: the first pool that ends past the offset, then its start")
                .addComment("ConfinedFreeList.push: plain loads and stores, one owner thread; its store of the link "
                        + "fails for any other thread")
                .addStatement("int pool")
                .addStatement("long chunks")
                .addStatement("int shift");
        for (int pool = 0; pool < pools.size(); pool++) {
            PoolConstants constants = pools.get(pool);
            if (pool == 0) {
                method.beginControlFlow("if (offset < $N)", constants.end());
            } else {
                method.nextControlFlow("else if (offset < $N)", constants.end());
            }
            method.addStatement("pool = $L", pool)
                    .addStatement("chunks = $N", constants.chunks())
                    .addStatement("shift = $N", constants.shift());
        }
        method.nextControlFlow("else")
                .addComment("beyond the last pool: a foreign offset is ignored, but a closed arena or another thread "
                        + "still throws")
                .addStatement("ensureOpen()")
                .addStatement("return")
                .endControlFlow()
                .beginControlFlow("if (offset < chunks)")
                .addComment("before the pool's first chunk (a header, slack, a negative offset): foreign, as above")
                .addStatement("ensureOpen()")
                .addStatement("return")
                .endControlFlow();
        if (tracker != null) {
            method.addComment("the owner's call on an open arena only: a refused call changes no bookkeeping")
                    .addStatement("ensureOpen()")
                    .addStatement("$N.released(pool, offset)", tracker);
        }
        method.beginControlFlow("try")
                .addStatement("$T.push($N, pool, memory, chunks, shift, offset)", freeList, heads);
        return catchWrongThread(method).endControlFlow().build();
    }

    /** A confined arena: stores the heads array into the pools' head words, for {@code stats()}. */
    private MethodSpec writeBackHeads() {
        return MethodSpec.methodBuilder("writeBackHeads")
                .addJavadoc("Stores {@link #$N} into the pools' head words, so that {@code stats()} reads complete lists.\n",
                        heads)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .addStatement("$T.storeHeads(memory, $N, $N)", freeList, layoutConstant, heads)
                .build();
    }

    /**
     * Typed allocation of {@code held}: its first fitting pool was chosen at compile time, so there is no size
     * comparison, only the pops from that pool upwards (promotion, as {@code allocateOffset}).
     */
    private MethodSpec allocateStruct(ArenaModel.HeldStruct held) {
        StructModel struct = held.struct();
        MethodSpec.Builder method = typedAllocation(held.allocateName(), held.allocateDeclared())
                .addJavadoc("Allocates a chunk for a {@link $T} ($L bytes, {@link $T}): from pool $L, the smallest that\n"
                        + "holds it, or a larger pool when that one is exhausted.\n\n"
                        + "@return the chunk's offset into {@link #memory()}, or {@code -1} if every fitting pool is "
                        + "exhausted\n", struct.record(), struct.bytes(), struct.generated(), held.firstPool())
                .addComment("the first fitting pool was chosen at compile time; when it is empty, promote() tries the "
                        + "larger ones")
                .addComment(popComment());
        return typedPop(method, held, "promote").build();
    }

    /**
     * The body of typed allocation: one pop from the struct's first fitting pool, returned at once when it
     * succeeds; {@code slowPath(pool, BYTES)} when the pool is empty, as in {@link #dispatch}.
     */
    private MethodSpec.Builder typedPop(MethodSpec.Builder method, ArenaModel.HeldStruct held, String slowPath) {
        int pool = held.firstPool();
        method.addStatement("long offset")
                .beginControlFlow("try")
                .addStatement("offset = $L", allocated(pool, pop(pool)));
        if (model.reclamation()) {
            method.beginControlFlow("if (offset < 0)")
                    .addStatement("return $L($L, $T.BYTES)", slowPath, pool, held.struct().generated())
                    .endControlFlow();
            hold(method, pool);
            method.addStatement("return offset");
        } else {
            method.addStatement("return offset >= 0 ? offset : $L($L, $T.BYTES)", slowPath, pool,
                    held.struct().generated());
        }
        return catchCorruption(method);
    }

    /** Typed allocation of {@code held} from its first fitting pool only. */
    private MethodSpec tryAllocateStruct(ArenaModel.HeldStruct held) {
        StructModel struct = held.struct();
        int pool = held.firstPool();
        MethodSpec.Builder method = typedAllocation(held.tryAllocateName(), held.tryAllocateDeclared())
                .addJavadoc("Allocates a chunk for a {@link $T} ($L bytes, {@link $T}) from pool $L, the smallest that\n"
                        + "holds it, without promotion.\n\n"
                        + "@return the chunk's offset into {@link #memory()}, or {@code -1} if that pool is exhausted\n",
                        struct.record(), struct.bytes(), struct.generated(), pool)
                .addComment("the first fitting pool only, no promotion; when it is empty, count that")
                .addComment(popComment());
        return typedPop(method, held, "exhausted").build();
    }

    /** Overrides the interface's declaration if there is one; otherwise a method of this class only. */
    private static MethodSpec.Builder typedAllocation(String name, boolean declared) {
        return declared ? overriding(name, TypeName.LONG)
                : MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(TypeName.LONG);
    }

    /**
     * Checked mode: a segment of a closed arena is a use after close, not a foreign segment to ignore.
     * A confined arena refuses another thread first, whatever the segment.
     */
    private MethodSpec foreignSegment() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("foreignSegment")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .addParameter(MemorySegment.class, "chunk");
        if (model.confined()) {
            method.addStatement("ensureOwner()");
        }
        return method.addStatement("$T.requireNotStale(chunk)", ChunkTracker.class)
                .addStatement("super.foreignSegment(chunk)")
                .build();
    }

    /** Checked mode with reclamation: {@code release} and {@code adopt} check and update the tracker first. */
    private MethodSpec checkedTracker() {
        return MethodSpec.methodBuilder("tracker")
                .addJavadoc("Checked mode: {@code release} and {@code adopt} check {@link #$N} first.\n", tracker)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .returns(ChunkTracker.class)
                .addStatement("return $N", tracker)
                .build();
    }

    private String popComment() {
        return model.confined()
                ? "ConfinedFreeList.pop: the head from the heads array, the link by a plain load; an index beyond COUNT "
                        + "throws, never read"
                : "FreeList.pop: acquire load of the head + acquire CAS; an index beyond COUNT throws, never read";
    }

    /**
     * Closes the {@code try} around the pops: a corrupt list becomes an exception that names the arena,
     * and in a confined arena FFM's refusal of another thread one that names both threads.
     */
    private MethodSpec.Builder catchCorruption(MethodSpec.Builder method) {
        if (model.confined()) {
            catchWrongThread(method);
        }
        return method.nextControlFlow("catch ($T e)", CorruptFreeListException.class)
                .addStatement("throw corrupted(e)")
                .endControlFlow();
    }

    private static MethodSpec.Builder catchWrongThread(MethodSpec.Builder method) {
        return method.nextControlFlow("catch ($T e)", WrongThreadException.class)
                .addStatement("throw wrongThread(e)");
    }

    private static MethodSpec.Builder overriding(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns);
    }

    private CodeBlock pop(int pool) {
        PoolConstants constants = pools.get(pool);
        if (heads != null) {
            return CodeBlock.of("$T.pop($N, $L, memory, $N, $N, $N)", freeList, heads, pool, constants.chunks(),
                    constants.shift(), count);
        }
        return CodeBlock.of("$T.pop(memory, $N, $N, $N, $N)", freeList, constants.head(), constants.chunks(),
                constants.shift(), count);
    }

    /** With reclamation, the owner store of the chunk at {@code offset}, just popped from pool {@code pool}; else nothing. */
    private void hold(MethodSpec.Builder method, int pool) {
        if (!model.reclamation()) {
            return;
        }
        PoolConstants constants = pools.get(pool);
        hold(method, CodeBlock.of("$N", constants.firstChunk()), CodeBlock.of("$N", constants.chunks()),
                CodeBlock.of("$N", constants.shift()));
    }

    /**
     * The owner store after a successful pop: {@code owners.hold(first + ((offset - chunks) >>> shift))}, the
     * chunk's global number ({@link OwnerTable}), from the pool's constants or the locals the dispatch loaded.
     */
    private static void hold(MethodSpec.Builder method, CodeBlock first, CodeBlock chunks, CodeBlock shift) {
        method.addComment("owner store: plain, after the pop's acquire CAS, so that it follows the previous holder's "
                        + "drop")
                .addStatement("owners.hold($L + ((offset - $L) >>> $L))", first, chunks, shift);
    }

    /** {@code offset}, recorded by the tracker first in checked mode. */
    private CodeBlock allocated(int pool, CodeBlock offset) {
        return tracker != null ? CodeBlock.of("$N.allocated($L, $L)", tracker, pool, offset) : offset;
    }
}
