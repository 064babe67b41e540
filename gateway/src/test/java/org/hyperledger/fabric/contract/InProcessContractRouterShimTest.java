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
