using FedAspire.Devices.Cluster;
using Microsoft.Extensions.Options;

namespace FedAspire.Devices.Simulation;

/// <summary>
/// The silo's simulator (<c>FedAspire:Simulator:Enabled=true</c>): replays the pump sample (or a partition) as live telemetry of
/// many devices into Kafka when configured, else the in-process bus. Every replica replays the same deterministic stream, so
/// replicas produce the same (device, sequence) pairs and device grains drop the copies as duplicates.
/// </summary>
public sealed partial class TelemetrySimulatorService(IOptions<SimulatorOptions> options, ITelemetryPublisher publisher, ClusterMembershipGate cluster,
    ILogger<TelemetrySimulatorService> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        // Let the silo start, and the other replicas join, before the first records activate device and facility grains.
        await Task.Yield();
        await cluster.WaitAsync(stoppingToken);
        TelemetryReplay replay;
        try
        {
            var (tables, source) = ReplayTables.Load(o.Source);
            replay = new TelemetryReplay(tables, o.Devices, o.Facilities, DateTimeOffset.UtcNow, o.DevicePrefix, o.FacilityPrefix);
            LogStarting(o.Devices, o.Facilities, o.RecordsPerSecond > 0 ? $"{o.RecordsPerSecond:N0} records/s" : "as fast as possible", source, publisher.Description);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or Core.Data.DataFormatException)
        {
            LogCannotStart(e.Message);
            return;
        }
        long sent = await TelemetrySimulation.RunAsync(replay, publisher, o.RecordsPerSecond, o.MaxRecords,
            (n, elapsed) => LogProgress(n, elapsed.TotalSeconds), stoppingToken).ConfigureAwait(false);
        LogStopped(sent);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator: {Devices} devices in {Facilities} facilities at {Rate}, replaying {Source} into {Sink}")]
    private partial void LogStarting(int devices, int facilities, string rate, string source, string sink);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator not started: {Reason}")]
    private partial void LogCannotStart(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Simulator: {Sent} records in {Seconds:F0} s")]
    private partial void LogProgress(long sent, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator stopped after {Sent} records")]
    private partial void LogStopped(long sent);
}
