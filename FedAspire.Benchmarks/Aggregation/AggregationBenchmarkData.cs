using FedAspire.Core.Aggregation;

namespace FedAspire.Benchmarks.Aggregation;

/// <summary>Deterministic random client updates for the aggregation benchmarks.</summary>
internal static class AggregationBenchmarkData
{
    public static (float[] Global, ClientUpdate[] Updates) Create(int clients, int length, int seed)
    {
        var random = new Random(seed);
        var global = new float[length];
        for (int i = 0; i < length; i++) global[i] = (float)(random.NextDouble() - 0.5);
        var updates = new ClientUpdate[clients];
        for (int k = 0; k < clients; k++)
        {
            var p = new float[length];
            for (int i = 0; i < length; i++) p[i] = global[i] + (float)(random.NextDouble() - 0.5) * 0.01f;
            updates[k] = new ClientUpdate($"client-{k}", p, 100 + random.Next(1000));
        }
        return (global, updates);
    }
}
