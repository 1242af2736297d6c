using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FedAspire.Core.SecureAggregation;

/// <summary>
/// One participant's side of a secure-aggregation round (Bonawitz et al. 2017, with SecAgg+ neighbourhoods): advertise keys,
/// share secrets, send the masked input, reveal shares for unmasking. One instance per participant per round, steps in order.
/// </summary>
/// <remarks>
/// The participant checks what the server asks: it masks only with participants that shared keys, and reveals a self-mask share
/// only for contributors and a mask-key share only for dropped participants, never both for one participant.
/// </remarks>
public sealed class SecureAggregationClient : IDisposable
{
    private readonly SecureAggregationOptions _options;
    private readonly byte[]? _randomSeed;
    private readonly MaskGenerator _masks = new();
    private readonly Dictionary<string, (byte[] SelfMask, byte[] MaskKey)> _heldShares = new(StringComparer.Ordinal);
    // Pair keys for share encryption by roster index: derived once when sending, reused when receiving (one agreement per neighbour).
    private readonly Dictionary<int, byte[]> _shareKeys = [];
    private long _randomCounter;
    private string _roundId = "";
    // The private keys are their seeds (X25519 takes any 32 bytes); the mask key's seed is also what gets Shamir-shared.
    private byte[]? _cipherKeySeed;
    private byte[] _maskKeySeed = [];
    private AdvertiseKeysMessage? _advertised;
    private byte[] _selfMaskSeed = [];
    private RoundRoster? _roster;
    private int _index = -1;
    private HashSet<string>? _sharers;
    private bool _sentInput;
    private bool _unmasked;

    /// <summary>Creates the participant; <paramref name="randomSeed"/> makes its keys and masks reproducible (tests), null draws them from the OS.</summary>
    public SecureAggregationClient(string participantId, SecureAggregationOptions options, byte[]? randomSeed = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(participantId);
        ArgumentNullException.ThrowIfNull(options);
        ParticipantId = participantId;
        _options = options;
        _randomSeed = randomSeed?.ToArray();
    }

    /// <summary>This participant's id.</summary>
    public string ParticipantId { get; }

    /// <summary>Step 1: draws the key pairs and returns their public halves.</summary>
    public AdvertiseKeysMessage AdvertiseKeys(string roundId)
    {
        ArgumentException.ThrowIfNullOrEmpty(roundId);
        if (_advertised is not null) throw new InvalidOperationException($"{ParticipantId} already advertised keys for round '{_roundId}'.");
        _roundId = roundId;
        _cipherKeySeed = RandomBytes(KeyAgreement.KeyLength);
        _maskKeySeed = RandomBytes(KeyAgreement.KeyLength);
        return _advertised = new AdvertiseKeysMessage(ParticipantId, roundId, KeyAgreement.PublicKey(_cipherKeySeed), KeyAgreement.PublicKey(_maskKeySeed));
    }

    /// <summary>Step 2: Shamir-shares the self-mask seed and the mask-key seed among the neighbourhood, each share encrypted to its holder.</summary>
    public ShareKeysMessage ShareKeys(ShareKeysRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var advertised = _advertised ?? throw new InvalidOperationException("Advertise keys before sharing them.");
        if (_roster is not null) throw new InvalidOperationException($"{ParticipantId} already shared keys.");
        CheckRound(request.RoundId);
        var roster = new RoundRoster(request.Roster, _options, _roundId);
        _index = roster.IndexOf(ParticipantId);
        var mine = roster.Keys[_index];
        if (!mine.CipherPublicKey.AsSpan().SequenceEqual(advertised.CipherPublicKey) || !mine.MaskPublicKey.AsSpan().SequenceEqual(advertised.MaskPublicKey))
        {
            throw new SecureAggregationException($"The roster carries keys for {ParticipantId} that it did not advertise.");
        }
        _roster = roster;

        _selfMaskSeed = RandomBytes(32);
        int[] holders = roster.Neighbourhood(_index);
        var xs = new int[holders.Length];
        for (int h = 0; h < holders.Length; h++) xs[h] = RoundRoster.Holder(holders[h]);
        byte[][] selfShares = ShamirSecretSharing.Split(_selfMaskSeed, xs, _options.Threshold, FillRandom);
        byte[][] keyShares = ShamirSecretSharing.Split(_maskKeySeed, xs, _options.Threshold, FillRandom);

        var encrypted = new EncryptedShare[holders.Length - 1];
        int w = 0;
        for (int h = 0; h < holders.Length; h++)
        {
            string holder = roster.Id(holders[h]);
            if (holders[h] == _index)
            {
                _heldShares[ParticipantId] = (selfShares[h], keyShares[h]);
                continue;
            }
            var plaintext = new byte[2 * ShamirSecretSharing.ShareLength];
            selfShares[h].CopyTo(plaintext, 0);
            keyShares[h].CopyTo(plaintext, ShamirSecretSharing.ShareLength);
            var ciphertext = new byte[plaintext.Length + AesGcm.TagByteSizes.MaxSize];
            using (var gcm = new AesGcm(ShareKey(holders[h]), AesGcm.TagByteSizes.MaxSize))
            {
                gcm.Encrypt(ProtocolContext.Nonce(_index, holders[h]), plaintext, ciphertext.AsSpan(0, plaintext.Length), ciphertext.AsSpan(plaintext.Length), ProtocolContext.AssociatedData(_roundId, ParticipantId, holder));
            }
            CryptographicOperations.ZeroMemory(plaintext);
            encrypted[w++] = new EncryptedShare(ParticipantId, holder, ciphertext);
        }
        return new ShareKeysMessage(ParticipantId, _roundId, ProtocolContext.Commitment(_roundId, ParticipantId, _selfMaskSeed), encrypted);
    }

