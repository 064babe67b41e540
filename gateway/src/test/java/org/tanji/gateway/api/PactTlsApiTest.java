package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.tanji.gateway.security.ClientRegistry;
import org.tanji.gateway.security.Role;
import org.tanji.gateway.tls.HttpsServer;

import tools.jackson.databind.JsonNode;

/**
 * The HTTPS port as a partner meets it: the operator's own certificate and key when {@code TANJI_TLS_CERT}
 * and {@code TANJI_TLS_KEY} name them, else the one generated into the data folder; plain HTTP sent to
 * the HTTPS port (the conformance suite's scheme swap) serves nothing; and the token endpoint that the
 * discovery document names issues tokens that PACT accepts.
 */
class PactTlsApiTest extends PactApiTest {

    /** The certificate the HTTPS port presents in a handshake that checks the host name against {@code trusted}. */
    private static X509Certificate presented(int port, X509Certificate trusted) throws Exception {
        SSLContext tls = trustingOnly(trusted);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return (X509Certificate) chain[0];
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void theGeneratedCertificateInTheDataFolderIsTheOneServed() throws Exception {
        X509Certificate generated = readPem(DATA.resolve("tls").resolve("cert.pem"));
        assertThat(presented(httpsServer.port(), generated)).isEqualTo(generated);
    }

    @Test
    void anOperatorsCertificateAndKeyAreServedInsteadOfAGeneratedOne(@TempDir Path data, @TempDir Path operator)
            throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=Operator test certificate " + java.util.UUID.randomUUID());
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofDays(1))), subject, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        // Laid out as PactApiTest.httpsClient expects a data folder's certificate, so that client trusts only this one.
        Path cert = Files.createDirectories(operator.resolve("tls")).resolve("cert.pem");
        Path key = operator.resolve("operator-key.pem");
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));

        try (RunningRegistry registry = RunningRegistry.start(data, "--tanji.tls.port=0", "--tanji.tls.cert=" + cert,
                "--tanji.tls.key=" + key)) {
            int port = registry.bean(HttpsServer.class).port();
            assertThat(presented(port, certificate)).isEqualTo(certificate);
            assertThat(data.resolve("tls")).as("no certificate is generated when the operator gives one").doesNotExist();

            registry.bean(ClientRegistry.class).register("tls-partner", "tls-secret", Role.COMPANY, "AnhuiMSP")
                    .block(Duration.ofSeconds(20));
            var client = httpsClient(operator, "https://127.0.0.1:" + port);
            String token = client.post().uri("/auth/token").headers(h -> h.setBasicAuth("tls-partner", "tls-secret"))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                    .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                    .get("access_token").asString();
            client.get().uri("/3/footprints").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.data").isArray();
        }
    }

    /** Sends {@code request} as plain text to {@code port} and returns what came back before it closed or went quiet. */
    private static String plainTo(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException quietOrReset) {
                // A server that neither answers nor closes serves nothing either.
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void plainHttpSentToTheHttpsPortServesNoDataAndNoToken() throws IOException {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String host = "Host: 127.0.0.1:" + httpsServer.port() + "\r\n";
        String form = "grant_type=client_credentials";
        String basic = Base64.getEncoder().encodeToString((company.id() + ":" + company.secret()).getBytes(StandardCharsets.UTF_8));
        String tokenRequest = "POST /auth/token HTTP/1.1\r\n" + host + "Authorization: Basic " + basic
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                + "\r\nConnection: close\r\n\r\n" + form;
        // The same bytes on the plain HTTP port are a well-formed request that gets a token there, as the README says.
        assertThat(plainTo(Integer.parseInt(environment.getProperty("local.server.port")), tokenRequest))
                .startsWith("HTTP/1.1 200").contains("access_token");
        for (String request : new String[] {
            "GET /3/footprints HTTP/1.1\r\n" + host + "Authorization: Bearer " + company.token() + "\r\nConnection: close\r\n\r\n",
            "GET /3/footprints/" + java.util.UUID.randomUUID() + " HTTP/1.1\r\n" + host + "Authorization: Bearer "
                    + company.token() + "\r\nConnection: close\r\n\r\n",
            "GET /2/footprints HTTP/1.1\r\n" + host + "Authorization: Bearer " + company.token() + "\r\nConnection: close\r\n\r\n",
            "POST /3/events HTTP/1.1\r\n" + host + "Authorization: Bearer " + company.token()
                    + "\r\nContent-Type: application/cloudevents+json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
            tokenRequest}) {
            String answer = plainTo(httpsServer.port(), request);
            String line = request.substring(0, request.indexOf('\r'));
            // Either the handshake fails and the connection closes, or a 4xx says to use HTTPS: never a 2xx.
            assertThat(answer).as(line).doesNotStartWith("HTTP/1.1 2").doesNotContain("\"data\"").doesNotContain("access_token");
            if (answer.startsWith("HTTP/")) {
                assertThat(answer).as(line).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
            }
        }
        // The HTTPS port itself still works for the same client afterwards.
        pactGet(company, "/3/footprints?limit=1");
    }

    @Test
    void theTokenEndpointTheDiscoveryDocumentNamesIssuesTokensPactAccepts() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String endpoint = https.get().uri("/.well-known/openid-configuration").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("token_endpoint").asString();
        assertThat(endpoint).startsWith("https://");
        JsonNode issued = https.post().uri(java.net.URI.create(endpoint)).headers(h -> h.setBasicAuth(company.id(), company.secret()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(issued.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(issued.get("expires_in").asLong()).isPositive();
        https.get().uri("/3/footprints?limit=1").headers(h -> h.setBearerAuth(issued.get("access_token").asString()))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.data").isArray();
        // Client credentials in the form body, the other method the document lists, work too.
        assertThat(https.get().uri("/.well-known/openid-configuration").exchange().expectBody(JsonNode.class).returnResult()
                .getResponseBody().get("token_endpoint_auth_methods_supported").toString()).contains("client_secret_post");
        https.post().uri(java.net.URI.create(endpoint)).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=client_credentials&client_id=" + company.id() + "&client_secret=" + company.secret())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.access_token").isNotEmpty();
    }
}
