namespace FedAspire.Aggregator.Registry;

/// <summary>
/// A page of one facility's metric series, oldest first: at most the requested number of points before a cursor (within the
/// newest the store keeps), how many corrupt or torn records were skipped while reading it, and the cursor of the next older page.
/// </summary>
public sealed record FacilityRoundPage(IReadOnlyList<FacilityRoundPoint> Rounds, int Skipped, long? NextBefore);
