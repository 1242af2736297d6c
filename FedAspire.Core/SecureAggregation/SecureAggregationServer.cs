using System.Numerics.Tensors;
using System.Security.Cryptography;

namespace FedAspire.Core.SecureAggregation;

/// <summary>
/// The server's side of a secure-aggregation round: relays keys and encrypted shares, sums the masked inputs as they arrive and
/// removes the masks with rebuilt secrets. It only ever holds public keys, ciphertexts, masked vectors and revealed shares.
/// </summary>
/// <remarks>
/// Steps: receive every <see cref="AdvertiseKeysMessage"/>, <see cref="CloseAdvertising"/>; receive every <see cref="ShareKeysMessage"/>,
/// <see cref="CloseSharing"/>; receive every <see cref="MaskedInputMessage"/>, <see cref="CloseMaskedInput"/>; receive every
/// <see cref="UnmaskingResponse"/>, <see cref="Finish"/>. A participant missing from a step has dropped. The round needs, for each
/// contributor and dropped participant, <see cref="SecureAggregationOptions.Threshold"/> answers from its neighbourhood; with fewer
/// it fails with a <see cref="SecureAggregationException"/> naming how many remained.
/// </remarks>
public sealed class SecureAggregationServer : IDisposable
{
    private readonly SecureAggregationOptions _options;
    private readonly int _parameterCount;
    private readonly SortedDictionary<string, AdvertiseKeysMessage> _advertised = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ShareKeysMessage> _sharing = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _contributors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, UnmaskingResponse> _responses = new(StringComparer.Ordinal);
    private readonly MaskGenerator _masks = new();
    private RoundRoster? _roster;
    private uint[]? _sum;
    private Step _step = Step.Advertising;

