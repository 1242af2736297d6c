using System.Security.Cryptography.X509Certificates;

namespace FedAspire.Aggregator.Remote;

/// <summary>Remote facilities allowed to join over the federation API, bound from <c>FedAspire:Remote</c>.</summary>
public sealed class RemoteFacilityOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FedAspire:Remote";

    /// <summary>Remote facility id -> its credential (<c>FedAspire:Remote:Facilities:&lt;id&gt;:KeySha256</c>).</summary>
    public Dictionary<string, RemoteFacilityCredential> Facilities { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Largest accepted result body; larger posts get 413.</summary>
    public long MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Longest a work poll waits for an instruction before answering 204 (kept below the Orleans call timeout).</summary>
    public double LongPollSeconds { get; set; } = 20;

    /// <summary>How long parked work waits for the remote client's answer; the aggregator's own deadline usually ends it first.</summary>
    public double WorkTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// Revocation check of client certificates (<c>NoCheck</c>, <c>Online</c>, <c>Offline</c>). NoCheck by default: private CAs
    /// for a handful of plants rarely publish CRLs; revoke a facility by removing its pin (or its CA) instead.
    /// </summary>
    public X509RevocationMode CertificateRevocation { get; set; } = X509RevocationMode.NoCheck;

    /// <summary>True when some facility must present a client certificate.</summary>
    public bool AnyRequiresCertificate => Facilities.Values.Any(c => c.RequiresCertificate);

    /// <summary>True when <paramref name="facilityId"/> is a configured remote facility.</summary>
    public bool IsRemote(string facilityId) => Facilities.ContainsKey(facilityId);
}
