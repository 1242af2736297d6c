using System.Security.Cryptography;
using System.Text;

namespace FedAspire.Core.SecureAggregation;

/// <summary>Who masks with and holds shares for whom in one round: everyone (SecAgg) or k ring neighbours (SecAgg+).</summary>
/// <remarks>
/// SecAgg+ places the participants on a ring in an order drawn from a hash of the round id, so neither a participant nor the server
/// chooses its neighbours, and links each to the k/2 on either side (a Harary graph). Every participant and the server build the
/// same graph from the roster and the round id.
/// </remarks>
public sealed class NeighbourGraph
{
    private readonly int[][]? _neighbours;

    /// <summary>Builds the graph over roster indices 0..participants-1.</summary>
    public NeighbourGraph(int participants, int? neighbours, string roundId)
    {
        ArgumentNullException.ThrowIfNull(roundId);
        Participants = participants;
        if (neighbours is not int k || k >= participants - 1) return;

        var order = new int[participants];
        for (int i = 0; i < participants; i++) order[i] = i;
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes("fedaspire-secagg-ring|" + roundId));
        new Random(BitConverter.ToInt32(hash, 0)).Shuffle(order);
        var position = new int[participants];
        for (int p = 0; p < participants; p++) position[order[p]] = p;

        _neighbours = new int[participants][];
        for (int i = 0; i < participants; i++)
        {
            var list = new int[k];
            for (int d = 1; d <= k / 2; d++)
            {
                list[2 * d - 2] = order[(position[i] + d) % participants];
                list[2 * d - 1] = order[(position[i] - d + participants) % participants];
            }
            Array.Sort(list);
            _neighbours[i] = list;
        }
    }

    /// <summary>Participants on the roster.</summary>
    public int Participants { get; }

    /// <summary>True when everyone is everyone's neighbour.</summary>
    public bool IsComplete => _neighbours is null;

    /// <summary>The neighbours of roster index <paramref name="index"/>, ascending, itself excluded.</summary>
    public IReadOnlyList<int> NeighboursOf(int index)
    {
        if (_neighbours is not null) return _neighbours[index];
        var all = new int[Participants - 1];
        for (int j = 0, w = 0; j < Participants; j++) if (j != index) all[w++] = j;
        return all;
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> (distinct) mask with each other.</summary>
    public bool AreNeighbours(int a, int b) => a != b && (_neighbours is null || Array.BinarySearch(_neighbours[a], b) >= 0);
}
