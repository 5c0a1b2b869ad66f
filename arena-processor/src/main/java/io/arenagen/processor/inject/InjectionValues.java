package io.arenagen.processor.inject;

import io.arenagen.ComponentModel;
import io.arenagen.processor.arena.ArenaValues;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;

/**
 * The injection values of one {@code @Arena} ({@code componentModel} and {@code name}), with the
 * {@link AnnotationValue}s they were written as, so that an error can point at the exact value. Read
 * apart from {@link ArenaValues} because they are checked and generated apart from the layout.
 *
 * @param componentModel the model as written ({@link ComponentModel#DEFAULT} when not written)
 * @param componentModelValue the {@code componentModel} value, or empty when not written
 * @param name the shared-memory name, or empty when not written or written as {@code ""}
 * @param nameValue the {@code name} value, or empty when not written
 */
record InjectionValues(ComponentModel componentModel, Optional<AnnotationValue> componentModelValue,
        Optional<String> name, Optional<AnnotationValue> nameValue) {

    /** Checks the components. */
    InjectionValues {
        Objects.requireNonNull(componentModel, "componentModel");
        Objects.requireNonNull(componentModelValue, "componentModelValue");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nameValue, "nameValue");
    }

    /**
     * Reads the values written in {@code mirror} (the defaults are {@code DEFAULT} and no name).
     *
     * @return the values, or empty if one is erroneous; the compiler reports those itself
     */
    static Optional<InjectionValues> read(AnnotationMirror mirror) {
        AnnotationValue modelValue = null;
        AnnotationValue nameValue = null;
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                : mirror.getElementValues().entrySet()) {
            switch (entry.getKey().getSimpleName().toString()) {
                case "componentModel" -> modelValue = entry.getValue();
                case "name" -> nameValue = entry.getValue();
                default -> {
                    // read by ArenaValues, or not ours to judge
                }
            }
        }
        ComponentModel model = ComponentModel.DEFAULT;
        if (modelValue != null) {
            Optional<ComponentModel> written = modelOf(modelValue);
            if (written.isEmpty()) {
                return Optional.empty();
            }
            model = written.get();
        }
        String name = null;
        if (nameValue != null) {
            if (!(nameValue.getValue() instanceof String written)) {
                return Optional.empty();
            }
            name = written.isEmpty() ? null : written;
        }
        return Optional.of(new InjectionValues(model, Optional.ofNullable(modelValue), Optional.ofNullable(name),
                Optional.ofNullable(nameValue)));
    }

    private static Optional<ComponentModel> modelOf(AnnotationValue value) {
        if (!(value.getValue() instanceof VariableElement constant)) {
            return Optional.empty();
        }
        String name = constant.getSimpleName().toString();
        for (ComponentModel model : ComponentModel.values()) {
            if (model.name().equals(name)) {
                return Optional.of(model);
            }
        }
        return Optional.empty();
    }
}
