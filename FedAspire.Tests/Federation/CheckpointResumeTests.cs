using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Facilities;

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

    [Fact]
    public async Task A_paused_participant_stays_out_of_sampling_after_a_full_restart_until_resumed()
    {
        var plant = FederationTestCluster.SmallPlant();
        var definition = FederationTestCluster.Definition("paused", plant.FacilityIds, quorum: 2);
        var paused = plant.FacilityIds[1];
        using var durable = new TempDirectory();
        await using (var cluster = await FederationTestCluster.StartAsync(plant, durable.Sub("registry"), durable.Sub("grains")))
        {
            var aggregator = cluster.Aggregator("paused");
            await aggregator.ConfigureAsync(definition);
            Assert.Equal([paused], (await aggregator.SetPausedAsync(paused, true)).Paused);
            await Assert.ThrowsAsync<ArgumentException>(() => aggregator.SetPausedAsync("not-a-participant", true));
        }

        await using var restarted = await FederationTestCluster.StartAsync(plant, durable.Sub("registry"), durable.Sub("grains"));
        var again = restarted.Aggregator("paused");
        Assert.Equal([paused], (await again.GetStatusAsync()).Paused);
        var round = await again.RunRoundAsync();
        Assert.Equal(RoundOutcome.Completed, round.Outcome);
        Assert.DoesNotContain(paused, round.Sampled);
        Assert.Equal(plant.FacilityIds.Count - 1, round.Sampled.Count);

        Assert.Empty((await again.SetPausedAsync(paused, false)).Paused!);
        Assert.Contains(paused, (await again.RunRoundAsync()).Sampled);
    }

    [Fact]
    public async Task Without_a_checkpoint_the_aggregator_continues_from_the_registry_and_never_overwrites_a_version()
    {
        var plant = FederationTestCluster.SmallPlant(facilities: 2);
        var definition = FederationTestCluster.Definition("registry-resume", plant.FacilityIds, quorum: 2);
        using var dir = new TempDirectory();
        float[] published;
        await using (var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry")))
        {
            await cluster.Aggregator("registry-resume").ConfigureAsync(definition);
            await cluster.Aggregator("registry-resume").RunRoundAsync();
            await cluster.Aggregator("registry-resume").RunRoundAsync();
            published = (await cluster.Registry.GetVersionAsync("registry-resume", 2, Ct))!.Parameters;
        }

        // Memory grain storage: the checkpoint is gone, the registry is not.
        await using var restarted = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"));
        var aggregator = restarted.Aggregator("registry-resume");
        await aggregator.ConfigureAsync(definition);
        var round = await aggregator.RunRoundAsync();

        Assert.Equal((3L, 2L, 3L), (round.RoundId, round.BaseVersion, round.Version));
        Assert.Equal(published, (await restarted.Registry.GetVersionAsync("registry-resume", 2, Ct))!.Parameters);
        var history = await restarted.Registry.ListRoundsAsync("registry-resume", Ct);
        Assert.Equal([1L, 2L, 3L], history.Select(r => r.RoundId));
        // Training started from version 2, not from a fresh initialization: the starting loss is that of a trained model.
        Assert.True(round.Contributions[0].InitialLoss < history[0].Contributions[0].InitialLoss,
            $"round 3 started at loss {round.Contributions[0].InitialLoss}, round 1 at {history[0].Contributions[0].InitialLoss}");
    }

    [Fact]
    public async Task A_new_strategy_keeps_the_model_and_a_new_spec_restarts_it_without_reusing_version_numbers()
    {
        var plant = FederationTestCluster.SmallPlant(facilities: 2);
        var definition = FederationTestCluster.Definition("reconfigure", plant.FacilityIds, quorum: 2);
        using var dir = new TempDirectory();
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"));
        var aggregator = cluster.Aggregator("reconfigure");
        await aggregator.ConfigureAsync(definition);
        var first = await aggregator.RunRoundAsync();
        await aggregator.RunRoundAsync();

        await aggregator.ConfigureAsync(definition with { Strategy = new StrategyOptions("fedavgm") });
        var momentum = await aggregator.RunRoundAsync();
        var smaller = ModelSpec.DenseAutoencoder(SyntheticFacilities.SensorNames, [4], Activation.Relu, window: 2);
        await aggregator.ConfigureAsync(definition with { Spec = smaller });
        var restarted = await aggregator.RunRoundAsync();

        Assert.Equal((3L, 2L, 3L), (momentum.RoundId, momentum.BaseVersion, momentum.Version));
        Assert.True(momentum.Contributions[0].InitialLoss < first.Contributions[0].InitialLoss);
        Assert.Equal((4L, 3L, 4L), (restarted.RoundId, restarted.BaseVersion, restarted.Version));
        var latest = await cluster.Registry.GetLatestAsync("reconfigure", Ct);
        Assert.Equal(new ParameterLayout(smaller).ParameterCount, latest!.Parameters.Length);
        Assert.Equal("fedavgm", (await cluster.Registry.GetVersionAsync("reconfigure", 3, Ct))!.Strategy);
    }
}
