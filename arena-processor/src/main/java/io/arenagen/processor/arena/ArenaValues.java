package io.arenagen.processor.arena;

import io.arenagen.Backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * The values of one {@code @Arena} annotation, with the {@link AnnotationValue}s they came from so
 * that an error can point at the exact value (for a bad entry of {@code sizes}, at that entry).
 *
 * @param mirror the annotation
 * @param countValue the {@code count} value
 * @param sizesValue the {@code sizes} value (the whole array)
 * @param sizeEntries the entries of {@code sizes}, in order
 * @param count the chunks per pool
 * @param sizes the chunk sizes, in the order written
 * @param backend where the pools live
 * @param checked whether checked mode is on
 * @param confinedValue the {@code confined} value, or null when it is left at its default
 * @param confined whether the arena is confined to one thread
 * @param heldEntries the entries of {@code holds}, in order; each a class literal
 * @param reclamationValue the {@code reclamation} value, or null when it is left at its default
 * @param reclamation whether ownership and reclamation are on
 */
public record ArenaValues(AnnotationMirror mirror, AnnotationValue countValue, AnnotationValue sizesValue,
        List<AnnotationValue> sizeEntries, long count, long[] sizes, Backend backend, boolean checked,
        AnnotationValue confinedValue, boolean confined, List<AnnotationValue> heldEntries,
        AnnotationValue reclamationValue, boolean reclamation) {

    /** Checks the components and copies the lists. */
    public ArenaValues {
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(countValue, "countValue");
        Objects.requireNonNull(sizesValue, "sizesValue");
        sizeEntries = List.copyOf(sizeEntries);
        sizes = sizes.clone();
        Objects.requireNonNull(backend, "backend");
        heldEntries = List.copyOf(heldEntries);
    }

    /** The class literals of {@code holds}, in order. */
    List<TypeMirror> held() {
        return heldEntries.stream().map(entry -> (TypeMirror) entry.getValue()).toList();
    }

    /** The chunk sizes, in the order written (a copy). */
    @Override
    public long[] sizes() {
        return sizes.clone();
    }

    /**
     * Reads {@code mirror}, defaults included.
     *
     * @return the values, or empty if one of them is erroneous (for example a constant that does not
     *     resolve); the compiler reports those itself, so there is nothing to add
     */
    static Optional<ArenaValues> read(Elements elements, AnnotationMirror mirror) {
        AnnotationValue countValue = null;
        AnnotationValue sizesValue = null;
        AnnotationValue backendValue = null;
        AnnotationValue checkedValue = null;
        AnnotationValue confinedValue = null;
        AnnotationValue holdsValue = null;
        AnnotationValue reclamationValue = null;
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                : elements.getElementValuesWithDefaults(mirror).entrySet()) {
            switch (entry.getKey().getSimpleName().toString()) {
                case "count" -> countValue = entry.getValue();
                case "sizes" -> sizesValue = entry.getValue();
                case "backend" -> backendValue = entry.getValue();
                case "checked" -> checkedValue = entry.getValue();
                case "confined" -> confinedValue = entry.getValue();
                case "holds" -> holdsValue = entry.getValue();
                case "reclamation" -> reclamationValue = entry.getValue();
                default -> {
                    // an element added to @Arena after this processor was built: not ours to judge
                }
            }
        }
        if (countValue == null || sizesValue == null || !(countValue.getValue() instanceof Number count)
                || !(sizesValue.getValue() instanceof List<?> entries)) {
            return Optional.empty();
        }
        long[] sizes = new long[entries.size()];
        AnnotationValue[] sizeEntries = new AnnotationValue[entries.size()];
        for (int i = 0; i < sizes.length; i++) {
            if (!(entries.get(i) instanceof AnnotationValue entry) || !(entry.getValue() instanceof Number size)) {
                return Optional.empty();
            }
            sizeEntries[i] = entry;
            sizes[i] = size.longValue();
        }
        Optional<Backend> backend = backendOf(backendValue);
        if (backend.isEmpty()) {
            return Optional.empty();
        }
        boolean checked = checkedValue != null && Boolean.TRUE.equals(checkedValue.getValue());
        boolean confined = confinedValue != null && Boolean.TRUE.equals(confinedValue.getValue());
        boolean reclamation = reclamationValue != null && Boolean.TRUE.equals(reclamationValue.getValue());
        Optional<List<AnnotationValue>> held = classLiterals(holdsValue);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ArenaValues(mirror, countValue, sizesValue, List.of(sizeEntries), count.longValue(),
                sizes, backend.get(), checked, confinedValue, confined, held.get(), reclamationValue, reclamation));
    }

    /** The entries of {@code holds} (none if absent), or empty if one is not a resolved class literal. */
    private static Optional<List<AnnotationValue>> classLiterals(AnnotationValue value) {
        if (value == null) {
            return Optional.of(List.of());
        }
        if (!(value.getValue() instanceof List<?> entries)) {
            return Optional.empty();
        }
        List<AnnotationValue> literals = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof AnnotationValue literal) || !(literal.getValue() instanceof TypeMirror type)
                    || type.getKind() == TypeKind.ERROR) {
                return Optional.empty();
            }
            literals.add(literal);
        }
        return Optional.of(literals);
    }

    private static Optional<Backend> backendOf(AnnotationValue value) {
        if (value == null) {
            return Optional.of(Backend.LOCAL);
        }
        if (!(value.getValue() instanceof VariableElement constant)) {
            return Optional.empty();
        }
        String name = constant.getSimpleName().toString();
        for (Backend backend : Backend.values()) {
            if (backend.name().equals(name)) {
                return Optional.of(backend);
            }
        }
        return Optional.empty();
    }
}
