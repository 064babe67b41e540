package org.tanji.gateway.ledger.embedded;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;

import org.hyperledger.fabric.contract.InProcessContractRouter;
import org.hyperledger.fabric.shim.Chaincode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tanji.gateway.ledger.ChaincodeEvent;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerException;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.LedgerUnavailable;
import org.tanji.gateway.ledger.Submitted;
import org.tanji.gateway.ledger.TransactionProof;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The single-node ledger: the real contract classes run in this JVM through the shim's
 * {@code ContractRouter}, against a stub with a peer's semantics, and commits go to a hash-chained
 * block log on disk with group commit.
 *
 * <pre>{@code
 * try (EmbeddedLedger ledger = EmbeddedLedger.open(EmbeddedLedgerConfig.of(Path.of("data/ledger"), roots))) {
 *     Submitted tx = ledger.submit(identity, "footprint:record", List.of(json)).block();
 * }
 * }</pre>
 *
 * <p>Block 0 is a genesis block without transactions, so transactions sit in block 1 onwards as
 * on a Fabric channel. Simulation runs on {@code boundedElastic}; completion is delivered on
 * {@code parallel}, never on the committer thread.
 *
 * <p>State, key history and private data are kept in a state database beside the logs
 * ({@link StateDb}); a start verifies the whole chain but applies only the blocks the state
 * database does not hold yet.
 */
