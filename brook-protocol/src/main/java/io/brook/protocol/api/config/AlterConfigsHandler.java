package io.brook.protocol.api.config;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.controller.ClusterController;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.ApiError;

/** The legacy AlterConfigs: the configs sent replace every override of the resource (TOPIC or BROKER). */
@KafkaApi(value = ApiKey.ALTER_CONFIGS, min = 0, max = 2)
public final class AlterConfigsHandler implements SyncApiHandler<AlterConfigsRequestData> {

    private final ClusterController controller;

    public AlterConfigsHandler(ClusterController controller) {
        this.controller = controller;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, AlterConfigsRequestData request) {
        List<AlterConfigsResource> resources = new ArrayList<>(request.resources());
        Set<Integer> duplicates = ConfigAlterations.duplicateResources(resources.stream()
                .map(r -> Map.entry(r.resourceType(), r.resourceName())).toList());
        AlterConfigsResponseData response = new AlterConfigsResponseData();
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
        List<String> nullUpdates = configs.stream().filter(c -> c.value() == null).map(AlterableConfig::name).toList();
        if (!nullUpdates.isEmpty()) {
            return ConfigAlterations.nullValuesError(nullUpdates);
        }
        Map<String, String> values = new HashMap<>();
        configs.forEach(c -> values.put(c.name(), c.value()));
        try {
            switch (ConfigResource.Type.forId(resource.resourceType())) {
                case TOPIC -> controller.replaceTopicConfigs(resource.resourceName(), values, validateOnly);
                case BROKER -> controller.replaceBrokerConfigs(resource.resourceName(), values, validateOnly);
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
