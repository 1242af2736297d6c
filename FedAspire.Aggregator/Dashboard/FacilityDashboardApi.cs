using FedAspire.Core.Federation.Remote;
using FedAspire.Aggregator.Remote;
using Microsoft.AspNetCore.Builder;
using FedAspire.Core.Federation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace FedAspire.Aggregator.Dashboard;

/// <summary>
/// The facilities panel's endpoints under <c>/federations/{name}</c> (behind the operator key): <c>GET facilities</c> lists participants
/// and registered remote facilities with pause state and key status; <c>POST facilities/{facility}/pause|resume</c> takes a
/// participant out of sampling or back in.
/// </summary>
public static class FacilityDashboardApi
{
    /// <summary>Maps the list and the pause and resume actions on <paramref name="api"/> (the operator-guarded federation group).</summary>
    public static RouteGroupBuilder MapFacilityDashboard(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/facilities", GetFacilitiesAsync);
        api.MapPost("/facilities/{facility}/pause", (string name, string facility, [FromServices] IGrainFactory grains) => SetPausedAsync(name, facility, grains, paused: true));
        api.MapPost("/facilities/{facility}/resume", (string name, string facility, [FromServices] IGrainFactory grains) => SetPausedAsync(name, facility, grains, paused: false));
        return api;
    }

    /// <summary>
    /// Participants in the definition's order, then registered remote facilities that are not participants, by id. Remote facilities'
    /// last-seen times are read from their grains concurrently. 404 for a federation never configured.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<FacilityView>>, ProblemHttpResult>> GetFacilitiesAsync(string name,
        [FromServices] IGrainFactory grains, IOptions<RemoteFacilityOptions> remote)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(remote);
        if (!DashboardApi.IsValidName(name)) return DashboardApi.InvalidName(name);
        var aggregator = grains.GetGrain<IAggregatorGrain>(name);
        var status = await aggregator.GetStatusAsync();
        if (!status.Configured) return DashboardApi.UnknownFederation(name);
        var participants = await aggregator.GetParticipantsAsync();
        var paused = new HashSet<string>(status.Paused ?? [], StringComparer.Ordinal);
        var registered = remote.Value.Facilities;
        var ids = participants.Concat(registered.Keys.Where(k => !participants.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal)).ToList();
        var inFederation = new HashSet<string>(participants, StringComparer.Ordinal);
        var views = await Task.WhenAll(ids.Select(async id =>
        {
            if (!registered.TryGetValue(id, out var credential))
                return new FacilityView(id, true, paused.Contains(id), false, null, null, null);
            var activity = await grains.GetGrain<IRemoteFacilityGrain>(id).GetActivityAsync();
            return new FacilityView(id, inFederation.Contains(id), paused.Contains(id), true, RemoteFacilityKeys.Status(credential), activity.LastPoll, activity.LastDelivery);
        }));
        return TypedResults.Ok<IReadOnlyList<FacilityView>>(views);
    }

    /// <summary>Pauses or resumes participant <paramref name="facility"/> and answers with the status; 404 for an unknown federation or participant.</summary>
    public static async Task<Results<Ok<FederationStatus>, ProblemHttpResult>> SetPausedAsync(string name, string facility, IGrainFactory grains, bool paused)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (!DashboardApi.IsValidName(name)) return DashboardApi.InvalidName(name);
        var aggregator = grains.GetGrain<IAggregatorGrain>(name);
        if (!(await aggregator.GetStatusAsync()).Configured) return DashboardApi.UnknownFederation(name);
        if (!(await aggregator.GetParticipantsAsync()).Contains(facility, StringComparer.Ordinal))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown participant",
                detail: $"'{System.Net.WebUtility.HtmlEncode(facility)}' is not a participant of federation '{name}'");
        return TypedResults.Ok(await aggregator.SetPausedAsync(facility, paused));
    }
}
