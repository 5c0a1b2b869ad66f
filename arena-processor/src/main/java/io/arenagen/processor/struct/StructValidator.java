package io.arenagen.processor.struct;

import com.palantir.javapoet.ClassName;
import io.arenagen.processor.common.ErrorReporter;
import io.arenagen.processor.common.ProcessorError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SequencedSet;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Checks {@code @Struct} records and builds their {@link StructModel}s: a non-generic record that the
 * generated top-level class can see, whose components are primitives, {@code @Length} arrays of
 * primitives or other {@code @Struct} records, without a cycle, of a size that fits in a {@code long}.
 * Every problem is reported once, on the component (or the {@code @Length} value) it is about; a
 * record's result is remembered, so a struct nested in several others or held by several arenas is
 * checked, and reported, once.
 */
public final class StructValidator {

    /** The canonical name of {@code @Struct}. */
    public static final String STRUCT = "io.arenagen.Struct";

    /** The canonical name of {@code @Length}. */
    public static final String LENGTH = "io.arenagen.Length";

    private final ErrorReporter errors;
    private final Elements elements;
    private final Map<String, Optional<StructModel>> checked = new HashMap<>();
    /** The {@code @Struct} records of this compilation's sources, whose classes it generates. */
    private final Set<String> fromSources = new HashSet<>();
    private final SequencedSet<String> inProgress = new LinkedHashSet<>();

    public StructValidator(ErrorReporter errors, Elements elements) {
        this.errors = errors;
        this.elements = elements;
    }

    /** Whether {@code element} carries {@code @Struct}. */
    public static boolean isStruct(Element element) {
        return annotation(element, STRUCT).isPresent();
    }

    /**
     * The model of the {@code @Struct} type {@code element}, reporting every problem the first time the
     * record is checked.
     *
     * @return the model, or empty if the record has a problem (reported now or before)
     */
    public Optional<StructModel> model(TypeElement element) {
        String name = element.getQualifiedName().toString();
        Optional<StructModel> known = checked.get(name);
        if (known != null) {
            return known;
        }
        inProgress.add(name);
        Optional<StructModel> model;
        try {
            model = check(element);
        } finally {
            inProgress.remove(name);
        }
        checked.put(name, model);
        return model;
    }

    private Optional<StructModel> check(TypeElement element) {
        String name = displayName(element);
        if (element.getKind() != ElementKind.RECORD) {
            errors.error(ProcessorError.STRUCT_NOT_RECORD, "@Struct is on " + kindOf(element) + " " + name
                    + ", but a struct is declared as a record of primitives; write `record " + element.getSimpleName()
                    + "(int id, float value) {}`", element);
            return Optional.empty();
        }
        boolean usable = true;
        if (!element.getTypeParameters().isEmpty()) {
            errors.error(ProcessorError.STRUCT_UNSUPPORTED_RECORD, "@Struct record " + name
                    + " has type parameters, but a struct's layout is fixed at compile time; remove them", element);
            usable = false;
        }
        if (!isAccessible(element)) {
            errors.error(ProcessorError.STRUCT_UNSUPPORTED_RECORD, "@Struct record " + name + " is private or local, so "
                    + "the generated " + StructModel.generatedNameOf(ClassName.get(element)).simpleName()
                    + ", a top-level class of the same package, cannot use it; make it package-private or wider",
                    element);
            return Optional.empty();
        }
        List<? extends RecordComponentElement> recordComponents = element.getRecordComponents();
        if (recordComponents.isEmpty()) {
            errors.error(ProcessorError.STRUCT_UNSUPPORTED_RECORD, "@Struct record " + name
                    + " has no components, and an empty struct has no C equivalent; add a component", element);
            return Optional.empty();
        }
        List<StructModel.Component> components = new ArrayList<>();
        for (RecordComponentElement component : recordComponents) {
            Optional<StructModel.Component> checkedComponent = component(component, name);
            checkedComponent.ifPresent(components::add);
            usable &= checkedComponent.isPresent();
        }
        if (!usable) {
            return Optional.empty();
        }
        OptionalInt overflow = StructModel.overflowingComponent(components);
        if (overflow.isPresent()) {
            RecordComponentElement component = recordComponents.get(overflow.getAsInt());
            errors.error(ProcessorError.STRUCT_SIZE_OVERFLOW, "component " + component.getSimpleName() + " of @Struct record "
                    + name + " makes the struct larger than " + Long.MAX_VALUE + " bytes; use shorter arrays or fewer "
                    + "nested structs", component);
            return Optional.empty();
        }
        ClassName record = ClassName.get(element);
        StructModel model = StructModel.layOut(record, StructModel.generatedNameOf(record), isPublic(element), components);
        return checkNames(element, recordComponents, model) ? Optional.of(model) : Optional.empty();
    }

