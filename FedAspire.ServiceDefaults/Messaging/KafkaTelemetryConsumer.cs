using System.Text;
using Confluent.Kafka;
using FedAspire.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace FedAspire.ServiceDefaults.Messaging;

/// <summary>
/// A consumer-group member of the <c>telemetry</c> topic delivering decoded batches with at-least-once semantics: offsets are
/// committed only after the handler succeeded (a failed batch is retried; after a crash it is redelivered, and receivers drop
/// duplicates by sequence number). Malformed records are dead-lettered with their reason, counted, and committed past.
/// </summary>
public sealed class KafkaTelemetryConsumer : ITelemetrySource
{
    private readonly KafkaSettings _settings;
    private readonly string _groupId;
    private readonly string _topic;
    private readonly TelemetryValidator _validator;
    private readonly ITelemetryDeadLetterSink _deadLetters;
    private readonly TelemetrySourceOptions _options;
    private readonly ILogger _logger;

    /// <summary>A member of consumer group <paramref name="groupId"/> on <paramref name="topic"/>.</summary>
    public KafkaTelemetryConsumer(KafkaSettings settings, string groupId, TelemetryValidator validator, ITelemetryDeadLetterSink deadLetters,
        TelemetryIngestionCounters counters, ILogger logger, TelemetrySourceOptions? options = null, string topic = TelemetryTopics.Telemetry)
    {
        _settings = settings;
        _groupId = groupId;
        _topic = topic;
        _validator = validator;
        _deadLetters = deadLetters;
        Counters = counters;
        _logger = logger;
        _options = options ?? new TelemetrySourceOptions();
    }

    /// <summary>What was delivered and refused.</summary>
    public TelemetryIngestionCounters Counters { get; }

    /// <inheritdoc/>
    public string Description => $"kafka {_settings.BootstrapServers} topic '{_topic}', group '{_groupId}'";

    /// <inheritdoc/>
    public Task RunAsync(TelemetryBatchHandler handler, CancellationToken cancellationToken) =>
        // Consume() blocks, so the loop gets its own thread instead of a thread-pool worker.
        Task.Factory.StartNew(() => ConsumeLoopAsync(handler, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task ConsumeLoopAsync(TelemetryBatchHandler handler, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(_settings.CreateConsumerConfig(_groupId))
            .SetErrorHandler((_, e) => _logger.LogWarning("Kafka consumer error ({Code}): {Reason}", e.Code, e.Reason))
            .Build();
        consumer.Subscribe(_topic);
        var batch = new List<TelemetryRecord>(_options.MaxBatchSize);
        var next = new Dictionary<TopicPartition, Offset>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                batch.Clear();
                next.Clear();
                var deadline = DateTime.UtcNow + _options.EffectiveBatchDelay;
                while (batch.Count < _options.MaxBatchSize)
                {
                    var wait = deadline - DateTime.UtcNow;
                    if (wait <= TimeSpan.Zero && next.Count > 0) break;
                    var result = consumer.Consume(wait > TimeSpan.Zero ? wait : _options.EffectiveBatchDelay);
                    if (result is null)
                    {
                        if (next.Count > 0) break;
                        if (cancellationToken.IsCancellationRequested) return;
                        deadline = DateTime.UtcNow + _options.EffectiveBatchDelay;
                        continue;
                    }
                    if (result.IsPartitionEOF) continue;
                    next[result.TopicPartition] = result.Offset + 1;
                    var payload = result.Message.Value ?? [];
                    if (TelemetryCodec.TryDecode(payload, _validator, out var record, out var rejection)) batch.Add(record!);
                    else
                    {
                        Counters.CountRejection(rejection!);
                        await DeadLetterAsync(result.Message.Key, payload, rejection!, cancellationToken).ConfigureAwait(false);
                    }
                }
                if (batch.Count > 0)
                    await handler.DeliverAsync(batch, Counters, _options.EffectiveRetryDelay,
                        e => _logger.LogWarning(e, "Telemetry batch of {Count} records failed; retrying in {Delay}", batch.Count, _options.EffectiveRetryDelay),
                        cancellationToken).ConfigureAwait(false);
                Commit(consumer, next);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            consumer.Close();
        }
    }

    private async Task DeadLetterAsync(string? key, byte[] payload, TelemetryRejection rejection, CancellationToken cancellationToken)
    {
        // The offset is committed past a poison record only once it is safely in the dead-letter topic.
        while (true)
        {
            try
            {
                await _deadLetters.PublishAsync(key, payload, rejection, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (KafkaException e)
            {
                _logger.LogWarning("Dead-lettering a {Reason} record failed ({Error}); retrying in {Delay}", rejection.Reason, e.Error.Reason, _options.EffectiveRetryDelay);
                await Task.Delay(_options.EffectiveRetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Commit(IConsumer<string?, byte[]> consumer, Dictionary<TopicPartition, Offset> next)
    {
        if (next.Count == 0) return;
        try
        {
            consumer.Commit(next.Select(p => new TopicPartitionOffset(p.Key, p.Value)));
        }
        catch (KafkaException e)
        {
            // A rebalance took the partitions away: the new owner redelivers from the last commit and drops duplicates by sequence.
            _logger.LogWarning("Kafka commit failed ({Reason}); records will be redelivered to the partition's new owner", e.Error.Reason);
        }
    }

    /// <summary>Reads a dead letter's reason header, or null when absent (for tools and tests).</summary>
    public static string? ReasonOf(Headers headers) =>
        headers.TryGetLastBytes(TelemetryTopics.ReasonHeader, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
