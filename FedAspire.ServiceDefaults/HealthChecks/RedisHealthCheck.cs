using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FedAspire.ServiceDefaults.HealthChecks;

/// <summary>Healthy when Redis answers <c>PING</c>; the multiplexer is created on first check and reused.</summary>
public sealed class RedisHealthCheck(string connectionString) : IHealthCheck, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectionMultiplexer? _connection;

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            // The multiplexer keeps reconnecting in the background; while it is down there is nothing to ping.
            if (!connection.IsConnected)
                return new HealthCheckResult(context.Registration.FailureStatus, $"Redis: not connected to {connectionString.Split(',')[0]}");
            var latency = await connection.GetDatabase().PingAsync().ConfigureAwait(false);
            return HealthCheckResult.Healthy($"Redis PING {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis: {e.Message}", e);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } existing) return existing;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is null)
            {
                var options = ConfigurationOptions.Parse(connectionString);
                options.AbortOnConnectFail = false;
                // A health probe must answer quickly: at most 3 s to connect and per command, less when the connection string says so.
                options.ConnectTimeout = Math.Min(options.ConnectTimeout, 3000);
                options.AsyncTimeout = Math.Min(options.AsyncTimeout, 3000);
                _connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            }
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _connection?.Dispose();
        _gate.Dispose();
    }
}
