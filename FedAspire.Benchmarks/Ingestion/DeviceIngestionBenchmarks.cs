using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using FedAspire.Core.Telemetry;
using FedAspire.Devices.Extensions;
using FedAspire.Devices.Ingestion;
using FedAspire.Devices.Simulation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedAspire.Benchmarks.Ingestion;

/// <summary>
/// Records per second from the in-process bus into device grains on one silo: the silo's ingestion service reads the bus in
/// batches (<see cref="MaxBatchSize"/>), splits them per device and calls each device grain once per batch. Each operation
/// publishes <see cref="Records"/> fresh records of 1,000 simulated pumps (52 sensors) and waits until the grains stored them;
/// the reported time is per record (OperationsPerInvoke), so records/s = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes the host in [GlobalCleanup].")]
public class DeviceIngestionBenchmarks
{
    /// <summary>Records per benchmark operation.</summary>
    public const int Records = 100_000;

    private IHost _host = null!;
    private InProcessTelemetryBus _bus = null!;
    private IngestionStatistics _statistics = null!;
    private TelemetryReplay _replay = null!;
    private TelemetryRecord[] _next = null!;

    /// <summary>Largest batch the source hands to the ingestor.</summary>
    [Params(1024, 8192)]
    public int MaxBatchSize { get; set; }

    /// <summary>Starts an embedded silo (memory storage, in-process bus) and loads the pump sample.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _host = BenchmarkHosts.StartSilo(new Dictionary<string, string?>
        {
            ["FedAspire:Ingestion:MaxBatchSize"] = MaxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FedAspire:Ingestion:MaxBatchDelayMilliseconds"] = "5",
        });
        _bus = _host.Services.GetRequiredService<InProcessTelemetryBus>();
        _statistics = _host.Services.GetRequiredService<IngestionStatistics>();
        _replay = BenchmarkHosts.PumpReplay();
    }

    /// <summary>Makes the next operation's records (new sequence numbers, so none is a duplicate).</summary>
    [IterationSetup]
    public void NextRecords()
    {
        _next = new TelemetryRecord[Records];
        for (int i = 0; i < Records; i++) _next[i] = _replay.Next();
    }

    /// <summary>Publishes the records and waits until the device grains stored all of them.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public async Task BusToDeviceGrains()
    {
        long target = _statistics.Accepted + _statistics.Duplicates + Records;
        foreach (var record in _next) await _bus.PublishAsync(record);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (_statistics.Accepted + _statistics.Duplicates < target)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Only {_statistics.Accepted + _statistics.Duplicates - target + Records} of {Records} records reached the grains.");
            await Task.Delay(1);
        }
    }

    /// <summary>Stops the silo.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }
}
