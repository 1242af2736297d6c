using FedAspire.Core.SecureAggregation;

namespace FedAspire.Core.Federation;

/// <summary>
/// A participant's side of a secure round as grain calls, in order: train and advertise keys, share keys, send the masked input,
/// reveal shares for unmasking. The aggregator calls each step with the round's deadline; a participant missing a step has dropped.
/// </summary>
public interface ISecureAggregationParticipant : IGrainWithStringKey
{
    /// <summary>Step 1: trains as <see cref="IFacilityGrain.TrainAsync"/> does, keeps the update, and returns its declared count, losses and public keys.</summary>
    Task<SecureTrainingReply> TrainSecurelyAsync(RoundInstruction instruction, SecureRoundSetup setup, CancellationToken cancellationToken = default);

    /// <summary>Step 2: Shamir shares of its secrets for its neighbours, each encrypted to its holder.</summary>
    Task<ShareKeysMessage> ShareKeysAsync(ShareKeysRequest request, CancellationToken cancellationToken = default);

    /// <summary>Step 3: the kept update, quantized with the credited weight and masked.</summary>
    Task<MaskedInputMessage> MaskInputAsync(SecureInputRequest request, CancellationToken cancellationToken = default);

    /// <summary>Step 4: its shares of the contributors' self-mask seeds and of the dropped participants' mask keys; ends its round.</summary>
    Task<UnmaskingResponse> UnmaskAsync(UnmaskingRequest request, CancellationToken cancellationToken = default);
}
