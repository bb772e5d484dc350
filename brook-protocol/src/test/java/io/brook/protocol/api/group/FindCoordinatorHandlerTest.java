package io.brook.protocol.api.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.core.config.Listener;
import io.brook.protocol.api.BrokerIdentity;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.RequestHeader;
import java.util.List;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.junit.jupiter.api.Test;

class FindCoordinatorHandlerTest {

    private static RequestContext context(short version) {
        return new RequestContext(new RequestHeader(ApiKey.FIND_COORDINATOR, version, "test", 1), null, "PLAINTEXT",
                "c1");
    }

    /** Kafka answers a found coordinator with error message "NONE" (Errors.NONE.message()), old and new versions. */
    @Test
    void successCarriesKafkasNoneMessage() {
        GroupContext groups = new GroupContext(null, null, null,
                new BrokerIdentity(1, "cluster", List.of(new Listener("PLAINTEXT", "broker.local", 9092))));
        FindCoordinatorHandler handler = new FindCoordinatorHandler(groups, transactionalId -> { });

        var v1 = (FindCoordinatorResponseData) handler.handleNow(context((short) 1),
                new FindCoordinatorRequestData().setKey("tx").setKeyType((byte) 1));
        assertThat(v1.errorCode()).isZero();
        assertThat(v1.errorMessage()).isEqualTo("NONE");
        assertThat(v1.host()).isEqualTo("broker.local");

        var v4 = (FindCoordinatorResponseData) handler.handleNow(context((short) 4),
                new FindCoordinatorRequestData().setKeyType((byte) 1).setCoordinatorKeys(List.of("tx")));
        assertThat(v4.coordinators()).singleElement().satisfies(c -> {
            assertThat(c.errorCode()).isZero();
            assertThat(c.errorMessage()).isEqualTo("NONE");
            assertThat(c.port()).isEqualTo(9092);
        });
    }
}
