using System.Net;
using System.Net.Http.Json;
using System.Security.Authentication;
using FedAspire.Aggregator.Remote;
using FedAspire.Core.Federation;
using FedAspire.Devices.Remote;
using Microsoft.AspNetCore.Mvc;

namespace FedAspire.Tests.Topology;

/// <summary>Remote facilities over HTTPS with client certificates (mTLS) in a real silo host: who gets in, who is refused and why.</summary>
[Trait("Area", "Topology")]
public sealed class MutualTlsTests(MutualTlsSilo silo) : IClassFixture<MutualTlsSilo>
{
    private static string Work(string facility) => $"federations/tls/remote/{facility}/work?waitSeconds=0";

    [Fact]
    public async Task The_silo_serves_https_only_with_its_configured_certificate()
    {
        Assert.Equal("https", silo.BaseAddress.Scheme);
        using var http = silo.Https(null, MutualTlsSilo.KeyValue);
        using var response = await http.GetAsync(Work(MutualTlsSilo.KeyFacility), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task A_facility_with_a_certificate_from_its_pinned_CA_joins_without_a_key_and_its_update_is_aggregated()
    {
        var ct = TestContext.Current.CancellationToken;
        // Quorum 3 of 3: the round completes only with the certificate facility's update.
        var aggregator = await silo.ConfigureAsync("tls-joins", quorum: 3, deadlineSeconds: 30, remote: MutualTlsSilo.CertificateFacility);
        var (client, http, log) = silo.Client("tls-joins", apiKey: null, RemoteFacilityTls.CreateHandler(silo.ValidClient, silo.Authority), MutualTlsSilo.CertificateFacility);
        using var _ = http;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = client.RunAsync(stop.Token);

        var round = await aggregator.RunRoundAsync();
        await stop.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(20), ct));

        Assert.True(round.Outcome == RoundOutcome.Completed, $"{round.FailureReason}\n{log}");
        var remote = Assert.Single(round.Contributions, c => c.ParticipantId == MutualTlsSilo.CertificateFacility);
        Assert.True(remote.Samples > 1000, $"remote trained on {remote.Samples} windows");
        Assert.Equal(3, round.Contributions.Count);
        Assert.Empty(round.Rejections);
        Assert.Equal(1, client.RoundsAccepted);
    }

    [Fact]
    public async Task No_certificate_one_from_another_CA_and_an_expired_one_get_401_saying_why()
    {
        var ct = TestContext.Current.CancellationToken;
        var facility = MutualTlsSilo.CertificateFacility;
        await AssertProblemAsync(null, facility, HttpStatusCode.Unauthorized, "no client certificate was presented", ct);
        await AssertProblemAsync(silo.OtherCaClient, facility, HttpStatusCode.Unauthorized,
            "the client certificate 'CN=remote-cert' was refused: it is not issued by a pinned certificate authority", ct);
        await AssertProblemAsync(silo.ExpiredClient, facility, HttpStatusCode.Unauthorized,
            $"the client certificate 'CN=remote-cert' was refused: it expired on {silo.ExpiredClient.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z", ct);
        // Another facility's valid certificate is recognised and forbidden; the valid one gets in (no work parked: 204).
        await AssertProblemAsync(silo.SelfSignedClient, facility, HttpStatusCode.Forbidden, "belongs to another facility than 'remote-cert'", ct);
        using var valid = silo.Https(silo.ValidClient);
        using var ok = await valid.GetAsync(Work(facility), ct);
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);

