using FedAspire.Core.Data;
using FedAspire.Devices.Scenarios;
using FedAspire.Lab.Commands;
using FedAspire.Lab.Reports;
using FedAspire.Tests.Federation;

namespace FedAspire.Tests.Experiments;

/// <summary>A FedBuff arm in the experiment runner: simulated clock, equal client-update budget, report and plot, determinism.</summary>
[Trait("Area", "Federation")]
public sealed class FedBuffExperimentTests
{
    private static string Root => DatasetLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("Tests must run inside the repository.");

    private static ExperimentScenario Scenario() => ExperimentRunTests.TinyPump() with
    {
        Name = "tiny-fedbuff",
        Rounds = 4,
        Baselines = [],
        Strategies =
        [
            new ScenarioStrategy { Name = "fedavg" },
            new ScenarioStrategy { Name = "fedavg", Mode = "fedbuff", FedBuff = new ScenarioFedBuff { BufferSize = 2, SpeedSpread = 1.5 } },
            new ScenarioStrategy { Name = "fedavg", Label = "fedbuff-time", Mode = "fedbuff", FedBuff = new ScenarioFedBuff { BufferSize = 2, SpeedSpread = 1.5, Budget = "time" } },
        ],
    };

    [Fact]
    public async Task A_fedbuff_arm_spends_the_synchronous_budget_in_K_sized_steps_and_is_deterministic_by_seed()
    {
        using var temp = new TempDirectory();
        var scenario = Scenario();
        ScenarioFile.Validate(scenario, "test");
        var (first, _, files) = await ExperimentCommand.RunAsync(scenario, Root, temp.Sub("a"), "test", _ => { }, TestContext.Current.CancellationToken);
        await ExperimentCommand.RunAsync(scenario, Root, temp.Sub("b"), "test", _ => { }, TestContext.Current.CancellationToken);

        Assert.Equal(["iid/fedavg", "iid/fedbuff-k2", "iid/fedbuff-time"], first.Arms.Select(a => a.Name));
        var (sync, fedbuff) = (first.Arms[0], first.Arms[1]);
        Assert.Null(sync.FedBuff);
        var clock = Assert.IsType<Lab.Experiments.FedBuffSummary>(fedbuff.FedBuff);
        // 4 rounds x 3 facilities = 12 updates, K = 2: 6 steps, each of two accepted updates.
        Assert.Equal(12, clock.Reported);
        Assert.Equal(0, clock.Rejected);
        Assert.Equal(6, fedbuff.Rounds.Count);
        Assert.All(fedbuff.Rounds, r => Assert.Equal(("Completed", 2), (r.Outcome, r.Participants)));
        Assert.Equal([1L, 2, 3, 4, 5, 6], fedbuff.Rounds.Select(r => r.Version));
        Assert.Equal(12, clock.Participants.Sum(p => p.Accepted));
        // The fastest facility reports most often, the slowest least; steps come in simulated time order.
        var bySpeed = clock.Participants.OrderBy(p => p.MeanDuration).ToList();
        Assert.True(bySpeed[0].Accepted > bySpeed[^1].Accepted, string.Join(", ", clock.Participants));
        Assert.Equal(clock.Steps.Select(s => s.Time).Order(), clock.Steps.Select(s => s.Time));
        Assert.True(clock.SimulatedTime < clock.SynchronousTime, $"{clock.SimulatedTime} vs {clock.SynchronousTime}: rounds wait for the slowest facility");
        Assert.All(first.Arms.SelectMany(a => a.Rounds), r => Assert.True(r.GlobalLoss > 0 && double.IsFinite(r.GlobalLoss)));
        Assert.InRange(fedbuff.Final.F1, 0, 1);

        // On the synchronous rounds' simulated time the same speeds report more updates than the update budget allows.
        var timed = first.Arms[2].FedBuff!;
        Assert.Equal(clock.SynchronousTime, timed.SynchronousTime);
        Assert.True(timed.Reported > 12, $"{timed.Reported} updates in the time of 4 rounds");
        Assert.InRange(timed.SimulatedTime, clock.SimulatedTime, timed.SynchronousTime);

        var comparison = FedBuffReport.Compare(first)[0];
        Assert.Same(sync, comparison.Reference);
        Assert.Equal((FedBuffReport.FinalGlobalLoss(fedbuff) - FedBuffReport.FinalGlobalLoss(sync)) / FedBuffReport.FinalGlobalLoss(sync), comparison.Gap, 12);
        Assert.Contains("global_loss_per_update_iid.png", files);
        Assert.True(File.Exists(Path.Combine(temp.Sub("a"), "global_loss_per_update_iid.png")));
        var report = File.ReadAllText(Path.Combine(temp.Sub("a"), "report.md"));
        Assert.Contains("## Asynchronous arms (FedBuff)", report, StringComparison.Ordinal);
        Assert.Contains("| iid/fedbuff-k2 | 6 | 12 (0) |", report, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(temp.Sub("a"), "metrics.json")), File.ReadAllText(Path.Combine(temp.Sub("b"), "metrics.json")));
    }
}
