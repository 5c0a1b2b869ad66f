package io.arenagen.processor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Runs {@link ArenaProcessor} and records the name of every file it asks the {@link Filer} to create.
 * A failed compilation hides its generated files, so this is how a test proves that a bad
 * configuration generated nothing at all.
 */
final class RecordingProcessor extends AbstractProcessor {

    private final ArenaProcessor delegate = new ArenaProcessor();
    private final List<String> created = new CopyOnWriteArrayList<>();
    private final RuntimeException failure;

    /** Records and passes every call on. */
    RecordingProcessor() {
        this(null);
    }

    /** Throws {@code failure} from every file creation, standing in for a bug in the processor or its libraries. */
    RecordingProcessor(RuntimeException failure) {
        this.failure = failure;
    }

    /** Names passed to {@code createSourceFile}, {@code createClassFile} or {@code createResource}. */
    List<String> created() {
        return List.copyOf(created);
    }

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        Filer filer = environment.getFiler();
        Filer recording = proxy(Filer.class, (proxy, method, args) -> {
            if (method.getName().startsWith("create")) {
                created.add(String.valueOf(args[method.getName().equals("createResource") ? 2 : 0]));
                if (failure != null) {
                    throw failure;
                }
            }
            return invoke(method, filer, args);
        });
        delegate.init(proxy(ProcessingEnvironment.class, (proxy, method, args) ->
                method.getName().equals("getFiler") ? recording : invoke(method, environment, args)));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public Set<String> getSupportedOptions() {
        return delegate.getSupportedOptions();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return delegate.process(annotations, round);
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