        // The lab's client stops with the authentication exit code on the expired certificate.
        var (client, http, log) = silo.Client("tls", apiKey: null, RemoteFacilityTls.CreateHandler(silo.ExpiredClient, silo.Authority), facility);
        using var _ = http;
        Assert.Equal(RemoteFacilityClient.AuthenticationFailed, await client.RunAsync(ct).WaitAsync(TimeSpan.FromSeconds(20), ct));
        Assert.Contains("401", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("expired", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_still_work_over_https_and_a_facility_pinning_key_and_certificate_needs_both()
    {
        var ct = TestContext.Current.CancellationToken;
        // Key alone: the key is enough and a certificate does not replace it.
        using (var keyed = silo.Https(null, MutualTlsSilo.KeyValue))
        using (var response = await keyed.GetAsync(Work(MutualTlsSilo.KeyFacility), ct))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertProblemAsync(silo.ValidClient, MutualTlsSilo.KeyFacility, HttpStatusCode.Unauthorized, "send the facility's API key", ct);

        // Key and thumbprint-pinned certificate: each alone is refused, and so is any other certificate with the key.
        var both = MutualTlsSilo.BothFacility;
        await AssertProblemAsync(silo.SelfSignedClient, both, HttpStatusCode.Unauthorized, "send the facility's API key", ct);
        await AssertProblemAsync(null, both, HttpStatusCode.Unauthorized, "no client certificate was presented", ct, MutualTlsSilo.BothKey);
        await AssertProblemAsync(silo.ValidClient, both, HttpStatusCode.Forbidden, "the client certificate 'CN=remote-cert' belongs to another facility than 'remote-both'", ct, MutualTlsSilo.BothKey);
        // A self-signed certificate with the facility's name but another key (so another thumbprint) matches no pin.
        using var lookalike = TestCertificates.Client(both, issuer: null);
        await AssertProblemAsync(lookalike, both, HttpStatusCode.Unauthorized, "the client certificate 'CN=remote-both' is not the one pinned for it", ct, MutualTlsSilo.BothKey);
        using var pinned = silo.Https(silo.SelfSignedClient, MutualTlsSilo.BothKey);
        using var ok = await pinned.GetAsync(Work(both), ct);
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
    }

    [Fact]
    public async Task A_client_that_trusts_another_CA_for_the_server_fails_the_TLS_handshake_and_stops()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var http = silo.Https(silo.ValidClient, serverAuthority: silo.OtherAuthority))
        {
            var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(Work(MutualTlsSilo.CertificateFacility), ct));
            Assert.Equal(HttpRequestError.SecureConnectionError, e.HttpRequestError);
            Assert.IsType<AuthenticationException>(e.InnerException);
        }
        var (client, handlerHttp, log) = silo.Client("tls", apiKey: null, RemoteFacilityTls.CreateHandler(silo.ValidClient, silo.OtherAuthority),
            MutualTlsSilo.CertificateFacility);
        using var _ = handlerHttp;
        Assert.Equal(RemoteFacilityClient.AuthenticationFailed, await client.RunAsync(ct).WaitAsync(TimeSpan.FromSeconds(20), ct));
        Assert.Contains("TLS handshake", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_thumbprint_or_a_missing_CA_file_stops_start_up_naming_the_key()
    {
        var thumbprint = new RemoteFacilityOptions { Facilities = { ["a"] = new RemoteFacilityCredential { CertificateSha256 = "abc" } } };
        Assert.StartsWith("FedAspire:Remote:Facilities:a:CertificateSha256 must be 64 hex digits",
            Assert.Throws<InvalidOperationException>(() => RemoteFacilityCertificates.LoadAuthorities(thumbprint)).Message, StringComparison.Ordinal);
        var missing = new RemoteFacilityOptions { Facilities = { ["b"] = new RemoteFacilityCredential { CertificateAuthorityPath = "/nonexistent/ca.pem" } } };
        Assert.Equal("FedAspire:Remote:Facilities:b:CertificateAuthorityPath: '/nonexistent/ca.pem' does not exist.",
            Assert.Throws<InvalidOperationException>(() => RemoteFacilityCertificates.LoadAuthorities(missing)).Message);
        Assert.Equal(Core.Federation.Remote.RemoteKeyStatus.Certificate, RemoteFacilityKeys.Status(missing.Facilities["b"]));
    }

    private async Task AssertProblemAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate, string facility, HttpStatusCode expected,
        string detail, CancellationToken ct, string? apiKey = null)
    {
        using var http = silo.Https(certificate, apiKey);
        using var response = await http.GetAsync(Work(facility), ct);
        Assert.Equal(expected, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(ct);
        Assert.Contains(detail, problem!.Detail, StringComparison.Ordinal);
    }
}
