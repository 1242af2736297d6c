using FedAspire.Core.Federation;

namespace FedAspire.Tests.Federation;

[Trait("Area", "Federation")]
public sealed class CheckpointResumeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deactivation_and_a_full_restart_resume_from_the_last_version_bit_identically_to_an_uninterrupted_run_with_the_same_seed()
    {
        var plant = FederationTestCluster.SmallPlant();
        // FedAdam keeps server moments: resuming bit-identically proves the strategy state is checkpointed too.
        var definition = FederationTestCluster.Definition("resume", plant.FacilityIds, quorum: 3, strategy: "fedadam");

        float[] uninterrupted;
        using (var dir = new TempDirectory())
        await using (var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry")))
        {
            var aggregator = cluster.Aggregator("resume");
            await aggregator.ConfigureAsync(definition);
            for (int i = 0; i < 3; i++) Assert.Equal(RoundOutcome.Completed, (await aggregator.RunRoundAsync()).Outcome);
            uninterrupted = (await cluster.Registry.GetLatestAsync("resume", Ct))!.Parameters;
        }

        using var durable = new TempDirectory();
        await using (var cluster = await FederationTestCluster.StartAsync(plant, durable.Sub("registry"), durable.Sub("grains")))
        {
            var aggregator = cluster.Aggregator("resume");
            await aggregator.ConfigureAsync(definition);
            Assert.Equal(1, (await aggregator.RunRoundAsync()).Version);

            await cluster.Cluster.DeactivateAsync(aggregator);
            var reactivated = await aggregator.GetStatusAsync();
            Assert.Equal((1L, 1L), (reactivated.Round, reactivated.Version));
            Assert.Equal(2, (await aggregator.RunRoundAsync()).Version);
        }

        await using (var restarted = await FederationTestCluster.StartAsync(plant, durable.Sub("registry"), durable.Sub("grains")))
        {
            var aggregator = restarted.Aggregator("resume");
            var status = await aggregator.GetStatusAsync();
            Assert.True(status.Configured);
            Assert.Equal((2L, 2L, 2L), (status.Round, status.Version, status.RoundsCompleted));

            var third = await aggregator.RunRoundAsync();

            Assert.Equal((2L, 3L), (third.BaseVersion, third.Version));
            var resumed = (await restarted.Registry.GetLatestAsync("resume", Ct))!.Parameters;
            Assert.Equal(uninterrupted, resumed);
            Assert.Equal([1L, 2L, 3L], (await restarted.Registry.ListRoundsAsync("resume", Ct)).Select(r => r.RoundId));
        }
    }
}
