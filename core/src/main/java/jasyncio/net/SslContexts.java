package jasyncio.net;

import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import jasyncio.internal.net.TrustManagers;

/**
 * Ready-made {@link SSLContext}s for {@link TlsOptions}: the JDK's trust store, a private one,
 * a server's key store, and the explicitly insecure one. Any {@code SSLContext} works with
 * jasyncio; these add one thing, a host name mismatch that names both the expected host and
 * the certificate's names. Contexts are thread-safe and meant to be shared.
 *
 * @throws IllegalArgumentException (every factory) when the key or trust store cannot be used
 */
public final class SslContexts {
    private SslContexts() {}

    private static final class Holder {
        static final SSLContext SYSTEM = build(null, null, null);
        static final SSLContext INSECURE = withTrust(TrustManagers.trustAll());
    }

    /** The JDK's default trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore}); no client certificate. */
    public static SSLContext system() {
        return Holder.SYSTEM;
    }

    /**
     * A context that trusts every certificate: no verification. Only with
     * {@link TlsOptions#insecure()}, which also turns the host name check off; see there.
     */
    public static SSLContext insecure() {
        return Holder.INSECURE;
    }

    /** A client context trusting the certificates (CAs or self-signed peers) in {@code trustStore}. */
    public static SSLContext trusting(KeyStore trustStore) {
        if (trustStore == null) throw new NullPointerException("trustStore");
        return build(null, null, trustStore);
    }

    /**
     * A server context presenting the key and certificate chain in {@code keyStore} (PKCS#12 or
     * JKS, one key entry protected by {@code password}); client certificates, if asked for with
     * {@link TlsOptions#withParameters}, are checked against the JDK's default trust store.
     */
    public static SSLContext server(KeyStore keyStore, char[] password) {
        if (keyStore == null) throw new NullPointerException("keyStore");
        return build(keyStore, password, null);
    }

    /**
     * A context with both sides' material, for mutual TLS: the key in {@code keyStore} (null for
     * none) and the peers trusted by {@code trustStore} (null for the JDK's default).
     */
    public static SSLContext of(KeyStore keyStore, char[] password, KeyStore trustStore) {
        return build(keyStore, password, trustStore);
    }

    private static SSLContext build(KeyStore keyStore, char[] password, KeyStore trustStore) {
        try {
            KeyManager[] keys = null;
            if (keyStore != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore, password);
                keys = kmf.getKeyManagers();
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore); // null: the JDK's default trust store
            TrustManager[] trust = tmf.getTrustManagers();
            for (int i = 0; i < trust.length; i++) {
                if (trust[i] instanceof X509TrustManager x) trust[i] = TrustManagers.naming(x);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot make an SSLContext: " + e.getMessage(), e);
        }
    }

    private static SSLContext withTrust(TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an SSLContext: " + e.getMessage(), e);
        }
    }
}
