package io.brook.protocol.api.config;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.config.BrookConfig;
import io.brook.core.config.ConfigDescriber;
import io.brook.core.config.DescribedConfig;
import io.brook.core.controller.ClusterController;
import io.brook.core.controller.TopicNames;
import io.brook.core.error.BrookException;
import io.brook.metadata.image.MetadataImage;
import io.brook.metadata.image.TopicImage;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/**
 * DescribeConfigs: TOPIC (every topic key with value, source and synonyms), BROKER (this node's
 * id: every broker key; "": the dynamic cluster defaults) and BROKER_LOGGER (answered with no
 * entries: Brook does not expose logger levels).
 */
@KafkaApi(value = ApiKey.DESCRIBE_CONFIGS, min = 1, max = 4)
public final class DescribeConfigsHandler implements SyncApiHandler<DescribeConfigsRequestData> {

    private final ClusterController controller;
    private final ConfigDescriber describer;
    private final int nodeId;

    public DescribeConfigsHandler(ClusterController controller, BrookConfig config) {
        this.controller = controller;
        this.describer = new ConfigDescriber(config);
        this.nodeId = config.nodeId();
    }

    @Override
    public ApiMessage handleNow(RequestContext context, DescribeConfigsRequestData request) {
        MetadataImage image = controller.image();
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsResource resource : request.resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            try {
                List<DescribedConfig> configs = describe(image, resource);
                Set<String> wanted = resource.configurationKeys() == null || resource.configurationKeys().isEmpty()
                        ? null : new HashSet<>(resource.configurationKeys());
                for (DescribedConfig config : configs) {
                    if (wanted == null || wanted.contains(config.name())) {
                        result.configs().add(toResult(config, request.includeSynonyms(),
                                request.includeDocumentation()));
                    }
                }
            } catch (UnknownTopic e) {
                result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            } catch (BrookException e) {
                result.setErrorCode(e.error().code()).setErrorMessage(e.getMessage());
            } catch (InvalidRequest e) {
                result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(e.getMessage());
            }
            response.results().add(result);
        }
        return response;
    }

    private List<DescribedConfig> describe(MetadataImage image, DescribeConfigsResource resource) {
        Map<String, String> perBroker = image.brokerConfigs().getOrDefault(String.valueOf(nodeId), Map.of());
        Map<String, String> clusterDefaults = image.clusterBrokerDefaults();
        String name = resource.resourceName();
        ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
        switch (type) {
            case TOPIC -> {
                TopicNames.validate(name);
                Optional<TopicImage> topic = image.topic(name);
                if (topic.isEmpty()) {
                    throw new UnknownTopic();
                }
                return describer.describeTopic(perBroker, clusterDefaults, topic.get().configs());
            }
            case BROKER -> {
                if (name == null || name.isEmpty()) {
                    return describer.describeClusterDefaults(clusterDefaults);
                }
                if (brokerId(name) != nodeId) {
                    throw new InvalidRequest("Unexpected broker id, expected " + nodeId
                            + " or empty string, but received " + name);
                }
                return describer.describeBroker(perBroker, clusterDefaults);
            }
            case BROKER_LOGGER -> {
                if (name == null || name.isEmpty()) {
                    throw new InvalidRequest("Broker id must not be empty");
                }
                if (brokerId(name) != nodeId) {
                    throw new InvalidRequest("Unexpected broker id, expected " + nodeId + " but received " + name);
                }
                return List.of();
            }
            default -> throw new InvalidRequest("Unsupported resource type: " + type);
        }
    }

    private static int brokerId(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new InvalidRequest("Broker id must be an integer, but it is: " + name);
        }
    }

    private static DescribeConfigsResourceResult toResult(DescribedConfig config, boolean includeSynonyms,
                                                          boolean includeDocumentation) {
        DescribeConfigsResourceResult result = new DescribeConfigsResourceResult()
                .setName(config.name())
                .setValue(config.value())
                .setReadOnly(config.readOnly())
                .setConfigSource(ConfigSources.toKafka(config.source()))
                .setIsSensitive(config.sensitive())
                .setConfigType(DescribeConfigsResponse.ConfigType.valueOf(config.type().name()).id())
                .setDocumentation(includeDocumentation ? config.doc() : null);
        if (includeSynonyms) {
            for (DescribedConfig.Synonym synonym : config.synonyms()) {
                result.synonyms().add(new DescribeConfigsSynonym().setName(synonym.name())
                        .setValue(synonym.value()).setSource(ConfigSources.toKafka(synonym.source())));
            }
        }
        return result;
    }

    private static final class UnknownTopic extends RuntimeException {
        UnknownTopic() {
            super(null, null, false, false);
        }
    }

    static final class InvalidRequest extends RuntimeException {
        InvalidRequest(String message) {
            super(message, null, false, false);
        }
    }
}
