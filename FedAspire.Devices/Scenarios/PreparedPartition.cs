using FedAspire.Devices.Facilities;

namespace FedAspire.Devices.Scenarios;

/// <summary>One facility split of a scenario's data: the federation's feature list and each facility's time-split partition.</summary>
/// <param name="Name">Partition name from the scenario (e.g. <c>iid</c>).</param>
/// <param name="Features">The federation's features (union of the clients' sensors, in the source's order).</param>
/// <param name="Clients">Facility id and its data, in id order.</param>
/// <param name="Notes">What was done to the data (split, defects handled, derived labels).</param>
/// <param name="SkabFiles">SKAB only: every labelled file whole, for the leaderboard's point-wise protocol (empty otherwise).</param>
public sealed record PreparedPartition(string Name, IReadOnlyList<string> Features, IReadOnlyList<(string Id, FacilityPartition Data)> Clients, IReadOnlyList<string> Notes,
    IReadOnlyList<SkabProtocolFile>? SkabFiles = null);
