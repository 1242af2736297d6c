using Orleans.Runtime;

namespace FedAspire.Devices.Cluster;

/// <summary>
/// Holds back the federation and the simulator until <c>FedAspire:Cluster:ExpectedSilos</c> silos are active (default 1: no wait).
/// </summary>
/// <remarks>
/// Orleans places a grain when it is first activated and never moves it. If the first replica up started the federation and
/// the simulated devices alone, every facility and device grain would stay on it and the other replicas would never train.
/// The AppHost sets the key to its replica count. The wait is bounded: a replica that never comes up delays the start by
/// <c>FedAspire:Cluster:ExpectedSilosTimeoutSeconds</c> (default 60), then the cluster runs with the silos it has.
/// </remarks>
public sealed partial class ClusterMembershipGate(IGrainFactory grains, IHostApplicationLifetime lifetime, IConfiguration configuration, ILogger<ClusterMembershipGate> logger)
{
    /// <summary>Configuration key: active silos to wait for.</summary>
    public const string ExpectedSilosKey = "FedAspire:Cluster:ExpectedSilos";

    /// <summary>Configuration key: seconds to wait for them at most.</summary>
    public const string TimeoutKey = "FedAspire:Cluster:ExpectedSilosTimeoutSeconds";

    private readonly Lazy<Task> _ready = new(() => WaitCoreAsync(grains, lifetime, configuration, logger));

    /// <summary>Completes once the silo has started and the expected silos are active, or the timeout has passed.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Value.WaitAsync(cancellationToken);

    private static async Task WaitCoreAsync(IGrainFactory grains, IHostApplicationLifetime lifetime, IConfiguration configuration, ILogger logger)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (lifetime.ApplicationStopping.Register(() => started.TrySetCanceled()))
            await started.Task;

        int expected = configuration.GetValue(ExpectedSilosKey, 1);
        if (expected <= 1) return;
        var timeout = TimeSpan.FromSeconds(configuration.GetValue(TimeoutKey, 60.0));
        var management = grains.GetGrain<IManagementGrain>(0);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        int active = 0;
        while (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            try
            {
                active = (await management.GetHosts(onlyActive: true)).Count;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogMembershipUnavailable(logger, e.Message);
            }
            if (active >= expected)
            {
                LogClusterReady(logger, active, waited.Elapsed.TotalSeconds);
                return;
            }
            if (waited.Elapsed >= timeout)
            {
                LogGaveUp(logger, active, expected, timeout.TotalSeconds);
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: {Active} active silos after {Seconds:F1} s; starting the federation and the simulator")]
    private static partial void LogClusterReady(ILogger logger, int active, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: only {Active} of {Expected} expected silos active after {Seconds:F0} s; starting with them")]
    private static partial void LogGaveUp(ILogger logger, int active, int expected, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cluster: membership not readable yet: {Reason}")]
    private static partial void LogMembershipUnavailable(ILogger logger, string reason);
}
