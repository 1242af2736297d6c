namespace FedAspire.Devices.Federation;

/// <summary>Logs at start-up which backend serves each concern (clustering, grain storage, registry, facility data).</summary>
public sealed partial class BackendReport(IReadOnlyList<(string Concern, string Backend)> backends, ILogger<BackendReport> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (concern, backend) in backends) LogBackend(concern, backend);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Concern}: {Backend}")]
    private partial void LogBackend(string concern, string backend);
}
