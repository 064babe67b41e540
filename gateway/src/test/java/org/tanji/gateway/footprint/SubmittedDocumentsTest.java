package org.tanji.gateway.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

class SubmittedDocumentsTest {

    private static ObjectNode doc(int i) {
        return JsonNodeFactory.instance.objectNode().put("id", "pf-" + i);
    }

    @Test
    void anOfferedDocumentIsTakenOnce() {
        SubmittedDocuments submitted = new SubmittedDocuments();
        ObjectNode tree = doc(1);
        submitted.offer("sha256:1", tree);

        assertThat(submitted.take("sha256:2")).isEmpty();
        assertThat(submitted.take("sha256:1")).containsSame(tree);
        assertThat(submitted.take("sha256:1")).as("taken already").isEmpty();
        assertThat(submitted.size()).isZero();
    }

    @Test
    void aWithdrawnDocumentIsNotTaken() {
        SubmittedDocuments submitted = new SubmittedDocuments();
        submitted.offer("sha256:1", doc(1));
        submitted.withdraw("sha256:1");

        assertThat(submitted.take("sha256:1")).isEmpty();
        assertThat(submitted.size()).isZero();
    }

    @Test
    void documentsNobodyTakesAreDroppedOldestFirstBeyondTheCapacity() {
        SubmittedDocuments submitted = new SubmittedDocuments();
        for (int i = 0; i < SubmittedDocuments.CAPACITY + 10; i++) {
            submitted.offer("sha256:" + i, doc(i));
        }

        assertThat(submitted.size()).isEqualTo(SubmittedDocuments.CAPACITY);
        assertThat(submitted.take("sha256:9")).as("among the oldest, dropped").isEmpty();
        assertThat(submitted.take("sha256:10")).isPresent();
        assertThat(submitted.take("sha256:" + (SubmittedDocuments.CAPACITY + 9))).isPresent();
    }
}
