using FedAspire.Scoring;
using FedAspire.Analytics.Infrastructure;
using FedAspire.Analytics.Model;
using FedAspire.Analytics.Scoring;
using FedAspire.Core.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FedAspire.Analytics.Apis;

/// <summary>The anomaly API: recent anomalies, a device's scores, the model in use and (embedded mode) a telemetry intake.</summary>
public static class AnomalyApi
{
    /// <summary>Default and largest page size.</summary>
    public const int DefaultLimit = 100, MaxLimit = 1000;

    /// <summary>Maps <c>GET /anomalies</c>, <c>GET /devices/{id}/scores</c>, <c>GET /model</c> and, when the in-process bus is used, <c>POST /telemetry</c>.</summary>
    public static IEndpointRouteBuilder MapAnomalyApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/anomalies", GetAnomaliesAsync).WithName("GetAnomalies").WithSummary("Most recent anomalies across devices, newest first");
        app.MapGet("/devices/{id}/scores", GetDeviceScoresAsync).WithName("GetDeviceScores").WithSummary("A device's most recent predictions, newest first");
        app.MapGet("/model", GetModel).WithName("GetModel").WithSummary("The global model analytics scores with");
        if (app.ServiceProvider.GetService<InProcessTelemetryBus>() is not null)
            app.MapPost("/telemetry", PostTelemetryAsync).WithName("PostTelemetry").WithSummary("Embedded mode: publish one schema v1 telemetry record to the in-process bus");
        return app;
    }

    /// <summary>Anomalies after <paramref name="since"/> (ISO 8601), at most <paramref name="limit"/>.</summary>
    public static async Task<Ok<IReadOnlyList<Prediction>>> GetAnomaliesAsync(IPredictionStore store, DateTimeOffset? since, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetAnomaliesAsync(since, Clamp(limit), cancellationToken));

    /// <summary>Predictions of device <paramref name="id"/> after <paramref name="since"/>, at most <paramref name="limit"/>.</summary>
    public static async Task<Ok<IReadOnlyList<Prediction>>> GetDeviceScoresAsync(string id, IPredictionStore store, DateTimeOffset? since, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetDeviceScoresAsync(id, since, Clamp(limit), cancellationToken));

    /// <summary>The model in use, or 404 before the first one is loaded.</summary>
    public static Results<Ok<ScoringModelInfo>, NotFound> GetModel(ScorerSlot slot) =>
        slot.Current is { } info ? TypedResults.Ok(info) : TypedResults.NotFound();

    /// <summary>Decodes the body as schema v1 and publishes it; 400 with the rejection when it is malformed.</summary>
    public static async Task<Results<Accepted, BadRequest<TelemetryRejection>>> PostTelemetryAsync(
        HttpRequest request, InProcessTelemetryBus bus, TelemetryValidator validator, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        if (!TelemetryCodec.TryDecode(body.GetBuffer().AsSpan(0, (int)body.Length), validator, out var record, out var rejection))
            return TypedResults.BadRequest(rejection);
        await bus.PublishAsync(record!, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    private static int Clamp(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
}
