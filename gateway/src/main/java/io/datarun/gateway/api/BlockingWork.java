package io.datarun.gateway.api;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;

/**
 * Where a request served on an event loop runs the part of its work that blocks (a call to another
 * replica): a worker thread of the request's own Vert.x context, with the request's scope active
 * there too, so its id (which its audit events carry) and its caller are the same as on the event
 * loop. Outside a request (a test calling a service) the work runs inline.
 */
final class BlockingWork {
    private BlockingWork() {
    }

    /** The executor for the request served on the calling thread. */
    static Executor ofCurrentRequest() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Runnable::run;
        }
        ManagedContext requests = Arc.container().requestContext();
        InjectableContext.ContextState state = requests.isActive() ? requests.getState() : null;
        return work -> context.executeBlocking(() -> {
            boolean activate = state != null && !requests.isActive();
            if (activate) {
                requests.activate(state);
            }
            try {
                work.run();
            } finally {
                if (activate) {
                    requests.deactivate();
                }
            }
            return null;
        }, false);
    }
}
