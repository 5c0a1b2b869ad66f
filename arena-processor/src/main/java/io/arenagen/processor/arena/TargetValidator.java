package io.arenagen.processor.arena;

import io.arenagen.processor.common.ErrorReporter;
import io.arenagen.processor.common.ProcessorError;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks the type that carries {@code @Arena}: an interface (not a class, enum, record or
 * annotation) that the generated top-level class can see, without type parameters, extending
 * {@code SlabAllocator}, with no abstract method beyond {@code SlabAllocator}'s (default and static
 * methods are fine, and so is redeclaring a {@code SlabAllocator} or public {@code Object} method).
 * Reports every problem it finds, each on the element it is about.
 */
final class TargetValidator {

    /** The interface every arena implements. */
    static final String SLAB_ALLOCATOR = "io.arenagen.runtime.SlabAllocator";

    private final Elements elements;
    private final Types types;
    private final ErrorReporter errors;

    TargetValidator(Elements elements, Types types, ErrorReporter errors) {
        this.elements = elements;
        this.types = types;
        this.errors = errors;
    }

    /** Reports every broken target rule of {@code element} through the {@link ErrorReporter}. */
    void validate(TypeElement element) {
        validate(element, List.of());
    }

    /**
     * Like {@link #validate(TypeElement)}, for an arena that holds structs of {@code heldSimpleNames}:
     * abstract methods {@code long allocate<Struct>()} and {@code long tryAllocate<Struct>()} are typed
     * allocation, which the generated class implements; other {@code allocate...} methods are errors that
     * say how typed allocation is declared.
     */
    void validate(TypeElement element, List<String> heldSimpleNames) {
        String name = displayName(element);
        if (element.getKind() != ElementKind.INTERFACE) {
            error(element, ProcessorError.NOT_INTERFACE, "@Arena is on " + kindOf(element) + " " + name
                    + ", but an arena is declared as an interface; write `interface " + element.getSimpleName()
                    + " extends SlabAllocator {}` and use the generated " + implName(element));
            return;
        }
        checkAccessible(element, name);
        if (!element.getTypeParameters().isEmpty()) {
            error(element, ProcessorError.GENERIC, "@Arena interface " + name + " has type parameters <"
                    + String.join(", ", element.getTypeParameters().stream().map(t -> t.getSimpleName()).toList())
                    + ">, which the generated " + implName(element)
                    + " cannot choose; remove them");
        }
        TypeElement slabAllocator = elements.getTypeElement(SLAB_ALLOCATOR);
        if (slabAllocator == null || !types.isSubtype(types.erasure(element.asType()),
                types.erasure(slabAllocator.asType()))) {
            error(element, ProcessorError.MISSING_SLAB_ALLOCATOR, "@Arena interface " + name + " does not extend "
                    + SLAB_ALLOCATOR + ", which the generated " + implName(element) + " implements; write `interface "
                    + element.getSimpleName() + " extends SlabAllocator` (with arena-runtime on the class path)");
            return;
        }
        checkNoExtraAbstractMethods(element, slabAllocator, name, heldSimpleNames);
    }

    /** The generated class is top-level in the same package: every type around the interface must be visible there. */
    private void checkAccessible(TypeElement element, String name) {
        for (Element enclosing = element; enclosing.getKind() != ElementKind.PACKAGE
                && enclosing.getKind() != ElementKind.MODULE; enclosing = enclosing.getEnclosingElement()) {
            boolean local = !(enclosing instanceof TypeElement type) || type.getNestingKind() == NestingKind.LOCAL
                    || type.getNestingKind() == NestingKind.ANONYMOUS;
            if (local || enclosing.getModifiers().contains(Modifier.PRIVATE)) {
                String why = local ? "is declared inside a method or an anonymous class"
                        : (enclosing == element ? "is private" : "is nested in private " + displayName((TypeElement) enclosing));
                error(element, ProcessorError.INACCESSIBLE, "@Arena interface " + name + " " + why + ", so the generated "
                        + implName(element) + ", a top-level class of the same package, cannot implement it; "
                        + "make it a member of a top-level type, package-private or wider");
                return;
            }
        }
    }