    /**
     * Reports, on the later component, every pair of components whose generated members would have one
     * signature ({@link StructGenerator#clashes}); true when there is none.
     */
    private boolean checkNames(TypeElement element, List<? extends RecordComponentElement> recordComponents,
            StructModel model) {
        Set<String> reported = new HashSet<>();
        for (StructGenerator.Clash clash : StructGenerator.clashes(model, element)) {
            if (!reported.add(clash.component() + " " + clash.earlier())) {
                continue; // one error per pair of components, on the first member they share
            }
            RecordComponentElement component = recordComponents.stream()
                    .filter(candidate -> candidate.getSimpleName().contentEquals(clash.component()))
                    .findFirst().orElseThrow();
            errors.error(ProcessorError.STRUCT_NAME_CLASH, "components " + clash.earlier() + " and " + clash.component()
                    + " of @Struct record " + displayName(element) + " both make " + clash.member() + " in the generated "
                    + model.generated().simpleName() + " (constants are named after a component in upper snake case, "
                    + "accessors after it capitalized, with Acquire, Release and At suffixes), which would not "
                    + "compile; rename " + clash.component(), component);
        }
        return reported.isEmpty();
    }

    private Optional<StructModel.Component> component(RecordComponentElement component, String structName) {
        String name = component.getSimpleName().toString();
        String where = "component " + name + " of @Struct record " + structName;
        TypeMirror type = component.asType();
        Optional<AnnotationMirror> length = annotation(component, LENGTH);
        if (type.getKind() == TypeKind.ERROR) {
            return Optional.empty(); // the compiler reports the unknown type
        }
        if (type.getKind() != TypeKind.ARRAY && length.isPresent()) {
            errors.error(ProcessorError.STRUCT_ARRAY_LENGTH, where + " has @Length but is a " + type
                    + ", not an array; remove @Length", component);
            return Optional.empty();
        }
        Optional<StructModel.Primitive> primitive = primitive(type);
        if (primitive.isPresent()) {
            return Optional.of(new StructModel.Component(name, primitive.get(), null, 0));
        }
        if (type instanceof ArrayType array) {
            return arrayComponent(component, array, length, where);
        }
        if (type instanceof DeclaredType declared && declared.asElement() instanceof TypeElement typeElement) {
            return structComponent(component, typeElement, where);
        }
        errors.error(ProcessorError.STRUCT_COMPONENT_TYPE, where + " has type " + type + ", which has no fixed layout; "
                + "use a primitive, a @Length array of primitives or a @Struct record", component);
        return Optional.empty();
    }

    private Optional<StructModel.Component> arrayComponent(RecordComponentElement component, ArrayType array,
            Optional<AnnotationMirror> length, String where) {
        Optional<StructModel.Primitive> element = primitive(array.getComponentType());
        if (element.isEmpty()) {
            errors.error(ProcessorError.STRUCT_COMPONENT_TYPE, where + " is an array of " + array.getComponentType()
                    + ", but a struct holds arrays of primitives only; use a primitive array, or several components",
                    component);
            return Optional.empty();
        }
        if (length.isEmpty()) {
            errors.error(ProcessorError.STRUCT_ARRAY_LENGTH, where + " is an array without @Length, so its size is "
                    + "unknown at compile time; write `@Length(n) " + array + " " + component.getSimpleName() + "`",
                    component);
            return Optional.empty();
        }
        Optional<AnnotationValue> value = lengthValue(length.get());
        if (value.isEmpty()) {
            return Optional.empty(); // an erroneous constant, which the compiler reports
        }
        int elements = (Integer) value.get().getValue();
        if (elements < 1) {
            errors.error(ProcessorError.STRUCT_ARRAY_LENGTH, where + " has @Length(" + elements
                    + "), but an array in a struct has at least 1 element; use a positive length", component,
                    length.get(), value.get());
            return Optional.empty();
        }
        return Optional.of(new StructModel.Component(component.getSimpleName().toString(), element.get(), null, elements));
    }

