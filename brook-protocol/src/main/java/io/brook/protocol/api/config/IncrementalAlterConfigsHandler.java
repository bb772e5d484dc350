package io.brook.protocol.api.config;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.controller.ClusterController;
import io.brook.core.controller.ConfigOp;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * IncrementalAlterConfigs: SET, DELETE, APPEND and SUBTRACT on TOPIC and BROKER resources, each
 * resource validated and committed (through the metadata log) on its own.
 */
@KafkaApi(value = ApiKey.INCREMENTAL_ALTER_CONFIGS, min = 0, max = 1)
public final class IncrementalAlterConfigsHandler implements SyncApiHandler<IncrementalAlterConfigsRequestData> {

    private final ClusterController controller;

    public IncrementalAlterConfigsHandler(ClusterController controller) {
        this.controller = controller;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, IncrementalAlterConfigsRequestData request) {
        List<AlterConfigsResource> resources = new ArrayList<>(request.resources());
        Set<Integer> duplicates = ConfigAlterations.duplicateResources(resources.stream()
                .map(r -> Map.entry(r.resourceType(), r.resourceName())).toList());
        IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
        for (int i = 0; i < resources.size(); i++) {
            AlterConfigsResource resource = resources.get(i);
            ApiError error = duplicates.contains(i) ? ConfigAlterations.duplicateResourceError()
                    : alter(resource, request.validateOnly());
            response.responses().add(new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName())
                    .setErrorCode(error.error().code()).setErrorMessage(error.message()));
        }
        return response;
    }

    private ApiError alter(AlterConfigsResource resource, boolean validateOnly) {
        List<AlterableConfig> configs = new ArrayList<>(resource.configs());
        if (ConfigAlterations.hasDuplicateKeys(configs.stream().map(AlterableConfig::name).toList())) {
            return ConfigAlterations.duplicateKeysError();
        }
        List<String> nullUpdates = configs.stream()
                .filter(c -> c.configOperation() != ConfigOp.Kind.DELETE.ordinal() && c.value() == null)
                .map(AlterableConfig::name).toList();
        if (!nullUpdates.isEmpty()) {
            return ConfigAlterations.nullValuesError(nullUpdates);
        }
        List<ConfigOp> ops = new ArrayList<>();
        for (AlterableConfig config : configs) {
            ConfigOp.Kind kind = ConfigOp.Kind.ofId(config.configOperation());
            if (kind == null) {
                return new ApiError(Errors.INVALID_REQUEST, "Unknown operations type " + config.configOperation());
            }
            ops.add(new ConfigOp(kind, config.name(), config.value()));
        }
        try {
            switch (ConfigResource.Type.forId(resource.resourceType())) {
                case TOPIC -> controller.incrementalAlterTopicConfigs(resource.resourceName(), ops, validateOnly);
                case BROKER -> controller.incrementalAlterBrokerConfigs(resource.resourceName(), ops, validateOnly);
                default -> {
                    return ConfigAlterations.unknownResourceType(resource.resourceType());
                }
            }
            return ApiError.NONE;
        } catch (Exception e) {
            return ConfigAlterations.toError(e);
        }
    }
}