    private void checkNoExtraAbstractMethods(TypeElement element, TypeElement slabAllocator, String name,
            List<String> heldSimpleNames) {
        List<ExecutableElement> allowed = ElementFilter.methodsIn(elements.getAllMembers(slabAllocator));
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(element))) {
            if (!method.getModifiers().contains(Modifier.ABSTRACT) || isAllowed(method, element, allowed)
                    || isTypedAllocation(method, heldSimpleNames)) {
                continue;
            }
            String signature = method.getSimpleName() + "(" + parameterTypes(method) + ")";
            Element where = method.getEnclosingElement().equals(element) ? method : element;
            String methodName = method.getSimpleName().toString();
            if (looksLikeTypedAllocation(method, heldSimpleNames)) {
                error(where, ProcessorError.TYPED_ALLOCATION_METHOD, typedAllocationProblem(method, signature, name,
                        heldSimpleNames));
            } else if (method.getEnclosingElement().equals(element)) {
                error(method, ProcessorError.EXTRA_ABSTRACT_METHOD, "abstract method " + signature + " of @Arena interface "
                        + name + " is not a SlabAllocator method, so the generated " + implName(element)
                        + " cannot implement it; make it a default or static method, or remove it");
            } else {
                error(element, ProcessorError.EXTRA_ABSTRACT_METHOD, "@Arena interface " + name + " inherits abstract method "
                        + signature + " from " + displayName((TypeElement) method.getEnclosingElement())
                        + ", which is not a SlabAllocator method, so the generated " + implName(element)
                        + " cannot implement it; give it a default implementation in " + name);
            }
        }
    }

    /** {@code long allocate<Struct>()} or {@code long tryAllocate<Struct>()} for a held struct. */
    static boolean isTypedAllocation(ExecutableElement method, List<String> heldSimpleNames) {
        return method.getParameters().isEmpty() && method.getReturnType().getKind() == TypeKind.LONG
                && method.getTypeParameters().isEmpty() && typedAllocationNames(heldSimpleNames)
                        .contains(method.getSimpleName().toString());
    }

    /**
     * A typed allocation method gone wrong: the name of one with another signature, or, in an arena that
     * holds structs, a parameterless {@code allocate...} for a struct it does not hold. Anything else that
     * is abstract stays an {@link ProcessorError#EXTRA_ABSTRACT_METHOD}.
     */
    private static boolean looksLikeTypedAllocation(ExecutableElement method, List<String> heldSimpleNames) {
        String methodName = method.getSimpleName().toString();
        return typedAllocationNames(heldSimpleNames).contains(methodName) || !heldSimpleNames.isEmpty()
                && method.getParameters().isEmpty() && (methodName.startsWith("allocate")
                        || methodName.startsWith("tryAllocate"));
    }

    private static List<String> typedAllocationNames(List<String> heldSimpleNames) {
        return heldSimpleNames.stream()
                .flatMap(struct -> Stream.of(ArenaModel.typedAllocationName(false, struct),
                        ArenaModel.typedAllocationName(true, struct)))
                .toList();
    }

    private static String typedAllocationProblem(ExecutableElement method, String signature, String iface,
            List<String> heldSimpleNames) {
        String methodName = method.getSimpleName().toString();
        if (typedAllocationNames(heldSimpleNames).contains(methodName)) {
            return "abstract method " + signature + " of @Arena interface " + iface + " is named like typed allocation, "
                    + "which takes no arguments and returns the chunk's offset (-1 if none); declare it as `long "
                    + methodName + "();`";
        }
        String struct = methodName.substring(methodName.startsWith("try") ? "tryAllocate".length() : "allocate".length());
        return "abstract method " + signature + " of @Arena interface " + iface + " is not a SlabAllocator method and "
                + "allocates no held struct (it holds " + String.join(", ", heldSimpleNames) + "); add "
                + (struct.isEmpty() ? "the struct" : struct + ".class") + " to @Arena(holds = ...), or make the method "
                + "default, or remove it";
    }

    /** A method of {@code SlabAllocator} (declared there or redeclared), or a public method of {@code Object}. */
    private boolean isAllowed(ExecutableElement method, TypeElement element, List<ExecutableElement> allowed) {
        for (ExecutableElement candidate : allowed) {
            if (method.equals(candidate) || elements.overrides(method, candidate, element)
                    || isPublicObjectMethod(candidate) && sameSignature(method, candidate)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPublicObjectMethod(ExecutableElement method) {
        return method.getModifiers().contains(Modifier.PUBLIC)
                && ((TypeElement) method.getEnclosingElement()).getQualifiedName().contentEquals("java.lang.Object");
    }

    private boolean sameSignature(ExecutableElement method, ExecutableElement objectMethod) {
        return method.getSimpleName().equals(objectMethod.getSimpleName())
                && types.isSubsignature((ExecutableType) method.asType(), (ExecutableType) objectMethod.asType());
    }

    private static String parameterTypes(ExecutableElement method) {
        StringBuilder parameters = new StringBuilder();
        method.getParameters().forEach(parameter -> parameters.append(parameters.isEmpty() ? "" : ", ")
                .append(parameter.asType()));
        return parameters.toString();
    }

    private void error(Element element, ProcessorError rule, String message) {
        errors.error(rule, message, element);
    }

    private static String kindOf(TypeElement element) {
        return switch (element.getKind()) {
            case ANNOTATION_TYPE -> "annotation type";
            default -> element.getKind().name().toLowerCase(Locale.ROOT);
        };
    }

    /** {@code Outer.Inner}: the name as written from the package on; the simple name of a local type. */
    private String displayName(TypeElement element) {
        String qualified = element.getQualifiedName().toString();
        String pkg = elements.getPackageOf(element).getQualifiedName().toString();
        if (qualified.isEmpty()) {
            return element.getSimpleName().toString();
        }
        return pkg.isEmpty() ? qualified : qualified.substring(pkg.length() + 1);
    }

    private String implName(TypeElement element) {
        return ArenaModel.implSimpleName(List.of(displayName(element).split("\\.")));
    }
}
