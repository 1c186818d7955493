package dev.clusterutils.optim;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Proposal ids and pending proposals, shared by all optimisers: issues ids, matches outcomes to the
 * proposals they answer (with an optimiser-specific payload, e.g. a genotype), ignores repeated
 * outcomes, and keeps ids unique across a replay by continuing after the largest id seen.
 *
 * @param <T> what the optimiser remembers about each pending proposal
 */
public final class ProposalLedger<T> {

    /** A pending proposal and its payload (null for a proposal restored after a replay). */
    public record Pending<T>(Proposal proposal, T payload) {
    }

    /**
     * What an outcome answers: {@code pending} is null when the proposal was not issued by this
     * instance; {@code values} are the outcome's values, or the proposal's when the outcome has none.
     */
    public record Resolved<T>(Outcome outcome, Pending<T> pending, Map<String, Object> values) {
        public boolean known() {
            return pending != null;
        }

        public T payload() {
            return pending == null ? null : pending.payload();
        }
    }

    private long nextId;
    private final Map<Long, Pending<T>> pending = new LinkedHashMap<>();
    private final Set<Long> answered = new HashSet<>();

    public Proposal issue(Map<String, Object> values, T payload) {
        Proposal p = new Proposal(nextId++, values);
        pending.put(p.id(), new Pending<>(p, payload));
        return p;
    }

    /** Registers a proposal of an earlier instance as pending; false if its id is already known. */
    public boolean restore(Proposal proposal, T payload) {
        if (answered.contains(proposal.id()) || pending.containsKey(proposal.id())) {
            return false;
        }
        nextId = Math.max(nextId, proposal.id() + 1);
        pending.put(proposal.id(), new Pending<>(proposal, payload));
        return true;
    }

    /**
     * Matches an outcome; null when it must be ignored (an id already answered, or an unknown id
     * without values).
     */
    public Resolved<T> resolve(Outcome outcome) {
        long id = outcome.proposalId();
        if (answered.contains(id)) {
            return null;
        }
        Pending<T> p = pending.remove(id);
        Map<String, Object> values = outcome.values() != null ? outcome.values()
                : p != null ? p.proposal().values() : null;
        if (values == null) {
            return null;
        }
        answered.add(id);
        nextId = Math.max(nextId, id + 1);
        return new Resolved<>(outcome, p, values);
    }

    /** The pending proposals in the order they were issued or restored. */
    public Collection<Pending<T>> pending() {
        return pending.values();
    }

    public static void checkMax(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, was " + max);
        }
    }
}