    /// <summary>
    /// Step 3: decrypts the shares addressed to it, then sends q + PRG(self seed) + sum over sharing neighbours v of ±PRG(s_uv)
    /// modulo 2^32, with q the quantized weighted update (+ for v after it on the roster, - before, so pairs cancel).
    /// </summary>
    public MaskedInputMessage MaskInput(MaskedInputRequest request, ReadOnlySpan<float> update, long weight)
    {
        ArgumentNullException.ThrowIfNull(request);
        var roster = _roster ?? throw new InvalidOperationException("Share keys before sending the masked input.");
        if (_sentInput) throw new InvalidOperationException($"{ParticipantId} already sent its masked input.");
        CheckRound(request.RoundId);
        var sharers = new HashSet<string>(request.Sharers, StringComparer.Ordinal);
        if (!sharers.Contains(ParticipantId)) throw new SecureAggregationException($"The server left {ParticipantId} out of the participants that shared keys.");
        int[] neighbourhood = roster.Neighbourhood(_index);
        int alive = neighbourhood.Count(j => sharers.Contains(roster.Id(j)));
        if (alive < _options.Threshold)
        {
            throw new SecureAggregationException($"Only {alive} of {ParticipantId}'s neighbourhood of {neighbourhood.Length} shared keys; the threshold is {_options.Threshold}.");
        }

        foreach (var share in request.SharesForRecipient)
        {
            if (share.To != ParticipantId) throw new SecureAggregationException($"The server forwarded a share for {share.To} to {ParticipantId}.");
            if (!sharers.Contains(share.From)) throw new SecureAggregationException($"The server forwarded a share from {share.From}, which is not among the participants that shared keys.");
            int from = roster.IndexOf(share.From);
            if (!roster.Graph.AreNeighbours(_index, from)) throw new SecureAggregationException($"{share.From} is not a neighbour of {ParticipantId} and cannot hold its shares.");
            _heldShares[share.From] = Decrypt(share, from);
        }
        foreach (string sharer in sharers)
        {
            int j = roster.IndexOf(sharer);
            if (roster.Graph.AreNeighbours(_index, j) && !_heldShares.ContainsKey(sharer))
            {
                throw new SecureAggregationException($"{sharer} shared keys but the server forwarded no share of it to {ParticipantId}.");
            }
        }

        var vector = new uint[update.Length + 1];
        new FixedPointQuantizer(_options, roster.Count).Quantize(update, weight, vector);
        _masks.Apply(_selfMaskSeed, vector, +1);
        Span<byte> pairSeed = stackalloc byte[KeyAgreement.KeyLength];
        foreach (int j in roster.Graph.NeighboursOf(_index))
        {
            if (!sharers.Contains(roster.Id(j))) continue;
            PairwiseMaskSeed(_maskKeySeed, roster, _index, j, _roundId, pairSeed);
            _masks.Apply(pairSeed, vector, _index < j ? +1 : -1);
        }
        CryptographicOperations.ZeroMemory(pairSeed);
        _sharers = sharers;
        _sentInput = true;
        return new MaskedInputMessage(ParticipantId, _roundId, vector);
    }

