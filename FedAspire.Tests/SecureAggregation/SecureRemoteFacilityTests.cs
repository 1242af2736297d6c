using FedAspire.Core.Federation;
using FedAspire.Tests.Topology;
using static FedAspire.Tests.SecureAggregation.SecureAggregationTestData;

namespace FedAspire.Tests.SecureAggregation;

/// <summary>A remote facility taking part in secure rounds over the authenticated remote facility API, beside two in-silo facilities.</summary>
[Trait("Area", "SecureAggregation")]
public sealed class SecureRemoteFacilityTests(RemoteFacilitySilo silo) : IClassFixture<RemoteFacilitySilo>
{
    [Fact]
    public async Task A_remote_facility_runs_the_four_secure_steps_over_HTTP_and_the_model_is_plain_FedAvg_s_within_the_bound()
    {
        var plain = await RoundWithRemoteAsync("remote-plain", secure: null);
        var secure = await RoundWithRemoteAsync("remote-secure", new SecureAggregationSettings { Enabled = true });

        Assert.True(plain.Record.Outcome == RoundOutcome.Completed, $"{plain.Record.FailureReason}\n{plain.Log}");
        Assert.True(secure.Record.Outcome == RoundOutcome.Completed, $"{secure.Record.FailureReason}\n{secure.Log}");
        var report = secure.Record.SecureAggregation!;
        Assert.Equal([.. silo.Data.FacilityIds, RemoteFacilitySilo.RemoteId], report.Contributors);
        Assert.Empty(report.Dropped);
        Assert.Equal(3, report.Threshold);
        Assert.Empty(secure.Record.Rejections);
        Assert.Equal(plain.Record.Contributions.Select(c => (c.ParticipantId, c.Samples)), secure.Record.Contributions.Select(c => (c.ParticipantId, c.Samples)));
        // The remote client answered every step, each accepted by the API.
        foreach (var step in new[] { "SecureTrain", "ShareKeys", "MaskInput", "Unmask" })
            Assert.Matches($"round +1  {step} .* accepted", secure.Log);
        Assert.DoesNotContain("refused here", secure.Log, StringComparison.Ordinal);

        var ct = TestContext.Current.CancellationToken;
        var plainModel = (await silo.Registry.GetLatestAsync("remote-plain", ct))!.Parameters;
        var secureModel = (await silo.Registry.GetLatestAsync("remote-secure", ct))!.Parameters;
        double worst = MaxDifferenceBeyondRounding(secureModel, plainModel);
        Assert.True(worst <= report.ErrorBound, $"secure and plain FedAvg differ by {worst} beyond float rounding; the bound is {report.ErrorBound}");
    }

    private async Task<(RoundRecord Record, string Log)> RoundWithRemoteAsync(string federation, SecureAggregationSettings? secure)
    {
        var ct = TestContext.Current.CancellationToken;
        // Quorum 3 of 3: no round completes without the remote facility.
        var aggregator = await silo.ConfigureAsync(federation, quorum: 3, deadlineSeconds: 30, secure: secure);
        var (client, http, log) = silo.Client(federation, RemoteFacilitySilo.RemoteKey);
        using var _ = http;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = client.RunAsync(stop.Token);
        var record = await aggregator.RunRoundAsync();
        await stop.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(20), ct));
        Assert.Equal((1, 0), (client.RoundsAccepted, client.ResultsRefused));
        return (record, log.ToString());
    }
}