    private Optional<StructModel.Component> structComponent(RecordComponentElement component, TypeElement type,
            String where) {
        String typeName = type.getQualifiedName().toString();
        if (type.getKind() == ElementKind.RECORD && isStruct(type)) {
            if (inProgress.contains(typeName)) {
                List<String> path = new ArrayList<>();
                boolean onCycle = false;
                for (String struct : inProgress) {
                    onCycle |= struct.equals(typeName);
                    if (onCycle) {
                        path.add(struct.substring(struct.lastIndexOf('.') + 1));
                    }
                }
                path.add(type.getSimpleName().toString());
                errors.error(ProcessorError.STRUCT_CYCLE, where + " makes the struct contain itself by value ("
                        + String.join(" -> ", path) + "), which would make it infinitely large; store an offset "
                        + "or an index (long) instead", component);
                return Optional.empty();
            }
            Optional<StructModel> nested = model(type);
            if (nested.isPresent() && generatedClassMissing(type, nested.get())) {
                errors.error(ProcessorError.STRUCT_NOT_GENERATED, where + " has type " + type.getSimpleName() + ", a "
                        + "@Struct record from a class file, but " + notGeneratedRemedy(nested.get()), component);
                return Optional.empty();
            }
            return nested.map(model -> new StructModel.Component(component.getSimpleName().toString(), null, model, 0));
        }
        String fix = switch (type.getKind()) {
            case RECORD -> "annotate " + type.getSimpleName() + " with @Struct if its components qualify";
            case ENUM -> "store its ordinal in a byte or an int";
            default -> typeName.equals("java.lang.String")
                    ? "store its bytes in a @Length(n) byte[] component"
                    : "store its data as primitives or a @Struct record";
        };
        errors.error(ProcessorError.STRUCT_COMPONENT_TYPE, where + " has type " + type.getSimpleName() + ", a "
                + (type.getKind() == ElementKind.RECORD ? "record without @Struct" : "reference type")
                + ", which cannot live in a struct; " + fix, component);
        return Optional.empty();
    }

    private static Optional<StructModel.Primitive> primitive(TypeMirror type) {
        return switch (type.getKind()) {
            case BOOLEAN -> Optional.of(StructModel.Primitive.BOOLEAN);
            case BYTE -> Optional.of(StructModel.Primitive.BYTE);
            case SHORT -> Optional.of(StructModel.Primitive.SHORT);
            case CHAR -> Optional.of(StructModel.Primitive.CHAR);
            case INT -> Optional.of(StructModel.Primitive.INT);
            case FLOAT -> Optional.of(StructModel.Primitive.FLOAT);
            case LONG -> Optional.of(StructModel.Primitive.LONG);
            case DOUBLE -> Optional.of(StructModel.Primitive.DOUBLE);
            default -> Optional.empty();
        };
    }

    private static Optional<AnnotationValue> lengthValue(AnnotationMirror length) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : length.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals("value") && entry.getValue().getValue() instanceof Integer) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** Records that {@code record} carries {@code @Struct} in this compilation's sources (of any round). */
    public void fromSources(TypeElement record) {
        fromSources.add(record.getQualifiedName().toString());
    }

    /**
     * Whether the generated class of valid struct {@code record} is neither on the class path nor generated by
     * this compilation: a record from a jar whose build did not run the processor. Code that uses the struct
     * would not compile ("cannot find symbol" inside generated code).
     */
    public boolean generatedClassMissing(TypeElement record, StructModel model) {
        if (fromSources.contains(record.getQualifiedName().toString())) {
            return false; // generated in this round, if not already
        }
        String generated = model.generated().canonicalName();
        ModuleElement module = elements.getModuleOf(record);
        return (module == null ? elements.getTypeElement(generated) : elements.getTypeElement(module, generated)) == null;
    }

    /** The remedy for {@link #generatedClassMissing}, after the sentence that names the record. */
    public static String notGeneratedRemedy(StructModel model) {
        return "its generated " + model.generated().simpleName() + " is not on the class path, so the jar it comes "
                + "from was built without arena-processor; run the processor in that jar's build (add arena-processor "
                + "to its annotation processor path), or declare the record in this build";
    }

    static Optional<AnnotationMirror> annotation(Element element, String canonicalName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            if (((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(canonicalName)) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    private static boolean isAccessible(TypeElement element) {
        for (Element enclosing = element; enclosing instanceof TypeElement type; enclosing = enclosing.getEnclosingElement()) {
            if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS
                    || type.getModifiers().contains(Modifier.PRIVATE)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPublic(TypeElement element) {
        for (Element enclosing = element; enclosing instanceof TypeElement type; enclosing = enclosing.getEnclosingElement()) {
            if (!type.getModifiers().contains(Modifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    private static String kindOf(TypeElement element) {
        return switch (element.getKind()) {
            case ANNOTATION_TYPE -> "annotation type";
            default -> element.getKind().name().toLowerCase(Locale.ROOT);
        };
    }

    /** {@code Outer.Inner}: the name from the package on; the simple name of a local type. */
    private static String displayName(TypeElement element) {
        return isAccessible(element) ? String.join(".", ClassName.get(element).simpleNames())
                : element.getSimpleName().toString();
    }
}