public final class EmbeddedLedger implements Ledger {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLedger.class);
    private static final String CHAINCODE_ERROR = "CHAINCODE_ERROR";

    private final EmbeddedLedgerConfig config;
    private final LedgerFiles files;
    private final WorldState world;
    private final MspRoots msp;
    private final InProcessContractRouter router;
    private final BlockCommitter committer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LedgerFiles.Replay replay;

    private EmbeddedLedger(EmbeddedLedgerConfig config, LedgerFiles files, WorldState world, InProcessContractRouter router,
            LedgerFiles.Replay replay) {
        this.config = config;
        this.replay = replay;
        this.files = files;
        this.world = world;
        this.msp = new MspRoots(config.mspRoots());
        this.router = router;
        this.committer = new BlockCommitter(files, world, config.channelId(), config.effectiveMaxBatch());
    }

    /**
     * Opens (or creates) the ledger in {@code config.dir()}, verifying the block log and applying the
     * blocks after the state database's savepoint (all of them if it has to be rebuilt).
     * The first call in a JVM also builds the contract router (declared contracts, reflection,
     * metadata), without the shim's classpath scan.
     *
     * @throws BrokenChainException if a stored block does not verify
     * @throws IllegalStateException if another process holds the directory
     */
    public static EmbeddedLedger open(EmbeddedLedgerConfig config) {
        // Building the router loads and reflects over every contract class; verifying the block log
        // can run meanwhile.
        CompletableFuture<InProcessContractRouter> router = new CompletableFuture<>();
        Thread discovery = new Thread(() -> {
            try {
                router.complete(InProcessContractRouter.instance(config.chaincodeId()));
            } catch (Throwable t) {
                router.completeExceptionally(t);
            }
        }, "embedded-ledger-contract-discovery");
        discovery.setDaemon(true);
        discovery.start();

        long started = System.nanoTime();
        LedgerFiles files = LedgerFiles.open(config.dir());
        WorldState world;
        try {
            world = new WorldState(files.blockValues(), StateDb.open(config.dir(), files.hasBlocks()));
        } catch (RuntimeException | Error e) {
            files.close();
            throw e;
        }
        try {
            LedgerFiles.Replay replay = files.replay(config.channelId(), world);
            if (world.height() == 0) {
                files.appendGenesis(config.channelId(), world);
            }
            long replayMillis = (System.nanoTime() - started) / 1_000_000;
            EmbeddedLedger ledger = new EmbeddedLedger(config, files, world, awaitRouter(router), replay);
            LOG.info("embedded ledger at {} open: {} blocks verified and {} applied to the state database (savepoint at"
                    + " height {}{}) in {} ms, {} durability", config.dir().toAbsolutePath(), world.height(),
                    replay.applied(), replay.savepoint(), replay.rebuiltBecause() == null ? "" : ", rebuilt", replayMillis,
                    config.durability());
            return ledger;
        } catch (RuntimeException | Error e) {
            world.abandon();
            files.close();
            throw e;
        }
    }

    private static InProcessContractRouter awaitRouter(CompletableFuture<InProcessContractRouter> router) {
        try {
            return router.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public Mono<Submitted> submit(LedgerIdentity identity, String function, List<String> args, Map<String, byte[]> transientData) {
        return Mono.fromCallable(() -> endorseAndQueue(identity, function, args, transientData))
                .subscribeOn(Schedulers.boundedElastic())
                // The outcome is decided by the committer whether or not anyone still waits for it.
                .flatMap(done -> Mono.fromFuture(done, true))
                .publishOn(Schedulers.parallel())
                .onErrorMap(e -> !(e instanceof LedgerException), EmbeddedLedger::unavailable);
    }

    @Override
    public Mono<byte[]> evaluate(LedgerIdentity identity, String function, List<String> args) {
        return Mono.fromCallable(() -> {
            Simulated s = simulate(identity, function, args, Map.of());
            byte[] payload = s.response().getPayload();
            return payload == null ? new byte[0] : payload;
        }).subscribeOn(Schedulers.boundedElastic()).onErrorMap(e -> !(e instanceof LedgerException), EmbeddedLedger::unavailable);
    }

    @Override
    public Flux<ChaincodeEvent> events() {
        return committer.events().asFlux();
    }

    @Override
    public Mono<TransactionProof> proof(String txId) {
        return Mono.fromCallable(() -> {
            Lock lock = world.readLock();
            lock.lock();
            try {
                WorldState.TxLocation at = world.transaction(txId);
                if (at == null) {
                    throw new ChaincodeRejection("NOT_FOUND", "transaction " + txId + " is not on the ledger");
                }
                return new TransactionProof(txId, at.blockNumber(), at.txIndex(), WorldState.hex(world.blockHash(at.blockNumber())),
                        at.validationCode().name());
            } finally {
                lock.unlock();
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public String kind() {
        return "embedded";
    }

    /** Number of blocks, genesis included; the next block gets this number. */
    public long height() {
        Lock lock = world.readLock();
        lock.lock();
        try {
            return world.height();
        } finally {
            lock.unlock();
        }
    }

    public EmbeddedLedgerConfig config() {
        return config;
    }

    /**
     * Runs {@code barrier} on the committer thread before each block is written, for what the
     * block's transactions refer to outside the ledger: the embedded off-chain store makes the
     * documents put before those transactions were submitted durable
     * ({@code EmbeddedMongo#deferDocumentInserts}). If it throws, the block is not written and its
     * transactions fail with {@link org.tanji.gateway.ledger.LedgerUnavailable}; the ledger goes on.
     */
    public void beforeEachBlockWrite(Runnable barrier) {
        committer.beforeEachBlockWrite(barrier);
    }

    /** Commits what is already queued, then closes the files. Safe to call twice. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            committer.close();
            try {
                world.close();
            } finally {
                files.close();
            }
            LOG.info("embedded ledger at {} closed at height {}", config.dir().toAbsolutePath(), world.height());
        }
    }

    /** What the start did: blocks verified, applied after the state database's savepoint, rebuilt or not. */
    LedgerFiles.Replay replay() {
        return replay;
    }

    BlockCommitter committer() {
        return committer;
    }

    Path blocksPath() {
        return files.blocksPath();
    }

    Path privatePath() {
        return files.privatePath();
    }

    private CompletableFuture<Submitted> endorseAndQueue(LedgerIdentity identity, String function, List<String> args,
            Map<String, byte[]> transientData) {
        Simulated s = simulate(identity, function, args, transientData);
        return committer.enqueue(s.stub().toRecord(s.response().getPayload()), s.stub().privateEntries());
    }

    private record Simulated(EmbeddedStub stub, Chaincode.Response response) {
    }

    private Simulated simulate(LedgerIdentity identity, String function, List<String> args, Map<String, byte[]> transientData) {
        if (closed.get()) {
            throw new LedgerUnavailable("the embedded ledger is closed", null);
        }
        CreatorIdentity creator = msp.verify(identity);
        TxProposal proposal = TxProposal.create(config.channelId(), config.chaincodeId(), creator, function, args, transientData);
        EmbeddedStub stub = new EmbeddedStub(world, proposal);
        Chaincode.Response response;
        Lock lock = world.readLock();
        lock.lock();
        try {
            response = router.invoke(stub);
        } finally {
            lock.unlock();
        }
        if (response.getStatusCode() >= Chaincode.Response.Status.ERROR_THRESHOLD.getCode()) {
            throw rejection(response);
        }
        return new Simulated(stub, response);
    }

    /**
     * A contract refuses with {@code ChaincodeException(message, payload)}; the router turns that
     * into status 500 with the message and payload. The payload carries the error code.
     */
    private static ChaincodeRejection rejection(Chaincode.Response response) {
        byte[] payload = response.getPayload();
        String code = payload == null || payload.length == 0 ? CHAINCODE_ERROR : new String(payload, StandardCharsets.UTF_8);
        String message = response.getMessage() == null ? "chaincode returned status " + response.getStatusCode() : response.getMessage();
        return new ChaincodeRejection(code, message);
    }

    private static LedgerUnavailable unavailable(Throwable e) {
        return new LedgerUnavailable("the embedded ledger failed: " + e, e);
    }
}
