using FedAspire.Core.Telemetry;
using FedAspire.Messaging;

namespace FedAspire.Devices.Ingestion;

/// <summary>
/// Runs in every silo: reads the telemetry source (a Kafka consumer group shared by the replicas, or the in-process bus) and
/// hands each batch to <see cref="DeviceTelemetryIngestor"/>. The source commits a batch only after the grains accepted it.
/// </summary>
public sealed partial class TelemetryIngestionService(ITelemetrySource source, DeviceTelemetryIngestor ingestor, ILogger<TelemetryIngestionService> logger,
    KafkaSettings? kafka = null)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarting(source.Description);
        if (kafka is not null) await EnsureTopicsAsync(kafka, stoppingToken).ConfigureAwait(false);
        try
        {
            await source.RunAsync(ingestor.HandleAsync, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        var s = ingestor.Statistics;
        LogStopped(s.Accepted, s.Duplicates, s.Rejected);
    }

    // Auto-created topics get one partition, which would leave every replica but one idle: create them with the planned count.
    private async Task EnsureTopicsAsync(KafkaSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await KafkaTopicInitializer.EnsureTopicsAsync(settings).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Confluent.Kafka.KafkaException or TimeoutException)
        {
            LogTopicsNotCreated(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka topics could not be created ({Reason}); consuming whatever exists")]
    private partial void LogTopicsNotCreated(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry ingestion into device grains from {Source}")]
    private partial void LogStarting(string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry ingestion stopped: {Accepted} readings stored, {Duplicates} duplicates, {Rejected} rejected by grains")]
    private partial void LogStopped(long accepted, long duplicates, long rejected);
}
