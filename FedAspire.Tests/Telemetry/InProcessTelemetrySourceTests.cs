using FedAspire.Core.Telemetry;

namespace FedAspire.Tests.Telemetry;

[Trait("Area", "Topology")]
public sealed class InProcessTelemetrySourceTests
{
    private static TelemetryRecord Record(long seq, float value = 1f) =>
        new("pump-1", "plant-a", DateTimeOffset.UnixEpoch.AddSeconds(seq), seq, ["a"], [value]);

    [Fact]
    public async Task Poison_records_are_dead_lettered_and_counted_while_good_ones_flow()
    {
        var bus = new InProcessTelemetryBus(capacityPerGroup: 64);
        var deadLetters = new InMemoryDeadLetterSink();
        var counters = new TelemetryIngestionCounters();
        var source = new InProcessTelemetrySource(bus, "test", TelemetryValidator.Default, deadLetters, counters,
            new TelemetrySourceOptions(MaxBatchSize: 4, MaxBatchDelay: TimeSpan.FromMilliseconds(5)));
        var received = new List<long>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await bus.PublishAsync(Record(1), cancel.Token);
        await bus.PublishAsync(Record(2, float.NaN), cancel.Token);
        await bus.PublishAsync(new TelemetryRecord("", "plant-a", DateTimeOffset.UnixEpoch, 3, [], []), cancel.Token);
        await bus.PublishAsync(Record(4), cancel.Token);
        bus.Complete();
        await source.RunAsync((batch, _) => { received.AddRange(batch.Select(r => r.Sequence)); return ValueTask.CompletedTask; }, cancel.Token);

        Assert.Equal([1L, 4L], received);
        Assert.Equal(2, counters.RejectedTotal);
        Assert.Equal(1, counters.RejectedOf(TelemetryRejectionReason.NonFiniteValue));
        Assert.Equal(1, counters.RejectedOf(TelemetryRejectionReason.MissingField));
        Assert.Equal(2, counters.Delivered);
        Assert.Equal([TelemetryRejectionReason.NonFiniteValue, TelemetryRejectionReason.MissingField], deadLetters.Recent.Select(d => d.Rejection.Reason));
    }

    [Fact]
    public async Task A_failed_batch_is_delivered_again_until_the_handler_succeeds()
    {
        var bus = new InProcessTelemetryBus();
        var counters = new TelemetryIngestionCounters();
        var errors = new List<Exception>();
        var source = new InProcessTelemetrySource(bus, "test", TelemetryValidator.Default, new InMemoryDeadLetterSink(), counters,
            new TelemetrySourceOptions(MaxBatchSize: 8, MaxBatchDelay: TimeSpan.FromMilliseconds(5), RetryDelay: TimeSpan.FromMilliseconds(1)), errors.Add);
        int attempts = 0;
        var delivered = new List<long>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await bus.PublishAsync(Record(1), cancel.Token);
        await bus.PublishAsync(Record(2), cancel.Token);
        bus.Complete();
        await source.RunAsync((batch, _) =>
        {
            if (++attempts < 3) throw new IOException("store unavailable");
            delivered.AddRange(batch.Select(r => r.Sequence));
            return ValueTask.CompletedTask;
        }, cancel.Token);

        Assert.Equal(3, attempts);
        Assert.Equal([1L, 2L], delivered);
        Assert.Equal(2, counters.Retries);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public async Task Every_group_sees_every_record()
    {
        var bus = new InProcessTelemetryBus();
        var analytics = bus.Subscribe("analytics");
        var ingestion = bus.Subscribe("ingestion");

        await bus.PublishAsync(Record(7), TestContext.Current.CancellationToken);

        Assert.True(analytics.TryRead(out var a));
        Assert.True(ingestion.TryRead(out var b));
        Assert.Same(a, b);
        Assert.Same(analytics, bus.Subscribe("analytics"));
    }
}
