using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using FedAspire.Aggregator.Registry;
using FedAspire.Core.Federation;
using FedAspire.Lab.Cluster;
using FedAspire.Tests.Federation;

namespace FedAspire.Tests.Topology;

/// <summary>
/// The real crash behind <see cref="CrashConsistencyTests"/>' simulated one: the devices silo as a child process, SIGKILLed the
/// moment a chosen step of the publish path touches the disk (seen through inotify), then restarted on the same folders. After
/// every kill no committed version file changed; at the end the history holds each round id once and agrees with /status.
/// </summary>
[Trait("Area", "Topology")]
public sealed class SiloKillTests
{
    private const string Federation = "pumps";
    // Fixed, so a failing run can be repeated with the same delays after each file event.
    private const int Seed = 20261207;
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The publish path in the order the silo writes it: <c>FileModelRegistry.SaveVersionAsync</c> (ONNX, then the version document
    /// whose no-overwrite rename commits), <c>SaveRoundAsync</c> (history append), <c>FileGrainStorage.WriteStateAsync</c> (checkpoint).
    /// </summary>
    private static readonly KillPoint[] KillPoints =
    [
        new("ONNX temp written", p => p.EndsWith(".onnx.tmp", StringComparison.Ordinal)),
        new("ONNX renamed", p => p.EndsWith(".onnx", StringComparison.Ordinal)),
        new("version document temp written", p => p.EndsWith(".json.tmp", StringComparison.Ordinal)),
        new("version document renamed (commit)", p => p.EndsWith(".json", StringComparison.Ordinal)),
        new("round appended", p => Path.GetFileName(p) == FileModelRegistry.HistoryFileName),
        new("checkpoint temp written", p => IsCheckpoint(p) && p.EndsWith(".bin.tmp", StringComparison.Ordinal)),
        new("checkpoint renamed", p => IsCheckpoint(p) && p.EndsWith(".bin", StringComparison.Ordinal)),
    ];

    [Fact]
    public async Task Killing_the_silo_process_at_each_publish_step_never_rewrites_a_version_or_repeats_a_round()
    {
        using var temp = new TempDirectory();
        string registryPath = temp.Sub("registry"), grainsPath = temp.Sub("grains");
        // Both exist before the watchers start, so inotify follows every folder the silo creates below them.
        Directory.CreateDirectory(registryPath);
        Directory.CreateDirectory(grainsPath);
        using var processes = TopologyProcesses.Embedded(temp.Path);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        budget.CancelAfter(TestBudget);
        var ct = budget.Token;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var trap = new KillTrap(registryPath, grainsPath);
        using var registry = new FileModelRegistry(registryPath);
        var random = new Random(Seed);
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();

        try
        {
            for (int i = 0; i < KillPoints.Length; i++)
            {
                var point = KillPoints[i];
                var (silo, baseUrl) = StartSilo(processes, registryPath, grainsPath);
                long round = await RunRoundsAsync(http, baseUrl, rounds: 2, ct);
                // Up to 1.5 ms after the event: the kill lands on the step itself or, now and then, on the one after it.
                int delay = random.Next(0, 1500);
                string fired = await trap.KillAfterAsync(point, silo, delay, EventWait, ct);
                Assert.True(silo.HasExited, $"kill {i + 1} did not end the silo\n{silo.Tail}");
                Log($"kill {i + 1} at {clock.Elapsed.TotalSeconds:F1} s: aimed at '{point.Step}' (+{delay} µs) after round {round}, killed after {fired}; " +
                    $"on disk: {Landed(registryPath, grainsPath)}");
                CheckFingerprints(registryPath, fingerprints, $"after kill {i + 1}");
            }

            var (last, lastUrl) = StartSilo(processes, registryPath, grainsPath);
            await RunRoundsAsync(http, lastUrl, rounds: 3, ct);
            var (status, history, skipped, committed) = await ConsistentViewAsync(http, lastUrl, registryPath, ct);
            int total = CheckFingerprints(registryPath, fingerprints, "at the end");
            Log($"after {KillPoints.Length} kills and restarts ({clock.Elapsed.TotalSeconds:F1} s): {history.Count} rounds in the history " +
                $"({skipped} torn record(s) skipped), {total} versions, status round {status.Round} version {status.Version}");

            var ids = history.Select(r => r.RoundId).ToList();
            for (int i = 1; i < ids.Count; i++)
                Assert.True(ids[i] > ids[i - 1], $"round ids must be unique and increasing: {string.Join(",", ids)}");
            var completed = history.Where(r => r.Outcome == RoundOutcome.Completed).ToList();
            foreach (var round in completed)
            {
                var version = await registry.GetVersionAsync(Federation, round.Version, ct);
                Assert.True(version is not null, $"round {round.RoundId} completed version {round.Version}, which the registry does not hold");
                Assert.Equal(round.RoundId, version.Round);
            }
            // A version committed just before a kill has its round appended by the restart's reconciliation, never lost.
            Assert.Equal(committed, completed.Select(r => r.Version).Order());
            Assert.Equal(committed[^1], status.Version);
            Assert.Equal(completed[^1].Version, status.Version);
            Assert.Equal(ids[^1], status.Round);
            Assert.Equal(((long)completed.Count, (long)(history.Count - completed.Count)), (status.RoundsCompleted, status.RoundsFailed));
            Assert.False(last.HasExited, last.Tail);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{e.GetType().Name}: {e.Message}\n{processes.Diagnostics()}");
        }
    }

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    private static bool IsCheckpoint(string path) => Path.GetFileName(Path.GetDirectoryName(path)) == "aggregator";

    /// <summary>The embedded silo (localhost clustering, file grain storage and registry) on fresh ports, rounds every 0.3 s.</summary>
    private static (ChildProcess Silo, string BaseUrl) StartSilo(TopologyProcesses processes, string registry, string grains)
    {
        int httpPort = TopologyProcesses.FreePort();
        var silo = processes.StartProject("devices", "FedAspire.Devices", new(TopologyProcesses.EmbeddedSiloEnvironment(httpPort))
        {
            ["FedAspire__Storage__Path"] = grains,
            ["FedAspire__Registry__Path"] = registry,
            ["FedAspire__Simulator__Facilities"] = "3",
            ["FedAspire__Federation__RoundIntervalSeconds"] = "0.3",
            ["FedAspire__Federation__DeadlineSeconds"] = "10",
            ["FedAspire__Federation__CentralEvaluation"] = "false",
        });
        return (silo, $"http://127.0.0.1:{httpPort}");
    }

    /// <summary>Waits for <paramref name="rounds"/> more rounds than the silo's first answer showed; returns the round reached.</summary>
    private static async Task<long> RunRoundsAsync(HttpClient http, string baseUrl, int rounds, CancellationToken ct)
    {
        string url = $"{baseUrl}/federations/{Federation}/status";
        long first = (await JsonPolling.UntilAsync(http, url, _ => true, "the restarted silo's status", ct)).GetProperty("round").GetInt64();
        var reached = await JsonPolling.UntilAsync(http, url, s => s.GetProperty("round").GetInt64() >= first + rounds, $"round {first + rounds}", ct);
        return reached.GetProperty("round").GetInt64();
    }

    /// <summary>
    /// Status, the whole history (paged backwards through <c>/rounds</c>) and the committed versions with no round between them:
    /// read again until the status before and after is the same and idle, since status answers while a round runs.
    /// </summary>
    private static async Task<(FederationStatus Status, List<RoundRecord> History, long Skipped, List<long> Committed)> ConsistentViewAsync(
        HttpClient http, string baseUrl, string registry, CancellationToken ct)
    {
        string api = $"{baseUrl}/federations/{Federation}";
        while (true)
        {
            var before = (await http.GetFromJsonAsync<FederationStatus>($"{api}/status", FileModelRegistry.JsonOptions, ct))!;
            if (!before.RoundInProgress)
            {
                var history = new List<RoundRecord>();
                long skipped = 0;
                string? cursor = null;
                do
                {
                    using var page = await http.GetAsync($"{api}/rounds?last=20{(cursor is null ? "" : "&before=" + cursor)}", ct);
                    page.EnsureSuccessStatusCode();
                    history.InsertRange(0, (await page.Content.ReadFromJsonAsync<List<RoundRecord>>(FileModelRegistry.JsonOptions, ct))!);
                    skipped += long.Parse(page.Headers.GetValues("X-Skipped-Records").Single(), CultureInfo.InvariantCulture);
                    cursor = page.Headers.TryGetValues("X-Next-Before", out var next) ? next.Single() : null;
                }
                while (cursor is not null);
                var committed = CommittedVersions(registry).Order().ToList();
                var after = (await http.GetFromJsonAsync<FederationStatus>($"{api}/status", FileModelRegistry.JsonOptions, ct))!;
                if (!after.RoundInProgress && (after.Round, after.Version) == (before.Round, before.Version)) return (after, history, skipped, committed);
            }
            await Task.Delay(50, ct);
        }
    }

    private static string VersionsDirectory(string registry) => Path.Combine(registry, Federation, "versions");

    private static string Stem(string registry, long version) => Path.Combine(VersionsDirectory(registry), version.ToString("D6", CultureInfo.InvariantCulture));

    /// <summary>Versions whose document was renamed into place (published); an ONNX without its document is an uncommitted attempt.</summary>
    private static IEnumerable<long> CommittedVersions(string registry) =>
        Directory.Exists(VersionsDirectory(registry))
            ? Directory.EnumerateFiles(VersionsDirectory(registry), "*.json").Select(f => long.Parse(Path.GetFileNameWithoutExtension(f), CultureInfo.InvariantCulture))
            : [];

    /// <summary>
    /// Adds the SHA-256 of every committed version's document and ONNX to <paramref name="seen"/> and fails when one seen before
    /// changed or vanished; returns the number of committed versions.
    /// </summary>
    private static int CheckFingerprints(string registry, Dictionary<string, string> seen, string when)
    {
        var versions = CommittedVersions(registry).ToList();
        foreach (var version in versions)
        {
            var stem = Stem(registry, version);
            Assert.True(File.Exists(stem + ".onnx"), $"{when}: version {version} is committed without its ONNX");
            foreach (var file in new[] { stem + ".json", stem + ".onnx" })
                seen.TryAdd(Path.GetFileName(file), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))));
        }
        foreach (var (file, hash) in seen)
        {
            var path = Path.Combine(VersionsDirectory(registry), file);
            Assert.True(File.Exists(path), $"{when}: {file}, seen before, is gone");
            Assert.True(hash == Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))), $"{when}: {file} was rewritten");
        }
        return versions.Count;
    }

    /// <summary>Where the kill actually stopped the publish path, read from the files it left (the kill may trail its event).</summary>
    private static string Landed(string registry, string grains)
    {
        long committed = CommittedVersions(registry).DefaultIfEmpty(0).Max();
        var next = Stem(registry, committed + 1);
        if (File.Exists(next + ".json.tmp")) return $"v{committed + 1} document temp written, not committed";
        if (File.Exists(next + ".onnx")) return $"v{committed + 1} ONNX renamed, document not written";
        if (File.Exists(next + ".onnx.tmp")) return $"v{committed + 1} ONNX temp written, not renamed";
        var historyPath = Path.Combine(registry, Federation, FileModelRegistry.HistoryFileName);
        long appended = RoundHistoryFile.ReadPage(historyPath, 1, null).Rounds.LastOrDefault()?.RoundId ?? 0;
        long committedRound = 0;
        if (committed > 0)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Stem(registry, committed) + ".json"));
            committedRound = document.RootElement.GetProperty("round").GetInt64();
        }
        if (appended < committedRound) return $"v{committed} committed, round {committedRound} not appended";
        var checkpoints = Path.Combine(grains, "aggregator");
        if ((Directory.Exists(checkpoints) ? Directory.EnumerateFiles(checkpoints, "*.bin").SingleOrDefault() : null) is not { } checkpoint)
            return $"round {appended} appended, no checkpoint yet";
        if (File.Exists(checkpoint + ".tmp")) return $"round {appended} appended, checkpoint temp written, not renamed";
        if (File.GetLastWriteTimeUtc(checkpoint) < File.GetLastWriteTimeUtc(historyPath)) return $"round {appended} appended, checkpoint not written";
        return $"round {appended} checkpointed (between rounds)";
    }

    private sealed record KillPoint(string Step, Func<string, bool> Matches);

    /// <summary>
    /// Watches the registry and grain storage folders and SIGKILLs the armed silo from the watcher's thread as soon as the armed
    /// step's file appears or changes, so the kill lands as close to that step as inotify allows.
    /// </summary>
    private sealed class KillTrap : IDisposable
    {
        private readonly FileSystemWatcher[] _watchers;
        private Armed? _armed;

        public KillTrap(params string[] folders)
        {
            _watchers = folders.Select(folder => new FileSystemWatcher(folder)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                InternalBufferSize = 64 * 1024,
            }).ToArray();
            foreach (var watcher in _watchers)
            {
                watcher.Created += (_, e) => OnEvent(e.FullPath, e.ChangeType);
                watcher.Changed += (_, e) => OnEvent(e.FullPath, e.ChangeType);
                watcher.Renamed += (_, e) => OnEvent(e.FullPath, e.ChangeType);
                watcher.EnableRaisingEvents = true;
            }
        }

        /// <summary>Kills <paramref name="silo"/> <paramref name="delayMicroseconds"/> after the next event of <paramref name="point"/>
        /// (or after <paramref name="wait"/> without one); names the event the kill followed.</summary>
        public async Task<string> KillAfterAsync(KillPoint point, ChildProcess silo, int delayMicroseconds, TimeSpan wait, CancellationToken ct)
        {
            var armed = new Armed(point, silo, delayMicroseconds);
            Volatile.Write(ref _armed, armed);
            await Task.WhenAny(armed.Killed.Task, Task.Delay(wait, ct));
            // Still armed means no event came: the watcher thread, once it disarmed, always kills and reports.
            if (Interlocked.CompareExchange(ref _armed, null, armed) != armed) return await armed.Killed.Task;
            // A kill that lands on no chosen step is still a crash: the invariants must hold all the same.
            silo.Crash();
            ct.ThrowIfCancellationRequested();
            return $"no such event within {wait.TotalSeconds:0} s";
        }

        public void Dispose()
        {
            foreach (var watcher in _watchers) watcher.Dispose();
        }

        private void OnEvent(string path, WatcherChangeTypes change)
        {
            var armed = Volatile.Read(ref _armed);
            if (armed is null || !armed.Point.Matches(path) || Interlocked.CompareExchange(ref _armed, null, armed) != armed) return;
            // Spun, not slept: the steps are a few milliseconds apart, finer than a sleep's granularity.
            var delay = Stopwatch.StartNew();
            while (delay.Elapsed.TotalMicroseconds < armed.DelayMicroseconds) Thread.SpinWait(20);
            armed.Silo.Crash();
            armed.Killed.TrySetResult($"{change} {Path.GetFileName(path)}");
        }

        private sealed record Armed(KillPoint Point, ChildProcess Silo, int DelayMicroseconds)
        {
            public TaskCompletionSource<string> Killed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
