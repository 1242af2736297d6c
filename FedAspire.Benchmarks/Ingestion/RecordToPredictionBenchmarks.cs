using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using FedAspire.Aggregator.Registry;
using FedAspire.Analytics.Extensions;
using FedAspire.Analytics.Infrastructure;
using FedAspire.Analytics.Scoring;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;
using FedAspire.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedAspire.Benchmarks.Ingestion;

/// <summary>
/// Record-to-prediction latency of the embedded analytics service: one telemetry record is published to the in-process bus and
/// the operation ends when its prediction is in the prediction store (the scoring worker's batching delay included). The
/// model is a dense autoencoder over the pump sample's 52 sensors, window 4, exported to ONNX and read from the file registry.
/// Every measurement is one record (one invocation per iteration), so P50/P99 are percentiles over single records; run it
/// without a <c>--job</c> switch so this class's own job applies.
/// </summary>
[Config(typeof(Percentiles))]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes the host in [GlobalCleanup].")]
public class RecordToPredictionBenchmarks
{
    private const string Device = "pump-latency";
    private static readonly string[] Sensors = BenchmarkHosts.LatencySensors;

    private IHost _host = null!;
    private InProcessTelemetryBus _bus = null!;
    private IPredictionStore _store = null!;
    private string _registry = null!;
    private long _sequence;

    /// <summary>How long the scoring worker lets a partial batch wait (its default is 50 ms).</summary>
    [Params(1, 50)]
    public int MaxBatchDelayMilliseconds { get; set; }

    /// <summary>Publishes version 1 to a file registry and starts the analytics services on it (embedded backends).</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_host, _registry) = BenchmarkHosts.StartAnalytics(new Dictionary<string, string?>
        {
            ["FedAspire:Analytics:Scoring:MaxBatchDelayMilliseconds"] = MaxBatchDelayMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _bus = _host.Services.GetRequiredService<InProcessTelemetryBus>();
        _store = _host.Services.GetRequiredService<IPredictionStore>();
        // Fill the device's window so every measured record yields a prediction.
        for (int i = 0; i < 4; i++) RecordToPrediction().GetAwaiter().GetResult();
    }

    /// <summary>Publishes one record and waits until its prediction is stored.</summary>
    [Benchmark]
    public async Task RecordToPrediction()
    {
        long sequence = ++_sequence;
        var values = new float[Sensors.Length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)Math.Sin(sequence + i);
        await _bus.PublishAsync(new TelemetryRecord(Device, "facility-01", DateTimeOffset.UtcNow, sequence, Sensors, values));
        if (sequence <= 3) return;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var latest = await _store.GetDeviceScoresAsync(Device, null, 1, CancellationToken.None);
            if (latest.Count > 0 && latest[0].Sequence == sequence) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No prediction for sequence {sequence} within 10 s.");
            Thread.SpinWait(200);
            await Task.Yield();
        }
    }

    /// <summary>Stops the services and deletes the registry.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        BenchmarkHosts.StopAnalytics(_host, _registry);
    }

    private sealed class Percentiles : ManualConfig
    {
        public Percentiles()
        {
            // BenchmarkDotNet's percentiles are over measurements; one invocation per measurement makes them per record.
            AddJob(Job.Default.WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(20).WithIterationCount(300));
            AddColumn(new LatencyPercentileColumn(50), new LatencyPercentileColumn(99));
        }
    }
}
