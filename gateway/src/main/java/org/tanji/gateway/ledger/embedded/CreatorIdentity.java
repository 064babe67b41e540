package org.tanji.gateway.ledger.embedded;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

import org.hyperledger.fabric.protos.msp.SerializedIdentity;

import com.google.protobuf.ByteString;

/**
 * A verified creator in the two forms the ledger needs: the serialized {@code msp.SerializedIdentity}
 * protobuf that {@code ClientIdentity} parses from {@code stub.getCreator()}, and the PEM bytes the
 * block log records.
 */
record CreatorIdentity(String mspId, X509Certificate certificate, byte[] pem, byte[] serialized) {

    static CreatorIdentity of(String mspId, X509Certificate certificate) {
        byte[] pem = pem(certificate);
        byte[] serialized = SerializedIdentity.newBuilder()
                .setMspid(mspId)
                .setIdBytes(ByteString.copyFrom(pem))
                .build()
                .toByteArray();
        return new CreatorIdentity(mspId, certificate, pem, serialized);
    }

    static byte[] pem(X509Certificate certificate) {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return ("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }
}
