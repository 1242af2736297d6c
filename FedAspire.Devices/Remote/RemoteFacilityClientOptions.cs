namespace FedAspire.Devices.Remote;

/// <summary>Where and as whom the remote facility client joins, and how it polls.</summary>
/// <param name="FederationUrl">Base address of the silo's federation API, e.g. <c>https://fed.example.org/</c>.</param>
/// <param name="Federation">Federation name.</param>
/// <param name="Facility">This facility's id, as configured on the server.</param>
/// <param name="ApiKey">This facility's API key (sent as a bearer token; only its SHA-256 is configured on the server); null when it
/// authenticates with a client certificate alone (the <see cref="HttpClient"/>'s handler presents it, see <see cref="RemoteFacilityTls"/>).</param>
/// <param name="WaitSeconds">Long-poll wait per request.</param>
/// <param name="Rounds">Stop after this many training results were delivered; 0 runs until cancelled.</param>
/// <param name="MaxBackoff">Longest pause between retries after transient errors.</param>
public sealed record RemoteFacilityClientOptions(
    Uri FederationUrl,
    string Federation,
    string Facility,
    string? ApiKey,
    double WaitSeconds = 20,
    int Rounds = 0,
    TimeSpan? MaxBackoff = null);
