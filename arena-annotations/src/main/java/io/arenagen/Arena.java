package io.arenagen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a slab arena: one lock-free pool of {@link #count()} chunks for each entry of
 * {@link #sizes()}. The annotation processor of {@code arena-processor} generates
 * {@code <Interface>Impl} (for a nested interface {@code Outer.Inner}: {@code Outer_InnerImpl}) in the
 * interface's package, or fails the build with an error on the offending value.
 *
 * <pre>{@code
 * @Arena(count = 128, sizes = {64, 256, 1024}, backend = Backend.SHM)
 * public interface FeedArena extends SlabAllocator {}
 * }</pre>
 *
 * <p>Rules, each checked at compile time:
 * <ul>
 *   <li>the annotated type is an interface (not a class, enum, record or annotation), has no type
 *       parameters, extends {@code io.arenagen.runtime.SlabAllocator} and declares no abstract
 *       method of its own (default and static methods are fine) except typed allocation for the
 *       structs it {@link #holds()};</li>
 *   <li>{@code count} is in {@code 1 .. 4_294_967_295}: a free-list index is 32 bits wide and
 *       {@code 0xFFFFFFFF} marks the empty list;</li>
 *   <li>{@code sizes} is not empty; every size is a power of two and a multiple of 16 (the
 *       alignment of {@code max_align_t} on x86-64), hence at least 16; sizes are strictly
 *       ascending;</li>
 *   <li>the footprint {@code Σ (128 + count × size)} fits in a {@code long};</li>
 *   <li>every class in {@code holds} is a {@link Struct} record that fits the largest chunk;</li>
 *   <li>{@code reclamation} only on a {@link Backend#SHM} arena that is not {@code confined}, and with a
 *       {@code name} short enough for the companion object's {@code <name>.owners}.</li>
 * </ul>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Arena {

    /** Chunks per pool, {@code 1 .. 4_294_967_295}. */
    long count();

    /** Chunk size of each pool in bytes: powers of two, multiples of 16, strictly ascending. */
    long[] sizes();

    /** Where the pools live; {@link Backend#LOCAL} by default. */
    Backend backend() default Backend.LOCAL;

    /**
     * Opt-in checked mode: {@code deallocate} rejects a double free and an address that is not the
     * start of a chunk with an {@code IllegalStateException}. It keeps one bit per chunk on the Java
     * heap of this process; the shared layout is unchanged. Off by default, and the default code path
     * carries none of its cost.
     */
    boolean checked() default false;

    /**
     * Confines the arena to the thread that constructs it, for thread-per-core designs: the free lists
     * use plain loads and stores, no compare-and-set, and any other thread's call fails with
     * {@link WrongThreadException}, as FFM's confined arenas do. {@link Backend#LOCAL} only (a
     * shared-memory arena is shared by definition); off by default.
     */
    boolean confined() default false;

    /**
     * The {@link Struct} records this arena holds. Each must fit the largest chunk, or the build fails
     * on its class literal. The generated class gets, for each held struct {@code S}, typed allocation
     * {@code long allocateS()} (from the smallest pool that fits {@code S}, chosen at compile time,
     * promoting to larger pools like {@code allocateOffset}) and {@code long tryAllocateS()} (that pool
     * only), both returning an offset into {@code memory()} or {@code -1}. Declare
     * {@code long allocateS();} and {@code long tryAllocateS();} in the interface to call them through it.
     */
    Class<?>[] holds() default {};

    /**
     * The container that constructs the generated class, see {@link ComponentModel}: by default the
     * build's ({@code -Aarenagen.defaultComponentModel}), otherwise none.
     */
    ComponentModel componentModel() default ComponentModel.DEFAULT;

    /**
     * The shared-memory object of a {@link Backend#SHM} arena, for example {@code "/feed"}: it gives the
     * generated class a public no-argument constructor that opens this object, which is what a
     * container calls (the constructors taking a name stay). Checked at compile time by the run-time
     * rules: a leading {@code /}, no other {@code /}, no NUL, not {@code /.} or {@code /..}, at most
     * 255 bytes in UTF-8. Empty (the default) means no fixed name; an error on a {@link Backend#LOCAL}
     * arena, which has no name.
     */
    String name() default "";

    /**
     * Ownership and reclamation, as {@code ShmOptions.withReclamation()} turns them on for a run-time arena:
     * the arena keeps a companion shared-memory object {@code <name>.owners} beside it, records there which
     * process holds each chunk (one plain store per allocation and per free, in the generated code and in the
     * generated thread cache), and gives back the chunks of a process that died: when a handle attaches, on
     * {@code reclaim()}, and from {@code arena-inspect --reclaim}. Every constructor of the generated class
     * opens the arena with reclamation, whatever {@code ShmOptions} it is given (the declaration decides). The
     * arena's own bytes do not change, so an arena without reclamation, generated or run-time, and a C++
     * process can share the object; C++ processes take no part, and their chunks are never recorded nor
     * reclaimed.
     *
     * <p>The contract: a chunk that travels to another process (or another handle), through a queue or
     * otherwise, is released by the sender ({@code release(offset)}, in transit from then on) and adopted by
     * the receiver ({@code adopt(offset)}); a chunk handed off without saying so is reclaimed when its sender
     * dies, while the receiver still uses it. With {@link #checked()}, releasing a chunk this handle does not
     * hold, adopting one it holds and freeing one it released are refused. See {@code docs/reclamation.md}
     * for the companion's layout, liveness, the crash windows and the costs.
     *
     * <p>{@link Backend#SHM} only (a LOCAL arena dies with its only process) and not {@link #confined()};
     * off by default. With a fixed {@link #name()}, that name must leave room for the suffix {@code .owners}
     * (at most 248 bytes in UTF-8); a name passed to a constructor is checked when the arena opens, with the
     * same message.
     */
    boolean reclamation() default false;
}
