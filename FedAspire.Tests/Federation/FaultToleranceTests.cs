using FedAspire.Core.Federation;

namespace FedAspire.Tests.Federation;

[Trait("Area", "Federation")]
public sealed class FaultToleranceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_throwing_and_a_hanging_participant_do_not_stop_a_round_with_quorum_and_a_missed_quorum_keeps_the_old_version()
    {
        using var dir = new TempDirectory();
        var data = new ScriptedFacilityDataSource(FederationTestCluster.SmallPlant(facilities: 4));
        data.Throwing.Add("facility-03");
        data.Hanging.Add("facility-04");
        await using var cluster = await FederationTestCluster.StartAsync(data, dir.Sub("registry"));
        try
        {
            var aggregator = cluster.Aggregator("faults");
            var definition = FederationTestCluster.Definition("faults", data.FacilityIds, quorum: 2, deadlineSeconds: 1.5);
            await aggregator.ConfigureAsync(definition);

            var round = await aggregator.RunRoundAsync();

            Assert.Equal(RoundOutcome.Completed, round.Outcome);
            Assert.Equal(1, round.Version);
            Assert.Equal(["facility-01", "facility-02"], round.Contributions.Select(c => c.ParticipantId));
            var failure = Assert.Single(round.Failures);
            Assert.Equal("facility-03", failure.ParticipantId);
            Assert.Contains("scripted failure", failure.Error);
            var late = Assert.Single(round.Rejections);
            Assert.Equal(("facility-04", RejectionReason.Late), (late.ParticipantId, late.Reason));

            await aggregator.ConfigureAsync(definition with { Schedule = definition.Schedule with { Quorum = 3 } });
            var failed = await aggregator.RunRoundAsync();

            Assert.Equal(RoundOutcome.Failed, failed.Outcome);
            Assert.Contains("quorum", failed.FailureReason);
            Assert.Equal((1L, 1L), (failed.BaseVersion, failed.Version));
            var status = await aggregator.GetStatusAsync();
            Assert.Equal((2L, 1L, 1L, 1L), (status.Round, status.Version, status.RoundsCompleted, status.RoundsFailed));
            Assert.Equal((2L, 2L), (status.UpdatesRejected, status.ParticipantFailures));
            Assert.Equal(1, (await cluster.Registry.GetLatestAsync("faults", Ct))!.Version);
            Assert.Equal([RoundOutcome.Completed, RoundOutcome.Failed], (await cluster.Registry.ListRoundsAsync("faults", Ct)).Select(r => r.Outcome));
        }
        finally
        {
            data.Release.TrySetResult();
        }
    }
}
