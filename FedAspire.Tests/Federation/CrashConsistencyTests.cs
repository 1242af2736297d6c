using FedAspire.Aggregator.Registry;
using FedAspire.Core.Federation;

namespace FedAspire.Tests.Federation;

/// <summary>
/// Crash points, full disks and read-only folders in the publish path (version files, history and series appends, checkpoint), injected
/// through <see cref="FaultInjectingFiles"/>: after a restart no version number was rewritten, no round id repeats, and the
/// status, the history and the registry agree.
/// </summary>
[Trait("Area", "Federation")]
public sealed class CrashConsistencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool IsCheckpoint(string path) => Path.GetFileName(Path.GetDirectoryName(path)) == "aggregator";

    public static TheoryData<string> CrashPoints => new()
    {
        "onnx written", "onnx renamed", "version document written", "version document renamed (commit)",
        "round appended", "series appended", "checkpoint temp written", "checkpoint renamed",
    };

    private static bool IsSeries(string path) => Path.GetFileName(Path.GetDirectoryName(path)) == FacilitySeriesFile.DirectoryName;

    private static Func<string, string, bool> Step(string point) => point switch
    {
        "onnx written" => (op, path) => op == "write" && path.EndsWith(".onnx.tmp", StringComparison.Ordinal),
        "onnx renamed" => (op, path) => op == "move" && path.EndsWith(".onnx", StringComparison.Ordinal),
        "version document written" => (op, path) => op == "write" && path.EndsWith(".json.tmp", StringComparison.Ordinal),
        "version document renamed (commit)" => (op, path) => op == "move" && path.EndsWith(".json", StringComparison.Ordinal),
        "round appended" => (op, path) => op == "append",
        "series appended" => (op, path) => op == "append" && IsSeries(path),
        "checkpoint temp written" => (op, path) => op == "write" && IsCheckpoint(path),
        "checkpoint renamed" => (op, path) => op == "move" && IsCheckpoint(path),
        _ => throw new ArgumentOutOfRangeException(nameof(point)),
    };

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task A_crash_at_any_persistence_step_never_rewrites_a_version_or_repeats_a_round_after_restart(string point)
    {
        var plant = FederationTestCluster.SmallPlant(facilities: 2);
        var definition = FederationTestCluster.Definition("crash", plant.FacilityIds, quorum: 2);
        using var dir = new TempDirectory();
        var files = new FaultInjectingFiles();
        await using (var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), dir.Sub("grains"), silos: 1, files: files))
        {
            var aggregator = cluster.Aggregator("crash");
            await aggregator.ConfigureAsync(definition);
            Assert.Equal(RoundOutcome.Completed, (await aggregator.RunRoundAsync()).Outcome);
            files.CrashAt(Step(point));
            await aggregator.RunRoundAsync();
            Assert.True(files.Crashed, $"the crash point '{point}' was never reached: {string.Join(" | ", files.Steps)}");
        }
        var published = Fingerprints(dir.Sub("registry"));

        await using (var restarted = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), dir.Sub("grains"), silos: 1))
        {
            var aggregator = restarted.Aggregator("crash");
            var first = await aggregator.RunRoundAsync();
            var second = await aggregator.RunRoundAsync();
            Assert.Equal((RoundOutcome.Completed, RoundOutcome.Completed), (first.Outcome, second.Outcome));

            var after = Fingerprints(dir.Sub("registry"));
            foreach (var (version, fingerprint) in published)
                Assert.True(after[version] == fingerprint, $"crash at '{point}': version {version} was rewritten");
            Assert.Equal(published.Count + 2, after.Count);

            var history = await restarted.Registry.ListRoundsAsync("crash", Ct);
            var ids = history.Select(r => r.RoundId).ToList();
            Assert.True(ids.SequenceEqual(ids.Distinct().Order()), $"crash at '{point}': round ids {string.Join(",", ids)}");
            // Every completed round in the history names the version that records it, and every version is in the history.
            foreach (var round in history.Where(r => r.Outcome == RoundOutcome.Completed))
                Assert.Equal(round.RoundId, (await restarted.Registry.GetVersionAsync("crash", round.Version, Ct))!.Round);
            Assert.Equal(after.Keys.Order(), history.Where(r => r.Outcome == RoundOutcome.Completed).Select(r => r.Version).Order());
            // Each facility's series holds every completed round it contributed to, once, in order: repaired like the history.
            await AssertSeriesFollowHistoryAsync(restarted.Registry, "crash", plant.FacilityIds, history, point);

            var status = await aggregator.GetStatusAsync();
            Assert.Equal(after.Keys.Max(), status.Version);
            Assert.Equal(ids[^1], status.Round);
            Assert.Equal(history.Count(r => r.Outcome == RoundOutcome.Completed), status.RoundsCompleted);
        }
    }

    [Fact]
    public async Task A_read_only_checkpoint_folder_never_rewrites_versions_and_status_history_and_model_agree()
    {
        var plant = FederationTestCluster.SmallPlant(facilities: 2);
        var definition = FederationTestCluster.Definition("immutable", plant.FacilityIds, quorum: 2);
        using var dir = new TempDirectory();
        var files = new FaultInjectingFiles();
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), dir.Sub("grains"), silos: 1, files: files);
        var aggregator = cluster.Aggregator("immutable");
        await aggregator.ConfigureAsync(definition);
        await aggregator.RunRoundAsync();
        var v1 = Fingerprints(dir.Sub("registry"))[1];

        files.ReadOnly(dir.Sub("grains"));
        for (int i = 0; i < 4; i++) Assert.Equal(RoundOutcome.Completed, (await aggregator.RunRoundAsync()).Outcome);

        var status = await aggregator.GetStatusAsync();
        var latest = await cluster.Registry.GetLatestAsync("immutable", Ct);
        var history = await cluster.Registry.ListRoundsAsync("immutable", Ct);
        Assert.Equal((5L, 5L), (status.Version, latest!.Version));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], history.Select(r => r.RoundId));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], history.Select(r => r.Version));
        Assert.All(history, r => Assert.Equal(RoundOutcome.Completed, r.Outcome));
        Assert.Equal(4, status.PersistenceFailures);
        Assert.Equal(v1, Fingerprints(dir.Sub("registry"))[1]);
    }

    [Fact]
    public async Task When_the_version_cannot_be_written_the_round_fails_once_and_is_counted_the_same_in_status_and_history()
    {
        var plant = FederationTestCluster.SmallPlant(facilities: 2);
        var definition = FederationTestCluster.Definition("full", plant.FacilityIds, quorum: 2);
        using var dir = new TempDirectory();
        var files = new FaultInjectingFiles();
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), dir.Sub("grains"), silos: 1, files: files);
        var aggregator = cluster.Aggregator("full");
        await aggregator.ConfigureAsync(definition);
        await aggregator.RunRoundAsync();

        // Version files cannot be written (a full disk for the registry's versions); the history and checkpoint still can.
        files.DiskFull((op, path) => path.Contains("versions", StringComparison.Ordinal));
        var failed = new List<RoundRecord>();
        for (int i = 0; i < 3; i++) failed.Add(await aggregator.RunRoundAsync());
        files.Heal();
        var recovered = await aggregator.RunRoundAsync();

        Assert.All(failed, r => Assert.Equal(RoundOutcome.Failed, r.Outcome));
        Assert.All(failed, r => Assert.Contains("No space left on device", r.FailureReason));
        Assert.Equal((RoundOutcome.Completed, 2L), (recovered.Outcome, recovered.Version));
        var status = await aggregator.GetStatusAsync();
        var history = await cluster.Registry.ListRoundsAsync("full", Ct);
        Assert.Equal((3L, 2L), (status.RoundsFailed, status.RoundsCompleted));
        Assert.Equal(3, history.Count(r => r.Outcome == RoundOutcome.Failed));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], history.Select(r => r.RoundId));
    }

    [Fact]
    public async Task A_full_disk_during_history_appends_tears_records_that_stay_skipped_and_the_missed_rounds_are_appended_later()
    {
        var plant = FederationTestCluster.SmallPlant(facilities: 2);
        var definition = FederationTestCluster.Definition("torn", plant.FacilityIds, quorum: 2);
        using var dir = new TempDirectory();
        var files = new FaultInjectingFiles();
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), dir.Sub("grains"), silos: 1, files: files);
        var aggregator = cluster.Aggregator("torn");
        await aggregator.ConfigureAsync(definition);
        await aggregator.RunRoundAsync();

        files.DiskFull((op, _) => op == "append");
        await aggregator.RunRoundAsync();
        await aggregator.RunRoundAsync();
        files.Heal();
        await aggregator.RunRoundAsync();
        await aggregator.RunRoundAsync();

        var page = await cluster.Registry.ReadRoundsAsync("torn", 100, cancellationToken: Ct);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], page.Rounds.Select(r => r.RoundId));
        // Two half-written records (rounds 2 and 3 at their first attempt), skipped and counted on every read.
        Assert.Equal(2, page.Skipped);
        Assert.Equal(2, (await cluster.Registry.ReadRoundsAsync("torn", 100, cancellationToken: Ct)).Skipped);
        var status = await aggregator.GetStatusAsync();
        Assert.Equal((5L, 5L, 2L), (status.Version, status.RoundsCompleted, status.PersistenceFailures));
        // The series appends follow the history's: the missed rounds' points land with them, each once.
        await AssertSeriesFollowHistoryAsync(cluster.Registry, "torn", plant.FacilityIds, await cluster.Registry.ListRoundsAsync("torn", Ct), "full disk");
    }

    private static async Task AssertSeriesFollowHistoryAsync(IModelRegistry registry, string federation, IEnumerable<string> facilities,
        IReadOnlyList<RoundRecord> history, string fault)
    {
        foreach (var facility in facilities)
        {
            var expected = history.Where(r => r.Outcome == RoundOutcome.Completed && r.Contributions.Any(c => c.ParticipantId == facility)).Select(r => r.RoundId);
            var series = await registry.ReadFacilityRoundsAsync(federation, facility, 100, cancellationToken: Ct);
            Assert.True(expected.SequenceEqual(series.Rounds.Select(p => p.RoundId)),
                $"{fault}: {facility}'s series has rounds {string.Join(",", series.Rounds.Select(p => p.RoundId))}, the history {string.Join(",", expected)}");
            Assert.All(series.Rounds, p => Assert.NotNull(p.Windows));
        }
    }

    private static Dictionary<long, string> Fingerprints(string registry)
    {
        var result = new Dictionary<long, string>();
        foreach (var federation in Directory.EnumerateDirectories(registry))
        {
            var dir = Path.Combine(federation, "versions");
            if (!Directory.Exists(dir)) continue;
            foreach (var json in Directory.EnumerateFiles(dir, "*.json"))
            {
                using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(json));
                var onnx = File.ReadAllBytes(Path.ChangeExtension(json, ".onnx"));
                result[long.Parse(Path.GetFileNameWithoutExtension(json), System.Globalization.CultureInfo.InvariantCulture)] =
                    document.RootElement.GetProperty("fingerprint").GetString() + "/" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(onnx));
            }
        }
        return result;
    }
}