    /// <summary>Step 4: reveals its shares of the contributors' self-mask seeds and of the dropped participants' mask keys.</summary>
    public UnmaskingResponse Unmask(UnmaskingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var roster = _roster ?? throw new InvalidOperationException("Send the masked input before unmasking.");
        if (!_sentInput || _sharers is null) throw new InvalidOperationException("Send the masked input before unmasking.");
        if (_unmasked) throw new InvalidOperationException($"{ParticipantId} already answered the unmasking step.");
        CheckRound(request.RoundId);
        var contributors = new HashSet<string>(request.Contributors, StringComparer.Ordinal);
        var dropped = new HashSet<string>(request.Dropped, StringComparer.Ordinal);
        if (!contributors.Contains(ParticipantId)) throw new SecureAggregationException($"The server left {ParticipantId}'s own input out of the contributors.");
        if (contributors.Overlaps(dropped)) throw new SecureAggregationException("The server listed a participant as both contributor and dropped: revealing both of its secrets would unmask its input.");
        if (!contributors.IsSubsetOf(_sharers) || !dropped.IsSubsetOf(_sharers)) throw new SecureAggregationException("The server listed a participant that did not share keys.");
        int[] neighbourhood = roster.Neighbourhood(_index);
        int contributing = neighbourhood.Count(j => contributors.Contains(roster.Id(j)));
        if (contributing < _options.Threshold)
        {
            throw new SecureAggregationException($"Only {contributing} of {ParticipantId}'s neighbourhood of {neighbourhood.Length} sent input; the threshold is {_options.Threshold}.");
        }

        var selfMaskShares = new List<RevealedShare>();
        var maskKeyShares = new List<RevealedShare>();
        foreach (int j in neighbourhood)
        {
            string owner = roster.Id(j);
            if (!_heldShares.TryGetValue(owner, out var held)) continue;
            if (contributors.Contains(owner)) selfMaskShares.Add(new RevealedShare(owner, held.SelfMask));
            else if (dropped.Contains(owner)) maskKeyShares.Add(new RevealedShare(owner, held.MaskKey));
        }
        _unmasked = true;
        return new UnmaskingResponse(ParticipantId, _roundId, [.. selfMaskShares], [.. maskKeyShares]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _masks.Dispose();
        if (_cipherKeySeed is not null) CryptographicOperations.ZeroMemory(_cipherKeySeed);
        CryptographicOperations.ZeroMemory(_maskKeySeed);
        foreach (byte[] key in _shareKeys.Values) CryptographicOperations.ZeroMemory(key);
    }

    /// <summary>Writes the seed of the pairwise mask between roster indices <paramref name="mine"/> and <paramref name="other"/>, as either end derives it, to <paramref name="seed"/>.</summary>
    internal static void PairwiseMaskSeed(ReadOnlySpan<byte> maskKeySeed, RoundRoster roster, int mine, int other, string roundId, Span<byte> seed)
    {
        int low = Math.Min(mine, other), high = Math.Max(mine, other);
        KeyAgreement.DeriveKey(maskKeySeed, roster.Keys[other].MaskPublicKey, ProtocolContext.Mask(roundId, roster.Id(low), roster.Id(high)), seed, roster.Id(other), "mask");
    }

    private byte[] ShareKey(int other)
    {
        if (_shareKeys.TryGetValue(other, out byte[]? cached)) return cached;
        var roster = _roster!;
        int low = Math.Min(_index, other), high = Math.Max(_index, other);
        return _shareKeys[other] = KeyAgreement.DeriveKey(_cipherKeySeed, roster.Keys[other].CipherPublicKey,
            ProtocolContext.Share(_roundId, roster.Id(low), roster.Id(high)), roster.Id(other), "cipher");
    }

    private (byte[] SelfMask, byte[] MaskKey) Decrypt(EncryptedShare share, int from)
    {
        int length = 2 * ShamirSecretSharing.ShareLength;
        if (share.Ciphertext is null || share.Ciphertext.Length != length + AesGcm.TagByteSizes.MaxSize)
        {
            throw new SecureAggregationException($"The share from {share.From} to {ParticipantId} has the wrong length: it was altered.");
        }
        var plaintext = new byte[length];
        try
        {
            using var gcm = new AesGcm(ShareKey(from), AesGcm.TagByteSizes.MaxSize);
            gcm.Decrypt(ProtocolContext.Nonce(from, _index), share.Ciphertext.AsSpan(0, length), share.Ciphertext.AsSpan(length), plaintext, ProtocolContext.AssociatedData(_roundId, share.From, ParticipantId));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new SecureAggregationException($"The share from {share.From} to {ParticipantId} failed authentication: it was altered on the way.", e);
        }
        return (plaintext[..ShamirSecretSharing.ShareLength], plaintext[ShamirSecretSharing.ShareLength..]);
    }

    private void CheckRound(string roundId)
    {
        if (roundId != _roundId) throw new SecureAggregationException($"{ParticipantId} is in round '{_roundId}', not '{roundId}'.");
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        FillRandom(bytes);
        return bytes;
    }

    // Seeded: SHA-256(seed || counter) blocks, so a seeded round is reproducible; otherwise the OS generator.
    private void FillRandom(Span<byte> destination)
    {
        if (_randomSeed is null)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }
        var input = new byte[_randomSeed.Length + sizeof(long)];
        _randomSeed.CopyTo(input, 0);
        Span<byte> block = stackalloc byte[32];
        for (int offset = 0; offset < destination.Length; offset += block.Length)
        {
            BinaryPrimitives.WriteInt64LittleEndian(input.AsSpan(_randomSeed.Length), _randomCounter++);
            SHA256.HashData(input, block);
            block[..Math.Min(block.Length, destination.Length - offset)].CopyTo(destination[offset..]);
        }
    }

    /// <summary>A reproducible per-participant seed from a round seed, for tests and benchmarks.</summary>
    public static byte[] SeedFor(int seed, string participantId) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"fedaspire-secagg-seed|{seed}|{participantId}"));
}
