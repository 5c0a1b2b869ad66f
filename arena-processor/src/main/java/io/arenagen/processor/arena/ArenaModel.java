package io.arenagen.processor.arena;

import com.palantir.javapoet.ClassName;
import io.arenagen.Backend;
import io.arenagen.processor.inject.Injection;
import io.arenagen.processor.struct.StructModel;
import io.arenagen.runtime.layout.ArenaLayout;

import java.util.List;
import java.util.Objects;

/**
 * Everything the generator needs about one valid {@code @Arena}, and nothing of the compiler's
 * element API: the interface, the name of the class to generate, the backend, checked mode, the
 * layout (already validated by {@code ArenaRules}) and the injection into a container.
 *
 * @param iface the annotated interface
 * @param impl the class to generate: {@code <Interface>Impl}, or {@code Outer_InnerImpl} for a nested one
 * @param backend where the pools live
 * @param checked whether deallocation is checked against double frees and wild offsets
 * @param confined whether the arena is confined to the thread that constructs it
 * @param reclamation whether the arena records chunk owners and reclaims a dead process's chunks (SHM only)
 * @param layout the pools' byte layout
 * @param holds the structs it holds, each with typed allocation, in the order of {@code @Arena(holds = ...)}
 * @param injection the container annotations, fixed shared-memory name and binding modules ({@link Injection#NONE}: none)
 */
public record ArenaModel(ClassName iface, ClassName impl, Backend backend, boolean checked, boolean confined,
        boolean reclamation, ArenaLayout layout, List<HeldStruct> holds, Injection injection) {

    /** Checks the components and copies the list. */
    public ArenaModel {
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(impl, "impl");
        Objects.requireNonNull(backend, "backend");
        if (reclamation && (backend != Backend.SHM || confined)) {
            throw new IllegalArgumentException("reclamation on a " + backend + (confined ? " confined" : "") + " arena");
        }
        Objects.requireNonNull(layout, "layout");
        holds = List.copyOf(holds);
        Objects.requireNonNull(injection, "injection");
    }

    /** A shared, unconfined arena that holds no structs and serves no container. */
    ArenaModel(ClassName iface, ClassName impl, Backend backend, boolean checked, ArenaLayout layout) {
        this(iface, impl, backend, checked, false, false, layout, List.of(), Injection.NONE);
    }

    /**
     * A struct the arena holds, and where its typed allocation starts.
     *
     * @param struct the struct
     * @param firstPool the smallest pool whose chunks hold it
     * @param allocateDeclared whether the interface declares {@code long allocate<Struct>()}
     * @param tryAllocateDeclared whether the interface declares {@code long tryAllocate<Struct>()}
     */
    public record HeldStruct(StructModel struct, int firstPool, boolean allocateDeclared, boolean tryAllocateDeclared) {

        /** Checks the components. */
        public HeldStruct {
            Objects.requireNonNull(struct, "struct");
            if (firstPool < 0) {
                throw new IllegalArgumentException("firstPool = " + firstPool);
            }
        }

        /** {@code allocateOrder}: typed allocation with promotion. */
        String allocateName() {
            return typedAllocationName(false, struct.record().simpleName());
        }

        /** {@code tryAllocateOrder}: typed allocation from the first fitting pool only. */
        String tryAllocateName() {
            return typedAllocationName(true, struct.record().simpleName());
        }
    }

    /** The rule for typed allocation's names, in one place: {@code allocate<Struct>} and {@code tryAllocate<Struct>}. */
    static String typedAllocationName(boolean tryOnly, String structSimpleName) {
        return (tryOnly ? "tryAllocate" : "allocate") + structSimpleName;
    }

    /** The class generated for {@code iface}, in its package: see {@link #implSimpleName(List)}. */
    public static ClassName implNameOf(ClassName iface) {
        return ClassName.get(iface.packageName(), implSimpleName(iface.simpleNames()));
    }

    /**
     * The rule for the generated class's name, in one place: the interface's simple names from the
     * outermost type inwards, joined by {@code _}, plus {@code Impl} ({@code Outer.Inner} becomes
     * {@code Outer_InnerImpl}), so that a nested interface gets a top-level class of its own.
     */
    static String implSimpleName(List<String> simpleNames) {
        return String.join("_", simpleNames) + "Impl";
    }
}
