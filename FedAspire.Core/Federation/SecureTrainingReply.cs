using FedAspire.Core.SecureAggregation;

namespace FedAspire.Core.Federation;

/// <summary>
/// Step 1 of a secure round, participant to aggregator: everything a <see cref="ParticipantUpdate"/> says except the parameters, which
/// stay with the participant until they leave masked, and the participant's public keys.
/// </summary>
/// <param name="ParticipantId">Facility id.</param>
/// <param name="RoundId">Must equal the instruction's round id.</param>
/// <param name="SampleCount">The declared training samples, in the clear: the claim caps apply to it. Nothing proves the masked weight equals it.</param>
/// <param name="InitialLoss">Sample-weighted loss of the global model before training.</param>
/// <param name="FinalLoss">Sample-weighted loss after training.</param>
/// <param name="Keys">The participant's two public keys for the round.</param>
/// <param name="Contributors">Local models folded into the update (own data and devices).</param>
/// <param name="FailedContributors">Devices that failed or had no data this round.</param>
[GenerateSerializer, Immutable]
public sealed record SecureTrainingReply(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] long RoundId,
    [property: Id(2)] long SampleCount,
    [property: Id(3)] float InitialLoss,
    [property: Id(4)] float FinalLoss,
    [property: Id(5)] AdvertiseKeysMessage Keys,
    [property: Id(6)] int Contributors = 1,
    [property: Id(7)] int FailedContributors = 0);
