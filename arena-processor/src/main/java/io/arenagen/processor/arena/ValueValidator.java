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
 * combinations that only exist at compile time: {@code confined} on a shared-memory arena, {@code reclamation}
 * on a LOCAL or confined arena (the name's room for the companion is checked with the name, by
 * {@code InjectionValidator}).
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
        if (values.reclamation() && values.confined()) {
            errors.error(ProcessorError.RECLAMATION_CONFINED, "reclamation = true on a confined arena: it is one "
                    + "thread's, in private memory, so no other process holds its chunks and none can die with them; "
                    + "remove reclamation, or remove confined and use backend = Backend.SHM for a shared arena that "
                    + "gives back a dead process's chunks", element, values.mirror(), values.reclamationValue());
        } else if (values.reclamation() && values.backend() == Backend.LOCAL) {
            errors.error(ProcessorError.RECLAMATION_LOCAL, "reclamation = true on a LOCAL arena: reclamation gives "
                    + "back the chunks of a process that died, and a LOCAL arena lives in private memory that dies with "
                    + "its only process; remove reclamation, or add backend = Backend.SHM for an arena that several "
                    + "processes share", element, values.mirror(), values.reclamationValue());
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
