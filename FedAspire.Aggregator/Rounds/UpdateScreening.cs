using FedAspire.Core.Federation;

namespace FedAspire.Aggregator.Rounds;

/// <summary>
/// The aggregator's admission check of one update: right round, right participant, right length, finite values,
/// samples present and ||w - w_global||_2 within the federation's norm bound. Returns the rejection or null when accepted.
/// </summary>
public static class UpdateScreening
{
    /// <summary>Screens <paramref name="update"/> sent by <paramref name="participantId"/> for round <paramref name="roundId"/>.</summary>
    public static UpdateRejection? Screen(ParticipantUpdate update, string participantId, long roundId, ReadOnlySpan<float> global, float normBound)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.RoundId != roundId)
            return new UpdateRejection(participantId, RejectionReason.WrongRound, $"update is for round {update.RoundId}, the current round is {roundId}");
        var p = update.Parameters;
        if (p is null || p.Length != global.Length)
            return new UpdateRejection(participantId, RejectionReason.WrongLength, $"update has {p?.Length ?? 0} parameters, the model has {global.Length}");
        if (update.SampleCount <= 0)
            return new UpdateRejection(participantId, RejectionReason.NoSamples, $"update reports {update.SampleCount} samples");
        double squared = 0;
        for (int i = 0; i < p.Length; i++)
        {
            float v = p[i];
            if (!float.IsFinite(v))
                return new UpdateRejection(participantId, RejectionReason.NonFinite, $"parameter {i} is {v}");
            double d = v - global[i];
            squared += d * d;
        }
        double norm = Math.Sqrt(squared);
        if (normBound > 0 && norm > normBound)
            return new UpdateRejection(participantId, RejectionReason.NormAboveBound, $"update norm {norm:G4} exceeds the bound {normBound:G4}");
        return null;
    }
}
