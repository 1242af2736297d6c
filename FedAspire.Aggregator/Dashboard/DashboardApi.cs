using System.Net;
using FedAspire.Aggregator.Apis;
using FedAspire.Aggregator.Registry;
using FedAspire.Core.Federation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace FedAspire.Aggregator.Dashboard;

/// <summary>
/// The federation's own dashboard: a static page and script at <c>/dashboard</c> (no data in them, so no key needed), the live
/// feed <c>GET /federations/{name}/events</c>, the anomaly panel's <c>GET /federations/{name}/anomalies</c>, the facilities panel
/// (<see cref="FacilityDashboardApi"/>) and the operator actions <c>POST /federations/{name}/rounds/run|start|stop</c>, all behind the
/// operator key like the rest of the API.
/// </summary>
public static class DashboardApi
{
    /// <summary>The page's path.</summary>
    public const string Path = "/dashboard";

    /// <summary>Maps the page, its script, the event stream and the actions (run round now, start, stop); <paramref name="defaultFederation"/> is shown when the URL names none.</summary>
    public static IEndpointRouteBuilder MapFederationDashboard(this IEndpointRouteBuilder app, string defaultFederation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultFederation);
        if (!IsValidName(defaultFederation))
            throw new ArgumentException($"Federation name '{defaultFederation}' may only contain letters, digits, '-', '_' and '.'.", nameof(defaultFederation));
        // The default federation goes into a meta tag; names are restricted to [A-Za-z0-9._-], so there is nothing to escape.
        var page = System.Text.Encoding.UTF8.GetString(DashboardAssets.Read("dashboard.html")).Replace("{{federation}}", defaultFederation, StringComparison.Ordinal);
        var dashboard = app.MapGroup(Path).WithTags("Dashboard");
        dashboard.MapGet("", () => TypedResults.Content(page, "text/html; charset=utf-8"));
        dashboard.MapGet("/dashboard.js", () => TypedResults.Bytes(DashboardAssets.Read("dashboard.js"), "text/javascript; charset=utf-8"));

        var api = app.MapGroup("/federations/{name}").WithTags("Dashboard").AddEndpointFilter(FederationApi.AuthorizeOperatorAsync);
        api.MapGet("/events", StreamEventsAsync);
        api.MapPost("/rounds/run", RunRoundAsync);
        api.MapPost("/start", (string name, [FromServices] IGrainFactory grains) => SetRunningAsync(name, grains, start: true));
        api.MapPost("/stop", (string name, [FromServices] IGrainFactory grains) => SetRunningAsync(name, grains, start: false));
        api.MapGet("/anomalies", GetAnomaliesAsync);
        api.MapFacilityDashboard();
        return app;
    }

    /// <summary>
    /// Server-sent events (<see cref="RoundEventStream"/>): <c>status</c> on every change, <c>round</c> for each new round record and
    /// <c>anomalies</c> when analytics' recent anomalies change.
    /// <c>?after=id</c> (or the <c>Last-Event-ID</c> header of a reconnecting client) resumes after that round.
    /// </summary>
    public static async Task<IResult> StreamEventsAsync(string name, long? after, HttpContext http, [FromServices] IGrainFactory grains,
        IModelRegistry registry, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, AnalyticsFeed anomalies)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!IsValidName(name)) return InvalidName(name);
        if (after is null && long.TryParse(http.Request.Headers["Last-Event-ID"], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out long resumed))
            after = resumed;
        if (after is < 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid 'after'", detail: $"after must be a round id of at least 0, got {after}");
        var status = await grains.GetGrain<IAggregatorGrain>(name).GetStatusAsync();
        if (!status.Configured) return UnknownFederation(name);
        await new RoundEventStream(grains, registry, json.Value.SerializerOptions, anomalies).RunAsync(name, after, http.Response, http.RequestAborted);
        return TypedResults.Empty;
    }

    /// <summary>
    /// The anomaly panel's data: the federation's recent anomalies from analytics (<c>?limit</c>, default 50) and the last
    /// <c>?points</c> (default 60) scores of the <c>?devices</c> (default 8) devices with the most recent ones. 200 with
    /// <see cref="AnomalyFeed.Error"/> set when analytics is not configured or not reachable, so the page can say why.
    /// </summary>
    public static async Task<Results<Ok<AnomalyFeed>, ProblemHttpResult>> GetAnomaliesAsync(string name, int? limit, int? devices, int? points,
        AnalyticsFeed feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (!IsValidName(name)) return InvalidName(name);
        return TypedResults.Ok(await feed.ReadAsync(name, limit ?? 50, devices ?? 8, points ?? 60, cancellationToken));
    }

    /// <summary>
    /// "Run round now": runs one round on the aggregator and answers with its record (completed or failed). 409 when a round is
    /// already running, 404 for a federation that was never configured.
    /// </summary>
    public static async Task<Results<Ok<RoundRecord>, ProblemHttpResult>> RunRoundAsync(string name, [FromServices] IGrainFactory grains)
    {
        if (!IsValidName(name)) return InvalidName(name);
        var aggregator = grains.GetGrain<IAggregatorGrain>(name);
        var status = await aggregator.GetStatusAsync();
        if (!status.Configured) return UnknownFederation(name);
        if (status.RoundInProgress)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Round in progress", detail: $"federation '{name}' is running round {status.Round + 1}; try again when it ends");
        try
        {
            return TypedResults.Ok(await aggregator.RunRoundAsync());
        }
        catch (InvalidOperationException e)
        {
            // The grain refuses a second round while one runs (a timer tick may have started one after the status read).
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Round in progress", detail: e.Message);
        }
    }

    /// <summary>
    /// Starts or stops timed rounds (<see cref="IAggregatorGrain.StartAsync"/>, <see cref="IAggregatorGrain.StopAsync"/>) and answers
    /// with the status afterwards; the model and history stay. 404 for a federation that was never configured.
    /// </summary>
    public static async Task<Results<Ok<FederationStatus>, ProblemHttpResult>> SetRunningAsync(string name, IGrainFactory grains, bool start)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (!IsValidName(name)) return InvalidName(name);
        var aggregator = grains.GetGrain<IAggregatorGrain>(name);
        if (!(await aggregator.GetStatusAsync()).Configured) return UnknownFederation(name);
        if (start) await aggregator.StartAsync();
        else await aggregator.StopAsync();
        return TypedResults.Ok(await aggregator.GetStatusAsync());
    }

    internal static ProblemHttpResult UnknownFederation(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown federation", detail: $"federation '{name}' is not configured");

    internal static ProblemHttpResult InvalidName(string name) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid federation name", detail: $"Federation name '{WebUtility.HtmlEncode(name)}' may only contain letters, digits, '-', '_' and '.'.");

    internal static bool IsValidName(string name) =>
        !string.IsNullOrEmpty(name) && name is not "." and not ".." && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
