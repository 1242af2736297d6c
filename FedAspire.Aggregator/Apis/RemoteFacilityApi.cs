using FedAspire.Core.Federation.Remote;
using System.Text.Json;
using FedAspire.Aggregator.Remote;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace FedAspire.Aggregator.Apis;

/// <summary>
/// The remote facility endpoints under <c>/federations/{name}/remote/{facility}</c>: long-poll the parked instruction, post the
/// answer. Every call needs the facility's own API key as a bearer token (401 without a valid key, 403 with another facility's),
/// its pinned client certificate over HTTPS (401 without one, with an expired one or one of another CA; 403 with another
/// facility's), or both, as its <see cref="RemoteFacilityCredential"/> configures.
/// </summary>
public static class RemoteFacilityApi
{
    /// <summary>Maps <c>GET work</c> and <c>POST results/{round}</c> under <paramref name="federation"/> (the <c>/federations/{name}</c> group).</summary>
    public static RouteGroupBuilder MapRemoteFacilityApi(this RouteGroupBuilder federation)
    {
        ArgumentNullException.ThrowIfNull(federation);
        var remote = federation.MapGroup("/remote/{facility}").WithTags("Remote facility");
        remote.AddEndpointFilter(AuthenticateAsync);
        remote.MapGet("/work", GetWorkAsync);
        remote.MapPost("/results/{round:long}", PostResultAsync);
        return federation;
    }

    /// <summary>The parked instruction for this facility (200), or 204 when none arrived within <c>?waitSeconds</c> (capped by configuration).</summary>
    public static async Task<Results<Ok<RemoteWorkDocument>, NoContent>> GetWorkAsync(string name, string facility, double? waitSeconds,
        [FromServices] IGrainFactory grains, IOptions<RemoteFacilityOptions> options)
    {
        var wait = TimeSpan.FromSeconds(Math.Clamp(waitSeconds ?? options.Value.LongPollSeconds, 0, options.Value.LongPollSeconds));
        var work = await grains.GetGrain<IRemoteFacilityGrain>(facility).WaitForWorkAsync(name, wait);
        return work is null ? TypedResults.NoContent() : TypedResults.Ok(work);
    }

    /// <summary>
    /// Delivers a result: 202 when handed to the aggregator, 400 for a malformed body or result (an unknown kind, an update the
    /// aggregator would reject), 409 when no such work waits or it was answered already (a duplicate, with the count so far),
    /// 413 above <see cref="RemoteFacilityOptions.MaxBodyBytes"/>.
    /// </summary>
    public static async Task<Results<Accepted<RemoteDelivery>, ProblemHttpResult>> PostResultAsync(string name, string facility, long round,
        HttpRequest request, [FromServices] IGrainFactory grains, IOptions<RemoteFacilityOptions> options, IOptions<HttpJsonOptions> json,
        CancellationToken cancellationToken)
    {
        long max = options.Value.MaxBodyBytes;
        if (request.ContentLength > max) return TooLarge(max);
        // Read at most max + 1 bytes ourselves: chunked bodies carry no length, and the limit must hold whatever the server is.
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > max) return TooLarge(max);
            body.Write(buffer, 0, read);
        }
        body.Position = 0;

        RemoteResultDocument? result;
        try
        {
            result = await JsonSerializer.DeserializeAsync<RemoteResultDocument>(body, json.Value.SerializerOptions, cancellationToken);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed result", detail: e.Message);
        }
        if (result is null) return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed result", detail: "the body is empty or null");
        // JSON enums accept any number: "kind": 99 is not a kind.
        if (!Enum.IsDefined(result.Kind))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed result",
                detail: $"unknown result kind {(int)result.Kind}; expected one of {string.Join(", ", Enum.GetNames<RemoteWorkKind>())}");

        var delivery = await grains.GetGrain<IRemoteFacilityGrain>(facility).DeliverAsync(name, round, result);
        return delivery.Status switch
        {
            RemoteDeliveryStatus.Accepted => TypedResults.Accepted((string?)null, delivery),
            RemoteDeliveryStatus.Invalid => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid result", detail: delivery.Message),
            RemoteDeliveryStatus.Duplicate => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Duplicate result", detail: delivery.Message,
                extensions: new Dictionary<string, object?> { ["delivery"] = nameof(RemoteDeliveryStatus.Duplicate), ["duplicates"] = delivery.Duplicates }),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No pending work", detail: delivery.Message),
        };
    }

    private static ProblemHttpResult TooLarge(long max) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Result too large", detail: $"the body exceeds {max} bytes");

    // Every credential the facility has configured must be presented: its key (bearer), its client certificate (mTLS), or both.
    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<RemoteFacilityOptions>>().Value;
        var facility = http.GetRouteValue("facility") as string ?? "";
        var credential = options.Facilities.GetValueOrDefault(facility);
        if (credential is null || credential.RequiresKey)
        {
            switch (RemoteFacilityKeys.Check(options, facility, http.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null))
            {
                case RemoteAccess.Allowed:
                    break;
                case RemoteAccess.Forbidden:
                    return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                        detail: $"the API key belongs to another facility than '{facility}'");
                default:
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                    return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                        detail: "send the facility's API key as 'Authorization: Bearer <key>'");
            }
        }
        if (credential is { RequiresCertificate: true })
        {
            var (certificate, problem) = await RemoteFacilityCertificates.AuthenticateAsync(http);
            var authorities = http.RequestServices.GetRequiredService<RemoteFacilityAuthorities>();
            switch (RemoteFacilityCertificates.Check(options, authorities, facility, certificate))
            {
                case RemoteAccess.Allowed:
                    break;
                case RemoteAccess.Forbidden:
                    return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                        detail: $"the client certificate '{certificate!.Subject}' belongs to another facility than '{facility}'");
                default:
                    return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                        detail: $"facility '{facility}' authenticates with a client certificate over HTTPS; " +
                            (certificate is null ? problem : $"the client certificate '{certificate.Subject}' is not the one pinned for it"));
            }
        }
        return await next(context);
    }
}
