using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using FedAspire.Core.Telemetry;
using FedAspire.Devices.Extensions;
using FedAspire.Devices.Ingestion;
using FedAspire.Devices.Simulation;
using FedAspire.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedAspire.Benchmarks.Ingestion;

/// <summary>
/// Records per second from a Kafka broker into device grains on one silo (the broker-fed twin of <see cref="DeviceIngestionBenchmarks"/>):
/// the silo's own ingestion service consumes the <c>telemetry</c> topic (<see cref="BenchmarkBroker"/>) and calls each device grain once
/// per batch. Each operation produces <see cref="Records"/> fresh records of 1,000 simulated pumps (52 sensors, about 1.4 KB of JSON
/// each) and waits until the grains stored them, so producer, broker and consumer run at once, as in a live plant, and share the
/// machine's cores. The reported time is per record (OperationsPerInvoke): records/s = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes the host and producer in [GlobalCleanup].")]
public class BrokerIngestionBenchmarks
{
    /// <summary>Records per benchmark operation.</summary>
    public const int Records = 100_000;

    private IHost _host = null!;
    private KafkaTelemetryProducer _producer = null!;
    private IngestionStatistics _statistics = null!;
    private TelemetryReplay _replay = null!;
    private TelemetryRecord[] _next = null!;
    private long _produceErrors;

    /// <summary>Largest batch the consumer hands to the ingestor (the silo's default is 8192).</summary>
    [Params(8192)]
    public int MaxBatchSize { get; set; }

    /// <summary>Starts a silo whose ingestion reads the broker, and waits until its consumer receives records.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var configuration = BenchmarkBroker.Configuration();
        var settings = BenchmarkBroker.Settings(configuration);
        BenchmarkBroker.EnsureTelemetryTopic(settings);
        configuration["FedAspire:Ingestion:ConsumerGroup"] = $"bench-{Guid.NewGuid():N}";
        configuration["FedAspire:Ingestion:MaxBatchSize"] = MaxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        configuration["FedAspire:Ingestion:MaxBatchDelayMilliseconds"] = "5";
        _host = BenchmarkHosts.StartSilo(configuration);
        _statistics = _host.Services.GetRequiredService<IngestionStatistics>();
        _producer = new KafkaTelemetryProducer(settings);
        _replay = BenchmarkHosts.PumpReplay();

        // The group starts at the end of the topic: probe until the consumer has joined and delivers.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (_statistics.Accepted == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The silo's Kafka consumer delivered nothing within 60 s.");
            _producer.Enqueue(_replay.Next());
            _producer.Flush(TimeSpan.FromSeconds(5));
            Thread.Sleep(200);
        }
    }

    /// <summary>Makes the next operation's records (new sequence numbers, so none is a duplicate).</summary>
    [IterationSetup]
    public void NextRecords()
    {
        _next = new TelemetryRecord[Records];
        for (int i = 0; i < Records; i++) _next[i] = _replay.Next();
    }

    /// <summary>Produces the records and waits until the device grains stored all of them.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public async Task BrokerToDeviceGrains()
    {
        long target = _statistics.Accepted + _statistics.Duplicates + Records;
        foreach (var record in _next) BenchmarkBroker.Enqueue(_producer, record, _ => Interlocked.Increment(ref _produceErrors));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (_statistics.Accepted + _statistics.Duplicates < target)
        {
            if (Interlocked.Read(ref _produceErrors) > 0) throw new InvalidOperationException($"{_produceErrors} records could not be produced.");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Only {_statistics.Accepted + _statistics.Duplicates - target + Records} of {Records} records reached the grains.");
            await Task.Delay(1);
        }
    }

    /// <summary>Stops the silo and the producer.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _producer.Dispose();
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }
}
