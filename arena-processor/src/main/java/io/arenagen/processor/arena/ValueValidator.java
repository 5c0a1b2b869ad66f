package io.arenagen.processor.arena;

import io.arenagen.Backend;
import io.arenagen.processor.common.ErrorReporter;
import io.arenagen.processor.common.ProcessorError;
import io.arenagen.runtime.layout.ArenaRules;
import io.arenagen.runtime.layout.Rule;
import io.arenagen.runtime.layout.RuleViolation;

import java.util.List;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Checks {@code count} and {@code sizes} with {@link ArenaRules}, the rules the run-time arenas
 * apply too, and reports every violation as an error on the value it is about: {@code count}, one
 * entry of {@code sizes}, or the whole {@code sizes} array. Messages are the runtime's, verbatim, so
 * a configuration is rejected with the same words at compile time and at run time. Also checks the
 * combinations that only exist at compile time: {@code confined} on a shared-memory arena.
 */
final class ValueValidator {

    private final ErrorReporter errors;

    ValueValidator(ErrorReporter errors) {
        this.errors = errors;
    }

    /**
     * Reports every broken rule of {@code values} on the value it is about, through the {@link ErrorReporter}.
     *
     * @return whether {@code count} and {@code sizes} make a layout (the fit of held structs can be checked)
     */
    boolean validate(Element element, ArenaValues values) {
        List<RuleViolation> violations = ArenaRules.check(values.count(), values.sizes());
        for (RuleViolation violation : violations) {
            errors.error(violation, element, values.mirror(), valueOf(violation, values));
        }
        if (values.confined() && values.backend() == Backend.SHM) {
            errors.error(ProcessorError.CONFINED_SHARED_MEMORY, "confined = true on a shared-memory arena: other "
                    + "processes use its pools, so one owner thread cannot be the only user; remove confined, or "
                    + "use backend = Backend.LOCAL for a thread-per-core arena", element, values.mirror(),
                    values.confinedValue());
        }
        return violations.isEmpty();
    }

    private static AnnotationValue valueOf(RuleViolation violation, ArenaValues values) {
        if (violation.isAboutSize()) {
            return values.sizeEntries().get(violation.sizeIndex());
        }
        return violation.rule() == Rule.COUNT_OUT_OF_RANGE ? values.countValue() : values.sizesValue();
    }
}
