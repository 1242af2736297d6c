namespace FedAspire.Aggregator.Remote;

/// <summary>
/// How a remote facility proves who it is: the SHA-256 (hex) of its API key, so configuration never holds the key itself, and/or a
/// client certificate over HTTPS (mTLS), pinned by its SHA-256 thumbprint or by the certificate authority that issued it. Every
/// credential configured is required: a key alone, a certificate alone (no <see cref="KeySha256"/>), or both.
/// </summary>
public sealed class RemoteFacilityCredential
{
    /// <summary>Lower- or upper-case hex SHA-256 of the UTF-8 API key (e.g. <c>printf %s KEY | sha256sum</c>).</summary>
    public string KeySha256 { get; set; } = "";

    /// <summary>
    /// Hex SHA-256 thumbprint of the one client certificate this facility must present (colons and case ignored; e.g.
    /// <c>openssl x509 -in facility.crt -noout -fingerprint -sha256</c>). Empty = not pinned by thumbprint.
    /// </summary>
    public string CertificateSha256 { get; set; } = "";

    /// <summary>
    /// Path to the certificate (PEM or DER) of the CA that issues this facility's client certificates: any certificate it issued
    /// whose subject common name is the facility id is accepted. Empty = not pinned by issuer.
    /// </summary>
    public string CertificateAuthorityPath { get; set; } = "";

    /// <summary>True when the facility must present a client certificate (a thumbprint or an issuing CA is pinned).</summary>
    public bool RequiresCertificate => !string.IsNullOrWhiteSpace(CertificateSha256) || !string.IsNullOrWhiteSpace(CertificateAuthorityPath);

    /// <summary>True when the facility must send its API key (a key hash is configured, or nothing else identifies it).</summary>
    public bool RequiresKey => !string.IsNullOrWhiteSpace(KeySha256) || !RequiresCertificate;

    /// <summary>
    /// The facility's registered size (<c>DeclaredSamples</c>): the most training samples, calibration windows or evaluation windows
    /// the federation credits it with per claim; 0 = not declared (only the federation's claim limits apply).
    /// </summary>
    public long DeclaredSamples { get; set; }
}
