using Confluent.Kafka;
using FedAspire.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FedAspire.ServiceDefaults.HealthChecks;

/// <summary>Healthy when the Kafka cluster answers a metadata request within <c>timeout</c> (default 3 s) and has at least one broker.</summary>
public sealed class KafkaHealthCheck(KafkaSettings settings, TimeSpan? timeout = null) : IHealthCheck, IDisposable
{
    private readonly Lazy<IAdminClient> _admin = new(() => new AdminClientBuilder(settings.CreateAdminConfig()).Build());

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // GetMetadata blocks; run it off the request thread with a bounded timeout.
        return Task.Run(() =>
        {
            try
            {
                var metadata = _admin.Value.GetMetadata(timeout ?? TimeSpan.FromSeconds(3));
                return metadata.Brokers.Count > 0
                    ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s), {metadata.Topics.Count} topic(s)")
                    : new HealthCheckResult(context.Registration.FailureStatus, "Kafka answered with no brokers.");
            }
            catch (KafkaException e)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, $"Kafka at {settings.BootstrapServers}: {e.Error.Reason}", e);
            }
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_admin.IsValueCreated) _admin.Value.Dispose();
    }
}
