package org.hyperledger.fabric.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.hyperledger.fabric.contract.metadata.MetadataBuilder;
import org.hyperledger.fabric.contract.routing.ContractDefinition;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.slf4j.LoggerFactory;

/**
 * Runs the contracts on the classpath inside this JVM through the same {@link ContractRouter}
 * dispatch a peer-connected chaincode uses: same discovery, serializers, {@link Context} and
 * {@link ClientIdentity}. It lives in the shim's package because contract discovery,
 * {@code ContractRouter.findAllContracts()}, is package-private.
 *
 * <p>There is one per JVM: {@link MetadataBuilder} and the type registry are static, so discovering
 * contracts twice would register them twice.
 *
 * <pre>{@code
 * Chaincode.Response r = InProcessContractRouter.instance("tanji").invoke(stub);
 * }</pre>
 *
 * <p>The router is assembled from the parts its constructor makes ({@link #withoutClasspathScan()}),
 * because the constructor also scans the whole classpath, which held up every start by seconds.
 * The gRPC client or server starts only from {@code main()} / {@code startRouterWithChaincodeServer()},
 * which are never called here, and the shim's metrics and traces are never initialized.
 *
 * <p>Logging: the shim logs every invocation at INFO, and its constructor (used only as a
 * fallback) rewires the JVM's root log handlers. This class undoes the rewiring, routes the shim's {@code org.hyperledger.fabric} loggers to
 * SLF4J with INFO demoted to DEBUG, and reports a contract's stack trace at ERROR only when the
 * contract failed unexpectedly: a {@code ChaincodeException} is the contract's answer, not a fault.
 */
public final class InProcessContractRouter {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(InProcessContractRouter.class);
    private static final String SHIM_ROOT = "org.hyperledger.fabric";
    private static final String RESPONSE_UTILS_LOGGER = "org.hyperledger.fabric.shim.ResponseUtils";
    private static final String UNEXPECTED_ERROR = "Unexpected error";
    private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";
    private static final String SHIM_LEVEL_ENV = "CORE_CHAINCODE_LOGGING_SHIM";
    private static final String CHAINCODE_LEVEL_ENV = "CORE_CHAINCODE_LOGGING_LEVEL";

    // JUL holds loggers weakly: a level or handler set on a logger nobody references can be lost.
    private static final Logger FABRIC_LOGGER = Logger.getLogger(SHIM_ROOT);
    private static final Logger SHIM_LOGGER = Logger.getLogger("org.hyperledger.fabric.shim");
    private static final Logger CONTRACT_LOGGER = Logger.getLogger("org.hyperledger.fabric.contract");

    private static InProcessContractRouter instance;

    private final ContractRouter router;
    private final String chaincodeId;
    private final Set<String> contractNames;

    private InProcessContractRouter(ContractRouter router, String chaincodeId) {
        this.router = router;
        this.chaincodeId = chaincodeId;
        Set<String> names = new TreeSet<>();
        for (ContractDefinition d : router.getRoutingRegistry().getAllDefinitions()) {
            names.add(d.getName());
        }
        this.contractNames = Set.copyOf(names);
    }

    /**
     * The JVM's router, created on first use. The chaincode id only names the chaincode in the
     * shim's configuration; a later call with another id gets the same router.
     */
    public static synchronized InProcessContractRouter instance(String chaincodeId) {
        if (instance == null) {
            instance = create(chaincodeId);
        } else if (!instance.chaincodeId.equals(chaincodeId)) {
            LOG.debug("contract router already created as '{}'; '{}' shares it", instance.chaincodeId, chaincodeId);
        }
        return instance;
    }

    /** Routes {@code stub.getFunction()} ({@code "contract:function"}) to its {@code @Transaction} method. */
    public Chaincode.Response invoke(ChaincodeStub stub) {
        List<LogRecord> captured = new ArrayList<>(1);
        ShimLogBridge.CAPTURE.set(captured);
        Chaincode.Response response;
        try {
            response = router.invoke(stub);
        } finally {
            ShimLogBridge.CAPTURE.remove();
        }
        if (!captured.isEmpty()) {
            boolean fault = isFault(response, captured);
            for (LogRecord r : captured) {
                ShimLogBridge.forward(r, fault ? org.slf4j.event.Level.ERROR : org.slf4j.event.Level.DEBUG);
            }
        }
        return response;
    }

