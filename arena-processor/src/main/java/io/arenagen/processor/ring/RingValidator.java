package io.arenagen.processor.ring;

import com.palantir.javapoet.ClassName;
import io.arenagen.runtime.layout.ErrorTag;
import io.arenagen.runtime.layout.ShmName;
import io.arenagen.runtime.queue.RingLayout;
import io.arenagen.runtime.queue.RingPolicy;
import io.arenagen.runtime.queue.RingRules;
import io.arenagen.runtime.queue.RingViolation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;

/**
 * Checks one {@code @Ring} declaration and reports every problem at once, each as a compile error on the
 * value it is about (the annotation itself for a default): the target, the capacity and the element's shape (by
 * {@link RingRules}, the run-time factory's rules), the element (a 64-bit value or a {@code @Struct} record, whose
 * layout the struct declaration kind provides), backend and name, and the component model.
 */
final class RingValidator {

    private static final String LONG_RING = "io.arenagen.runtime.queue.LongRing";
    private static final String STRUCT_RING = "io.arenagen.runtime.queue.StructRing";
    private static final String STRUCT = "io.arenagen.Struct";
    private static final Set<String> OWN_METHODS_OF = Set.of(LONG_RING, STRUCT_RING,
            "io.arenagen.runtime.queue.BoundedRing", "java.lang.AutoCloseable");

    private final Elements elements;
    private final Types types;
    private final Messager messager;
    private final Function<String, RingContainer> containers;
    private final Function<TypeElement, Optional<RingStruct>> structs;
    private int errors;

    RingValidator(Elements elements, Types types, Messager messager, Function<String, RingContainer> containers,
                  Function<TypeElement, Optional<RingStruct>> structs) {
        this.elements = elements;
        this.types = types;
        this.messager = messager;
        this.containers = containers;
        this.structs = structs;
    }

    /** The model of {@code element}'s declaration, or empty after reporting why there is none. */
    Optional<RingModel> validate(TypeElement element, AnnotationMirror mirror) {
        errors = 0;
        Map<? extends ExecutableElement, ? extends AnnotationValue> explicit = mirror.getElementValues();
        Map<? extends ExecutableElement, ? extends AnnotationValue> all = elements.getElementValuesWithDefaults(mirror);
        TypeMirror type = (TypeMirror) value(all, "element").getValue();
        Optional<RingStruct> struct = Optional.empty();
        boolean elementKnown = true;
        if (type.getKind() != TypeKind.LONG) {
            struct = structElement(type, element, mirror, explicit);
            elementKnown = struct.isPresent();
        }
        checkTarget(element, struct.orElse(null), elementKnown);
        long capacity = (Long) value(all, "capacity").getValue();
        RingPolicy policy = RingPolicy.valueOf(enumName(value(all, "policy")));
        long bytes = struct.map(RingStruct::bytes).orElse((long) Long.BYTES);
        long alignment = struct.map(RingStruct::alignment).orElse((long) Long.BYTES);
        for (RingViolation violation : RingRules.check(policy, capacity, bytes, alignment)) {
            print(violation.message(), element, mirror, explicitOrNull(explicit, violation.rule()
                    == io.arenagen.runtime.queue.RingRule.ELEMENT_SHAPE ? "element" : "capacity"));
        }
        boolean shared = enumName(value(all, "backend")).equals("SHM");
        String name = (String) value(all, "name").getValue();
        if (!shared && !name.isEmpty()) {
            error(RingError.NAME_ON_LOCAL, "name = \"" + name + "\" with backend = Backend.LOCAL: private memory has "
                    + "no name; remove name, or use backend = Backend.SHM", element, mirror, explicit, "name");
        } else if (shared && !name.isEmpty()) {
            ShmName.violation(name).ifPresent(why -> error(RingError.INVALID_SHM_NAME, "name: " + why, element,
                    mirror, explicit, "name"));
        }
        RingContainer container = containers.apply(enumName(value(all, "componentModel")));
        if (container.constructs() && shared && name.isEmpty()) {
            error(RingError.COMPONENT_MODEL_NEEDS_NAME, "componentModel " + container.model() + " constructs the "
                    + "queue, but backend = Backend.SHM without a name leaves it no object to open; add name = "
                    + "\"/" + element.getSimpleName().toString().toLowerCase(java.util.Locale.ROOT) + "\" (say)",
                    element, mirror, explicit, "componentModel");
        }
        if (container.constructs()) {
            for (ClassName needed : required(container)) {
                if (elements.getTypeElement(needed.canonicalName()) == null) {
                    error(RingError.COMPONENT_MODEL_UNAVAILABLE, "componentModel " + container.model() + " needs "
                            + needed.canonicalName() + ", which is not on the compile class path; add "
                            + container.dependency() + " to the dependencies", element, mirror, explicit,
                            "componentModel");
                    break;
                }
            }
        }
        if (errors > 0) {
            return Optional.empty();
        }
        ClassName iface = ClassName.get(element);
        return Optional.of(new RingModel(iface, RingModel.implNameOf(iface), RingLayout.of(policy, capacity, bytes,
                alignment), shared, name.isEmpty() ? null : name, container, struct.orElse(null)));
    }

