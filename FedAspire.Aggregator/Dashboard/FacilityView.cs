using FedAspire.Core.Federation.Remote;

namespace FedAspire.Aggregator.Dashboard;

/// <summary>
/// One facility as the dashboard lists it: a participant of the federation, a registered remote facility, or both. Remote ones
/// carry their key's status and when they were last seen; the key and its hash are never part of it.
/// </summary>
/// <param name="Id">Facility id.</param>
/// <param name="Participant">Named by the federation's definition (sampled in rounds unless paused).</param>
/// <param name="Paused">Paused by an operator: not sampled until resumed.</param>
/// <param name="Remote">Registered under <c>FedAspire:Remote:Facilities</c> (joins over HTTPS from another machine).</param>
/// <param name="KeyStatus">For a remote facility: whether its key can log in; null for an in-silo one.</param>
/// <param name="LastPoll">For a remote facility: its client's last authenticated work poll since the grain was activated.</param>
/// <param name="LastDelivery">For a remote facility: its client's last authenticated result post since the grain was activated.</param>
public sealed record FacilityView(string Id, bool Participant, bool Paused, bool Remote, RemoteKeyStatus? KeyStatus, DateTimeOffset? LastPoll, DateTimeOffset? LastDelivery);
