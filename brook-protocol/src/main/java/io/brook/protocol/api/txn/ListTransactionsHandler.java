package io.brook.protocol.api.txn;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.txn.TransactionCoordinator;
import io.brook.core.txn.TxnMetadata;
import io.brook.core.txn.TxnState;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.ListTransactionsResponseData.TransactionState;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * ListTransactions v0-2: filters by state, producer id, (v1+) minimum running duration and (v2+)
 * transactional-id regular expression. Unknown state names are returned in unknown_state_filters.
 */
@KafkaApi(value = ApiKey.LIST_TRANSACTIONS, min = 0, max = 2)
public final class ListTransactionsHandler implements SyncApiHandler<ListTransactionsRequestData> {
    private final TransactionCoordinator coordinator;

    public ListTransactionsHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, ListTransactionsRequestData request) {
        ListTransactionsResponseData response = new ListTransactionsResponseData();
        Set<TxnState> states = new HashSet<>();
        for (String name : request.stateFilters()) {
            TxnState s = TxnState.fromKafkaName(name);
            if (s == null) {
                response.unknownStateFilters().add(name);
            } else {
                states.add(s);
            }
        }
        Set<Long> pids = new HashSet<>(request.producerIdFilters());
        short version = context.apiVersion();
        long minDuration = version >= 1 ? request.durationFilter() : -1;
        Pattern pattern = null;
        if (version >= 2 && request.transactionalIdPattern() != null && !request.transactionalIdPattern().isEmpty()) {
            try {
                pattern = Pattern.compile(request.transactionalIdPattern());
            } catch (PatternSyntaxException e) {
                return response.setErrorCode(Errors.INVALID_REGULAR_EXPRESSION.code());
            }
        }
        long now = coordinator.clock().millis();
        Pattern idPattern = pattern;
        for (TxnMetadata m : coordinator.list(m -> (states.isEmpty() || states.contains(m.state()))
                && (pids.isEmpty() || pids.contains(m.producerId()))
                && (minDuration < 0 || (m.startTimestampMs() >= 0 && now - m.startTimestampMs() >= minDuration))
                && (idPattern == null || idPattern.matcher(m.transactionalId()).matches()))) {
            response.transactionStates().add(new TransactionState().setTransactionalId(m.transactionalId())
                    .setProducerId(m.producerId()).setTransactionState(m.state().kafkaName()));
        }
        return response;
    }
}