    /**
     * The {@code @Struct} record {@code type} names, or empty after reporting (on the {@code element} value) that
     * it is none, or after its own problems were reported on the record.
     */
    private Optional<RingStruct> structElement(TypeMirror type, TypeElement element, AnnotationMirror mirror,
                                               Map<? extends ExecutableElement, ? extends AnnotationValue> explicit) {
        if (!(type instanceof DeclaredType declared) || !(declared.asElement() instanceof TypeElement record)
                || record.getKind() != ElementKind.RECORD || record.getAnnotationMirrors().stream().noneMatch(
                        m -> ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(STRUCT))) {
            error(RingError.ELEMENT_UNSUPPORTED, "element = " + type + ".class: a queue holds 64-bit values "
                    + "(element = long.class, uint64_t in C++, a chunk offset say) or @Struct records (element = "
                    + "Order.class for `@Struct record Order(...)`, the C++ struct of the same fields); annotate the "
                    + "record with @Struct, or pass it by its chunk offset", element, mirror, explicit, "element");
            return Optional.empty();
        }
        Optional<RingStruct> struct = structs.apply(record);
        if (struct.isPresent() && struct.get().notGenerated() != null) {
            print(struct.get().notGenerated(), element, mirror, explicitOrNull(explicit, "element"));
            return Optional.empty();
        }
        if (struct.isEmpty()) {
            errors++; // the record's own problems are reported on it
        }
        return struct;
    }

    private static java.util.List<ClassName> required(RingContainer container) {
        java.util.List<ClassName> names = new java.util.ArrayList<>(container.classAnnotations());
        if (container.inject() != null) {
            names.add(container.inject());
        }
        if (container.preDestroy() != null) {
            names.add(container.preDestroy());
        }
        return names;
    }

