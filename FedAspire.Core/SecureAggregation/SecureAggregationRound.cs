using FedAspire.Core.Aggregation;

namespace FedAspire.Core.SecureAggregation;

/// <summary>
/// Runs a whole secure-aggregation round in process: one <see cref="SecureAggregationClient"/> per update and one
/// <see cref="SecureAggregationServer"/>, passing the step messages between them. For tests, benchmarks and the lab; a hosted
/// aggregator sends the same records over its transport instead.
/// </summary>
public static class SecureAggregationRound
{
    /// <summary>
    /// The secure weighted mean of <paramref name="updates"/> (weights = sample counts) with the given dropouts.
    /// <paramref name="serverInbox"/> sees, and may replace, every message before the server receives it; <paramref name="participantInbox"/>
    /// the same for every request the server sends to a participant.
    /// </summary>
    public static SecureAggregationResult Run(
        IReadOnlyList<ClientUpdate> updates,
        SecureAggregationOptions options,
        string roundId,
        int? seed = null,
        SecureAggregationDropouts? dropouts = null,
        Func<object, object>? serverInbox = null,
        Func<string, object, object>? participantInbox = null)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(options);
        if (updates.Count == 0) throw new ArgumentException("A round needs updates.", nameof(updates));
        dropouts ??= SecureAggregationDropouts.None;
        var toServer = serverInbox ?? (m => m);
        var toParticipant = participantInbox ?? ((_, m) => m);
        int length = updates[0].Parameters.Length;
        var byId = updates.ToDictionary(u => u.ClientId, StringComparer.Ordinal);
        if (byId.Count != updates.Count) throw new ArgumentException("Participant ids must be distinct.", nameof(updates));

        var clients = updates.ToDictionary(
            u => u.ClientId,
            u => new SecureAggregationClient(u.ClientId, options, seed is int s ? SecureAggregationClient.SeedFor(s, u.ClientId) : null),
            StringComparer.Ordinal);
        using var server = new SecureAggregationServer(options, roundId, length);
        try
        {
            foreach (var client in clients.Values) server.Receive((AdvertiseKeysMessage)toServer(client.AdvertiseKeys(roundId)));
            var roster = server.CloseAdvertising();

            var sharing = Alive(clients, dropouts.BeforeSharing);
            foreach (var client in sharing) server.Receive((ShareKeysMessage)toServer(client.ShareKeys((ShareKeysRequest)toParticipant(client.ParticipantId, roster))));
            var maskRequests = server.CloseSharing();

            var contributing = Alive(sharing, dropouts.BeforeMaskedInput);
            foreach (var client in contributing)
            {
                var update = byId[client.ParticipantId];
                var request = (MaskedInputRequest)toParticipant(client.ParticipantId, maskRequests[client.ParticipantId]);
                server.Receive((MaskedInputMessage)toServer(client.MaskInput(request, update.Parameters, update.SampleCount)));
            }
            var unmasking = server.CloseMaskedInput();

            foreach (var client in Alive(contributing, dropouts.AfterMaskedInput))
            {
                server.Receive((UnmaskingResponse)toServer(client.Unmask((UnmaskingRequest)toParticipant(client.ParticipantId, unmasking))));
            }
            return server.Finish();
        }
        finally
        {
            foreach (var client in clients.Values) client.Dispose();
        }
    }

    private static List<SecureAggregationClient> Alive(IEnumerable<SecureAggregationClient> clients, IReadOnlySet<string>? gone) =>
        [.. clients.Where(c => gone is null || !gone.Contains(c.ParticipantId))];

    private static List<SecureAggregationClient> Alive(Dictionary<string, SecureAggregationClient> clients, IReadOnlySet<string>? gone) =>
        Alive(clients.Values, gone);
}
