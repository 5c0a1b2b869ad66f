package io.arenagen.processor.arena;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.arenagen.processor.common.ErrorReporter;
import io.arenagen.processor.common.ProcessorError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks the constants and default methods of an {@code @Arena} interface against the members of the class
 * generated for it: those the generator writes (read from the generated {@link TypeSpec}, so the check cannot
 * drift from the generator) and those it inherits from {@code AbstractSlabArena} (read from that class). A
 * default method of one of their signatures ({@code promote(int, long)}, {@code layout()}) would be replaced,
 * or not compile, in the generated class; a constant named like an inherited field ({@code memory}) makes the
 * generated code's uses of that field ambiguous. Not clashes: a constant named like a field the generated
 * class declares ({@code NAME}, {@code COUNT}), which that field hides without ambiguity (an interface's
 * {@code String NAME} given to {@code @Arena(name = NAME)} is common), and a redeclared {@code SlabAllocator}
 * method: implementing those is what the class is for.
 */
final class ArenaMemberValidator {

    /** The class every generated arena extends. */
    static final String ABSTRACT_SLAB_ARENA = "io.arenagen.runtime.pool.AbstractSlabArena";

    private final Elements elements;
    private final Types types;
    private final ErrorReporter errors;

    ArenaMemberValidator(Elements elements, Types types, ErrorReporter errors) {
        this.elements = elements;
        this.types = types;
        this.errors = errors;
    }

    /**
     * Reports every constant and default method of {@code element} (declared or inherited from a superinterface
     * other than {@code SlabAllocator}'s) that clashes with a member of {@code generated}, the class generated
     * for it; each on the member, or on the interface when the member is inherited.
     *
     * @return whether there was none
     */
    boolean validate(TypeElement element, TypeSpec generated) {
        String impl = generated.name();
        Map<String, String> fields = new HashMap<>();
        Map<String, String> methods = new HashMap<>();
        for (MethodSpec method : generated.methodSpecs()) {
            if (!method.isConstructor()) {
                List<String> parameters = new ArrayList<>();
                method.parameters().forEach(parameter -> parameters.add(parameter.type().toString()));
                methods.put(signature(method.name(), parameters), "the generated " + impl + " declares");
            }
        }
        TypeElement base = elements.getTypeElement(ABSTRACT_SLAB_ARENA);
        for (Element member : elements.getAllMembers(base)) {
            if (member.getModifiers().contains(Modifier.PRIVATE) || isObjects(member)) {
                continue;
            }
            String inherited = impl + " inherits from AbstractSlabArena";
            if (member instanceof VariableElement field) {
                fields.putIfAbsent(field.getSimpleName().toString(), inherited);
            } else if (member instanceof ExecutableElement method && method.getKind() == ElementKind.METHOD) {
                methods.putIfAbsent(signature(method), inherited);
            }
        }
        TypeElement slabAllocator = elements.getTypeElement(TargetValidator.SLAB_ALLOCATOR);
        Set<Element> allocatorMembers = Set.copyOf(elements.getAllMembers(slabAllocator));
        int errorsBefore = errors.errorCount();
        for (VariableElement constant : ElementFilter.fieldsIn(elements.getAllMembers(element))) {
            String owner = fields.get(constant.getSimpleName().toString());
            if (owner != null && !allocatorMembers.contains(constant)) {
                report(element, constant, "constant " + constant.getSimpleName() + " of @Arena interface ",
                        " has the name of a field that " + owner + ", which would make the generated code's uses of "
                        + "that field ambiguous");
            }
        }
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(element))) {
            if (!method.isDefault() || overridesAllocatorMethod(method, element, slabAllocator)) {
                continue;
            }
            String owner = methods.get(signature(method));
            if (owner != null) {
                report(element, method, "default method " + signature(method) + " of @Arena interface ",
                        " has the signature of a method that " + owner + ", which would replace the default method "
                        + "there or not compile");
            }
        }
        return errors.errorCount() == errorsBefore;
    }

    /** On the member when {@code element} declares it, else on {@code element}, naming where the member is from. */
    private void report(TypeElement element, Element member, String what, String why) {
        boolean declared = member.getEnclosingElement().equals(element);
        String where = declared ? "" : " (inherited from " + ((TypeElement) member.getEnclosingElement()).getQualifiedName()
                + ")";
        errors.error(ProcessorError.MEMBER_NAME_CLASH, what + element.getSimpleName() + where + why + "; rename it",
                declared ? member : element);
    }

    private boolean overridesAllocatorMethod(ExecutableElement method, TypeElement element, TypeElement slabAllocator) {
        for (ExecutableElement candidate : ElementFilter.methodsIn(elements.getAllMembers(slabAllocator))) {
            if (method.equals(candidate) || elements.overrides(method, candidate, element)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isObjects(Element member) {
        return ((TypeElement) member.getEnclosingElement()).getQualifiedName().contentEquals("java.lang.Object");
    }

    private String signature(ExecutableElement method) {
        List<String> parameters = new ArrayList<>();
        method.getParameters().forEach(parameter -> parameters.add(types.erasure(parameter.asType()).toString()));
        return signature(method.getSimpleName().toString(), parameters);
    }

    private static String signature(String name, List<String> parameters) {
        return name + "(" + String.join(", ", parameters) + ")";
    }
}
