using FedAspire.Core.Federation;
using FedAspire.Core.SecureAggregation;

namespace FedAspire.Devices.Training;

/// <summary>
/// A facility's side of the secure rounds it is in, one per federation: the <see cref="SecureAggregationClient"/> and the trained
/// update it keeps between steps. The update leaves only masked, and is dropped once masked.
/// </summary>
internal sealed class SecureParticipation
{
    private readonly Dictionary<string, Session> _byRound = new(StringComparer.Ordinal);

    /// <summary>Step 1 after training: keeps <paramref name="update"/> and advertises fresh keys (a federation's older round is abandoned).</summary>
    public SecureTrainingReply Begin(string federation, ParticipantUpdate update, SecureRoundSetup setup)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(setup);
        foreach (var stale in _byRound.Where(r => r.Value.Federation == federation).Select(r => r.Key).ToList()) End(stale);
        var client = new SecureAggregationClient(update.ParticipantId, setup.Options);
        var keys = client.AdvertiseKeys(setup.ProtocolRoundId);
        _byRound[setup.ProtocolRoundId] = new Session(federation, client, update.Parameters, update.SampleCount);
        return new SecureTrainingReply(update.ParticipantId, update.RoundId, update.SampleCount, update.InitialLoss, update.FinalLoss, keys,
            update.Contributors, update.FailedContributors);
    }

    /// <summary>Step 2.</summary>
    public ShareKeysMessage ShareKeys(ShareKeysRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return For(request.RoundId).Client.ShareKeys(request);
    }

    /// <summary>Step 3: masks the kept update with the credited weight, which may not exceed the samples behind it.</summary>
    public MaskedInputMessage MaskInput(SecureInputRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = For(request.Request.RoundId);
        if (request.Weight > session.Samples)
            throw new SecureAggregationException($"The aggregator credits {session.Client.ParticipantId} with {request.Weight} samples, more than the {session.Samples} it trained on.");
        var message = session.Client.MaskInput(request.Request, session.Update, request.Weight);
        session.Update = [];
        return message;
    }

    /// <summary>Step 4: reveals the requested shares and ends the round.</summary>
    public UnmaskingResponse Unmask(UnmaskingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = For(request.RoundId).Client.Unmask(request);
        End(request.RoundId);
        return response;
    }

    /// <summary>Abandons every round in progress (the grain deactivates): to the aggregator this participant has dropped.</summary>
    public void AbandonAll()
    {
        foreach (var round in _byRound.Keys.ToList()) End(round);
    }

    private Session For(string roundId) => _byRound.TryGetValue(roundId, out var session)
        ? session
        : throw new SecureAggregationException($"No secure round '{roundId}' is in progress here: it was never started, or a newer round replaced it.");

    private void End(string roundId)
    {
        if (_byRound.Remove(roundId, out var session)) session.Client.Dispose();
    }

    private sealed class Session(string federation, SecureAggregationClient client, float[] update, long samples)
    {
        public string Federation { get; } = federation;
        public SecureAggregationClient Client { get; } = client;
        public float[] Update { get; set; } = update;
        public long Samples { get; } = samples;
    }
}
