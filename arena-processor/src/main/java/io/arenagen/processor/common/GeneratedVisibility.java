package io.arenagen.processor.common;

import javax.annotation.processing.Generated;
import javax.lang.model.element.Element;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.util.Elements;

/**
 * Decides whether generated code may carry {@code @javax.annotation.processing.Generated}. That type
 * lives in module {@code java.compiler}: code in the unnamed module sees it whenever the compiler
 * does, but a user's named module sees it only if it reads {@code java.compiler} — and a module
 * that needs only {@code io.arenagen.runtime} usually does not. Annotating there would break the
 * user's build, so, as mature processors do, the annotation is left out where it is not visible.
 */
public final class GeneratedVisibility {

    /** The canonical name of the annotation. */
    public static final String GENERATED = Generated.class.getCanonicalName();

    private GeneratedVisibility() {
    }

    /** Whether {@link #GENERATED} resolves from the module (or, before modules, the class path) of {@code element}. */
    public static boolean isVisible(Elements elements, Element element) {
        ModuleElement module = elements.getModuleOf(element);
        if (module == null) {
            return elements.getTypeElement(GENERATED) != null;
        }
        // Resolves as seen from the module: null unless the module reads java.compiler (the unnamed module
        // reads every module of the graph).
        return elements.getTypeElement(module, GENERATED) != null;
    }
}
