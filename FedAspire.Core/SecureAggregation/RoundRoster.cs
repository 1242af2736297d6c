namespace FedAspire.Core.SecureAggregation;

/// <summary>The advertised participants of a round in id order, their indices and the neighbour graph, as every party builds them.</summary>
internal sealed class RoundRoster
{
    private readonly Dictionary<string, int> _index;

    public RoundRoster(AdvertiseKeysMessage[] keys, SecureAggregationOptions options, string roundId)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys[i].RoundId != roundId) throw new SecureAggregationException($"The roster lists {keys[i].ParticipantId} for round '{keys[i].RoundId}', not '{roundId}'.");
            if (i > 0 && string.CompareOrdinal(keys[i - 1].ParticipantId, keys[i].ParticipantId) >= 0)
            {
                throw new SecureAggregationException($"The roster is not in strictly ascending id order at {keys[i].ParticipantId}.");
            }
        }
        options.Validate(keys.Length);
        Keys = keys;
        Options = options;
        _index = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (int i = 0; i < keys.Length; i++) _index[keys[i].ParticipantId] = i;
        Graph = new NeighbourGraph(keys.Length, options.Neighbours, roundId);
        NeighbourhoodSize = options.NeighbourhoodSize(keys.Length);
    }

    public AdvertiseKeysMessage[] Keys { get; }

    public SecureAggregationOptions Options { get; }

    public NeighbourGraph Graph { get; }

    public int NeighbourhoodSize { get; }

    public int Count => Keys.Length;

    public string Id(int index) => Keys[index].ParticipantId;

    // The Shamir x-coordinate of a holder: its roster index + 1 (0 is where the secret sits).
    public static int Holder(int index) => index + 1;

    public int IndexOf(string participant) =>
        _index.TryGetValue(participant, out int i) ? i : throw new SecureAggregationException($"{participant} is not on the round's roster.");

    public bool Contains(string participant) => _index.ContainsKey(participant);

    // Itself and its neighbours, ascending: the holders of its shares.
    public int[] Neighbourhood(int index)
    {
        var neighbours = Graph.NeighboursOf(index);
        var all = new int[neighbours.Count + 1];
        int w = 0;
        bool placed = false;
        foreach (int j in neighbours)
        {
            if (!placed && index < j) { all[w++] = index; placed = true; }
            all[w++] = j;
        }
        if (!placed) all[w] = index;
        return all;
    }
}
