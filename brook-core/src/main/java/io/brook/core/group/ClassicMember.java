package io.brook.core.group;

import io.brook.core.group.Groups.JoinResult;
import io.brook.core.group.Groups.Protocol;
import io.brook.core.group.Groups.SyncResult;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A member of a classic group. Mutable; guarded by the coordinator's lock. */
final class ClassicMember {

    String memberId;
    final String groupInstanceId;
    String clientId;
    String clientHost;
    int rebalanceTimeoutMs;
    int sessionTimeoutMs;
    String protocolType;
    List<Protocol> protocols;
    byte[] assignment = new byte[0];
    CompletableFuture<JoinResult> joinFuture;
    CompletableFuture<SyncResult> syncFuture;
    boolean isNew;

    ClassicMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                  int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType, List<Protocol> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocolType = protocolType;
        this.protocols = List.copyOf(protocols);
    }

    boolean isAwaitingJoin() {
        return joinFuture != null;
    }

    boolean isAwaitingSync() {
        return syncFuture != null;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    byte[] metadata(String protocol) {
        for (Protocol p : protocols) {
            if (p.name().equals(protocol)) {
                return p.metadata();
            }
        }
        return new byte[0];
    }

    boolean supports(String protocol) {
        return protocols.stream().anyMatch(p -> p.name().equals(protocol));
    }

    /** Same protocols, same order, same metadata. */
    boolean matches(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!other.get(i).name().equals(protocols.get(i).name())
                    || !Arrays.equals(other.get(i).metadata(), protocols.get(i).metadata())) {
                return false;
            }
        }
        return true;
    }

    void completeJoin(JoinResult result) {
        CompletableFuture<JoinResult> f = joinFuture;
        joinFuture = null;
        if (f != null) {
            f.complete(result);
        }
    }

    void completeSync(SyncResult result) {
        CompletableFuture<SyncResult> f = syncFuture;
        syncFuture = null;
        if (f != null) {
            f.complete(result);
        }
    }
}