    /// <summary>Creates the server for round <paramref name="roundId"/> of updates of <paramref name="parameterCount"/> parameters.</summary>
    public SecureAggregationServer(SecureAggregationOptions options, string roundId, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(roundId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        _options = options;
        RoundId = roundId;
        _parameterCount = parameterCount;
    }

    private enum Step { Advertising, Sharing, MaskedInput, Unmasking, Done }

    /// <summary>The round this server aggregates.</summary>
    public string RoundId { get; }

    /// <summary>Step 1 in: a participant's public keys; one that is not a usable X25519 key is refused, naming the participant and the key.</summary>
    public void Receive(AdvertiseKeysMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Expect(Step.Advertising, message.RoundId);
        // Refused here, the participant is left off the roster; let through, every neighbour would fail on it in step 2.
        KeyAgreement.CheckPublicKey(message.CipherPublicKey, message.ParticipantId, "cipher");
        KeyAgreement.CheckPublicKey(message.MaskPublicKey, message.ParticipantId, "mask");
        if (!_advertised.TryAdd(message.ParticipantId, message)) throw new SecureAggregationException($"{message.ParticipantId} advertised keys twice.");
    }

    /// <summary>Ends step 1: the roster every participant receives.</summary>
    public ShareKeysRequest CloseAdvertising()
    {
        Expect(Step.Advertising, RoundId);
        var keys = _advertised.Values.ToArray();
        _roster = new RoundRoster(keys, _options, RoundId);
        _step = Step.Sharing;
        return new ShareKeysRequest(RoundId, keys);
    }

    /// <summary>Step 2 in: a participant's commitment and encrypted shares, kept to forward.</summary>
    public void Receive(ShareKeysMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Expect(Step.Sharing, message.RoundId);
        var roster = _roster!;
        int from = roster.IndexOf(message.ParticipantId);
        if (message.SelfMaskCommitment is not { Length: 32 }) throw new SecureAggregationException($"{message.ParticipantId} sent a malformed self-mask commitment.");
        if (message.Shares.Length != roster.Neighbourhood(from).Length - 1) throw new SecureAggregationException($"{message.ParticipantId} sent {message.Shares.Length} shares for {roster.Neighbourhood(from).Length - 1} neighbours.");
        var recipients = new HashSet<string>(StringComparer.Ordinal);
        foreach (var share in message.Shares)
        {
            if (share.From != message.ParticipantId || !roster.Contains(share.To) || !roster.Graph.AreNeighbours(from, roster.IndexOf(share.To)) || !recipients.Add(share.To))
            {
                throw new SecureAggregationException($"{message.ParticipantId} sent a share from {share.From} to {share.To}, which is not one of its neighbours' shares.");
            }
        }
        if (!_sharing.TryAdd(message.ParticipantId, message)) throw new SecureAggregationException($"{message.ParticipantId} shared keys twice.");
    }

    /// <summary>Ends step 2: for each participant that shared keys, the list of sharers and the shares addressed to it.</summary>
    public IReadOnlyDictionary<string, MaskedInputRequest> CloseSharing()
    {
        Expect(Step.Sharing, RoundId);
        var roster = _roster!;
        RequireThreshold(_sharing.Keys, "shared keys");
        string[] sharers = [.. _sharing.Keys];
        var inbox = sharers.ToDictionary(s => s, _ => new List<EncryptedShare>(), StringComparer.Ordinal);
        foreach (var message in _sharing.Values)
        {
            foreach (var share in message.Shares)
            {
                if (inbox.TryGetValue(share.To, out var list)) list.Add(share);
            }
        }
        _step = Step.MaskedInput;
        _sum = new uint[_parameterCount + 1];
        return inbox.ToDictionary(p => p.Key, p => new MaskedInputRequest(RoundId, sharers, [.. p.Value]), StringComparer.Ordinal);
    }

    /// <summary>Step 3 in: a masked input, added into the running sum at once so no input is kept on its own.</summary>
    public void Receive(MaskedInputMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Expect(Step.MaskedInput, message.RoundId);
        if (!_sharing.ContainsKey(message.ParticipantId)) throw new SecureAggregationException($"{message.ParticipantId} sent input without having shared keys.");
        if (message.MaskedVector.Length != _parameterCount + 1) throw new SecureAggregationException($"{message.ParticipantId} sent {message.MaskedVector.Length} elements; the round sums {_parameterCount} parameters and a weight.");
        if (!_contributors.Add(message.ParticipantId)) throw new SecureAggregationException($"{message.ParticipantId} sent its input twice.");
        TensorPrimitives.Add(_sum, message.MaskedVector, _sum);
    }

    /// <summary>Ends step 3: who contributed and who dropped, sent to the contributors.</summary>
    public UnmaskingRequest CloseMaskedInput()
    {
        Expect(Step.MaskedInput, RoundId);
        RequireThreshold(_contributors, "sent their masked input");
        _step = Step.Unmasking;
        return new UnmaskingRequest(RoundId, [.. _contributors], [.. _sharing.Keys.Where(s => !_contributors.Contains(s))]);
    }

    /// <summary>Step 4 in: a contributor's revealed shares.</summary>
    public void Receive(UnmaskingResponse message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Expect(Step.Unmasking, message.RoundId);
        if (!_contributors.Contains(message.ParticipantId)) throw new SecureAggregationException($"{message.ParticipantId} answered the unmasking step without having contributed.");
        if (!_responses.TryAdd(message.ParticipantId, message)) throw new SecureAggregationException($"{message.ParticipantId} answered the unmasking step twice.");
    }

    /// <summary>Ends the round: rebuilds the contributors' self-mask seeds and the dropped participants' mask keys, removes the masks and returns the mean.</summary>
    public SecureAggregationResult Finish()
    {
        Expect(Step.Unmasking, RoundId);
        var roster = _roster!;
        var sum = _sum!;
        RequireThreshold(_responses.Keys, "answered the unmasking step");
        var selfShares = Collect(r => r.SelfMaskShares);
        var keyShares = Collect(r => r.MaskKeyShares);
        var lagrange = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
        Span<byte> secret = stackalloc byte[ShamirSecretSharing.SecretLength];
        Span<byte> pairSeed = stackalloc byte[KeyAgreement.KeyLength];

        foreach (string contributor in _contributors)
        {
            Rebuild(contributor, selfShares, "self-mask seed", lagrange, secret);
            if (!CryptographicOperations.FixedTimeEquals(ProtocolContext.Commitment(RoundId, contributor, secret), _sharing[contributor].SelfMaskCommitment))
            {
                throw new SecureAggregationException($"The self-mask seed rebuilt for {contributor} does not match its commitment: a revealed share of it was altered.");
            }
            _masks.Apply(secret, sum, -1);
        }

        string[] dropped = [.. _sharing.Keys.Where(s => !_contributors.Contains(s))];
        foreach (string gone in dropped)
        {
            Rebuild(gone, keyShares, "mask key", lagrange, secret);
            int v = roster.IndexOf(gone);
            if (!KeyAgreement.PublicKey(secret).AsSpan().SequenceEqual(roster.Keys[v].MaskPublicKey))
            {
                throw new SecureAggregationException($"The mask key rebuilt for {gone} does not match the key it advertised: a revealed share of it was altered.");
            }
            // Contributor u added +PRG(s_uv) when u < v and -PRG(s_uv) otherwise; take exactly that back out.
            foreach (int u in roster.Graph.NeighboursOf(v))
            {
                if (!_contributors.Contains(roster.Id(u))) continue;
                SecureAggregationClient.PairwiseMaskSeed(secret, roster, v, u, RoundId, pairSeed);
                _masks.Apply(pairSeed, sum, u < v ? -1 : +1);
            }
        }
        CryptographicOperations.ZeroMemory(secret);
        CryptographicOperations.ZeroMemory(pairSeed);

        var quantizer = new FixedPointQuantizer(_options, roster.Count);
        var (mean, totalWeight) = quantizer.Dequantize(sum);
        _step = Step.Done;
        return new SecureAggregationResult(mean, totalWeight, quantizer.MeanErrorBound(_contributors.Count, totalWeight), [.. _contributors], dropped, [.. _responses.Keys]);
    }

    /// <inheritdoc />
    public void Dispose() => _masks.Dispose();

    // owner -> (holder roster index, share) in holder order, from the responses of participants that may hold them.
    private Dictionary<string, List<(int Holder, byte[] Share)>> Collect(Func<UnmaskingResponse, RevealedShare[]> select)
    {
        var roster = _roster!;
        var byOwner = new Dictionary<string, List<(int, byte[])>>(StringComparer.Ordinal);
        foreach (var response in _responses.Values)
        {
            int holder = roster.IndexOf(response.ParticipantId);
            var owners = new HashSet<string>(StringComparer.Ordinal);
            foreach (var share in select(response))
            {
                if (!roster.Contains(share.Owner)) throw new SecureAggregationException($"{response.ParticipantId} revealed a share of {share.Owner}, who is not on the roster.");
                int owner = roster.IndexOf(share.Owner);
                if (owner != holder && !roster.Graph.AreNeighbours(owner, holder)) throw new SecureAggregationException($"{response.ParticipantId} revealed a share of {share.Owner}, which it cannot hold.");
                if (!byOwner.TryGetValue(share.Owner, out var list)) byOwner[share.Owner] = list = [];
                if (!owners.Add(share.Owner)) throw new SecureAggregationException($"{response.ParticipantId} revealed two shares of {share.Owner}.");
                list.Add((holder, share.Share));
            }
        }
        return byOwner;
    }

    // Rebuilds owner's secret from the first Threshold shares; the Lagrange coefficients are shared by every owner with the same holders.
    private void Rebuild(string owner, Dictionary<string, List<(int Holder, byte[] Share)>> shares, string what, Dictionary<string, ulong[]> lagrange, Span<byte> secret)
    {
        int t = _options.Threshold;
        var list = shares.GetValueOrDefault(owner);
        int count = list?.Count ?? 0;
        if (count < t)
        {
            throw new SecureAggregationException($"Only {count} shares of {owner}'s {what} were revealed ({_responses.Count} of {_roster!.Count} participants remained to unmask); rebuilding it needs the threshold of {t}.");
        }
        var first = list!.GetRange(0, t);
        var xs = new int[t];
        for (int i = 0; i < t; i++) xs[i] = RoundRoster.Holder(first[i].Holder);
        string key = string.Join(',', xs);
        if (!lagrange.TryGetValue(key, out var lambda)) lagrange[key] = lambda = ShamirSecretSharing.LagrangeAtZero(xs);
        if (!ShamirSecretSharing.TryReconstruct(first.ConvertAll(s => s.Share), lambda, secret))
        {
            throw new SecureAggregationException($"The shares revealed for {owner}'s {what} do not rebuild a secret: one was altered.");
        }
    }

    // Each participant in the round (sharers from step 2 on) needs Threshold of its neighbourhood among `remaining`.
    private void RequireThreshold(ICollection<string> remaining, string did)
    {
        var roster = _roster!;
        if (remaining.Count == 0) throw new SecureAggregationException($"No participant {did}.");
        var present = new bool[roster.Count];
        foreach (string participant in remaining) present[roster.IndexOf(participant)] = true;
        IEnumerable<string> concerned = _step == Step.Sharing ? remaining : _sharing.Keys;
        if (roster.Graph.IsComplete)
        {
            // Everyone's neighbourhood is the whole roster.
            if (remaining.Count < _options.Threshold) throw new SecureAggregationException($"Only {remaining.Count} of {roster.Count} participants {did}; secure aggregation needs the threshold of {_options.Threshold}.");
            return;
        }
        foreach (string participant in concerned)
        {
            int[] neighbourhood = roster.Neighbourhood(roster.IndexOf(participant));
            int alive = 0;
            foreach (int j in neighbourhood) if (present[j]) alive++;
            if (alive < _options.Threshold)
            {
                throw new SecureAggregationException($"Only {alive} of the {neighbourhood.Length} participants in {participant}'s neighbourhood {did} ({remaining.Count} of {roster.Count} in all); secure aggregation needs the threshold of {_options.Threshold}.");
            }
        }
    }

    private void Expect(Step step, string roundId)
    {
        if (roundId != RoundId) throw new SecureAggregationException($"A message for round '{roundId}' reached the server of round '{RoundId}'.");
        if (_step != step) throw new InvalidOperationException($"The round is at step {_step}, not {step}.");
    }
}
