package io.arenagen.processor.arena;

import com.palantir.javapoet.TypeSpec;

/** Test access to {@link ArenaGenerator}, which is package-private: the class it would generate for a model. */
public final class GeneratedArenaSpecs {

    private GeneratedArenaSpecs() {
    }

    /** The class {@link ArenaGenerator} generates for {@code model}, without {@code @Generated}. */
    public static TypeSpec of(ArenaModel model) {
        return ArenaGenerator.generate(model, null, false).typeSpec();
    }
}
