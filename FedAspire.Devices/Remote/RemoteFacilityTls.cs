using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FedAspire.Aggregator.Remote;

namespace FedAspire.Devices.Remote;

/// <summary>
/// The remote facility client's side of HTTPS: a handler that presents the facility's client certificate (mTLS) and, when given a
/// server CA, trusts exactly that CA for the server's certificate instead of the machine's store (a private CA, a dev certificate).
/// </summary>
public static class RemoteFacilityTls
{
    /// <summary>A handler presenting <paramref name="clientCertificate"/> (with its private key) and trusting <paramref name="serverAuthority"/>.</summary>
    /// <remarks>With no server CA the system's trust store decides, as for any HTTPS client. The host name is always checked.</remarks>
    public static SocketsHttpHandler CreateHandler(X509Certificate2? clientCertificate, X509Certificate2? serverAuthority)
    {
        var handler = new SocketsHttpHandler();
        if (clientCertificate is not null)
        {
            if (!clientCertificate.HasPrivateKey)
                throw new ArgumentException($"The client certificate '{clientCertificate.Subject}' has no private key; give a PFX or the PEM key file.", nameof(clientCertificate));
            handler.SslOptions.ClientCertificates = [clientCertificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }
        if (serverAuthority is not null)
            // Only the chain verdict is redone (against the given CA); a host name mismatch or a missing certificate still fails.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, sent, errors) =>
                certificate is not null && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                && ChainsTo(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), sent, serverAuthority);
        return handler;
    }

    /// <summary>
    /// Loads a client certificate with its private key: a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>, with <paramref name="password"/>)
    /// or a PEM certificate with its PEM key in <paramref name="keyPath"/> (encrypted when <paramref name="password"/> is given).
    /// </summary>
    public static X509Certificate2 LoadClientCertificate(string path, string? keyPath, string? password)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"client certificate '{Path.GetFullPath(path)}' not found", path);
        if (keyPath is not null)
        {
            if (!File.Exists(keyPath)) throw new FileNotFoundException($"client key '{Path.GetFullPath(keyPath)}' not found", keyPath);
            return string.IsNullOrEmpty(password)
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, password);
    }

    /// <summary>Reads a CA certificate (no private key) from a PEM or DER file.</summary>
    public static X509Certificate2 LoadAuthority(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CA certificate '{Path.GetFullPath(path)}' not found", path);
        return RemoteFacilityCertificates.LoadCertificate(path);
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Chain? sent, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        // Intermediates the server sent help build the path; only the given CA is trusted.
        if (sent is not null)
            foreach (var element in sent.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1")); // server authentication
        return chain.Build(certificate);
    }
}
