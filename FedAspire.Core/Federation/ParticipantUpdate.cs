namespace FedAspire.Core.Federation;

/// <summary>A participant's answer to a <see cref="RoundInstruction"/>: new local parameters, the samples behind them and training losses.</summary>
/// <param name="ParticipantId">Facility (or device) id.</param>
/// <param name="RoundId">Must equal the instruction's round id, otherwise the update is rejected.</param>
/// <param name="Parameters">Locally trained parameters (for a facility: the sample-weighted FedAvg of its own and its devices' models).</param>
/// <param name="SampleCount">Training samples behind <paramref name="Parameters"/>; the aggregation weight.</param>
/// <param name="InitialLoss">Sample-weighted loss of the global model on the local data before training.</param>
/// <param name="FinalLoss">Sample-weighted loss after local training.</param>
/// <param name="Contributors">Local models folded into this update (own data and devices).</param>
/// <param name="FailedContributors">Devices that failed or had no data this round.</param>
[GenerateSerializer, Immutable]
public sealed record ParticipantUpdate(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] long RoundId,
    [property: Id(2)] float[] Parameters,
    [property: Id(3)] long SampleCount,
    [property: Id(4)] float InitialLoss,
    [property: Id(5)] float FinalLoss,
    [property: Id(6)] int Contributors = 1,
    [property: Id(7)] int FailedContributors = 0);
