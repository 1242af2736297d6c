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
using FedAspire.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedAspire.Benchmarks.Ingestion;

/// <summary>
/// Record-to-prediction latency through a Kafka broker (the broker-fed twin of <see cref="RecordToPredictionBenchmarks"/>): one
/// telemetry record is produced to the <c>telemetry</c> topic of <see cref="BenchmarkBroker"/> (acknowledged), the analytics service
/// consumes it in its own group and the operation ends when its prediction is in the (embedded) prediction store. The
/// model is a dense autoencoder over the pump sample's 52 sensors, window 4, exported to ONNX and read from the file registry.
/// Every measurement is one record (one invocation per iteration), so P50/P99 are percentiles over single records; run it
/// without a <c>--job</c> switch so this class's own job applies.
/// </summary>
[Config(typeof(Percentiles))]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes the host in [GlobalCleanup].")]
public class BrokerRecordToPredictionBenchmarks
{
    private static readonly string Device = $"pump-latency-{Guid.NewGuid():N}";
    private static readonly string[] Sensors = BenchmarkHosts.LatencySensors;

    private IHost _host = null!;
    private KafkaTelemetryProducer _producer = null!;
    private IPredictionStore _store = null!;
    private string _registry = null!;
    private long _sequence;
    private bool _warm;

    /// <summary>How long the scoring worker lets a partial batch wait (its default is 50 ms).</summary>
    [Params(1, 50)]
    public int MaxBatchDelayMilliseconds { get; set; }

    /// <summary>Publishes version 1 to a file registry and starts the analytics services on it (embedded backends).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var configuration = BenchmarkBroker.Configuration();
        var settings = BenchmarkBroker.Settings(configuration);
        BenchmarkBroker.EnsureTelemetryTopic(settings);
        configuration["FedAspire:Analytics:Scoring:ConsumerGroup"] = $"bench-analytics-{Guid.NewGuid():N}";
        configuration["FedAspire:Analytics:Scoring:MaxBatchDelayMilliseconds"] = MaxBatchDelayMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (_host, _registry) = BenchmarkHosts.StartAnalytics(configuration);
        _producer = new KafkaTelemetryProducer(settings);
        _store = _host.Services.GetRequiredService<IPredictionStore>();
        // The group starts at the end of the topic: until the consumer has joined, records go unseen, so probe with window-filling
        // records (sequence 1-3 again each time; duplicates are dropped) until the fourth yields a prediction.
        var joined = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            _sequence = 0;
            for (int i = 0; i < 3; i++) RecordToPrediction().GetAwaiter().GetResult();
            try
            {
                RecordToPrediction().GetAwaiter().GetResult();
                break;
            }
            catch (TimeoutException) when (DateTime.UtcNow < joined)
            {
                // not joined yet
            }
        }
    }

    /// <summary>Produces one record (acknowledged by the broker) and waits until its prediction is stored.</summary>
    [Benchmark]
    public async Task RecordToPrediction()
    {
        long sequence = ++_sequence;
        var values = new float[Sensors.Length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)Math.Sin(sequence + i);
        await _producer.PublishAsync(new TelemetryRecord(Device, "facility-01", DateTimeOffset.UtcNow, sequence, Sensors, values));
        if (sequence <= 3) return;
        var timeout = _warm ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(3);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var latest = await _store.GetDeviceScoresAsync(Device, null, 1, CancellationToken.None);
            if (latest.Count > 0 && latest[0].Sequence == sequence)
            {
                _warm = true;
                return;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No prediction for sequence {sequence} within {timeout.TotalSeconds} s.");
            Thread.SpinWait(200);
            await Task.Yield();
        }
    }

    /// <summary>Stops the services and deletes the registry.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _producer.Dispose();
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
