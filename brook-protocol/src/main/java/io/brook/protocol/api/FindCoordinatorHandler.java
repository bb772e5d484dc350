package io.brook.protocol.api;

import io.brook.core.config.Listener;
import io.brook.protocol.codec.ErrorMapping;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * FindCoordinator v0-6. On a single node this broker coordinates everything: key type 1 (TRANSACTION)
 * makes sure {@code __transaction_state} exists first; key type 0 (GROUP) is answered only when a group
 * coordinator is wired in (its preparer, e.g. creating {@code __consumer_offsets}), else
 * COORDINATOR_NOT_AVAILABLE. v4+ carries a batch of keys.
 */
public final class FindCoordinatorHandler implements SyncApiHandler<FindCoordinatorRequestData> {
    static final byte GROUP = 0;
    static final byte TRANSACTION = 1;

    private final BrokerIdentity identity;
    private final Consumer<String> transactionPreparer;
    private volatile Consumer<String> groupPreparer;

    /**
     * @param transactionPreparer run before answering a TRANSACTION key (creates the state topic); throws on failure
     * @param groupPreparer run before answering a GROUP key; null while Brook has no group coordinator
     */
    public FindCoordinatorHandler(BrokerIdentity identity, Consumer<String> transactionPreparer,
                                  Consumer<String> groupPreparer) {
        this.identity = identity;
        this.transactionPreparer = transactionPreparer;
        this.groupPreparer = groupPreparer;
    }

    /** Wires the group coordinator in later (null removes it). */
    public void groupPreparer(Consumer<String> preparer) {
        this.groupPreparer = preparer;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 6;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, FindCoordinatorRequestData request) {
        Listener self = identity.advertisedFor(context.listenerName());
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() >= 4) {
            for (String key : request.coordinatorKeys()) {
                response.coordinators().add(find(request.keyType(), key, self));
            }
            return response;
        }
        Coordinator c = find(request.keyType(), request.key(), self);
        return response.setErrorCode(c.errorCode()).setErrorMessage(c.errorMessage()).setNodeId(c.nodeId())
                .setHost(c.host()).setPort(c.port());
    }

    private Coordinator find(byte keyType, String key, Listener self) {
        Coordinator c = new Coordinator().setKey(key).setNodeId(-1).setHost("").setPort(-1);
        Consumer<String> preparer = switch (keyType) {
            case TRANSACTION -> transactionPreparer;
            case GROUP -> groupPreparer;
            default -> null;
        };
        if (keyType != GROUP && keyType != TRANSACTION) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("unsupported key type " + keyType);
        }
        if (preparer == null) {
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        if (key == null || key.isEmpty()) {
            Errors e = keyType == GROUP ? Errors.INVALID_GROUP_ID : Errors.INVALID_REQUEST;
            return c.setErrorCode(e.code()).setErrorMessage(e.message());
        }
        try {
            preparer.accept(key);
        } catch (RuntimeException e) {
            Errors error = ErrorMapping.toErrors(e);
            return c.setErrorCode(error == Errors.UNKNOWN_SERVER_ERROR ? Errors.COORDINATOR_NOT_AVAILABLE.code()
                    : error.code()).setErrorMessage(e.getMessage());
        }
        return c.setNodeId(identity.nodeId()).setHost(self.host()).setPort(self.port()).setErrorCode((short) 0);
    }

    static List<Byte> keyTypes() {
        return List.of(GROUP, TRANSACTION);
    }
}
