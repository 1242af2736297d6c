using FedAspire.Core.Federation;

namespace FedAspire.Tests.SecureAggregation;

/// <summary>Replaces the mask public key a chosen facility grain advertises with step 1's reply, as a broken or hostile facility would.</summary>
internal sealed class AdvertisedKeyFilter(string facility, byte[] maskPublicKey) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Invoke();
        if (context.MethodName == nameof(ISecureAggregationParticipant.TrainSecurelyAsync) && context.TargetId.Key.ToString() == facility
            && context.Result is SecureTrainingReply reply)
        {
            context.Result = reply with { Keys = reply.Keys with { MaskPublicKey = maskPublicKey } };
        }
    }
}
