package io.arenagen.processor;

import com.palantir.javapoet.ClassName;
import io.arenagen.Backend;
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
 * @param layout the pools' byte layout
 * @param injection the container annotations, fixed shared-memory name and binding modules ({@link Injection#NONE}: none)
 */
record ArenaModel(ClassName iface, ClassName impl, Backend backend, boolean checked, ArenaLayout layout,
        Injection injection) {

    /** Checks the components. */
    ArenaModel {
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(impl, "impl");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(injection, "injection");
    }

    /** The class generated for {@code iface}, in its package: see {@link #implSimpleName(List)}. */
    static ClassName implNameOf(ClassName iface) {
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