    /**
     * The interface: not generic, accessible, extending the ring of its element ({@code LongRing} for 64-bit
     * values, {@code StructRing} for a {@code @Struct} record; neither is checked when {@code elementKnown} is
     * false) and declaring nothing else but, for a struct, the typed methods the generated class has.
     */
    private void checkTarget(TypeElement element, RingStruct struct, boolean elementKnown) {
        if (element.getKind() != ElementKind.INTERFACE) {
            error(RingError.NOT_INTERFACE, "@Ring is on " + element.getKind().toString().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + " " + element.getSimpleName() + ", but a queue is declared as an interface; "
                    + "write `interface " + element.getSimpleName() + " extends LongRing {}` (StructRing for a @Struct "
                    + "element) and use the generated "
                    + RingModel.implNameOf(ClassName.get(element)).simpleName(), element);
            return;
        }
        if (!element.getTypeParameters().isEmpty()) {
            error(RingError.GENERIC, "interface " + element.getSimpleName() + " has type parameters " + element
                    .getTypeParameters().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(
                            ", ", "<", ">")) + "; a queue's element is fixed by its element value, remove them", element);
        }
        for (Element e = element; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                error(RingError.INACCESSIBLE, e.getSimpleName() + " is private, so the generated "
                        + RingModel.implNameOf(ClassName.get(element)).simpleName() + " beside it cannot implement "
                        + element.getSimpleName() + "; make it package-private or public", element);
                break;
            }
        }
        if (!elementKnown) {
            return;
        }
        String base = struct == null ? "LongRing" : "StructRing";
        TypeElement ring = elements.getTypeElement(struct == null ? LONG_RING : STRUCT_RING);
        if (ring == null || !types.isAssignable(element.asType(), ring.asType())) {
            String declare = "declare `interface " + element.getSimpleName() + " extends io.arenagen.runtime.queue."
                    + base + " {}` (arena-runtime on the class path)";
            if (struct == null) {
                error(RingError.MISSING_LONG_RING, "interface " + element.getSimpleName() + " does not extend LongRing, "
                        + "the queue of element = long.class; " + declare + ", or give a @Struct record as element "
                        + "and extend StructRing", element);
            } else {
                error(RingError.MISSING_STRUCT_RING, "interface " + element.getSimpleName() + " does not extend "
                        + "StructRing, the queue of element = " + struct.record().simpleName() + ".class; " + declare,
                        element);
            }
            return;
        }
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(element))) {
            String owner = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
            if (method.getModifiers().contains(Modifier.ABSTRACT) && !OWN_METHODS_OF.contains(owner)
                    && !overridesOwn(method, element, ring) && !isTyped(method, struct)) {
                error(RingError.EXTRA_ABSTRACT_METHOD, "abstract method " + method.getSimpleName() + " of "
                        + owner + " is not a " + base + " method" + (struct == null ? "" : " nor one of the typed "
                        + "methods the generated class adds (" + typedSignatures(struct) + ")") + ", and the generated "
                        + "class implements nothing else; remove it or give it a default body", method);
            }
        }
    }

    /** The typed methods a struct queue's generated class has, as an interface declares them. */
    private static String typedSignatures(RingStruct struct) {
        String record = struct.record().simpleName();
        return "boolean offer(" + record + "), boolean offer(" + record + ", long, IdleStrategy), " + record
                + " poll(), " + record + " poll(long, IdleStrategy)";
    }

    /** Whether {@code method} is one of {@link #typedSignatures}, exactly. */
    private boolean isTyped(ExecutableElement method, RingStruct struct) {
        if (struct == null) {
            return false;
        }
        String record = struct.record().canonicalName();
        List<String> parameters = method.getParameters().stream().map(p -> types.erasure(p.asType()).toString())
                .toList();
        String returns = types.erasure(method.getReturnType()).toString();
        String idle = "io.arenagen.runtime.queue.IdleStrategy";
        return switch (method.getSimpleName().toString()) {
            case "offer" -> returns.equals("boolean") && (parameters.equals(List.of(record))
                    || parameters.equals(List.of(record, "long", idle)));
            case "poll" -> returns.equals(record) && (parameters.isEmpty() || parameters.equals(List.of("long", idle)));
            default -> false;
        };
    }

    /** Whether {@code method} redeclares a {@code LongRing} method (a covariant re-declaration, say). */
    private boolean overridesOwn(ExecutableElement method, TypeElement element, TypeElement longRing) {
        for (ExecutableElement own : ElementFilter.methodsIn(elements.getAllMembers(longRing))) {
            if (elements.overrides(method, own, element)) {
                return true;
            }
        }
        return false;
    }

    private static AnnotationValue value(Map<? extends ExecutableElement, ? extends AnnotationValue> values,
                                         String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : values.entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(name)) {
                return entry.getValue();
            }
        }
        throw new IllegalStateException("@Ring has no value " + name);
    }

    private static AnnotationValue explicitOrNull(Map<? extends ExecutableElement, ? extends AnnotationValue> explicit,
                                                  String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : explicit.entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String enumName(AnnotationValue value) {
        return ((VariableElement) value.getValue()).getSimpleName().toString();
    }

    private void error(ErrorTag tag, String message, Element element) {
        print(tag.format(message), element, null, null);
    }

    private void error(ErrorTag tag, String message, Element element, AnnotationMirror mirror,
                       Map<? extends ExecutableElement, ? extends AnnotationValue> explicit, String valueName) {
        print(tag.format(message), element, mirror, explicitOrNull(explicit, valueName));
    }

    private void print(String message, Element element, AnnotationMirror mirror, AnnotationValue value) {
        errors++;
        if (mirror == null) {
            messager.printMessage(Diagnostic.Kind.ERROR, message, element);
        } else if (value == null) {
            messager.printMessage(Diagnostic.Kind.ERROR, message, element, mirror);
        } else {
            messager.printMessage(Diagnostic.Kind.ERROR, message, element, mirror, value);
        }
    }
}
