using System.Diagnostics;
using System.Text.RegularExpressions;
using FedAspire.Core.Data;
using FedAspire.Devices.Scenarios;
using FedAspire.Lab.Cluster;
using FedAspire.Lab.Commands;
using FedAspire.Lab.Experiments;
using FedAspire.Tests.Federation;

namespace FedAspire.Tests.Topology;

/// <summary>
/// The scale scenario in a real cluster: redis-server and two processes of the silo host on loopback, the test process as the
/// Orleans client that ingests and runs the round, as <c>experiment --silos 2</c> does.
/// </summary>
[Trait("Area", "Topology")]
public sealed partial class MultiSiloScaleTests
{
    private const int Devices = 2_000, Facilities = 20, Silos = 2;

    private static string Root => DatasetLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("Tests must run inside the repository.");

    [Fact]
    public async Task Two_silo_processes_share_the_device_grains_count_every_device_report_per_silo_and_leave_no_process_behind()
    {
        if (RedisServer.Locate() is null) Assert.Skip($"{RedisServer.DefaultPath} not found (install Debian's redis-server; .ci/run does).");
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        budget.CancelAfter(TimeSpan.FromSeconds(90));
        var scenario = ExperimentCommand.ApplyOverrides(ScenarioFile.Load(Path.Combine(Root, "data", "scenarios", "scale.json")),
            rounds: null, devices: Devices, facilities: Facilities, datasets: null, "test", silos: Silos);
        using var temp = new TempDirectory();
        var log = new List<string>();
        var clock = Stopwatch.StartNew();
        var (result, timings, files) = await ExperimentCommand.RunAsync(scenario, Root, temp.Path, "test", line => { lock (log) log.Add(line); }, budget.Token);
        TestContext.Current.SendDiagnosticMessage($"{Silos} silos, {Devices} devices in {clock.Elapsed.TotalSeconds:F1} s\n{string.Join('\n', log)}");

        // The round counted every device: each registered with its facility and trained on its 6 training readings (8 - 2 calibration).
        var scale = Assert.IsType<ScaleResult>(result.Scale);
        Assert.Equal("Completed", scale.Outcome);
        Assert.Equal(Devices, scale.RegisteredDevices);
        Assert.Equal(Facilities, scale.Participants);
        Assert.Equal(Devices * 6, scale.Samples);

        // Both silo processes hold device grains, together all of them, and report positive figures of their own.
        var t = Assert.IsType<ScaleTimings>(timings.Scale);
        Assert.Equal(Silos, t.SiloProcesses);
        Assert.Equal(Silos, t.Silos.Count);
        Assert.Equal(Devices, t.Silos.Sum(s => s.DeviceGrains));
        Assert.Equal(Facilities, t.Silos.Sum(s => s.FacilityGrains));
        Assert.Single(t.Silos, s => s.HostsAggregator);
        Assert.Equal(Silos, t.Silos.Select(s => s.ProcessId).Distinct().Count());
        Assert.DoesNotContain(Environment.ProcessId, t.Silos.Select(s => s.ProcessId));
        foreach (var s in t.Silos)
        {
            Assert.True(s.DeviceGrains > 0, $"silo {s.Silo} hosts no device grain");
            Assert.True(s.HeapBytesPerDeviceGrain > 0, $"silo {s.Silo}: heap per device grain {s.HeapBytesPerDeviceGrain}");
            Assert.True(s.WorkingSetAfterIngestBytes > 0 && s.PeakWorkingSetBytes >= s.WorkingSetAfterRoundBytes, $"silo {s.Silo}: working sets");
            Assert.True(s.IngestDeviceGrainsPerSecond > 0 && s.IngestCpuSeconds > 0 && s.RoundCpuSeconds > 0, $"silo {s.Silo}: rates and CPU");
            // Hash placement puts about half of each facility's devices on the other silo: the round crosses the network both ways.
            Assert.True(s.RoundMessages.SentMessages > 0 && s.RoundMessages.SentBytes > 0 && s.RoundMessages.ReceivedMessages > 0 && s.RoundMessages.ReceivedBytes > 0,
                $"silo {s.Silo}: round messages {s.RoundMessages}");
            Assert.True(s.IngestMessages.ReceivedMessages > 0, $"silo {s.Silo}: ingest messages {s.IngestMessages}");
        }
        Assert.True(t.RoundSeconds > 0 && t.IngestSeconds > 0 && t.HeapBytesPerDevice > 0);
        Assert.Contains(SiloScaleTimings.RoundSpan, t.RoundPhaseSeconds.Keys);
        Assert.Contains("federation.train", t.RoundPhaseSeconds.Keys);
        var report = await File.ReadAllTextAsync(Path.Combine(temp.Path, "report.md"), budget.Token);
        Assert.Contains("| **total** |", report, StringComparison.Ordinal);
        Assert.Contains("report.md", files);

        // Every process the cluster announced has ended.
        var announced = log.Select(l => ClusterLine().Match(l)).Single(m => m.Success);
        int[] pids = [int.Parse(announced.Groups["redis"].Value, System.Globalization.CultureInfo.InvariantCulture),
            .. announced.Groups["silos"].Value.Split(", ").Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(Silos + 1, pids.Length);
        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"process {pid} of the cluster is still running"));
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"redis-server on 127\.0\.0\.1:\d+ \(pid (?<redis>\d+)\), \d+ silo process(es)? of .+ \(pids (?<silos>[\d, ]+)\)")]
    private static partial Regex ClusterLine();
}
