namespace FedAspire.Core.Telemetry;

/// <summary>
/// Reads one consumer group of an <see cref="InProcessTelemetryBus"/> in batches: records are validated (refusals go to the
/// dead-letter sink and are counted), and a batch whose handler throws is retried after a pause, so delivery is at-least-once.
/// </summary>
public sealed class InProcessTelemetrySource : ITelemetrySource
{
    private readonly InProcessTelemetryBus _bus;
    private readonly string _group;
    private readonly TelemetryValidator _validator;
    private readonly ITelemetryDeadLetterSink _deadLetters;
    private readonly TelemetrySourceOptions _options;
    private readonly Action<Exception>? _onHandlerError;

    /// <summary>A source for consumer group <paramref name="group"/> of <paramref name="bus"/>.</summary>
    public InProcessTelemetrySource(InProcessTelemetryBus bus, string group, TelemetryValidator validator, ITelemetryDeadLetterSink deadLetters,
        TelemetryIngestionCounters counters, TelemetrySourceOptions? options = null, Action<Exception>? onHandlerError = null)
    {
        _bus = bus;
        _group = group;
        _validator = validator;
        _deadLetters = deadLetters;
        Counters = counters;
        _options = options ?? new TelemetrySourceOptions();
        _onHandlerError = onHandlerError;
        // Subscribing at construction means records published between start-up and RunAsync are not lost.
        _bus.Subscribe(_group);
    }

    /// <summary>What was delivered and refused.</summary>
    public TelemetryIngestionCounters Counters { get; }

    /// <inheritdoc/>
    public string Description => $"in-process bus, group '{_group}'";

    /// <inheritdoc/>
    public async Task RunAsync(TelemetryBatchHandler handler, CancellationToken cancellationToken)
    {
        var reader = _bus.Subscribe(_group);
        var batch = new List<TelemetryRecord>(_options.MaxBatchSize);
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Clear();
            var deadline = DateTime.UtcNow + _options.EffectiveBatchDelay;
            while (batch.Count < _options.MaxBatchSize)
            {
                if (reader.TryRead(out var record))
                {
                    if (_validator.Validate(record) is { } rejection)
                    {
                        Counters.CountRejection(rejection);
                        await _deadLetters.PublishAsync(record.DeviceId, TelemetryCodec.Encode(record), rejection, cancellationToken).ConfigureAwait(false);
                    }
                    else batch.Add(record);
                    continue;
                }
                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero) break;
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(remaining);
                try
                {
                    if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false)) break;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
            if (batch.Count == 0) continue;
            await handler.DeliverAsync(batch, Counters, _options.EffectiveRetryDelay, _onHandlerError, cancellationToken).ConfigureAwait(false);
        }
    }
}
