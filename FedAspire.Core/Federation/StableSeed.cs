namespace FedAspire.Core.Federation;

/// <summary>
/// Seeds derived from the run seed, round and participant id that are identical across processes and runs
/// (string.GetHashCode is randomized per process, so it cannot be used for reproducible federations).
/// </summary>
public static class StableSeed
{
    /// <summary>FNV-1a over the id's UTF-16 code units, mixed with the seed and round.</summary>
    public static int Derive(int seed, long round, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        ulong h = 14695981039346656037UL;
        foreach (char c in id) { h ^= c; h *= 1099511628211UL; }
        h ^= (ulong)round * 0x9E3779B97F4A7C15UL;
        h ^= (ulong)(uint)seed * 0xC2B2AE3D27D4EB4FUL;
        h ^= h >> 31;
        return (int)(h & 0x7FFFFFFF);
    }
}
