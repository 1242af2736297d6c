using System.Numerics.Tensors;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Claims;
using FedAspire.Core.Federation;

namespace FedAspire.Aggregator.Rounds;

/// <summary>
/// The aggregator's admission check of one update: the round id (the round protocol's own check), then the core's
/// <see cref="UpdateValidator"/> (length, samples, finite values, norm bound), then finite losses and the claimed sample count
/// against <see cref="ClaimLimits.MaxCount"/>. Returns the rejection with its reason, or null.
/// </summary>
public static class UpdateScreening
{
    /// <summary>Screens <paramref name="update"/> sent by <paramref name="participantId"/> for round <paramref name="roundId"/>.</summary>
    public static UpdateRejection? Screen(ParticipantUpdate update, string participantId, long roundId, ReadOnlySpan<float> global, UpdateValidator validator,
        ClaimLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(validator);
        if (update.RoundId != roundId)
            return new UpdateRejection(participantId, RejectionReason.WrongRound, $"update is for round {update.RoundId}, the current round is {roundId}");
        var verdict = validator.Validate(global, new ClientUpdate(participantId, update.Parameters, update.SampleCount));
        if (!verdict.Accepted) return new UpdateRejection(participantId, Classify(update, global.Length), verdict.Reason);
        // A NaN loss would make the round's reported training loss NaN; it is a lie or a broken client either way.
        if (!float.IsFinite(update.InitialLoss) || !float.IsFinite(update.FinalLoss))
            return new UpdateRejection(participantId, RejectionReason.NonFiniteLoss, $"losses {update.InitialLoss} and {update.FinalLoss} must be finite");
        long max = (limits ?? ClaimLimits.Default).MaxCount;
        if (update.SampleCount > max)
            return new UpdateRejection(participantId, RejectionReason.CountAboveLimit, $"sample count {update.SampleCount} exceeds the limit of {max} per claim");
        return null;
    }

    // The validator explains in words; the round record also counts by reason. Its checks run in this order.
    private static RejectionReason Classify(ParticipantUpdate update, int parameterCount) =>
        update.Parameters is null || update.Parameters.Length != parameterCount ? RejectionReason.WrongLength
        : update.SampleCount <= 0 ? RejectionReason.NoSamples
        : !TensorPrimitives.IsFiniteAll<float>(update.Parameters) ? RejectionReason.NonFinite
        : RejectionReason.NormAboveBound;
}
