using System.Text.Json;
using FedAspire.Aggregator.Registry;
using FedAspire.Core.Claims;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Tests.Federation;

/// <summary>
/// The per-facility metric series beside the round history: its bound, a restart, undefined figures, a lying participant's
/// evaluation bounded as in the pooled merge, and a round on a cluster (the endpoint: <see cref="RoundsApiTests"/>).
/// </summary>
[Trait("Area", "Federation")]
public sealed class FacilitySeriesTests
{
    private const string Federation = "pumps";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static FileModelRegistry Registry(string path, int kept) => new(path, series: new FacilitySeriesOptions { RoundsPerFacility = kept });

    private static FacilityRoundPoint Point(string facility, long round, double f1 = 0.5) =>
        new(facility, round, round, DateTimeOffset.UnixEpoch.AddMinutes(round), 1000, 0.25, 400, 0.3, 20, 25, f1, 0.01, 0.2, 0.7);

    internal static async Task SaveRoundsAsync(IModelRegistry registry, IEnumerable<long> rounds, params string[] facilities)
    {
        foreach (var round in rounds)
            await registry.SaveFacilityRoundsAsync(Federation, [.. facilities.Select(f => Point(f, round))], Ct);
    }

    [Fact]
    public async Task More_rounds_than_the_bound_keep_the_newest_N_per_facility_on_disk_and_in_every_read()
    {
        using var dir = new TempDirectory();
        using var registry = Registry(dir.Path, kept: 5);
        await SaveRoundsAsync(registry, Enumerable.Range(1, 23).Select(i => (long)i), "plant-a", "plant-b");
        // Re-saving a round (a retry after a failed append) writes nothing twice.
        await SaveRoundsAsync(registry, [23], "plant-a");

        var page = await registry.ReadFacilityRoundsAsync(Federation, "plant-a", 100, cancellationToken: Ct);
        Assert.Equal([19L, 20, 21, 22, 23], page.Rounds.Select(p => p.RoundId));
        Assert.All(page.Rounds, p => Assert.Equal("plant-a", p.Facility));
        Assert.Null(page.NextBefore);
        // Paging inside the window: 2 newest, then the 3 before them, then nothing older than the bound.
        var newest = await registry.ReadFacilityRoundsAsync(Federation, "plant-b", 2, cancellationToken: Ct);
        Assert.Equal([22L, 23], newest.Rounds.Select(p => p.RoundId));
        Assert.Equal(22, newest.NextBefore);
        var older = await registry.ReadFacilityRoundsAsync(Federation, "plant-b", 3, 22, Ct);
        Assert.Equal([19L, 20, 21], older.Rounds.Select(p => p.RoundId));
        Assert.Null(older.NextBefore);
        Assert.Empty((await registry.ReadFacilityRoundsAsync(Federation, "plant-b", 3, 19, Ct)).Rounds);
        // The disk holds at most about twice the bound between compactions, never the whole history.
        var lines = File.ReadAllLines(registry.FacilitySeriesPath(Federation, "plant-a"));
        Assert.InRange(lines.Length, 5, 11);
        Assert.Equal(lines.Length, lines.Distinct().Count());
        Assert.False(File.Exists(registry.FacilitySeriesPath(Federation, "plant-a") + ".tmp"));
        Assert.Empty((await registry.ReadFacilityRoundsAsync(Federation, "plant-c", 10, cancellationToken: Ct)).Rounds);
    }

    [Fact]
    public async Task A_restart_keeps_the_series_and_a_torn_append_is_skipped_without_losing_the_next_point()
    {
        using var dir = new TempDirectory();
        string path;
        using (var registry = Registry(dir.Path, kept: 1000))
        {
            await SaveRoundsAsync(registry, [1, 2, 3], "plant-a", "plant a/with spaces");
            path = registry.FacilitySeriesPath(Federation, "plant-a");
        }
        // A crash mid-append: half a framed line at the end of the file.
        var half = FacilitySeriesFile.Frame(Point("plant-a", 4));
        await File.AppendAllBytesAsync(path, half[..(half.Length / 2)], Ct);

        using var reopened = Registry(dir.Path, kept: 1000);
        var page = await reopened.ReadFacilityRoundsAsync(Federation, "plant-a", 10, cancellationToken: Ct);
        Assert.Equal([1L, 2, 3], page.Rounds.Select(p => p.RoundId));
        Assert.Equal(1, page.Skipped);
        Assert.Equal(Point("plant-a", 2), page.Rounds[1]);
        // An id that is not a file name is stored under a hashed name and read back under its own id.
        Assert.StartsWith("~", Path.GetFileName(reopened.FacilitySeriesPath(Federation, "plant a/with spaces")), StringComparison.Ordinal);
        Assert.Equal(3, (await reopened.ReadFacilityRoundsAsync(Federation, "plant a/with spaces", 10, cancellationToken: Ct)).Rounds.Count);

        await SaveRoundsAsync(reopened, [4], "plant-a");
        var after = await reopened.ReadFacilityRoundsAsync(Federation, "plant-a", 10, cancellationToken: Ct);
        Assert.Equal([1L, 2, 3, 4], after.Rounds.Select(p => p.RoundId));
        Assert.Equal(Point("plant-a", 4), after.Rounds[^1]);
    }

