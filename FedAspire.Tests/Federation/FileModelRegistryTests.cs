using FedAspire.Aggregator.Registry;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Tests.Federation;

[Trait("Area", "Federation")]
public sealed class FileModelRegistryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GlobalModelVersion Version(string federation, long version, float value) => new(
        federation, version, version, DateTimeOffset.UnixEpoch.AddMinutes(version),
        ModelSpec.DenseAutoencoder(["a", "b"], [1]), [value, 2, 3, 4, 5, 6, 7], new FeatureNormalization([1f, 2f], [3f, 4f]), 0.5f, "fedavg",
        ["f1", "f2"], 100, double.NaN, new FederatedEvaluation(2, 40, 0.25, new DetectionMetrics(1, 2, 30, 7, 0.9, 0.6)), [1, 2, 3, (byte)version]);

    private static RoundRecord Round(string federation, long id, RoundOutcome outcome) => new(
        federation, id, outcome, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1.5), id - 1, outcome == RoundOutcome.Completed ? id : id - 1,
        ["f1", "f2"], [new ParticipantContribution("f1", 10, 1f, 0.5f, TimeSpan.FromMilliseconds(30))],
        [new UpdateRejection("f2", RejectionReason.Late, "no update within 1 s")], [], 10, 0.5, 0.7f, null,
        outcome == RoundOutcome.Failed ? "quorum not reached" : null);

    [Fact]
    public async Task Versions_and_rounds_survive_a_new_registry_instance_on_the_same_directory()
    {
        using var dir = new TempDirectory();
        using (var registry = new FileModelRegistry(dir.Path))
        {
            await registry.SaveVersionAsync(Version("pumps", 1, 1f), Ct);
            await registry.SaveVersionAsync(Version("pumps", 2, 9f), Ct);
            await registry.SaveVersionAsync(Version("motes", 1, 5f), Ct);
            await registry.SaveRoundAsync(Round("pumps", 1, RoundOutcome.Completed), Ct);
            await registry.SaveRoundAsync(Round("pumps", 2, RoundOutcome.Failed), Ct);
        }

        using var reopened = new FileModelRegistry(dir.Path);
        var latest = await reopened.GetLatestAsync("pumps", Ct);
        Assert.NotNull(latest);
        Assert.Equal(2, latest.Version);
        Assert.Equal(9f, latest.Parameters[0]);
        Assert.Equal([1, 2, 3, 2], latest.Onnx);
        Assert.Equal(["a", "b"], latest.Spec.Features);
        Assert.Equal(4f, latest.Normalization.Std[1]);
        Assert.True(double.IsNaN(latest.TrainingLoss));
        Assert.Equal(7, latest.Evaluation!.Metrics!.FalseNegatives);
        Assert.Equal(1f, (await reopened.GetVersionAsync("pumps", 1, Ct))!.Parameters[0]);
        Assert.Null(await reopened.GetVersionAsync("pumps", 3, Ct));
        Assert.Null(await reopened.GetLatestAsync("unknown", Ct));

        var rounds = await reopened.ListRoundsAsync("pumps", Ct);
        Assert.Equal([1L, 2L], rounds.Select(r => r.RoundId));
        Assert.Equal(RoundOutcome.Failed, rounds[1].Outcome);
        Assert.Equal(RejectionReason.Late, rounds[0].Rejections[0].Reason);
        Assert.Equal(TimeSpan.FromSeconds(1.5), rounds[0].Duration);
        Assert.Empty(await reopened.ListRoundsAsync("motes", Ct));
    }

    [Fact]
    public async Task A_torn_last_history_line_is_ignored_and_earlier_rounds_remain()
    {
        using var dir = new TempDirectory();
        using var registry = new FileModelRegistry(dir.Path);
        await registry.SaveRoundAsync(Round("pumps", 1, RoundOutcome.Completed), Ct);
        await File.AppendAllTextAsync(Path.Combine(dir.Path, "pumps", "rounds.jsonl"), "{\"federation\":\"pumps\",\"roundI", Ct);

        var rounds = await registry.ListRoundsAsync("pumps", Ct);

        Assert.Single(rounds);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("..")]
    public async Task Federation_names_that_could_leave_the_registry_directory_are_refused(string name)
    {
        using var dir = new TempDirectory();
        using var registry = new FileModelRegistry(dir.Path);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => registry.ListRoundsAsync(name, Ct));
        Assert.Contains("may only contain", e.Message);
    }
}
