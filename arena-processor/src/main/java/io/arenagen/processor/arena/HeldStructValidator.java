package io.arenagen.processor.arena;

import io.arenagen.processor.common.ErrorReporter;
import io.arenagen.processor.common.ProcessorError;
import io.arenagen.processor.struct.StructModel;
import io.arenagen.processor.struct.StructValidator;
import io.arenagen.runtime.layout.RuleViolation;
import io.arenagen.runtime.layout.StructRules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Checks {@code @Arena(holds = ...)}: every class literal names a valid {@code @Struct} record, at most once
 * by simple name (typed allocation is named after it), that fits the largest chunk (the rule shared with the
 * run-time {@code Structs.requireFits}, {@link StructRules}). Errors sit on the offending class literal.
 */
final class HeldStructValidator {

    private final ErrorReporter errors;
    private final StructValidator structs;

    HeldStructValidator(ErrorReporter errors, StructValidator structs) {
        this.errors = errors;
        this.structs = structs;
    }

    /**
     * The held structs of a valid arena configuration, with their first fitting pool; the typed allocation
     * methods {@code element} declares ({@code declared}, by name) are marked so that the generated ones
     * override them.
     *
     * @param ascendingSizes the chunk sizes; empty when they break a layout rule (reported on {@code sizes}),
     *     and then whether each struct fits is not checked, but everything else is
     * @return the structs, or empty if one of them has a problem (reported now, or on the record before), or
     *     the sizes are not known
     */
    Optional<List<ArenaModel.HeldStruct>> validate(TypeElement element, ArenaValues values,
            Optional<long[]> ascendingSizes, Set<String> declared) {
        List<ArenaModel.HeldStruct> held = new ArrayList<>();
        Map<String, TypeMirror> bySimpleName = new HashMap<>();
        boolean valid = true;
        for (AnnotationValue entry : values.heldEntries()) {
            TypeMirror type = (TypeMirror) entry.getValue();
            if (!(type instanceof DeclaredType declaredType) || !(declaredType.asElement() instanceof TypeElement record)
                    || record.getKind() != ElementKind.RECORD || !StructValidator.isStruct(record)) {
                errors.error(ProcessorError.HELD_NOT_STRUCT, "holds " + type + ", which is not a @Struct record, so it has "
                        + "no fixed layout to check against the chunks; annotate a record with @Struct, or remove it "
                        + "from holds", element, values.mirror(), entry);
                valid = false;
                continue;
            }
            String simpleName = record.getSimpleName().toString();
            TypeMirror earlier = bySimpleName.putIfAbsent(simpleName, type);
            if (earlier != null) {
                errors.error(ProcessorError.HELD_DUPLICATE_NAME, "holds " + type + " after " + earlier + ", but typed "
                        + "allocation is named after the simple name (" + ArenaModel.typedAllocationName(false, simpleName)
                        + "), so an arena holds one struct of each name; remove one of them", element, values.mirror(),
                        entry);
                valid = false;
                continue;
            }
            Optional<StructModel> struct = structs.model(record);
            if (struct.isEmpty()) {
                valid = false; // its problems are reported on the record
                continue;
            }
            if (structs.generatedClassMissing(record, struct.get())) {
                errors.error(ProcessorError.STRUCT_NOT_GENERATED, "holds " + type + ", a @Struct record from a class "
                        + "file, but " + StructValidator.notGeneratedRemedy(struct.get()), element, values.mirror(),
                        entry);
                valid = false;
                continue;
            }
            if (ascendingSizes.isEmpty()) {
                valid = false; // no layout to fit it in; the sizes' problems are reported on them
                continue;
            }
            long bytes = struct.get().bytes();
            Optional<RuleViolation> tooLarge = StructRules.checkFits(simpleName, bytes, ascendingSizes.get());
            if (tooLarge.isPresent()) {
                errors.error(tooLarge.get(), element, values.mirror(), entry);
                valid = false;
                continue;
            }
            int firstPool = 0;
            while (ascendingSizes.get()[firstPool] < bytes) {
                firstPool++;
            }
            held.add(new ArenaModel.HeldStruct(struct.get(), firstPool,
                    declared.contains(ArenaModel.typedAllocationName(false, simpleName)),
                    declared.contains(ArenaModel.typedAllocationName(true, simpleName))));
        }
        return valid ? Optional.of(held) : Optional.empty();
    }
}