    private static RoundRecord Completed(long id, params ParticipantContribution[] contributions) => new(Federation, id, RoundOutcome.Completed,
        DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), id - 1, id, [.. contributions.Select(c => c.ParticipantId)], contributions, [], [],
        contributions.Sum(c => c.Samples), 0.3, 0.5f, null, null);

    [Fact]
    public void A_buffered_step_with_two_reports_of_one_facility_gives_it_one_point_with_their_samples_and_weighted_loss()
    {
        // FedBuff: a fast facility may report twice into one buffer before the step applies it.
        var step = Completed(3, new ParticipantContribution("fast", 100, 0.9f, 0.2f, TimeSpan.FromSeconds(1)),
            new ParticipantContribution("slow", 50, 0.9f, 0.5f, TimeSpan.FromSeconds(4)),
            new ParticipantContribution("fast", 300, 0.9f, 0.4f, TimeSpan.FromSeconds(1)));

        var points = FacilityRoundPoint.FromRound(step, []);

        Assert.Equal(["fast", "slow"], points.Select(p => p.Facility));
        Assert.Equal(400, points[0].TrainingSamples);
        Assert.Equal((100 * 0.2 + 300 * 0.4) / 400, points[0].TrainingLoss!.Value, 6);
        Assert.Equal((50L, 0.5), (points[1].TrainingSamples!.Value, Math.Round(points[1].TrainingLoss!.Value, 6)));
    }

    [Fact]
    public void Undefined_figures_are_null_never_zero_and_serialize_as_null()
    {
        var round = Completed(7, new ParticipantContribution("no-anomalies", 500, 0.9f, 0.4f, TimeSpan.FromSeconds(1)),
            new ParticipantContribution("unlabelled", 300, 0.9f, float.NaN, TimeSpan.FromSeconds(1)),
            new ParticipantContribution("not-evaluated", 200, 0.9f, 0.35f, TimeSpan.FromSeconds(1)));
        ParticipantEvaluation[] evaluations =
        [
            // Normal windows only: FAR is defined, F1, MAR and PR-AUC are not.
            new("no-anomalies", 7, 100, 0.2, new DetectionMetrics(0, 3, 97, 0, double.NaN, double.NaN)),
            new("unlabelled", 7, 80, 0.25, null),
        ];

        var points = FacilityRoundPoint.FromRound(round, evaluations).ToDictionary(p => p.Facility);

        var normal = points["no-anomalies"];
        Assert.Equal((100L, 0L, 3L), (normal.Windows!.Value, normal.Anomalies!.Value, normal.Alarms!.Value));
        Assert.Equal(0.03, normal.FalseAlarmRate!.Value, 12);
        Assert.Null(normal.F1);
        Assert.Null(normal.MissedAlarmRate);
        Assert.Null(normal.PrAuc);
        var unlabelled = points["unlabelled"];
        Assert.Equal(80, unlabelled.Windows);
        Assert.Null(unlabelled.TrainingLoss);
        Assert.Equal(300, unlabelled.TrainingSamples);
        Assert.Null(unlabelled.Anomalies);
        Assert.Null(unlabelled.FalseAlarmRate);
        var absent = points["not-evaluated"];
        Assert.Null(absent.Windows);
        Assert.Null(absent.EvaluationLoss);
        Assert.Null(absent.F1);
        var json = JsonSerializer.Serialize(normal, FileModelRegistry.JsonOptions);
        Assert.Contains("\"f1\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"prAuc\":null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        // A failed round published no version: no facility gets a point.
        Assert.Empty(FacilityRoundPoint.FromRound(round with { Outcome = RoundOutcome.Failed }, evaluations));
    }

    [Fact]
    public void A_lying_participants_inflated_evaluation_is_bounded_in_its_series_exactly_as_in_the_pooled_merge()
    {
        ParticipantEvaluation[] honest =
        [
            new("honest-a", 1, 1_000, 0.1, new DetectionMetrics(0, 10, 890, 100, 0.5, 0.1)),
            new("honest-b", 1, 1_000, 0.1, new DetectionMetrics(0, 12, 888, 100, 0.5, 0.1)),
        ];
        // Under the count limit but 450x the others' windows, every one "detected".
        var lie = new ParticipantEvaluation("liar", 1, 900_000_000, 0.0, new DetectionMetrics(300_000_000, 0, 600_000_000, 0, 1, 1));
        var screen = new ClaimScreen(ClaimLimits.Default, new Dictionary<string, long>(), new ClaimHistory());
        var bounded = screen.BoundEvaluations([.. honest, lie], []);
        var pooled = FederatedEvaluation.Merge(bounded);
        var round = Completed(1, [.. new[] { "honest-a", "honest-b", "liar" }.Select(id => new ParticipantContribution(id, 1_000, 1f, 0.5f, TimeSpan.Zero))]);

        var points = FacilityRoundPoint.FromRound(round, bounded).ToDictionary(p => p.Facility);

        var liar = points["liar"];
        var credited = Assert.Single(bounded, e => e.ParticipantId == "liar");
        Assert.Equal(credited.Samples, liar.Windows);
        Assert.True(liar.Windows < 10_000, $"the liar's series claims {liar.Windows} windows");
        Assert.True((double)liar.Windows!.Value / pooled.Samples <= ClaimLimits.Default.MaxShare);
        Assert.Equal(credited.Metrics!.TruePositives + credited.Metrics.FalseNegatives, liar.Anomalies);
        // The series' windows and anomalies add up to exactly what the pooled figure counted.
        Assert.Equal(pooled.Samples, points.Values.Sum(p => p.Windows));
        Assert.Equal(pooled.Metrics!.TruePositives + pooled.Metrics.FalseNegatives, points.Values.Sum(p => p.Anomalies));
        // Its own ratios are what it reported (bounding scales counts, not ratios): the pooled F1 is the one to trust.
        Assert.Equal(1, liar.F1);
        Assert.True(pooled.Metrics.F1 < 1);

        // A fabrication above the limit is rejected: the liar's point keeps its training figures and has no evaluation at all.
        var huge = new ParticipantEvaluation("liar", 1, 2_000_000_000_000, 0.0, new DetectionMetrics(1_000_000_000_000, 0, 1_000_000_000_000, 0, 1, 1));
        var rejections = new List<UpdateRejection>();
        var rejected = FacilityRoundPoint.FromRound(round, screen.BoundEvaluations([.. honest, huge], rejections)).Single(p => p.Facility == "liar");
        Assert.Equal(RejectionReason.CountAboveLimit, Assert.Single(rejections).Reason);
        Assert.Null(rejected.Windows);
        Assert.Null(rejected.F1);
        Assert.Equal(1_000, rejected.TrainingSamples);
    }

    [Fact]
    public async Task A_round_on_the_cluster_writes_each_contributors_point_and_they_add_up_to_the_pooled_evaluation()
    {
        using var dir = new TempDirectory();
        var data = FederationTestCluster.SmallPlant();
        await using var cluster = await FederationTestCluster.StartAsync(data, dir.Sub("registry"), silos: 1);
        var aggregator = cluster.Aggregator("series");
        await aggregator.ConfigureAsync(FederationTestCluster.Definition("series", data.FacilityIds, quorum: 2));

        var first = await aggregator.RunRoundAsync();
        var second = await aggregator.RunRoundAsync();

        Assert.Equal(RoundOutcome.Completed, second.Outcome);
        long windows = 0;
        foreach (var contribution in second.Contributions)
        {
            var page = await cluster.Registry.ReadFacilityRoundsAsync("series", contribution.ParticipantId, 10, cancellationToken: Ct);
            Assert.Equal([first.RoundId, second.RoundId], page.Rounds.Select(p => p.RoundId));
            var point = page.Rounds[^1];
            Assert.Equal((second.Version, contribution.Samples), (point.Version, point.TrainingSamples!.Value));
            Assert.Equal(contribution.FinalLoss, point.TrainingLoss!.Value, 6);
            windows += point.Windows ?? 0;
        }
        Assert.Equal(second.Evaluation!.Samples, windows);
        // The version carries the bounded evaluations, so a crash before the series append is repaired from it.
        var latest = await cluster.Registry.GetLatestAsync("series", Ct);
        Assert.Equal(second.Contributions.Select(c => c.ParticipantId), latest!.Evaluations!.Select(e => e.ParticipantId));
    }
}
