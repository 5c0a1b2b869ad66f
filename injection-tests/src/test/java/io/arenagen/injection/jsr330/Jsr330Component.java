package io.arenagen.injection.jsr330;

import dagger.Component;
import javax.inject.Singleton;

/** The user's component, scoped with {@code javax.inject.Singleton} like the generated class. */
@Singleton
@Component(modules = Jsr330ArenaDaggerModule.class)
public interface Jsr330Component {

    Jsr330Arena arena();
}
