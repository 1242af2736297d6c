using System.Text;
using Confluent.Kafka;
using FedAspire.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace FedAspire.Messaging;

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

    // Three stages overlap: while the grains take batch N (handler, thread pool), this thread fetches batch N+1 and decodes it on
    // every core. Batches still reach the handler one at a time and in order, so each device's records keep their order; a
    // batch's offsets are committed only after the handler accepted it (and every earlier batch), and its poison records are in
    // the dead-letter topic before that, so at-least-once holds as with one stage.
    private async Task ConsumeLoopAsync(TelemetryBatchHandler handler, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(_settings.CreateConsumerConfig(_groupId))
            .SetErrorHandler((_, e) => _logger.LogWarning("Kafka consumer error ({Code}): {Reason}", e.Code, e.Reason))
            .Build();
        consumer.Subscribe(_topic);
        int capacity = _options.MaxBatchSize;
        var keys = new string?[capacity];
        var payloads = new byte[capacity][];
        var records = new TelemetryRecord?[capacity];
        var rejections = new TelemetryRejection?[capacity];
        var batch = new List<TelemetryRecord>(capacity);
        var next = new Dictionary<TopicPartition, Offset>();
        // The batch in the handler's hands and the offsets to commit once it is accepted.
        var inFlight = new List<TelemetryRecord>(capacity);
        var inFlightOffsets = new Dictionary<TopicPartition, Offset>();
        Task? delivery = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                next.Clear();
                int count = Fetch(consumer, keys, payloads, next, delivery, cancellationToken);
                if (count < 0) break;
                TelemetryBatchDecoder.DecodeAll(payloads, count, _validator, records, rejections, _options.EffectiveDecodeParallelism);
                batch.Clear();
                for (int i = 0; i < count; i++)
                {
                    if (records[i] is { } record) batch.Add(record);
                    else
                    {
                        Counters.CountRejection(rejections[i]!);
                        await DeadLetterAsync(keys[i], payloads[i], rejections[i]!, cancellationToken).ConfigureAwait(false);
                    }
                }
                Array.Clear(records, 0, count);
                Array.Clear(payloads, 0, count);
                Array.Clear(keys, 0, count);

                if (delivery is not null)
                {
                    await delivery.ConfigureAwait(false);
                    delivery = null;
                    Commit(consumer, inFlightOffsets);
                }
                (inFlight, batch) = (batch, inFlight);
                (inFlightOffsets, next) = (next, inFlightOffsets);
                if (inFlight.Count > 0) delivery = Deliver(handler, inFlight, cancellationToken);
                else Commit(consumer, inFlightOffsets);
            }
            if (delivery is not null)
            {
                await delivery.ConfigureAwait(false);
                Commit(consumer, inFlightOffsets);
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

    // Fills the arrays with up to MaxBatchSize records, or fewer once MaxBatchDelay passed with something read; the next offset
    // of every partition read lands in `next`. Returns -1 when cancelled before anything was read, and 0 when the topic is idle
    // and the batch in flight was accepted, so that its offsets are committed now rather than when the next record arrives.
    private int Fetch(IConsumer<string?, byte[]> consumer, string?[] keys, byte[][] payloads, Dictionary<TopicPartition, Offset> next, Task? delivery,
        CancellationToken cancellationToken)
    {
        int count = 0;
        var deadline = DateTime.UtcNow + _options.EffectiveBatchDelay;
        while (count < payloads.Length)
        {
            var wait = deadline - DateTime.UtcNow;
            if (wait <= TimeSpan.Zero && next.Count > 0) break;
            var result = consumer.Consume(wait > TimeSpan.Zero ? wait : _options.EffectiveBatchDelay);
            if (result is null)
            {
                if (next.Count > 0) break;
                if (cancellationToken.IsCancellationRequested) return -1;
                if (delivery is { IsCompleted: true }) return 0;
                deadline = DateTime.UtcNow + _options.EffectiveBatchDelay;
                continue;
            }
            if (result.IsPartitionEOF) continue;
            next[result.TopicPartition] = result.Offset + 1;
            keys[count] = result.Message.Key;
            payloads[count++] = result.Message.Value ?? [];
        }
        return count;
    }

    private Task Deliver(TelemetryBatchHandler handler, List<TelemetryRecord> batch, CancellationToken cancellationToken) =>
        handler.DeliverAsync(batch, Counters, _options.EffectiveRetryDelay,
            e => _logger.LogWarning(e, "Telemetry batch of {Count} records failed; retrying in {Delay}", batch.Count, _options.EffectiveRetryDelay),
            cancellationToken);

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
