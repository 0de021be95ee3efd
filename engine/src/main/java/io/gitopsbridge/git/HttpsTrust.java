package io.gitopsbridge.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;

/**
 * Trust in a private CA for one session's HTTPS connections to one server. The factory is set on that session's
 * transports only, never as JGit's JVM-wide default: a CA one job supplies must not be trusted for another job's
 * connections, and a redirect to another origin keeps the JVM's trust store.
 */
final class HttpsTrust {
    private HttpsTrust() {}

    /**
     * A connection factory trusting exactly the certificates in {@code pem} for the server of {@code url}.
     *
     * @throws IllegalArgumentException if the text holds no PEM certificate
     */
    static HttpConnectionFactory trusting(String url, String pem) {
        TrustManager[] trust;
        String origin;
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> certificates =
                    x509.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("The CA certificate for " + Remotes.safe(url) + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            trust = factory.getTrustManagers();
            origin = origin(new URL(url));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("The CA certificate for " + Remotes.safe(url) + " is not a PEM certificate: "
                    + e.getMessage(), e);
        }
        HttpConnectionFactory delegate = HttpTransport.getConnectionFactory();
        return new HttpConnectionFactory2() {
            @Override
            public HttpConnection create(URL u) throws IOException {
                return delegate.create(u);
            }

            @Override
            public HttpConnection create(URL u, Proxy proxy) throws IOException {
                return delegate.create(u, proxy);
            }

            @Override
            public HttpConnectionFactory2.GitSession newSession() {
                HttpConnectionFactory2.GitSession inner = delegate instanceof HttpConnectionFactory2 f ? f.newSession() : null;
                return new HttpConnectionFactory2.GitSession() {
                    @Override
                    public HttpConnection configure(HttpConnection connection, boolean sslVerify)
                            throws IOException, GeneralSecurityException {
                        if (sslVerify && origin.equals(origin(connection.getURL()))) {
                            connection.configure(null, trust, null);
                            return connection;
                        }
                        return inner == null ? connection : inner.configure(connection, sslVerify);
                    }

                    @Override
                    public void close() {
                        if (inner != null) {
                            inner.close();
                        }
                    }
                };
            }
        };
    }

    private static String origin(URL url) {
        int port = url.getPort() < 0 ? url.getDefaultPort() : url.getPort();
        return url.getProtocol() + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
