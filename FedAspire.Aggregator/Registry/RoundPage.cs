using FedAspire.Core.Federation;

namespace FedAspire.Aggregator.Registry;

/// <summary>
/// A page of round history, oldest first: at most the requested number of rounds before a cursor, how many corrupt or torn
/// records were skipped while reading it, and the cursor of the next older page (null at the start of the history).
/// </summary>
public sealed record RoundPage(IReadOnlyList<RoundRecord> Rounds, int Skipped, long? NextBefore);
