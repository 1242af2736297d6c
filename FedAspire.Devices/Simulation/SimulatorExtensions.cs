using FedAspire.Core.Telemetry;
using FedAspire.Devices.Cluster;
using Microsoft.Extensions.DependencyInjection.Extensions;
using FedAspire.Messaging;

namespace FedAspire.Devices.Simulation;

/// <summary>Registers the telemetry simulator when <c>FedAspire:Simulator:Enabled</c> is true.</summary>
public static class SimulatorExtensions
{
    /// <summary>Adds the publisher (Kafka or the in-process bus registered by ingestion) and <see cref="TelemetrySimulatorService"/>.</summary>
    public static IServiceCollection AddTelemetrySimulator(this IServiceCollection services, IConfiguration config, List<(string, string)>? backends = null)
    {
        services.Configure<SimulatorOptions>(config.GetSection(SimulatorOptions.Section));
        var options = config.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>() ?? new SimulatorOptions();
        if (!options.Enabled)
        {
            backends?.Add(("Simulator", "off (FedAspire:Simulator:Enabled=false)"));
            return services;
        }
        if (KafkaSettings.FromConfiguration(config) is { } kafka)
            services.AddSingleton<ITelemetryPublisher>(sp => new KafkaTelemetryPublisher(kafka, sp.GetRequiredService<ILoggerFactory>().CreateLogger<KafkaTelemetryPublisher>()));
        else
            services.AddSingleton<ITelemetryPublisher>(sp => new BusTelemetryPublisher(sp.GetRequiredService<InProcessTelemetryBus>()));
        services.TryAddSingleton<ClusterMembershipGate>();
        services.AddHostedService<TelemetrySimulatorService>();
        backends?.Add(("Simulator", $"{options.Devices} devices, {options.Facilities} facilities, {(options.RecordsPerSecond > 0 ? $"{options.RecordsPerSecond} records/s" : "unthrottled")}"));
        return services;
    }
}
