using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FedAspire.AppHost.Backends;

/// <summary>Healthy once the Redis endpoint answers <c>PING</c> with <c>+PONG</c>; the services wait for it before they start.</summary>
public sealed class RedisPingHealthCheck(EndpointReference endpoint) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!endpoint.IsAllocated) return HealthCheckResult.Unhealthy($"redis endpoint '{endpoint.EndpointName}' has no port yet");
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            int read = await stream.ReadAsync(buffer, timeout.Token);
            var answer = Encoding.ASCII.GetString(buffer, 0, read).TrimEnd();
            return answer == "+PONG"
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"redis at {endpoint.Host}:{endpoint.Port} answered '{answer}' to PING");
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"redis at {endpoint.Host}:{endpoint.Port}: {e.Message}");
        }
    }
}
