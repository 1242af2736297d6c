using System.Numerics.Tensors;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;

namespace FedAspire.Aggregator.Rounds;

/// <summary>
/// The aggregator's admission check of one update: the round id (the round protocol's own check), then the core's
/// <see cref="UpdateValidator"/> (length, samples, finite values, norm bound). Returns the rejection with its reason, or null.
/// </summary>
public static class UpdateScreening
{
    /// <summary>Screens <paramref name="update"/> sent by <paramref name="participantId"/> for round <paramref name="roundId"/>.</summary>
    public static UpdateRejection? Screen(ParticipantUpdate update, string participantId, long roundId, ReadOnlySpan<float> global, UpdateValidator validator)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(validator);
        if (update.RoundId != roundId)
            return new UpdateRejection(participantId, RejectionReason.WrongRound, $"update is for round {update.RoundId}, the current round is {roundId}");
        var verdict = validator.Validate(global, new ClientUpdate(participantId, update.Parameters, update.SampleCount));
        return verdict.Accepted ? null : new UpdateRejection(participantId, Classify(update, global.Length), verdict.Reason);
    }

    // The validator explains in words; the round record also counts by reason. Its checks run in this order.
    private static RejectionReason Classify(ParticipantUpdate update, int parameterCount) =>
        update.Parameters is null || update.Parameters.Length != parameterCount ? RejectionReason.WrongLength
        : update.SampleCount <= 0 ? RejectionReason.NoSamples
        : !TensorPrimitives.IsFiniteAll<float>(update.Parameters) ? RejectionReason.NonFinite
        : RejectionReason.NormAboveBound;
}
