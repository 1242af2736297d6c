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
using Microsoft.Extensions.Logging.Abstractions;

namespace FedAspire.Benchmarks.Ingestion;

/// <summary>
/// Records per second a silo's Kafka consumer moves from the broker into device grains, the producer's cost left out: before
/// each operation <see cref="Records"/> records (1,000 pumps, 52 sensors) are written to the broker while the consumer is held
/// at a gate; the operation opens the gate and ends when the grains stored them all. The consumer is the silo's own pipeline
/// (<see cref="KafkaTelemetryConsumer"/> into <see cref="DeviceTelemetryIngestor"/>, batch <see cref="MaxBatchSize"/>). Held at the
/// gate are one batch plus librdkafka's prefetch (capped at 4 MB, about 2,900 records), so up to 11,000 of the 200,000 were
/// fetched before the clock started. Reported time is per record: records/s = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes everything in [GlobalCleanup].")]
public class BrokerConsumerIngestionBenchmarks
{
    /// <summary>Records per benchmark operation.</summary>
    public const int Records = 200_000;

    private IHost _host = null!;
    private KafkaTelemetryProducer _producer = null!;
    private KafkaDeadLetterSink _deadLetters = null!;
    private IngestionStatistics _statistics = null!;
    private TelemetryReplay _replay = null!;
    private CancellationTokenSource _stop = null!;
    private Task _consumer = null!;
    private volatile TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Largest batch the consumer hands to the ingestor (the silo's default is 8192).</summary>
    [Params(8192)]
    public int MaxBatchSize { get; set; }

    /// <summary>Starts a silo (its own ingestion off) and this benchmark's consumer on a fresh topic, and waits until it delivers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var configuration = BenchmarkBroker.Configuration();
        configuration["Aspire:Confluent:Kafka:Consumer:Config:QueuedMaxMessagesKbytes"] = "4096";
        // With the prefetch capped, librdkafka's default 1 s pause once the cap is reached would dominate the figure.
        configuration["Aspire:Confluent:Kafka:Consumer:Config:fetch.queue.backoff.ms"] = "5";
        configuration["Aspire:Confluent:Kafka:Consumer:Config:AutoOffsetReset"] = "Earliest";
        var settings = BenchmarkBroker.Settings(configuration);
        string topic = $"bench-telemetry-{Guid.NewGuid():N}";
        _producer = new KafkaTelemetryProducer(settings, topic);
        _replay = BenchmarkHosts.PumpReplay();
        // The first record creates the topic before the consumer subscribes.
        _producer.PublishAsync(_replay.Next()).GetAwaiter().GetResult();

        _host = BenchmarkHosts.StartSilo(new Dictionary<string, string?> { ["FedAspire:Ingestion:Enabled"] = "false" });
        _statistics = new IngestionStatistics();
        var ingestor = new DeviceTelemetryIngestor(_host.Services.GetRequiredService<IGrainFactory>(), _statistics);
        _deadLetters = new KafkaDeadLetterSink(settings, $"{topic}-dlq");
        var consumer = new KafkaTelemetryConsumer(settings, $"bench-{Guid.NewGuid():N}", TelemetryValidator.Default, _deadLetters,
            new TelemetryIngestionCounters(), NullLogger.Instance, new TelemetrySourceOptions(MaxBatchSize, TimeSpan.FromMilliseconds(5)), topic);
        _stop = new CancellationTokenSource();
        _gate.SetResult();
        _consumer = consumer.RunAsync(async (batch, ct) =>
        {
            await _gate.Task.WaitAsync(ct);
            await ingestor.HandleAsync(batch, ct);
        }, _stop.Token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (_statistics.Accepted == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The Kafka consumer delivered nothing within 60 s.");
            Thread.Sleep(50);
        }
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Writes the next operation's records to the broker (new sequence numbers) while the consumer waits at the gate.</summary>
    [IterationSetup]
    public void ProduceRecords()
    {
        long errors = 0;
        for (int i = 0; i < Records; i++) BenchmarkBroker.Enqueue(_producer, _replay.Next(), _ => Interlocked.Increment(ref errors));
        if (_producer.Flush(TimeSpan.FromMinutes(2)) > 0 || errors > 0) throw new InvalidOperationException($"producing failed ({errors} errors)");
    }

    /// <summary>Opens the gate and waits until the device grains stored every record.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public async Task ConsumerToDeviceGrains()
    {
        long target = _statistics.Accepted + _statistics.Duplicates + Records;
        _gate.SetResult();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (_statistics.Accepted + _statistics.Duplicates < target)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Only {_statistics.Accepted + _statistics.Duplicates - target + Records} of {Records} records reached the grains.");
            await Task.Delay(1);
        }
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Stops the consumer, the silo and the producer.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        _gate.TrySetResult();
        try { _consumer.GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { /* stopping */ }
        _stop.Dispose();
        _deadLetters.Dispose();
        _producer.Dispose();
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }
}
