package io.arenagen.injection.dagger;

import dagger.Component;
import jakarta.inject.Singleton;

/** The user's component: the generated module binds the interface; {@code @Singleton} because the arena is one. */
@Singleton
@Component(modules = DaggerFeedArenaDaggerModule.class)
public interface FeedComponent {

    DaggerFeedArena arena();

    QuoteBook quoteBook();
}
