using FedAspire.Core.Telemetry;

namespace FedAspire.Devices.Ingestion;

/// <summary>
/// Runs in every silo: reads the telemetry source (a Kafka consumer group shared by the replicas, or the in-process bus) and
/// hands each batch to <see cref="DeviceTelemetryIngestor"/>. The source commits a batch only after the grains accepted it.
/// </summary>
public sealed partial class TelemetryIngestionService(ITelemetrySource source, DeviceTelemetryIngestor ingestor, ILogger<TelemetryIngestionService> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarting(source.Description);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry ingestion into device grains from {Source}")]
    private partial void LogStarting(string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry ingestion stopped: {Accepted} readings stored, {Duplicates} duplicates, {Rejected} rejected by grains")]
    private partial void LogStopped(long accepted, long duplicates, long rejected);
}
