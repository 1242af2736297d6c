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
        return ScreenClaims(participantId, update.SampleCount, update.InitialLoss, update.FinalLoss, limits);
    }

    /// <summary>
    /// Screens what a participant of a secure round declares in the clear (round, sample count, losses); its update is masked, so
    /// shape, finiteness and norm cannot be checked.
    /// </summary>
    public static UpdateRejection? Screen(SecureTrainingReply reply, string participantId, long roundId, ClaimLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.RoundId != roundId)
            return new UpdateRejection(participantId, RejectionReason.WrongRound, $"update is for round {reply.RoundId}, the current round is {roundId}");
        if (reply.SampleCount <= 0)
            return new UpdateRejection(participantId, RejectionReason.NoSamples, $"declared sample count {reply.SampleCount} must be positive");
        return ScreenClaims(participantId, reply.SampleCount, reply.InitialLoss, reply.FinalLoss, limits);
    }

    private static UpdateRejection? ScreenClaims(string participantId, long samples, float initialLoss, float finalLoss, ClaimLimits? limits)
    {
        // A NaN loss would make the round's reported training loss NaN; it is a lie or a broken client either way.
        if (!float.IsFinite(initialLoss) || !float.IsFinite(finalLoss))
            return new UpdateRejection(participantId, RejectionReason.NonFiniteLoss, $"losses {initialLoss} and {finalLoss} must be finite");
        long max = (limits ?? ClaimLimits.Default).MaxCount;
        if (samples > max)
            return new UpdateRejection(participantId, RejectionReason.CountAboveLimit, $"sample count {samples} exceeds the limit of {max} per claim");
        return null;
    }

    // The validator explains in words; the round record also counts by reason. Its checks run in this order.
    private static RejectionReason Classify(ParticipantUpdate update, int parameterCount) =>
        update.Parameters is null || update.Parameters.Length != parameterCount ? RejectionReason.WrongLength
        : update.SampleCount <= 0 ? RejectionReason.NoSamples
        : !TensorPrimitives.IsFiniteAll<float>(update.Parameters) ? RejectionReason.NonFinite
        : RejectionReason.NormAboveBound;
}
