using System.Security.Cryptography.X509Certificates;

namespace FedAspire.Aggregator.Remote;

/// <summary>The issuing CA each remote facility pins (<c>CertificateAuthorityPath</c>), loaded once at start-up.</summary>
/// <param name="ByFacility">Facility id -> its CA certificate; facilities without a pinned CA are absent.</param>
public sealed record RemoteFacilityAuthorities(IReadOnlyDictionary<string, X509Certificate2> ByFacility);
