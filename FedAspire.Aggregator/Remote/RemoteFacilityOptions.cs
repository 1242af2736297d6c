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

    /// <summary>True when <paramref name="facilityId"/> is a configured remote facility.</summary>
    public bool IsRemote(string facilityId) => Facilities.ContainsKey(facilityId);
}
