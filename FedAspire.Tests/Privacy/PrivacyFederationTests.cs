using FedAspire.Core.Federation;
using FedAspire.Core.Privacy;
using FedAspire.Tests.Federation;

namespace FedAspire.Tests.Privacy;

/// <summary>Differential privacy in a running federation: epsilon in every round record and the history, and the budget stop.</summary>
[Trait("Area", "Privacy")]
public sealed class PrivacyFederationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static double Epsilon(double z, long rounds) => RdpAccountant.GetPrivacySpent(RdpAccountant.DefaultOrders,
        RdpAccountant.ComputeRdp(1, z, rounds, RdpAccountant.DefaultOrders), 1e-5).Epsilon;

    [Fact]
    public async Task Central_dp_reports_cumulative_epsilon_per_round_and_stops_before_the_round_that_would_exceed_the_budget()
    {
        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant();
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), silos: 1);
        var aggregator = cluster.Aggregator("dp");
        // Between what two and three rounds cost: the third must not run.
        double budget = (Epsilon(2, 2) + Epsilon(2, 3)) / 2;
        await aggregator.ConfigureAsync(FederationTestCluster.Definition("dp", plant.FacilityIds, quorum: 2) with
        {
            Privacy = new PrivacyOptions { Mode = "central", Clip = 0.5, NoiseMultiplier = 2, EpsilonBudget = budget, NoiseSeed = 5 },
        });
        await aggregator.StartAsync();

        var first = await aggregator.RunRoundAsync();
        var second = await aggregator.RunRoundAsync();
        var third = await aggregator.RunRoundAsync();

        Assert.Equal((RoundOutcome.Completed, RoundOutcome.Completed), (first.Outcome, second.Outcome));
        Assert.Equal(Epsilon(2, 1), first.Privacy!.Epsilon, 1e-9);
        Assert.Equal(Epsilon(2, 2), second.Privacy!.Epsilon, 1e-9);
        Assert.Equal((1L, 2L), (first.Privacy.Rounds, second.Privacy.Rounds));
        Assert.Equal(("central", 1e-5, 1.0), (second.Privacy.Mode, second.Privacy.Delta, second.Privacy.SamplingRate));

        Assert.Equal(RoundOutcome.BudgetExhausted, third.Outcome);
        Assert.StartsWith("privacy budget reached: epsilon", third.FailureReason, StringComparison.Ordinal);
        Assert.Equal(second.Privacy.Epsilon, third.Privacy!.Epsilon);
        Assert.Equal(second.Version, third.Version);
        var status = await aggregator.GetStatusAsync();
        Assert.False(status.Running);
        Assert.Equal((3L, 2L, 2L), (status.Round, status.Version, status.RoundsCompleted));

        // Asked again, it still refuses: the budget never goes past.
        Assert.Equal(RoundOutcome.BudgetExhausted, (await aggregator.RunRoundAsync()).Outcome);
        Assert.Equal(2, (await cluster.Registry.GetLatestAsync("dp", Ct))!.Version);
        // The history (what the API's /rounds serves) keeps the epsilon of every round and the recorded stop.
        var history = await cluster.Registry.ListRoundsAsync("dp", Ct);
        Assert.Equal([RoundOutcome.Completed, RoundOutcome.Completed, RoundOutcome.BudgetExhausted, RoundOutcome.BudgetExhausted], history.Select(r => r.Outcome));
        Assert.Equal(second.Privacy.Epsilon, history[1].Privacy!.Epsilon);
    }

    [Fact]
    public async Task Privacy_spent_in_a_round_whose_checkpoint_was_lost_in_a_crash_is_still_counted_after_restart()
    {
        var plant = FederationTestCluster.SmallPlant(facilities: 2);
        var definition = FederationTestCluster.Definition("dp", plant.FacilityIds, quorum: 2) with
        {
            Privacy = new PrivacyOptions { Mode = "central", NoiseMultiplier = 2, NoiseSeed = 5 },
        };
        using var dir = new TempDirectory();
        var files = new FaultInjectingFiles();
        await using (var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), dir.Sub("grains"), silos: 1, files: files))
        {
            var aggregator = cluster.Aggregator("dp");
            await aggregator.ConfigureAsync(definition);
            Assert.Equal(RoundOutcome.Completed, (await aggregator.RunRoundAsync()).Outcome);
            // Round 2 is published (its record says 2 private rounds), then the process dies before the checkpoint says so.
            files.CrashAt((op, path) => op == "write" && Path.GetFileName(Path.GetDirectoryName(path)) == "aggregator");
            await aggregator.RunRoundAsync();
            Assert.True(files.Crashed);
        }
        await using var restarted = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), dir.Sub("grains"), silos: 1);
        var third = await restarted.Aggregator("dp").RunRoundAsync();
        Assert.Equal(RoundOutcome.Completed, third.Outcome);
        Assert.Equal(3, third.Privacy!.Rounds);
        Assert.Equal(Epsilon(2, 3), third.Privacy.Epsilon, 1e-9);
    }

    [Fact]
    public async Task With_on_budget_warn_rounds_go_on_past_the_budget()
    {
        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant();
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), silos: 1);
        var aggregator = cluster.Aggregator("dp");
        await aggregator.ConfigureAsync(FederationTestCluster.Definition("dp", plant.FacilityIds, quorum: 2) with
        {
            Privacy = new PrivacyOptions { Mode = "central", NoiseMultiplier = 2, EpsilonBudget = Epsilon(2, 1) * 1.01, OnBudget = "warn", NoiseSeed = 5 },
        });
        var records = new List<RoundRecord>();
        for (int i = 0; i < 3; i++) records.Add(await aggregator.RunRoundAsync());
        Assert.All(records, r => Assert.Equal(RoundOutcome.Completed, r.Outcome));
        Assert.True(records[2].Privacy!.Epsilon > records[2].Privacy!.EpsilonBudget);
    }

    [Fact]
    public async Task Local_dp_noises_updates_at_the_facility_and_is_accounted_at_half_the_noise_multiplier()
    {
        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant();
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), silos: 1);
        var plain = FederationTestCluster.Definition("plain", plant.FacilityIds, quorum: 2);
        await cluster.Aggregator("plain").ConfigureAsync(plain);
        var local = plain with { Name = "local", Privacy = new PrivacyOptions { Mode = "local", Clip = 0.1, NoiseMultiplier = 4, NoiseSeed = 8 } };
        await cluster.Aggregator("local").ConfigureAsync(local);

        var clear = await cluster.Aggregator("plain").RunRoundAsync();
        var noisy = await cluster.Aggregator("local").RunRoundAsync();

        Assert.Equal(RoundOutcome.Completed, noisy.Outcome);
        Assert.Null(clear.Privacy);
        Assert.Equal(("local", 1L), (noisy.Privacy!.Mode, noisy.Privacy.Rounds));
        Assert.Equal(Epsilon(2, 1), noisy.Privacy.Epsilon, 1e-9);
        // Noise std 0.4 per coordinate around a step of at most 0.1: the published models differ by about the noise over the 3 facilities.
        var a = (await cluster.Registry.GetLatestAsync("plain", Ct))!.Parameters;
        var b = (await cluster.Registry.GetLatestAsync("local", Ct))!.Parameters;
        double rms = Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Average());
        Assert.InRange(rms, 0.4 / Math.Sqrt(3) * 0.8, 0.4 / Math.Sqrt(3) * 1.2 + 0.1);
    }

    [Fact]
    public async Task Central_dp_with_a_strategy_that_needs_individual_updates_is_refused()
    {
        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant();
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), silos: 1);
        var definition = FederationTestCluster.Definition("dp", plant.FacilityIds, quorum: 2, strategy: "krum") with { Privacy = new PrivacyOptions { Mode = "central" } };
        var e = await Assert.ThrowsAsync<ArgumentException>(() => cluster.Aggregator("dp").ConfigureAsync(definition));
        Assert.Contains("central privacy needs a mean-based strategy", e.Message, StringComparison.Ordinal);
    }
}