    /**
     * The router answers every failure the same way, so the kind is told from what it logged: a
     * contract bug arrives wrapped in {@link ContractRuntimeException} (itself a
     * {@code ChaincodeException}), anything stranger as "Unexpected error".
     */
    private static boolean isFault(Chaincode.Response response, List<LogRecord> captured) {
        if (UNEXPECTED_ERROR.equals(response.getMessage())) {
            return true;
        }
        String marker = ContractRuntimeException.class.getName() + ":";
        for (LogRecord r : captured) {
            if (r.getMessage() != null && r.getMessage().contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** Names of the contracts discovered on the classpath, including the shim's system contract. */
    public Set<String> contractNames() {
        return contractNames;
    }

    public String chaincodeId() {
        return chaincodeId;
    }

    private static InProcessContractRouter create(String chaincodeId) {
        long started = System.nanoTime();
        ShimLogBridge.install();
        ContractRouter router;
        try {
            router = withoutClasspathScan();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("the contract router could not be assembled without the shim's classpath scan ({});"
                    + " using its constructor, which takes seconds", e.toString());
            router = constructQuietly(chaincodeId);
            warnIfTelemetryEnabled(router.getChaincodeConfig());
        }
        quietenShimLevels();

        registerContracts(router);
        MetadataBuilder.initialize(router.getRoutingRegistry(), router.getTypeRegistry());
        InProcessContractRouter created = new InProcessContractRouter(router, chaincodeId);
        LOG.info("contracts running in-process as chaincode '{}' (discovered in {} ms): {}", chaincodeId,
                (System.nanoTime() - started) / 1_000_000, created.contractNames);
        return created;
    }

    /**
     * What {@code ContractRouter.findAllContracts()} does, without its scan of the whole classpath
     * (tens of thousands of classes in the gateway's jar, seconds at every start): contracts are
     * declared as services of {@link ContractInterface} in {@code META-INF/services}, and the
     * shim's system contract is added as the scan would add it. With no declared contract at all,
     * it falls back to the shim's scan.
     */
    static void registerContracts(ContractRouter router) {
        List<Class<? extends ContractInterface>> declared = java.util.ServiceLoader.load(ContractInterface.class)
                .stream().map(java.util.ServiceLoader.Provider::type).collect(java.util.stream.Collectors.toList());
        if (declared.isEmpty()) {
            LOG.warn("no contracts declared in META-INF/services/{}; scanning the whole classpath",
                    ContractInterface.class.getName());
            router.findAllContracts();
            return;
        }
        declared.add(org.hyperledger.fabric.contract.systemcontract.SystemContract.class);
        for (Class<? extends ContractInterface> type : declared) {
            @SuppressWarnings("unchecked")
            Class<ContractInterface> contract = (Class<ContractInterface>) type;
            // As RoutingRegistryImpl.addContracts does after its scan: the contract, then its transactions.
            org.hyperledger.fabric.contract.routing.ContractDefinition definition =
                    router.getRoutingRegistry().addNewContract(contract);
            for (java.lang.reflect.Method m : contract.getMethods()) {
                if (m.getAnnotation(org.hyperledger.fabric.contract.annotation.Transaction.class) != null) {
                    definition.addTxFunction(m);
                }
            }
        }
    }

    /**
     * The router as its constructor builds it, minus what the constructor does besides: a
     * ClassGraph scan of the whole classpath for {@code @Serializer} classes (every jar of the
     * gateway; seconds of CPU, and the ledger cannot open before it ends: 4 to 12 s of a start on
     * two cores), the JVM-wide logging set-up, option parsing and telemetry for a peer connection
     * that never happens here. The one serializer the scan finds, the shim's
     * {@link org.hyperledger.fabric.contract.execution.JSONTransactionSerializer}, is registered
     * as the scan would register it. Tanji's contracts declare no serializer of their own
     * (a test checks that), so the result is the same router.
     *
     * @throws ReflectiveOperationException if the shim's fields are not what this version expects;
     *     the caller then falls back to the constructor
     */
    static ContractRouter withoutClasspathScan() throws ReflectiveOperationException {
        java.lang.reflect.Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        ContractRouter router = (ContractRouter) ((sun.misc.Unsafe) theUnsafe.get(null)).allocateInstance(ContractRouter.class);
        org.hyperledger.fabric.contract.routing.impl.SerializerRegistryImpl serializers =
                new org.hyperledger.fabric.contract.routing.impl.SerializerRegistryImpl();
        java.lang.reflect.Method add = serializers.getClass().getDeclaredMethod("add", String.class,
                org.hyperledger.fabric.contract.annotation.Serializer.TARGET.class, Class.class);
        add.setAccessible(true);
        Class<?> json = org.hyperledger.fabric.contract.execution.JSONTransactionSerializer.class;
        // The scan registers every @Serializer class for TRANSACTION, whatever its annotation says.
        add.invoke(serializers, json.getCanonicalName(), org.hyperledger.fabric.contract.annotation.Serializer.TARGET.TRANSACTION,
                json);
        setField(router, "registry", new org.hyperledger.fabric.contract.routing.impl.RoutingRegistryImpl());
        setField(router, "typeRegistry", org.hyperledger.fabric.contract.routing.TypeRegistry.getRegistry());
        setField(router, "serializers", serializers);
        setField(router, "executor", org.hyperledger.fabric.contract.execution.ExecutionFactory.getInstance()
                .createExecutionService(serializers));
        return router;
    }

    private static void setField(ContractRouter router, String name, Object value) throws ReflectiveOperationException {
        java.lang.reflect.Field field = ContractRouter.class.getDeclaredField(name);
        field.setAccessible(true);
        field.set(router, value);
    }

    /**
     * Starts building the router on a background thread, so that loading the contract classes runs
     * beside the application's own start-up instead of after it.
     */
    public static void warmUp(String chaincodeId) {
        Thread t = new Thread(() -> {
            try {
                instance(chaincodeId);
            } catch (RuntimeException e) {
                LOG.debug("contract router warm-up failed; the ledger will retry and report it", e);
            }
        }, "contract-router-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * {@code ChaincodeBase.initializeLogging()} sets a JVM-wide formatter property, replaces the
     * formatter and level of every root handler and logs to the root logger. None of that is the
     * shim's to change inside an application, so it is put back as it was.
     */
    private static ContractRouter constructQuietly(String chaincodeId) {
        Logger root = Logger.getLogger("");
        Handler[] handlers = root.getHandlers();
        Formatter[] formatters = new Formatter[handlers.length];
        Level[] levels = new Level[handlers.length];
        for (int i = 0; i < handlers.length; i++) {
            formatters[i] = handlers[i].getFormatter();
            levels[i] = handlers[i].getLevel();
        }
        String format = System.getProperty(FORMAT_PROPERTY);
        Filter rootFilter = root.getFilter();
        root.setFilter(r -> !"Updated all handlers the format".equals(r.getMessage())
                && (rootFilter == null || rootFilter.isLoggable(r)));
        try {
            return new ContractRouter(new String[] {"-i", chaincodeId});
        } catch (RuntimeException e) {
            throw new IllegalStateException("the contract router could not be created in-process: " + e.getMessage(), e);
        } finally {
            root.setFilter(rootFilter);
            for (int i = 0; i < handlers.length; i++) {
                if (formatters[i] != null) {
                    handlers[i].setFormatter(formatters[i]);
                }
                if (levels[i] != null) {
                    handlers[i].setLevel(levels[i]);
                }
            }
            if (format == null) {
                System.clearProperty(FORMAT_PROPERTY);
            } else {
                System.setProperty(FORMAT_PROPERTY, format);
            }
        }
    }

    /**
     * The shim set its loggers to INFO (or to its environment variables). INFO there means several
     * lines per transaction, so unless those variables ask otherwise only warnings pass, or more
     * when SLF4J is set to debug for {@code org.hyperledger.fabric}.
     */
    private static void quietenShimLevels() {
        org.slf4j.Logger slf4j = LoggerFactory.getLogger(SHIM_ROOT);
        Level level = slf4j.isTraceEnabled() ? Level.ALL : slf4j.isDebugEnabled() ? Level.INFO : Level.WARNING;
        FABRIC_LOGGER.setLevel(level);
        if (System.getenv(SHIM_LEVEL_ENV) == null) {
            SHIM_LOGGER.setLevel(level);
        }
        if (System.getenv(CHAINCODE_LEVEL_ENV) == null) {
            CONTRACT_LOGGER.setLevel(level);
        }
    }

    private static void warnIfTelemetryEnabled(Properties props) {
        for (String key : new String[] {"CHAINCODE_METRICS_ENABLED", "CHAINCODE_TRACES_ENABLED"}) {
            if (Boolean.parseBoolean(props.getProperty(key))) {
                LOG.warn("a config.props on the classpath sets {}=true; the shim's own telemetry is running in-process", key);
            }
        }
    }

    /**
     * Sends the shim's JUL records to SLF4J directly, so they neither reach the root handlers
     * twice nor depend on a JUL bridge being installed.
     */
    static final class ShimLogBridge extends Handler {
        static final ThreadLocal<List<LogRecord>> CAPTURE = new ThreadLocal<>();
        private static final Formatter MESSAGES = new SimpleFormatter();
        private static ShimLogBridge installed;

        static synchronized void install() {
            if (installed == null) {
                installed = new ShimLogBridge();
                installed.setLevel(Level.ALL);
                FABRIC_LOGGER.addHandler(installed);
                FABRIC_LOGGER.setUseParentHandlers(false);
            }
        }

        @Override
        public void publish(LogRecord record) {
            if (record == null) {
                return;
            }
            List<LogRecord> captured = CAPTURE.get();
            if (captured != null && RESPONSE_UTILS_LOGGER.equals(record.getLoggerName())) {
                captured.add(record);
                return;
            }
            forward(record, map(record.getLevel()));
        }

        static void forward(LogRecord record, org.slf4j.event.Level level) {
            String name = record.getLoggerName() == null ? SHIM_ROOT : record.getLoggerName();
            org.slf4j.Logger log = LoggerFactory.getLogger(name);
            if (log.isEnabledForLevel(level)) {
                log.atLevel(level).setCause(record.getThrown()).log(MESSAGES.formatMessage(record));
            }
        }

        private static org.slf4j.event.Level map(Level level) {
            int v = level.intValue();
            if (v >= Level.SEVERE.intValue()) {
                return org.slf4j.event.Level.ERROR;
            }
            if (v >= Level.WARNING.intValue()) {
                return org.slf4j.event.Level.WARN;
            }
            if (v >= Level.CONFIG.intValue()) {
                return org.slf4j.event.Level.DEBUG;
            }
            return org.slf4j.event.Level.TRACE;
        }

        @Override
        public void flush() {
            // SLF4J owns buffering.
        }

        @Override
        public void close() {
            // Nothing held.
        }
    }
}
