package jasyncio.internal.net;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The trust managers behind {@link jasyncio.net.SslContexts}: one that trusts anything (the
 * explicit insecure mode) and a wrapper that makes a host name mismatch say which names the
 * certificate has, next to the one that was expected.
 */
public final class TrustManagers {
    private TrustManagers() {}

    /** Accepts every certificate chain, client or server. */
    public static X509ExtendedTrustManager trustAll() {
        return TrustAll.INSTANCE;
    }

    /**
     * Wraps {@code delegate} so that a certificate refused only because of its names fails with
     * a message naming the expected host and the certificate's names; anything else is
     * {@code delegate}'s decision and message, unchanged.
     */
    public static X509ExtendedTrustManager naming(X509TrustManager delegate) {
        if (!(delegate instanceof X509ExtendedTrustManager x)) {
            throw new IllegalArgumentException("the trust manager must be an X509ExtendedTrustManager: " + delegate);
        }
        return new Naming(x);
    }

    /** The names a certificate is valid for: its DNS and IP subject alternative names, else its subject. */
    public static String namesOf(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2 || type == 7) names.add(String.valueOf(san.get(1))); // dNSName, iPAddress
                }
            }
        } catch (CertificateParsingException e) {
            // fall back to the subject
        }
        return names.isEmpty() ? cert.getSubjectX500Principal().getName() : String.join(", ", names);
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        static final TrustAll INSTANCE = new TrustAll();
        private static final X509Certificate[] NONE = new X509Certificate[0];

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return NONE;
        }
    }

    private static final class Naming extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;

        Naming(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw explain(e, chain, authType, expectedHost(engine));
            }
        }

        /**
         * {@code refused} again if the chain itself is not trusted; else the refusal was about the
         * name, and the new message says which name was expected and which the certificate has.
         */
        private CertificateException explain(CertificateException refused, X509Certificate[] chain, String authType,
                                             String expected) {
            if (expected == null || chain == null || chain.length == 0) return refused;
            try {
                delegate.checkServerTrusted(chain, authType); // no identity check
            } catch (CertificateException chainRefused) {
                return refused;
            }
            return new CertificateException("Hostname mismatch, certificate is not valid for '" + expected
                    + "': it is valid for " + namesOf(chain[0]), refused);
        }

        private static String expectedHost(SSLEngine engine) {
            if (engine == null) return null;
            String algorithm = engine.getSSLParameters().getEndpointIdentificationAlgorithm();
            if (algorithm == null || algorithm.isEmpty()) return null;
            List<SNIServerName> sni = engine.getSSLParameters().getServerNames();
            if (sni != null) {
                for (SNIServerName n : sni) {
                    if (n instanceof SNIHostName h) return h.getAsciiName();
                }
            }
            return engine.getPeerHost();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
