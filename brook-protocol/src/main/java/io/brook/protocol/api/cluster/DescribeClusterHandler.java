package io.brook.protocol.api.cluster;

import io.brook.protocol.api.AuthorizedOperations;
import io.brook.protocol.api.BrokerIdentity;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.config.Listener;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeCluster: this node (at the address advertised for the listener asked on), the cluster
 * id and this node as controller. A request for the CONTROLLER endpoint type is answered as a
 * Kafka broker answers it: MISMATCHED_ENDPOINT_TYPE (INVALID_REQUEST at v0).
 */
@KafkaApi(value = ApiKey.DESCRIBE_CLUSTER, min = 0, max = 2)
public final class DescribeClusterHandler implements SyncApiHandler<DescribeClusterRequestData> {

    private static final byte BROKER_ENDPOINT = 1;

    private final BrokerIdentity identity;

    public DescribeClusterHandler(BrokerIdentity identity) {
        this.identity = identity;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, DescribeClusterRequestData request) {
        boolean v0 = context.apiVersion() == 0;
        byte endpointType = request.endpointType();
        if (endpointType != 1 && endpointType != 2) {
            return new DescribeClusterResponseData()
                    .setErrorCode((v0 ? Errors.INVALID_REQUEST : Errors.UNSUPPORTED_ENDPOINT_TYPE).code())
                    .setErrorMessage("Unsupported endpoint type " + endpointType);
        }
        if (endpointType != BROKER_ENDPOINT) {
            return new DescribeClusterResponseData()
                    .setErrorCode((v0 ? Errors.INVALID_REQUEST : Errors.MISMATCHED_ENDPOINT_TYPE).code())
                    .setErrorMessage("The request was sent to an endpoint of type BROKER, but we wanted an endpoint "
                            + "of type CONTROLLER");
        }
        Listener advertised = identity.advertisedFor(context.listenerName());
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setClusterId(identity.clusterId())
                .setControllerId(identity.nodeId())
                .setEndpointType(endpointType)
                .setClusterAuthorizedOperations(request.includeClusterAuthorizedOperations()
                        ? AuthorizedOperations.CLUSTER : AuthorizedOperations.NOT_REQUESTED);
        response.brokers().add(new DescribeClusterBroker().setBrokerId(identity.nodeId())
                .setHost(advertised.host()).setPort(advertised.port()).setRack(null).setIsFenced(false));
        return response;
    }

}
