using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Tests.Federation;

/// <summary>Buffered asynchronous aggregation (FedBuff) through the aggregator grain: check out, train on a facility grain, report.</summary>
[Trait("Area", "Federation")]
public sealed class BufferedAggregationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FederationDefinition Buffered(IReadOnlyList<string> participants, BufferedAsyncOptions options) =>
        FederationTestCluster.Definition("async", participants, quorum: 1) with { Buffered = options };

    /// <summary>One silo with three facility grains and the buffered federation "async" configured with <paramref name="options"/>.</summary>
    private static async Task<(FederationTestCluster Cluster, IAggregatorGrain Aggregator, IReadOnlyList<string> Ids)> StartAsync(TempDirectory dir, BufferedAsyncOptions options)
    {
        var plant = FederationTestCluster.SmallPlant();
        var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), silos: 1);
        var aggregator = cluster.Aggregator("async");
        await aggregator.ConfigureAsync(Buffered(plant.FacilityIds, options));
        return (cluster, aggregator, plant.FacilityIds);
    }

    [Fact]
    public async Task Every_K_reports_publish_a_version_that_is_the_staleness_weighted_step_of_the_deltas()
    {
        using var dir = new TempDirectory();
        var (cluster, aggregator, ids) = await StartAsync(dir, new BufferedAsyncOptions { BufferSize = 2, ServerLearningRate = 0.5f });
        await using var _ = cluster;
        async Task<ParticipantUpdate> TrainAsync(RoundInstruction instruction, string id) =>
            await cluster.Client.GetGrain<IFacilityGrain>(id).TrainAsync(instruction, Ct);

        // Facilities 0 and 1 train from version 0; facility 2 too, but reports only after the first step (tau = 1).
        var a = await aggregator.CheckOutAsync(ids[0]);
        var b = await aggregator.CheckOutAsync(ids[1]);
        var c = await aggregator.CheckOutAsync(ids[2]);
        Assert.Equal(0, a.GlobalVersion);
        Assert.Equal(3, new[] { a.RoundId, b.RoundId, c.RoundId }.Distinct().Count());
        var (ua, ub, uc) = (await TrainAsync(a, ids[0]), await TrainAsync(b, ids[1]), await TrainAsync(c, ids[2]));

        var first = await aggregator.ReportAsync(ua);
        Assert.True(first.Accepted);
        Assert.Null(first.Step);
        Assert.Equal(1, first.Buffered);
        var second = await aggregator.ReportAsync(ub);
        var step = Assert.IsType<RoundRecord>(second.Step);
        Assert.Equal(RoundOutcome.Completed, step.Outcome);
        Assert.Equal((0L, 1L), (step.BaseVersion, step.Version));
        Assert.Equal(new BufferedStep(1, 2, ua.SampleCount + ub.SampleCount, 0, 0), step.Buffered);
        Assert.Equal([ids[0], ids[1]], step.Contributions.Select(x => x.ParticipantId));
        Assert.Equal(3, step.Evaluation!.Participants);   // every participant scores the version, not only the two contributors

        // w1 = w0 + 0.5 * ((ua - w0) + (ub - w0)) / 2
        var w0 = a.GlobalParameters;
        var v1 = (await cluster.Registry.GetLatestAsync("async", Ct))!;
        Assert.Equal(1, v1.Version);
        Assert.Equal("fedbuff", v1.Strategy);
        for (int i = 0; i < w0.Length; i++)
            Assert.Equal(w0[i] + 0.5f * ((ua.Parameters[i] - w0[i]) + (ub.Parameters[i] - w0[i])) / 2, v1.Parameters[i], 1e-5f);

        // Facility 2's update is one version stale (s = 1/sqrt 2); facility 0 trains from version 1.
        var stale = await aggregator.ReportAsync(uc);
        Assert.True(stale.Accepted);
        Assert.Equal(1, stale.Staleness);
        Assert.Equal(1 / Math.Sqrt(2), stale.Weight, 12);
        var d = await aggregator.CheckOutAsync(ids[0]);
        Assert.Equal(1, d.GlobalVersion);
        Assert.Equal(v1.Parameters, d.GlobalParameters);
        var ud = await TrainAsync(d, ids[0]);
        var third = (await aggregator.ReportAsync(ud)).Step!;
        Assert.Equal(0.5, third.Buffered!.MeanStaleness);
        var w1 = v1.Parameters;
        var v2 = (await cluster.Registry.GetLatestAsync("async", Ct))!;
        float s = (float)(1 / Math.Sqrt(2));
        for (int i = 0; i < w1.Length; i++)
            Assert.Equal(w1[i] + 0.5f * (s * (uc.Parameters[i] - w0[i]) + (ud.Parameters[i] - w1[i])) / 2, v2.Parameters[i], 1e-5f);
        var status = await aggregator.GetStatusAsync();
        Assert.Equal((2L, 2L, 4L), (status.Version, status.RoundsCompleted, status.UpdatesAccepted));
    }

    [Fact]
    public async Task Unknown_repeated_stale_and_malformed_reports_are_rejected_with_reasons_and_recorded_with_the_next_step()
    {
        using var dir = new TempDirectory();
        var (cluster, aggregator, ids) = await StartAsync(dir, new BufferedAsyncOptions { BufferSize = 1, MaxStaleness = 0 });
        await using var _ = cluster;
        var facility = cluster.Client.GetGrain<IFacilityGrain>(ids[0]);

        var old = await aggregator.CheckOutAsync(ids[1]);
        var oldUpdate = await cluster.Client.GetGrain<IFacilityGrain>(ids[1]).TrainAsync(old, Ct);
        var job = await aggregator.CheckOutAsync(ids[0]);
        var update = await facility.TrainAsync(job, Ct);
        Assert.NotNull((await aggregator.ReportAsync(update)).Step);   // K = 1: version 1

        var twice = await aggregator.ReportAsync(update);
        Assert.Equal(RejectionReason.WrongRound, twice.Rejection!.Reason);
        var impostor = await aggregator.CheckOutAsync(ids[2]);
        Assert.Equal(RejectionReason.WrongRound, (await aggregator.ReportAsync(update with { RoundId = impostor.RoundId })).Rejection!.Reason);
        var stale = await aggregator.ReportAsync(oldUpdate);
        Assert.Equal(RejectionReason.Stale, stale.Rejection!.Reason);
        Assert.Equal(1, stale.Staleness);
        var next = await aggregator.CheckOutAsync(ids[0]);
        Assert.Equal(RejectionReason.WrongLength, (await aggregator.ReportAsync(update with { RoundId = next.RoundId, Parameters = [1f] })).Rejection!.Reason);
        var nan = (float[])next.GlobalParameters.Clone();
        nan[3] = float.NaN;
        var again = await aggregator.CheckOutAsync(ids[0]);
        Assert.Equal(RejectionReason.NonFinite, (await aggregator.ReportAsync(update with { RoundId = again.RoundId, Parameters = nan })).Rejection!.Reason);

        var good = await aggregator.CheckOutAsync(ids[0]);
        var record = (await aggregator.ReportAsync(await facility.TrainAsync(good, Ct))).Step!;
        Assert.Equal([RejectionReason.WrongRound, RejectionReason.WrongRound, RejectionReason.Stale, RejectionReason.WrongLength, RejectionReason.NonFinite],
            record.Rejections.Select(r => r.Reason));
        Assert.Equal(5, (await aggregator.GetStatusAsync()).UpdatesRejected);
    }

    [Fact]
    public async Task A_buffered_federation_has_no_rounds_and_a_synchronous_one_takes_no_reports()
    {
        using var dir = new TempDirectory();
        var (cluster, buffered, ids) = await StartAsync(dir, new BufferedAsyncOptions());
        await using var _ = cluster;
        Assert.Contains("buffered", (await Assert.ThrowsAsync<InvalidOperationException>(() => buffered.RunRoundAsync())).Message);
        await Assert.ThrowsAsync<ArgumentException>(() => buffered.CheckOutAsync("stranger"));

        var synchronous = cluster.Aggregator("sync");
        await synchronous.ConfigureAsync(FederationTestCluster.Definition("sync", ids, quorum: 1));
        Assert.Contains("synchronous", (await Assert.ThrowsAsync<InvalidOperationException>(() => synchronous.CheckOutAsync(ids[0]))).Message);

        var bad = Buffered(ids, new BufferedAsyncOptions { BufferSize = 0 }) with { Name = "bad" };
        Assert.Contains("BufferSize", (await Assert.ThrowsAsync<ArgumentException>(() => cluster.Aggregator("bad").ConfigureAsync(bad))).Message);
    }

    [Fact]
    public async Task Facilities_in_their_own_loops_report_at_their_pace_and_every_K_reports_publish_a_version()
    {
        using var dir = new TempDirectory();
        var (cluster, aggregator, ids) = await StartAsync(dir, new BufferedAsyncOptions { BufferSize = 2 });
        await using var _ = cluster;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var loops = ids.Select(id => Devices.Federation.BufferedParticipation.RunAsync(cluster.Client, aggregator, id, TimeSpan.Zero,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, stop.Token)).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await aggregator.GetStatusAsync()).Version < 3 && DateTime.UtcNow < deadline) await Task.Delay(50, Ct);
        await stop.CancelAsync();
        await Task.WhenAll(loops);   // the loops end on cancellation, without throwing

        var status = await aggregator.GetStatusAsync();
        Assert.True(status.Version >= 3, $"version {status.Version} after 60 s");
        var steps = await cluster.Registry.ListRoundsAsync("async", Ct);
        Assert.All(steps, r => Assert.Equal((RoundOutcome.Completed, 2), (r.Outcome, r.Contributions.Count)));
        Assert.All(steps, r => Assert.NotNull(r.Buffered));
        Assert.Equal(Enumerable.Range(1, steps.Count).Select(v => (long)v), steps.Select(r => r.Version));
    }
}
