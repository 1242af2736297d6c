using System.Collections.Concurrent;
using System.Diagnostics;
using FedAspire.Aggregator.Telemetry;
using FedAspire.Core.Federation;

namespace FedAspire.Tests.Federation;

/// <summary>A round is one trace: the aggregator's round span is the ancestor of every participant call and of the published model.</summary>
[Trait("Area", "Federation")]
public sealed class RoundTraceTests
{
    private const string OrleansApplicationSource = "Microsoft.Orleans.Application";

    [Fact]
    public async Task A_round_is_one_trace_from_the_round_span_through_every_participant_to_the_published_model()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is FederationTelemetry.Name or OrleansApplicationSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant();
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"));
        var aggregator = cluster.Aggregator("traced");
        await aggregator.ConfigureAsync(FederationTestCluster.Definition("traced", plant.FacilityIds, quorum: 2));

        var record = await aggregator.RunRoundAsync();

        Assert.Equal(RoundOutcome.Completed, record.Outcome);
        // Other tests run in parallel in this process: keep only this round's trace.
        var round = Assert.Single(stopped, a => a.OperationName == "federation.round" && a.GetTagItem("fedaspire.federation") as string == "traced");
        var trace = stopped.Where(a => a.TraceId == round.TraceId).ToList();
        var bySpan = trace.ToDictionary(a => a.SpanId);

        bool UnderRound(Activity activity)
        {
            for (var current = activity; current is not null; current = bySpan.GetValueOrDefault(current.ParentSpanId))
                if (current.SpanId == round.SpanId) return true;
            return false;
        }

        foreach (var step in new[] { "federation.normalization", "federation.train", "federation.calibrate", "federation.export", "federation.publish", "federation.evaluate" })
            Assert.True(UnderRound(Assert.Single(trace, a => a.OperationName == step)), $"{step} is not inside the round span");

        // Every participant's training call is a span of the same trace under the round, on whichever silo it ran.
        var trainingCalls = trace.Where(a => a.Source.Name == OrleansApplicationSource && a.DisplayName.Contains("TrainAsync", StringComparison.Ordinal)).ToList();
        Assert.True(trainingCalls.Count >= plant.FacilityIds.Count, $"{trainingCalls.Count} training call spans in the round's trace: {string.Join(", ", trace.Select(a => a.DisplayName))}");
        Assert.All(trainingCalls, call => Assert.True(UnderRound(call), $"{call.DisplayName} is outside the round span"));
    }
}
