using FedAspire.Core.Telemetry;
using FedAspire.Devices.Ingestion;

namespace FedAspire.Tests.Topology;

/// <summary>The silo's embedded ingestion path wired by hand against a test cluster's client: bus, source, ingestor.</summary>
internal sealed class IngestionPipeline : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public IngestionPipeline(IGrainFactory grains, TelemetryIngestionCounters? counters = null, Func<TelemetryBatchHandler, TelemetryBatchHandler>? wrap = null)
    {
        Counters = counters ?? new TelemetryIngestionCounters();
        Ingestor = new DeviceTelemetryIngestor(grains, new IngestionStatistics());
        var source = new InProcessTelemetrySource(Bus, "devices", TelemetryValidator.Default, DeadLetters, Counters,
            new TelemetrySourceOptions(MaxBatchSize: 64, MaxBatchDelay: TimeSpan.FromMilliseconds(5), RetryDelay: TimeSpan.FromMilliseconds(20)));
        TelemetryBatchHandler handler = Ingestor.HandleAsync;
        _run = Task.Run(() => source.RunAsync(wrap is null ? handler : wrap(handler), _stop.Token));
    }

    public InProcessTelemetryBus Bus { get; } = new(capacityPerGroup: 4096);

    public InMemoryDeadLetterSink DeadLetters { get; } = new();

    public TelemetryIngestionCounters Counters { get; }

    public DeviceTelemetryIngestor Ingestor { get; }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> otherwise.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, double seconds = 20)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {seconds} s waiting for {what}.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _run; }
        catch (OperationCanceledException) { /* stopping */ }
        _stop.Dispose();
    }
}
