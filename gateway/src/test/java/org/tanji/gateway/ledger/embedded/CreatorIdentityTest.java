package org.tanji.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.embedded.testcc.KvContract;

class CreatorIdentityTest extends LedgerTestSupport {

    @Test
    void contractSeesCreatorMspCertificateAndFabricCaAttributes() {
        EmbeddedLedger ledger = open();
        LedgerIdentity carol = TestPki.client(ORG2, "carol", "{\"attrs\":{\"tanji.role\":\"certifier\"}}");

        String[] who = evaluate(ledger, carol, "whoami").split("\\|");

        assertThat(who[0]).isEqualTo("Org2MSP");
        assertThat(who[1]).startsWith("x509::").contains("CN=carol").contains("OU=client").contains("CN=ca.org2msp");
        assertThat(who[2]).isEqualTo("certifier");
        assertThat(who[3]).isEqualTo("Org2MSP");
    }

    @Test
    void identityWithoutAttributesHasNoRole() {
        EmbeddedLedger ledger = open();

        assertThat(evaluate(ledger, ALICE, "whoami").split("\\|")[2]).isEmpty();
    }

    @Test
    void certificateFromAnotherCaUsingTheSameMspNameIsRefused() {
        EmbeddedLedger ledger = open();
        long height = ledger.height();
        TestPki.Ca rogue = TestPki.ca("Org1MSP");
        LedgerIdentity mallory = TestPki.client(rogue, "mallory");

        Throwable e = failure(ledger.submit(mallory, KvContract.fn("put"), List.of("k", "v")));

        assertThat(e).isInstanceOf(ChaincodeRejection.class)
                .hasMessageStartingWith("creator certificate is not valid for MSP Org1MSP");
        assertThat(((ChaincodeRejection) e).code()).isEqualTo("ACCESS_DENIED");
        assertThat(ledger.height()).isEqualTo(height);
    }

    @Test
    void unknownMspIsRefused() {
        EmbeddedLedger ledger = open();
        LedgerIdentity stranger = TestPki.client(TestPki.ca("Org9MSP"), "stranger");

        Throwable e = failure(ledger.evaluate(stranger, KvContract.fn("whoami"), List.of()));

        assertThat(((ChaincodeRejection) e).code()).isEqualTo("ACCESS_DENIED");
        assertThat(e).hasMessageStartingWith("creator certificate is not valid for MSP Org9MSP");
    }

    @Test
    void certificateClaimedForAnotherOrganisationIsRefused() {
        EmbeddedLedger ledger = open();
        LedgerIdentity impostor = new LedgerIdentity("Org2MSP", ALICE.certificate(), ALICE.privateKey());

        Throwable e = failure(ledger.evaluate(impostor, KvContract.fn("whoami"), List.of()));

        assertThat(((ChaincodeRejection) e).code()).isEqualTo("ACCESS_DENIED");
    }

    @Test
    void caCertificateCannotActAsAClient() {
        EmbeddedLedger ledger = open();
        LedgerIdentity ca = new LedgerIdentity("Org1MSP", ORG1.certificate(), ORG1.keys().getPrivate());

        Throwable e = failure(ledger.evaluate(ca, KvContract.fn("whoami"), List.of()));

        assertThat(((ChaincodeRejection) e).code()).isEqualTo("ACCESS_DENIED");
    }
}
