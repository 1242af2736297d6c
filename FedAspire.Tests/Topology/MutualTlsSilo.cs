using System.Security.Cryptography.X509Certificates;
using FedAspire.Aggregator.Remote;
using FedAspire.Devices.Remote;

namespace FedAspire.Tests.Topology;

/// <summary>
/// <see cref="RemoteFacilitySilo"/> served over HTTPS only (a localhost certificate from a test CA, loaded by Kestrel from a PFX
/// named in configuration), with three remote facilities: one pinned by its issuing CA (certificate alone), one with a key alone,
/// and one that needs both its key and a self-signed certificate pinned by thumbprint. Every certificate is made in the test.
/// </summary>
public sealed class MutualTlsSilo : RemoteFacilitySilo
{
    public const string CertificateFacility = "remote-cert";
    public const string KeyFacility = "remote-key";
    public const string KeyValue = "key-of-remote-key";
    public const string BothFacility = "remote-both";
    public const string BothKey = "key-of-remote-both";

    /// <summary>The CA that issues the server's and <see cref="CertificateFacility"/>'s certificates.</summary>
    public X509Certificate2 Authority { get; } = TestCertificates.Authority("FedAspire Test CA");

    /// <summary>Another CA, trusted by nobody here.</summary>
    public X509Certificate2 OtherAuthority { get; } = TestCertificates.Authority("Some Other CA");

    public X509Certificate2 ValidClient { get; }

    public X509Certificate2 OtherCaClient { get; }

    public X509Certificate2 ExpiredClient { get; }

    /// <summary><see cref="BothFacility"/>'s self-signed certificate, pinned by its SHA-256 thumbprint.</summary>
    public X509Certificate2 SelfSignedClient { get; } = TestCertificates.Client(BothFacility, issuer: null);

    public MutualTlsSilo()
    {
        ValidClient = TestCertificates.Client(CertificateFacility, Authority);
        OtherCaClient = TestCertificates.Client(CertificateFacility, OtherAuthority);
        ExpiredClient = TestCertificates.Client(CertificateFacility, Authority, DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddHours(-1));
    }

    /// <summary>An HTTPS client that trusts the test CA for the server and presents <paramref name="certificate"/> (none when null).</summary>
    public HttpClient Https(X509Certificate2? certificate, string? apiKey = null, X509Certificate2? serverAuthority = null)
    {
        var http = new HttpClient(RemoteFacilityTls.CreateHandler(certificate, serverAuthority ?? Authority)) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    protected override Dictionary<string, string?> Settings(string directory)
    {
        const string password = "server-pfx-password";
        var settings = base.Settings(directory);
        settings["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0";
        settings["Kestrel:Endpoints:Https:Certificate:Path"] = TestCertificates.WritePfx(TestCertificates.Server(Authority), Path.Combine(directory, "server.pfx"), password);
        settings["Kestrel:Endpoints:Https:Certificate:Password"] = password;
        settings[$"FedAspire:Remote:Facilities:{CertificateFacility}:CertificateAuthorityPath"] = TestCertificates.WritePem(Authority, Path.Combine(directory, "facility-ca.pem"));
        settings[$"FedAspire:Remote:Facilities:{KeyFacility}:KeySha256"] = RemoteFacilityKeys.Hash(KeyValue);
        settings[$"FedAspire:Remote:Facilities:{BothFacility}:KeySha256"] = RemoteFacilityKeys.Hash(BothKey);
        // Upper case with colons, as openssl prints it.
        settings[$"FedAspire:Remote:Facilities:{BothFacility}:CertificateSha256"] =
            string.Join(':', Convert.FromHexString(RemoteFacilityCertificates.Thumbprint(SelfSignedClient)).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        return settings;
    }
}
