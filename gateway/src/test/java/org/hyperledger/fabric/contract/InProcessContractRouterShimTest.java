package org.hyperledger.fabric.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.hyperledger.fabric.contract.metadata.MetadataBuilder;
import org.hyperledger.fabric.contract.routing.RoutingRegistry;
import org.hyperledger.fabric.contract.routing.TypeRegistry;
import org.hyperledger.fabric.shim.ResponseUtils;
import org.junit.jupiter.api.Test;

/**
 * {@link InProcessContractRouter} leans on shim internals that carry no compatibility promise.
 * When a shim upgrade moves one of them, this test says which, instead of leaving a vague
 * compile error or, worse, silently different logging.
 */
class InProcessContractRouterShimTest {
    private static final String UPGRADE = "fabric-chaincode-shim changed: InProcessContractRouter must be updated. ";

    private static boolean packageVisible(int modifiers) {
        return !Modifier.isPrivate(modifiers);
    }

    @Test
    void contractRouterStillHasItsArgumentConstructorAndPackagePrivateDiscovery() throws Exception {
        Constructor<ContractRouter> ctor = ContractRouter.class.getConstructor(String[].class);
        assertThat(Modifier.isPublic(ctor.getModifiers())).as(UPGRADE + "ContractRouter(String[]) is no longer public").isTrue();

        Method find = ContractRouter.class.getDeclaredMethod("findAllContracts");
        assertThat(packageVisible(find.getModifiers())).as(UPGRADE + "findAllContracts() became private").isTrue();
        assertThat(Modifier.isStatic(find.getModifiers())).as(UPGRADE + "findAllContracts() became static").isFalse();

        Method routing = ContractRouter.class.getDeclaredMethod("getRoutingRegistry");
        assertThat(routing.getReturnType()).as(UPGRADE + "getRoutingRegistry() changed").isEqualTo(RoutingRegistry.class);
        assertThat(packageVisible(routing.getModifiers())).as(UPGRADE + "getRoutingRegistry() became private").isTrue();

        Method types = ContractRouter.class.getDeclaredMethod("getTypeRegistry");
        assertThat(types.getReturnType()).as(UPGRADE + "getTypeRegistry() changed").isEqualTo(TypeRegistry.class);
        assertThat(packageVisible(types.getModifiers())).as(UPGRADE + "getTypeRegistry() became private").isTrue();
    }

    @Test
    void metadataBuilderStillInitialisesFromTheRegistries() throws Exception {
        Method init = MetadataBuilder.class.getMethod("initialize", RoutingRegistry.class, TypeRegistry.class);

        assertThat(Modifier.isStatic(init.getModifiers()) && Modifier.isPublic(init.getModifiers()))
                .as(UPGRADE + "MetadataBuilder.initialize(RoutingRegistry, TypeRegistry) is no longer public static")
                .isTrue();
    }

    @Test
    void responseUtilsStillLogsContractFailuresUnderItsClassName() throws Exception {
        Field logger = ResponseUtils.class.getDeclaredField("logger");
        logger.setAccessible(true);

        assertThat(((java.util.logging.Logger) logger.get(null)).getName())
                .as(UPGRADE + "ResponseUtils logs under another name, so contract refusals would be logged as errors")
                .isEqualTo("org.hyperledger.fabric.shim.ResponseUtils");
        assertThat(ContractRuntimeException.class.getSuperclass().getName())
                .as(UPGRADE + "ContractRuntimeException no longer extends ChaincodeException")
                .isEqualTo("org.hyperledger.fabric.shim.ChaincodeException");
    }

    /**
     * The router is assembled without its constructor's classpath scan. It must end up with every
     * field the constructor sets, and with the serializers the scan would have found.
     */
    @Test
    void theAssembledRouterHasEveryFieldAndTheSerializersTheScanFinds() throws Exception {
        ContractRouter router = InProcessContractRouter.withoutClasspathScan();

        for (Field f : ContractRouter.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                assertThat(f.get(router)).as(UPGRADE + "ContractRouter." + f.getName() + " is not set by the assembly").isNotNull();
            }
        }
        Field serializers = ContractRouter.class.getDeclaredField("serializers");
        serializers.setAccessible(true);
        org.hyperledger.fabric.contract.routing.impl.SerializerRegistryImpl scanned =
                new org.hyperledger.fabric.contract.routing.impl.SerializerRegistryImpl();
        scanned.findAndSetContents();
        assertThat(serializerNames(serializers.get(router)))
                .as("serializers on the classpath; a contract that declares its own must be registered by the assembly too")
                .isEqualTo(serializerNames(scanned))
                .isNotEmpty();
    }

    private static java.util.Set<String> serializerNames(Object registry) throws Exception {
        Field contents = registry.getClass().getDeclaredField("contents");
        contents.setAccessible(true);
        return ((java.util.Map<?, ?>) contents.get(registry)).keySet().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void routerDiscoversContractsOnTheClasspathIncludingTheSystemContract() {
        InProcessContractRouter router = InProcessContractRouter.instance("tanji");

        assertThat(router.contractNames()).contains("org.hyperledger.fabric", "embeddedkvtest");
        assertThat(InProcessContractRouter.instance("another-name")).isSameAs(router);
    }

    @Test
    void creatingTheRouterStartsNoServerClientOrExporterThreads() {
        InProcessContractRouter.instance("tanji");

        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(t -> t.getName().toLowerCase(java.util.Locale.ROOT))
                .noneMatch(name -> name.contains("grpc") || name.contains("otel") || name.contains("opentelemetry")
                        || name.contains("netty") || name.contains("span"));
    }
}
