namespace FedAspire.Aggregator.Remote;

/// <summary>How a remote facility proves who it is: the SHA-256 (hex) of its API key, so configuration never holds the key itself.</summary>
public sealed class RemoteFacilityCredential
{
    /// <summary>Lower- or upper-case hex SHA-256 of the UTF-8 API key (e.g. <c>printf %s KEY | sha256sum</c>).</summary>
    public string KeySha256 { get; set; } = "";

    /// <summary>
    /// The facility's registered size (<c>DeclaredSamples</c>): the most training samples, calibration windows or evaluation windows
    /// the federation credits it with per claim; 0 = not declared (only the federation's claim limits apply).
    /// </summary>
    public long DeclaredSamples { get; set; }
}
