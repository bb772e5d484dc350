package io.brook.protocol.api;

import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.utils.Utils;

/**
 * Authorized-operation bit fields as Kafka reports them without an authorizer: every operation
 * the resource type supports.
 */
public final class AuthorizedOperations {

    /** The schema default: "not requested". */
    public static final int NOT_REQUESTED = Integer.MIN_VALUE;

    public static final int TOPIC = bits(Set.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE,
            AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS,
            AclOperation.ALTER_CONFIGS));

    public static final int CLUSTER = bits(Set.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE,
            AclOperation.ALTER, AclOperation.DESCRIBE));

    private AuthorizedOperations() {
    }

    private static int bits(Set<AclOperation> operations) {
        return Utils.to32BitField(operations.stream().map(AclOperation::code).collect(java.util.stream.Collectors.toSet()));
    }
}
