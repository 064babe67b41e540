package org.tanji.gateway.ledger;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one port through which the gateway reaches the ledger. Two adapters implement it:
 * {@code ledger.embedded} (in-process, the default) and {@code ledger.fabric} (a real network).
 * Nothing else in the gateway knows which one is running.
 *
 * <p>Functions are named as Fabric's contract router expects them, {@code "contract:function"},
 * and arguments are strings (canonical JSON where structured).
 *
 * <pre>{@code
 * ledger.submit(identity, "footprint:record", List.of(json))
 *       .map(Submitted::txId);
 * }</pre>
 *
 * <p>Failures are signalled as {@link LedgerException} subtypes: {@link ChaincodeRejection} when the
 * contract refused the call, {@link MvccConflict} when the transaction read stale state and was
 * invalidated at commit, {@link LedgerUnavailable} when the outcome could not be obtained.
 */
public interface Ledger extends AutoCloseable {

    /** Endorses and commits a transaction; completes when it is durably committed. */
    Mono<Submitted> submit(LedgerIdentity identity, String function, List<String> args, Map<String, byte[]> transientData);

    default Mono<Submitted> submit(LedgerIdentity identity, String function, List<String> args) {
        return submit(identity, function, args, Map.of());
    }

    /** Runs a read-only query against committed state; nothing is written. */
    Mono<byte[]> evaluate(LedgerIdentity identity, String function, List<String> args);

    /** Chaincode events of committed, valid transactions, live from the moment of subscription. */
    Flux<ChaincodeEvent> events();

    /** Where a committed transaction sits in the chain, for proofs shown to users. */
    Mono<TransactionProof> proof(String txId);

    /** {@code "embedded"} or {@code "fabric"}, for health and diagnostics only. */
    String kind();

    @Override
    void close();
}
