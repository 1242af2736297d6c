using FedAspire.Aggregator.Registry;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FedAspire.Aggregator.Apis;

/// <summary>The federation HTTP API: status, round history, the current global model as parameters or ONNX, and remote facilities.</summary>
public static class FederationApi
{
    /// <summary>Maps <c>/federations/{name}/status|rounds|model|model.onnx</c> and the remote facility endpoints (<see cref="RemoteFacilityApi"/>).</summary>
    public static IEndpointRouteBuilder MapFederationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/federations/{name}").WithTags("Federation");
        api.MapGet("/status", GetStatusAsync);
        api.MapGet("/rounds", GetRoundsAsync);
        api.MapGet("/model", GetModelAsync);
        api.MapGet("/model.onnx", GetOnnxAsync);
        api.MapGet("/calibration", GetCalibrationAsync);
        api.MapRemoteFacilityApi();
        return app;
    }

    /// <summary>The aggregator's status; 404 when the federation was never configured.</summary>
    public static async Task<Results<Ok<FederationStatus>, NotFound>> GetStatusAsync(string name, IGrainFactory grains)
    {
        var status = await grains.GetGrain<IAggregatorGrain>(name).GetStatusAsync();
        return status.Configured ? TypedResults.Ok(status) : TypedResults.NotFound();
    }

    /// <summary>Round history, newest last; <c>?last=n</c> keeps the last n.</summary>
    public static async Task<Ok<IReadOnlyList<RoundRecord>>> GetRoundsAsync(string name, IModelRegistry registry, int? last, CancellationToken cancellationToken)
    {
        var rounds = await registry.ListRoundsAsync(name, cancellationToken);
        if (last is > 0 && rounds.Count > last) rounds = rounds.Skip(rounds.Count - last.Value).ToList();
        return TypedResults.Ok(rounds);
    }

    /// <summary>The latest global model: spec, parameters, normalization, threshold and provenance.</summary>
    public static async Task<Results<Ok<GlobalModelDocument>, NotFound>> GetModelAsync(string name, IModelRegistry registry, CancellationToken cancellationToken)
    {
        var latest = await registry.GetLatestAsync(name, cancellationToken);
        return latest is null ? TypedResults.NotFound() : TypedResults.Ok(GlobalModelDocument.From(latest));
    }

    /// <summary>
    /// The latest version's calibration: normalization mode, false-alarm target, the federation's threshold and each facility's
    /// (a scorer raises a device's alarms at its facility's threshold, and at the federation's for an unknown facility).
    /// </summary>
    public static async Task<Results<Ok<CalibrationDocument>, NotFound>> GetCalibrationAsync(string name, IModelRegistry registry, CancellationToken cancellationToken)
    {
        var latest = await registry.GetLatestAsync(name, cancellationToken);
        return latest?.Calibration is not { } c ? TypedResults.NotFound() : TypedResults.Ok(CalibrationDocument.From(latest.Federation, latest.Version, c));
    }

    /// <summary>The latest global model's ONNX export.</summary>
    public static async Task<Results<FileContentHttpResult, NotFound>> GetOnnxAsync(string name, IModelRegistry registry, CancellationToken cancellationToken)
    {
        var latest = await registry.GetLatestAsync(name, cancellationToken);
        return latest is null || latest.Onnx.Length == 0
            ? TypedResults.NotFound()
            : TypedResults.File(latest.Onnx, "application/octet-stream", $"{name}-v{latest.Version}.onnx");
    }
}

/// <summary>The JSON form of a global model version served by the API (everything but the ONNX bytes).</summary>
public sealed record GlobalModelDocument(
    string Federation, long Version, long Round, DateTimeOffset CreatedAt, ModelSpec Spec, int ParameterCount, float[] Parameters,
    FeatureNormalization Normalization, float Threshold, string Strategy, IReadOnlyList<string> Participants, long Samples,
    double TrainingLoss, FederatedEvaluation? Evaluation, FederatedEvaluation? CentralEvaluation, CalibrationDocument? Calibration)
{
    /// <summary>Projects a registry version.</summary>
    public static GlobalModelDocument From(GlobalModelVersion v) => new(v.Federation, v.Version, v.Round, v.CreatedAt, v.Spec, v.Parameters.Length,
        v.Parameters, v.Normalization, v.Threshold, v.Strategy, v.Participants, v.Samples, v.TrainingLoss, v.Evaluation, v.CentralEvaluation,
        v.Calibration is { } c ? CalibrationDocument.From(v.Federation, v.Version, c) : null);
}

/// <summary>The JSON form of a version's calibration: the mode by name, the target, the federation's and each participant's threshold.</summary>
public sealed record CalibrationDocument(
    string Federation, long Version, string Normalization, double FalseAlarmTarget, float Threshold, long Windows, IReadOnlyList<ParticipantCalibration> Participants)
{
    /// <summary>Projects a version's calibration.</summary>
    public static CalibrationDocument From(string federation, long version, ModelCalibration c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(federation, version, c.Normalization.ToString().ToLowerInvariant(), c.FalseAlarmTarget, c.Threshold, c.Windows, c.Participants);
    }
}
