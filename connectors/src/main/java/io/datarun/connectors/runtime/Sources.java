package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.ConnectorDeclarationException;
import io.datarun.connectors.declaration.FileSource;
import io.datarun.connectors.declaration.HttpSource;
import io.datarun.connectors.declaration.RabbitMqSource;
import io.datarun.connectors.declaration.CamelSource;
import io.datarun.connectors.camel.CamelRouteSource;
import io.datarun.connectors.http.HttpJsonSource;
import io.datarun.connectors.queue.RabbitMqQueueSource;
import io.datarun.connectors.declaration.JavaSource;
import io.datarun.connectors.file.FileDropSource;
import io.datarun.connectors.plugins.Plugins;
import io.datarun.connectors.spi.SourceConnector;
import java.lang.reflect.Constructor;
import java.util.function.Supplier;

/**
 * Makes the SPI source of a {@code file}, {@code http}, {@code rabbitmq} or {@code java} declaration;
 * a {@code java} class is looked up in the runtime and its plugins folder, and one that cannot be used
 * fails at start.
 */
public final class Sources {
    private Sources() {
    }

    public static Supplier<SourceConnector> supplier(ConnectorDeclaration declaration, Plugins plugins) {
        if (declaration.source() instanceof FileSource file) {
            return () -> new FileDropSource(file);
        }
        if (declaration.source() instanceof HttpSource http) {
            String keyField = http.keyField().orElse(declaration.subjectColumn());
            return () -> new HttpJsonSource(http, keyField);
        }
        if (declaration.source() instanceof CamelSource camel) {
            return () -> new CamelRouteSource(camel, declaration.file());
        }
        if (declaration.source() instanceof RabbitMqSource rabbit) {
            return () -> new RabbitMqQueueSource(rabbit);
        }
        if (declaration.source() instanceof JavaSource java) {
            Constructor<? extends SourceConnector> constructor = constructor(declaration, java.className(), plugins);
            return () -> {
                try {
                    return constructor.newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create " + java.className() + ": " + e, e);
                }
            };
        }
        throw new IllegalArgumentException("not an SPI source: " + declaration.source().kind());
    }

    private static Constructor<? extends SourceConnector> constructor(ConnectorDeclaration declaration, String className,
            Plugins plugins) {
        Class<?> type;
        try {
            type = Class.forName(className, false, plugins.classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConnectorDeclarationException(declaration.file(), "source.class",
                    "expected a class in " + plugins.where() + ", found no class '" + className + "'"
                    + (e instanceof LinkageError ? " that loads (" + e + ")" : ""));
        }
        if (!SourceConnector.class.isAssignableFrom(type)) {
            throw new ConnectorDeclarationException(declaration.file(), "source.class", "expected a class implementing "
                    + SourceConnector.class.getName() + ", found '" + className + "'");
        }
        try {
            return type.asSubclass(SourceConnector.class).getConstructor();
        } catch (NoSuchMethodException e) {
            throw new ConnectorDeclarationException(declaration.file(), "source.class",
                    "expected a public no-argument constructor in '" + className + "'");
        }
    }
}
