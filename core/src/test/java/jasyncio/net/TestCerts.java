package jasyncio.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

/**
 * Certificates made at test time with the running JDK's {@code keytool}: a throw-away CA, a
 * server certificate it signed for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, and a
 * self-signed certificate nobody trusts. No private key is committed anywhere; the files live
 * in a temporary directory deleted at once, the keys only in memory. Made once per JVM
 * (four keytool runs, two at a time), then shared.
 */
public final class TestCerts {
    private static final String STOREPASS = "test-only";
    private static final char[] PASSWORD = STOREPASS.toCharArray();
    private static final String SAN = "san=dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1";
    private static volatile TestCerts instance;

    private final KeyStore serverKeys;
    private final KeyStore trust;
    private final Certificate ca;
    private final SSLContext serverContext;
    private final SSLContext untrustedServerContext;
    private final SSLContext clientContext;

    private TestCerts(KeyStore serverKeys, KeyStore trust, KeyStore selfSignedKeys, Certificate ca) {
        this.serverKeys = serverKeys;
        this.trust = trust;
        this.ca = ca;
        this.serverContext = SslContexts.server(serverKeys, PASSWORD);
        this.untrustedServerContext = SslContexts.server(selfSignedKeys, PASSWORD);
        this.clientContext = SslContexts.trusting(trust);
    }

    /** The certificates of this JVM, made on first use. */
    public static TestCerts get() {
        TestCerts c = instance;
        if (c != null) return c;
        synchronized (TestCerts.class) {
            if (instance == null) instance = make();
            return instance;
        }
    }

    /** A server context with the CA-signed certificate for localhost. */
    public SSLContext serverContext() {
        return serverContext;
    }

    /** A server context with a self-signed certificate (for localhost) that no client trusts. */
    public SSLContext untrustedServerContext() {
        return untrustedServerContext;
    }

    /** A client context trusting the test CA. */
    public SSLContext clientContext() {
        return clientContext;
    }

    /** The test CA as a trust store. */
    public KeyStore trustStore() {
        return trust;
    }

    /** The CA-signed server key and chain, protected by {@link #password()}. */
    public KeyStore serverKeyStore() {
        return serverKeys;
    }

    /** The key stores' password. */
    public static char[] password() {
        return PASSWORD.clone();
    }

    /** The test CA's certificate. */
    public Certificate ca() {
        return ca;
    }

    /** Server options: the CA-signed certificate. */
    public TlsOptions server() {
        return TlsOptions.of(serverContext());
    }

    /** Client options: trusting the test CA, checking the host name. */
    public TlsOptions client() {
        return TlsOptions.of(clientContext());
    }

    private static TestCerts make() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jasyncio-certs");
            Path caStore = dir.resolve("ca.p12");
            Path serverStore = dir.resolve("server.p12");
            Path csr = dir.resolve("server.csr");
            Path signed = dir.resolve("server.crt");
            Process a = keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=jasyncio test CA", "-ext", "bc:c", "-validity", "2", "-keystore", caStore.toString());
            Process b = keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", SAN, "-validity", "2", "-keystore", serverStore.toString());
            await(a);
            await(b);
            await(keytool(dir, "-certreq", "-alias", "server", "-keystore", serverStore.toString(),
                    "-file", csr.toString()));
            await(keytool(dir, "-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-infile", csr.toString(),
                    "-outfile", signed.toString(), "-ext", SAN, "-ext", "eku=serverAuth", "-validity", "2", "-rfc"));

            KeyStore caKeys = load(caStore);
            Certificate caCert = caKeys.getCertificate("ca");
            KeyStore server = load(serverStore);
            PrivateKey key = (PrivateKey) server.getKey("server", PASSWORD);
            Certificate selfSigned = server.getCertificate("server");
            Certificate serverCert;
            try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(signed))) {
                serverCert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            }

            KeyStore serverKeys = empty();
            serverKeys.setKeyEntry("server", key, PASSWORD, new Certificate[] {serverCert, caCert});
            KeyStore trust = empty();
            trust.setCertificateEntry("ca", caCert);
            KeyStore selfSignedKeys = empty();
            selfSignedKeys.setKeyEntry("server", key, PASSWORD, new Certificate[] {selfSigned});
            return new TestCerts(serverKeys, trust, selfSignedKeys, caCert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test certificates: " + e, e);
        } finally {
            if (dir != null) deleteTree(dir);
        }
    }

    private static Process keytool(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-XX:-UsePerfData")); // starts faster
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", STOREPASS, "-keypass", STOREPASS, "-noprompt"));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool-" + args[0].substring(1) + "-" + System.nanoTime() + ".log").toFile())
                .start();
    }

    private static void await(Process p) throws Exception {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool did not finish: " + p.info().commandLine().orElse("?"));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed (" + p.exitValue() + "): " + p.info().commandLine().orElse("?"));
        }
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static KeyStore empty() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the OS cleans it up
        }
    }
}
