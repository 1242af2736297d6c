using System.Security.Cryptography;
using System.Text;
using FedAspire.Aggregator.Registry;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FedAspire.Aggregator.Apis;

/// <summary>The federation HTTP API: status, round history, the current global model as parameters or ONNX, and remote facilities.</summary>
public static class FederationApi
{
    /// <summary>
    /// Maps <c>/federations/{name}/status|rounds|facilities/{facility}/rounds|model|model.onnx|calibration</c> (guarded by <see cref="OperatorApiOptions"/>)
    /// and the remote facility endpoints (<see cref="RemoteFacilityApi"/>, guarded by facility keys).
    /// </summary>
    public static IEndpointRouteBuilder MapFederationApi(this IEndpointRouteBuilder app)
    {
        var federation = app.MapGroup("/federations/{name}").WithTags("Federation");
        var api = federation.MapGroup("").AddEndpointFilter(AuthorizeOperatorAsync);
        api.MapGet("/status", GetStatusAsync);
        api.MapGet("/rounds", GetRoundsAsync);
        api.MapGet("/facilities/{facility}/rounds", GetFacilityRoundsAsync);
        api.MapGet("/model", GetModelAsync);
        api.MapGet("/model.onnx", GetOnnxAsync);
        api.MapGet("/calibration", GetCalibrationAsync);
        federation.MapRemoteFacilityApi();
        return app;
    }

    /// <summary>The aggregator's status; 404 when the federation was never configured.</summary>
    public static async Task<Results<Ok<FederationStatus>, NotFound>> GetStatusAsync(string name, [FromServices] IGrainFactory grains)
    {
        var status = await grains.GetGrain<IAggregatorGrain>(name).GetStatusAsync();
        return status.Configured ? TypedResults.Ok(status) : TypedResults.NotFound();
    }

    /// <summary>
    /// A page of round history, oldest first: the last <c>?last=n</c> rounds (default and maximum from <see cref="OperatorApiOptions"/>)
    /// with ids below <c>?before=id</c> when given. Response headers: <c>X-Next-Before</c>, the cursor of the next older page
    /// (absent at the start of the history), and <c>X-Skipped-Records</c>, torn or corrupt records skipped while reading the page.
    /// 400 for <c>last</c> outside 1..max, <c>before</c> below 1 or a federation name outside <c>[A-Za-z0-9._-]</c>. The cost depends on the page size, not the history length.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<RoundRecord>>, ProblemHttpResult>> GetRoundsAsync(string name, IModelRegistry registry,
        IOptions<OperatorApiOptions> options, HttpResponse response, int? last, long? before, CancellationToken cancellationToken)
    {
        if (InvalidPage(options.Value, last, before) is { } invalid) return invalid;
        RoundPage page;
        try
        {
            page = await registry.ReadRoundsAsync(name, last ?? options.Value.DefaultLast, before, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid federation name", detail: e.Message);
        }
        WritePageHeaders(response, page.NextBefore, page.Skipped);
        return TypedResults.Ok(page.Rounds);
    }

    /// <summary>
    /// A page of one facility's metric series (<see cref="FacilityRoundPoint"/>: its bounded evaluation figures and training loss and
    /// samples per completed round it took part in), oldest first, with the paging of <c>/rounds</c>: <c>?last=n</c>, <c>?before=id</c>,
    /// <c>X-Next-Before</c> and <c>X-Skipped-Records</c>, and the same 400s. Only the newest
    /// <see cref="FacilitySeriesOptions.RoundsPerFacility"/> points are kept; a facility without points answers an empty list. The
    /// figures are what the facility reported, bounded by its credited windows as in the pooled merge: the pooled and central
    /// evaluations in <c>/rounds</c> are the ones to trust.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<FacilityRoundPoint>>, ProblemHttpResult>> GetFacilityRoundsAsync(string name, string facility,
        IModelRegistry registry, IOptions<OperatorApiOptions> options, HttpResponse response, int? last, long? before, CancellationToken cancellationToken)
    {
        if (InvalidPage(options.Value, last, before) is { } invalid) return invalid;
        FacilityRoundPage page;
        try
        {
            page = await registry.ReadFacilityRoundsAsync(name, facility, last ?? options.Value.DefaultLast, before, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid federation name", detail: e.Message);
        }
        WritePageHeaders(response, page.NextBefore, page.Skipped);
        return TypedResults.Ok(page.Rounds);
    }

    // The paging rules of every round list: last in 1..max, before at least 1.
    private static ProblemHttpResult? InvalidPage(OperatorApiOptions options, int? last, long? before)
    {
        int max = options.MaxPageSize;
        if (last is { } n && (n < 1 || n > max))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid 'last'",
                detail: $"last must be between 1 and {max}, got {n}; page older history with 'before'");
        if (before is < 1)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid 'before'",
                detail: $"before must be a round id of at least 1, got {before}");
        return null;
    }

    private static void WritePageHeaders(HttpResponse response, long? nextBefore, int skipped)
    {
        if (nextBefore is { } next) response.Headers["X-Next-Before"] = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["X-Skipped-Records"] = skipped.ToString(System.Globalization.CultureInfo.InvariantCulture);
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

    /// <summary>
    /// The latest global model's ONNX export. Its ETag is the version's identity (<see cref="ModelIdentity"/>: epoch, number and
    /// fingerprint); a request with that tag in <c>If-None-Match</c> gets 304, so a follower downloads only a different model.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, NotFound>> GetOnnxAsync(string name, IModelRegistry registry,
        HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var latest = await registry.GetLatestAsync(name, cancellationToken);
        if (latest is null || latest.Onnx.Length == 0) return TypedResults.NotFound();
        var tag = $"\"{ModelIdentity(latest)}\"";
        response.Headers.ETag = tag;
        if (request.Headers.IfNoneMatch.Contains(tag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.File(latest.Onnx, "application/octet-stream", $"{name}-v{latest.Version}.onnx");
    }

    /// <summary>A version's identity, <c>{epoch}.{version}.{fingerprint}</c>: it changes when the federation starts over or a file is replaced, not only with the number.</summary>
    public static string ModelIdentity(GlobalModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return $"{version.Epoch ?? "none"}.{version.Version}.{version.Fingerprint ?? VersionFingerprint.Of(version)}";
    }

    /// <summary>The operator endpoint filter: with <see cref="OperatorApiOptions.OperatorKeySha256"/> set, 401 unless the bearer key hashes to it.</summary>
    internal static async ValueTask<object?> AuthorizeOperatorAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var expected = http.RequestServices.GetService<IOptions<OperatorApiOptions>>()?.Value.OperatorKeySha256;
        if (string.IsNullOrWhiteSpace(expected)) return await next(context);
        const string scheme = "Bearer ";
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header[scheme.Length..].Trim() is { Length: > 0 } key)
        {
            var presented = SHA256.HashData(Encoding.UTF8.GetBytes(key));
            var configured = new byte[SHA256.HashSizeInBytes];
            // A malformed configured hash admits nobody rather than everybody.
            if (Convert.FromHexString(expected.Trim(), configured, out _, out int written) == System.Buffers.OperationStatus.Done
                && written == configured.Length && CryptographicOperations.FixedTimeEquals(presented, configured))
                return await next(context);
        }
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: "the operator API needs 'Authorization: Bearer <operator key>' (FedAspire:Api:OperatorKeySha256 is set)");
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
