namespace FedAspire.Aggregator.Rounds;

/// <summary>What came back from a concurrent call to several participants before a deadline.</summary>
/// <param name="Responses">Successful answers with each participant's response time, in the order they arrived.</param>
/// <param name="Failures">Participants whose call threw, with the error message.</param>
/// <param name="Late">Participants that had not answered when the deadline passed.</param>
public sealed record GatherResult<T>(
    IReadOnlyList<(string Participant, T Value, TimeSpan ResponseTime)> Responses,
    IReadOnlyList<(string Participant, string Error)> Failures,
    IReadOnlyList<string> Late);
