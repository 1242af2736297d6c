using FedAspire.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace FedAspire.Messaging;

/// <summary>
/// The one place a service chooses how telemetry reaches it: Kafka when <c>ConnectionStrings:kafka</c> is set, else the in-process
/// bus (the embedded defaults). The silo's ingestion and the analytics scorer both read telemetry through it.
/// </summary>
public static class TelemetrySourceExtensions
{
    /// <summary>
    /// Registers the <see cref="ITelemetrySource"/> of consumer group <paramref name="group"/> with its dead-letter sink (and the
    /// Kafka settings or the bus); the caller registers <see cref="TelemetryValidator"/> and <see cref="TelemetryIngestionCounters"/>.
    /// Returns the Kafka settings when Kafka was chosen, else null. <paramref name="deliveryFailure"/> is logged when the in-process
    /// source retries a batch its handler could not take.
    /// </summary>
    public static KafkaSettings? AddTelemetrySource(this IServiceCollection services, IConfiguration configuration, string group,
        TelemetrySourceOptions options, string deliveryFailure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (KafkaSettings.FromConfiguration(configuration) is { } kafka)
        {
            services.TryAddSingleton(kafka);
            services.AddSingleton<ITelemetryDeadLetterSink>(_ => new KafkaDeadLetterSink(kafka));
            services.AddSingleton<ITelemetrySource>(sp => new KafkaTelemetryConsumer(kafka, group, sp.GetRequiredService<TelemetryValidator>(),
                sp.GetRequiredService<ITelemetryDeadLetterSink>(), sp.GetRequiredService<TelemetryIngestionCounters>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<KafkaTelemetryConsumer>(), options));
            return kafka;
        }
        services.TryAddSingleton(new InProcessTelemetryBus());
        services.AddSingleton<ITelemetryDeadLetterSink>(new InMemoryDeadLetterSink());
        services.AddSingleton<ITelemetrySource>(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<InProcessTelemetrySource>();
            return new InProcessTelemetrySource(sp.GetRequiredService<InProcessTelemetryBus>(), group, sp.GetRequiredService<TelemetryValidator>(),
                sp.GetRequiredService<ITelemetryDeadLetterSink>(), sp.GetRequiredService<TelemetryIngestionCounters>(), options,
                e => logger.LogWarning(e, "{Failure}", deliveryFailure));
        });
        return null;
    }
}
