package io.brook.protocol.handler;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.ApiMessage;

/** A handler that answers at once, on the connection's own thread. */
public interface SyncApiHandler<Q extends ApiMessage> extends ApiHandler<Q> {

    ApiMessage handleNow(RequestContext context, Q request) throws Exception;

    @Override
    default CompletableFuture<ApiMessage> handle(RequestContext context, Q request) {
        try {
            return CompletableFuture.completedFuture(handleNow(context, request));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
