package io.brook.protocol.api.group;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.config.Listener;
import io.brook.core.error.ErrorCode;
import io.brook.protocol.codec.ErrorMapping;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * FindCoordinator v0-6. This broker coordinates every group: the answer is itself, once
 * {@code __consumer_offsets} exists (created here on first use) and the group's partition is loaded.
 * TRANSACTION keys are answered with this broker too once the transaction coordinator is wired in
 * (its preparer creates {@code __transaction_state}); without one, COORDINATOR_NOT_AVAILABLE.
 */
@KafkaApi(value = ApiKey.FIND_COORDINATOR, min = 0, max = 6)
public final class FindCoordinatorHandler implements SyncApiHandler<FindCoordinatorRequestData> {

    private static final byte GROUP = 0;
    private static final byte TRANSACTION = 1;

    private final GroupContext groups;
    private final java.util.function.Consumer<String> transactionPreparer;

    public FindCoordinatorHandler(GroupContext groups) {
        this(groups, null);
    }

    /** @param transactionPreparer run before answering a TRANSACTION key (creates the state topic); null: none */
    public FindCoordinatorHandler(GroupContext groups, java.util.function.Consumer<String> transactionPreparer) {
        this.groups = groups;
        this.transactionPreparer = transactionPreparer;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, FindCoordinatorRequestData request) {
        short version = context.apiVersion();
        byte keyType = version >= 1 ? request.keyType() : GROUP;
        if (version < 4) {
            Coordinator c = find(context, request.key(), keyType);
            return new FindCoordinatorResponseData().setErrorCode(c.errorCode()).setErrorMessage(c.errorMessage())
                    .setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port());
        }
        List<Coordinator> coordinators = new ArrayList<>();
        for (String key : request.coordinatorKeys()) {
            coordinators.add(find(context, key, keyType));
        }
        return new FindCoordinatorResponseData().setCoordinators(coordinators);
    }

    /** Success carries the message "NONE", as Kafka's ({@code error.message()}) in every version. */
    private Coordinator find(RequestContext context, String key, byte keyType) {
        Coordinator c = new Coordinator().setKey(key).setNodeId(-1).setHost("").setPort(-1);
        if (keyType == TRANSACTION) {
            if (transactionPreparer == null) {
                return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
                        .setErrorMessage("Brook does not run a transaction coordinator.");
            }
            if (key == null || key.isEmpty()) {
                return c.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("empty transactional id");
            }
            try {
                transactionPreparer.accept(key);
            } catch (RuntimeException e) {
                return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()).setErrorMessage(e.getMessage());
            }
            Listener self = groups.identity().advertisedFor(context.listenerName());
            return c.setNodeId(groups.identity().nodeId()).setHost(self.host()).setPort(self.port())
                    .setErrorCode(Errors.NONE.code()).setErrorMessage(Errors.NONE.message());
        }
        if (keyType != GROUP) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("Unknown coordinator key type " + keyType);
        }
        try {
            groups.offsetsTopic().ensureCreated();
        } catch (RuntimeException e) {
            Errors error = ErrorMapping.toErrors(e);
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()).setErrorMessage(error.message());
        }
        ErrorCode notHere = groups.coordinator().checkCoordinator(key == null ? "" : key);
        if (notHere != null) {
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
                    .setErrorMessage("The coordinator is not available.");
        }
        Listener listener = groups.identity().advertisedFor(context.listenerName());
        return c.setNodeId(groups.identity().nodeId()).setHost(listener.host()).setPort(listener.port())
                .setErrorCode(Errors.NONE.code()).setErrorMessage(Errors.NONE.message());
    }
}
