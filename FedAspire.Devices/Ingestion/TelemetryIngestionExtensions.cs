using FedAspire.Core.Telemetry;
using FedAspire.ServiceDefaults.Diagnostics;
using FedAspire.Messaging;

namespace FedAspire.Devices.Ingestion;

/// <summary>Registers the telemetry transport of a silo (Kafka when <c>ConnectionStrings:kafka</c> is set, else the in-process bus) and the ingestion service.</summary>
public static class TelemetryIngestionExtensions
{
    /// <summary>Adds the bus or Kafka clients, dead-letter sink, counters and (unless disabled) <see cref="TelemetryIngestionService"/>.</summary>
    public static IServiceCollection AddTelemetryIngestion(this IServiceCollection services, IConfiguration config, List<(string, string)>? backends = null)
    {
        var options = config.GetSection(IngestionOptions.Section).Get<IngestionOptions>() ?? new IngestionOptions();
        services.Configure<IngestionOptions>(config.GetSection(IngestionOptions.Section));
        services.AddSingleton(new TelemetryValidator());
        services.AddSingleton<IngestionStatistics>();
        services.AddSingleton<DeviceTelemetryIngestor>();
        services.AddSingleton(_ =>
        {
            var counters = new TelemetryIngestionCounters();
            counters.Rejected += r => FedAspireDiagnostics.RecordsRejected.Add(1,
                new KeyValuePair<string, object?>("consumer", "devices"), new KeyValuePair<string, object?>("reason", r.Reason.ToString()));
            return counters;
        });
        var sourceOptions = new TelemetrySourceOptions(Math.Max(1, options.MaxBatchSize),
            TimeSpan.FromMilliseconds(Math.Max(1, options.MaxBatchDelayMilliseconds)), TimeSpan.FromMilliseconds(Math.Max(1, options.RetryDelayMilliseconds)),
            Math.Max(0, options.DecodeParallelism));

        var kafka = services.AddTelemetrySource(config, options.ConsumerGroup, sourceOptions, "Telemetry batch could not be delivered to device grains; retrying");
        backends?.Add(("Telemetry in", !options.Enabled ? "disabled"
            : kafka is not null ? $"Kafka {kafka.BootstrapServers}, topic '{TelemetryTopics.Telemetry}', group '{options.ConsumerGroup}'"
            : $"in-process bus, group '{options.ConsumerGroup}' (embedded)"));
        if (options.Enabled) services.AddHostedService<TelemetryIngestionService>();
        return services;
    }
}
