package io.arenagen.processor;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The top-level types {@link ArenaProcessor} wrote in one compilation, so that
 * {@link GeneratedCodeProcessor}, a separate processor instance of the same compilation, can tell the
 * generated code from a user's. A compilation is identified by its {@link Elements} (javac hands every
 * processor of a compilation the same instance); the map holds it weakly, so a build daemon that runs
 * many compilations keeps nothing of a finished one.
 */
final class GeneratedTypes {

    private static final Map<Elements, Set<String>> BY_COMPILATION = Collections.synchronizedMap(new WeakHashMap<>());

    private GeneratedTypes() {
    }

    /** Records that the processor wrote top-level type {@code qualifiedName} in the compilation of {@code elements}. */
    static void add(Elements elements, String qualifiedName) {
        BY_COMPILATION.computeIfAbsent(elements, key -> Collections.synchronizedSet(new HashSet<>())).add(qualifiedName);
    }

    /** Whether the processor wrote top-level type {@code qualifiedName} in the compilation of {@code elements}. */
    static boolean contains(Elements elements, String qualifiedName) {
        Set<String> generated = BY_COMPILATION.get(elements);
        return generated != null && generated.contains(qualifiedName);
    }

    /** Whether {@code element} lies in a top-level type that the processor wrote in the compilation of {@code elements}. */
    static boolean contains(Elements elements, Element element) {
        Element top = element;
        while (top != null && !(top instanceof TypeElement && top.getEnclosingElement() instanceof PackageElement)) {
            top = top.getEnclosingElement(); // a package or module annotation has no type around it: never ours
        }
        return top instanceof TypeElement type && contains(elements, type.getQualifiedName().toString());
    }
}
