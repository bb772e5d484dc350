package io.brook.core.group;

import static io.brook.core.group.ClassicGroupState.DEAD;
import static io.brook.core.group.ClassicGroupState.EMPTY;

import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.core.group.CoordinatorRecord.GroupMetadata;
import io.brook.core.group.CoordinatorRecord.OffsetCommit;
import io.brook.core.group.Groups.GroupListing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Group administration across both group types: ListGroups (state and type filters) and DeleteGroups. */
final class GroupAdmin {

    private static final Logger log = LoggerFactory.getLogger(GroupAdmin.class);

    private final GroupRegistry registry;
    private final Object lock;
    private final Map<String, ClassicGroup> groups;
    private final OffsetStore offsets;
    private final ConsumerGroups consumerGroups;

    GroupAdmin(GroupRegistry registry, OffsetStore offsets, ConsumerGroups consumerGroups) {
        this.registry = registry;
        this.lock = registry.lock;
        this.groups = registry.groups;
        this.offsets = offsets;
        this.consumerGroups = consumerGroups;
    }

    List<GroupListing> listGroups(Set<String> statesFilter, Set<String> typesFilter) {
        synchronized (lock) {
            Set<String> states = lower(statesFilter);
            Set<String> types = lower(typesFilter);
            List<GroupListing> out = new ArrayList<>();
            for (ClassicGroup g : groups.values()) {
                if (!registry.loadedPartitions.contains(registry.partitionFor(g.groupId))) {
                    continue;
                }
                GroupListing listing = new GroupListing(g.groupId, g.protocolType == null ? "" : g.protocolType,
                        g.state.wireName(), "classic");
                if (matches(listing, states, types)) {
                    out.add(listing);
                }
            }
            for (GroupListing listing : consumerGroups.list()) {
                if (matches(listing, states, types)) {
                    out.add(listing);
                }
            }
            out.sort(Comparator.comparing(GroupListing::groupId));
            return out;
        }
    }

    private static Set<String> lower(Set<String> in) {
        Set<String> out = new HashSet<>();
        if (in != null) {
            in.forEach(s -> out.add(s.toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    private static boolean matches(GroupListing listing, Set<String> states, Set<String> types) {
        return (states.isEmpty() || states.contains(listing.state().toLowerCase(Locale.ROOT)))
                && (types.isEmpty() || types.contains(listing.type().toLowerCase(Locale.ROOT)));
    }

    Map<String, ErrorCode> deleteGroups(Collection<String> groupIds) {
        synchronized (lock) {
            Map<String, ErrorCode> results = new LinkedHashMap<>();
            for (String groupId : groupIds) {
                if (groupId == null || groupId.isEmpty()) {
                    results.put(groupId, ErrorCode.INVALID_GROUP_ID);
                    continue;
                }
                ErrorCode notCoordinator = registry.coordinatorError(groupId);
                if (notCoordinator != null) {
                    results.put(groupId, notCoordinator);
                    continue;
                }
                ClassicGroup group = groups.get(groupId);
                boolean consumer = consumerGroups.exists(groupId);
                if (consumer) {
                    if (!consumerGroups.isEmpty(groupId)) {
                        results.put(groupId, ErrorCode.NON_EMPTY_GROUP);
                        continue;
                    }
                } else if (group == null || group.is(DEAD)) {
                    results.put(groupId, ErrorCode.GROUP_ID_NOT_FOUND);
                    continue;
                } else if (!group.is(EMPTY)) {
                    results.put(groupId, ErrorCode.NON_EMPTY_GROUP);
                    continue;
                }
                List<CoordinatorRecord> records = new ArrayList<>();
                offsets.storedPartitions(groupId).forEach(tp ->
                        records.add(new OffsetCommit(groupId, tp.topic(), tp.partition(), null)));
                if (consumer) {
                    records.addAll(consumerGroups.deletionRecords(groupId));
                } else {
                    records.add(new GroupMetadata(groupId, null));
                }
                try {
                    registry.writeAndReplay(groupId, records);
                } catch (BrookException e) {
                    results.put(groupId, e.error());
                    continue;
                }
                if (group != null) {
                    group.transitionTo(DEAD, registry.now());
                    groups.remove(groupId);
                }
                results.put(groupId, ErrorCode.NONE);
                log.info("Deleted group {}", groupId);
            }
            return results;
        }
    }
}
