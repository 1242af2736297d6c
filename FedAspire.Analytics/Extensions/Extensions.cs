using FedAspire.Analytics.Alerts;
using FedAspire.Analytics.Infrastructure;
using FedAspire.Analytics.Models;
using FedAspire.Analytics.Scoring;
using FedAspire.Core.Learning;
using FedAspire.Core.Telemetry;
using FedAspire.ServiceDefaults.Diagnostics;
using FedAspire.Messaging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace FedAspire.Analytics.Extensions;

/// <summary>Composition of the analytics service: each concern picks its backend from configuration (Aspire keys) or its embedded default.</summary>
public static class Extensions
{
    /// <summary>The configuration section of analytics.</summary>
    public const string Section = "FedAspire:Analytics";

    private const string FederationApiClient = "federation-api";

    /// <summary>Registers scoring, model watching, prediction store, alerts, telemetry source and the OpenAPI document.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.Configure<ModelWatcherOptions>(o =>
        {
            // Default to the aggregator's registry path so an embedded silo and analytics on one machine share it.
            if (configuration["FedAspire:Registry:Path"] is { Length: > 0 } registry) o.RegistryPath = registry;
            configuration.GetSection(Section).Bind(o);
        });
        services.AddOptions<ScoringOptions>().Bind(configuration.GetSection($"{Section}:Scoring"))
            .Validate(o => o.BatchSize >= 1, $"{Section}:Scoring:BatchSize must be at least 1.")
            .Validate(o => o.WarmupReadings >= 1, $"{Section}:Scoring:WarmupReadings must be at least 1.")
            .Validate(o => o.DriftHorizonReadings >= DriftTracker.MinHorizonRows, $"{Section}:Scoring:DriftHorizonReadings must be at least {DriftTracker.MinHorizonRows}.")
            .ValidateOnStart();
        services.Configure<PredictionStoreOptions>(configuration.GetSection($"{Section}:Predictions"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new TelemetryValidator());
        services.AddSingleton(sp =>
        {
            var counters = new TelemetryIngestionCounters();
            counters.Rejected += r => FedAspireDiagnostics.RecordsRejected.Add(1,
                new KeyValuePair<string, object?>("consumer", "analytics"), new KeyValuePair<string, object?>("reason", r.Reason.ToString()));
            return counters;
        });

        AddTelemetryTransport(builder);
        AddPredictionStore(builder);
        AddModelSource(builder);

        services.AddSingleton<ScorerSlot>();
        services.AddSingleton<ModelWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelWatcher>());
        services.AddSingleton<ScoringWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ScoringWorker>());

        services.AddOpenApi();
        // A model without a calibrated threshold has threshold NaN; JSON has no NaN, so it is written as the string "NaN".
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling |= System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals);
        return builder;
    }

    private static void AddTelemetryTransport(IHostApplicationBuilder builder)
    {
        var scoring = builder.Configuration.GetSection($"{Section}:Scoring").Get<ScoringOptions>() ?? new ScoringOptions();
        // A host that already has a bus (an embedded silo in the same process) shares it.
        var kafka = builder.Services.AddTelemetrySource(builder.Configuration, scoring.ConsumerGroup, SourceOptions(scoring), "Scoring batch failed; retrying");
        builder.Services.AddSingleton<IAlertPublisher>(kafka is null ? new InProcessAlertPublisher() : new KafkaAlertPublisher(kafka));
    }

    private static TelemetrySourceOptions SourceOptions(ScoringOptions scoring) =>
        new(Math.Max(1, scoring.BatchSize), TimeSpan.FromMilliseconds(Math.Max(1, scoring.MaxBatchDelayMilliseconds)));

    private static void AddPredictionStore(IHostApplicationBuilder builder)
    {
        var options = new PredictionStoreOptions();
        builder.Configuration.GetSection($"{Section}:Predictions").Bind(options);
        if (builder.Configuration.GetConnectionString(options.MongoConnectionName) is { Length: > 0 } mongo)
        {
            builder.Services.AddSingleton<IPredictionStore>(sp =>
            {
                var url = MongoUrl.Create(mongo);
                var client = new MongoClient(url);
                var database = client.GetDatabase(url.DatabaseName ?? "fedaspire");
                var retention = sp.GetRequiredService<IOptions<PredictionStoreOptions>>().Value.Retention;
                return new MongoPredictionStore(database, retention, sp.GetRequiredService<ILoggerFactory>().CreateLogger<MongoPredictionStore>());
            });
            return;
        }
        builder.Services.AddSingleton<IPredictionStore>(sp =>
            new EmbeddedPredictionStore(sp.GetRequiredService<IOptions<PredictionStoreOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
    }

    private static void AddModelSource(IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(Section).Get<ModelWatcherOptions>() ?? new ModelWatcherOptions();
        if (options.FederationApi is { Length: > 0 } api)
        {
            builder.Services.AddHttpClient(FederationApiClient, http =>
            {
                http.BaseAddress = new Uri(api.TrimEnd('/') + "/");
                if (options.OperatorApiKey is { Length: > 0 } key)
                    http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            });
            builder.Services.AddSingleton<IGlobalModelSource>(sp =>
            {
                var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(FederationApiClient);
                return new FederationApiModelSource(http, sp.GetRequiredService<IOptions<ModelWatcherOptions>>().Value.Federation);
            });
            return;
        }
        builder.Services.AddSingleton<IGlobalModelSource>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ModelWatcherOptions>>().Value;
            return new RegistryDirectoryModelSource(o.RegistryPath, o.Federation);
        });
    }
}
