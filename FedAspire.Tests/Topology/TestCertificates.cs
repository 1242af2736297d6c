using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FedAspire.Tests.Topology;

/// <summary>Certificates made in the test with <see cref="CertificateRequest"/>: CAs, a localhost server certificate, client certificates.</summary>
internal static class TestCertificates
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    /// <summary>A self-signed root CA, valid from 30 days ago for a year.</summary>
    public static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A server certificate for localhost and 127.0.0.1 issued by <paramref name="issuer"/>.</summary>
    public static X509Certificate2 Server(X509Certificate2 issuer)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        return Issue("localhost", issuer, ServerAuth, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), names.Build());
    }

    /// <summary>A client certificate with common name <paramref name="name"/> issued by <paramref name="issuer"/> (self-signed when null).</summary>
    public static X509Certificate2 Client(string name, X509Certificate2? issuer, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        Issue(name, issuer, ClientAuth, notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30), null);

    /// <summary>Writes <paramref name="certificate"/> as PEM (no key) to <paramref name="path"/>.</summary>
    public static string WritePem(X509Certificate2 certificate, string path)
    {
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    /// <summary>Writes <paramref name="certificate"/> with its key as a password-protected PKCS#12 file.</summary>
    public static string WritePfx(X509Certificate2 certificate, string path, string password)
    {
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    private static X509Certificate2 Issue(string name, X509Certificate2? issuer, Oid usage, DateTimeOffset notBefore, DateTimeOffset notAfter, X509Extension? names)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], critical: false));
        if (names is not null) request.CertificateExtensions.Add(names);
        if (issuer is null) return request.CreateSelfSigned(notBefore, notAfter);
        // An issued certificate's validity must lie within its issuer's.
        if (notBefore < issuer.NotBefore) notBefore = issuer.NotBefore;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(issuer, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }
}
