using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FedAspire.Core.Aggregation;

/// <summary>The FedAvg inner loop: acc += sum_k w_k u_k over one coordinate block, four client slices per pass.</summary>
/// <remarks>
/// Reading four clients per pass keeps four memory streams in flight and loads/stores the accumulator a quarter as often as one
/// MultiplyAdd per client; measured about twice as fast as a TensorPrimitives.MultiplyAdd per client on the 2-core dev box.
/// Every element is acc = fma(u_k, w_k, acc) in client order, in the vector body and the scalar tail alike, so the result does not
/// depend on block boundaries or vector width.
/// </remarks>
internal static class WeightedSumKernel
{
    /// <summary>acc = sum_k weights[k] * slices[k], k in list order; <paramref name="acc"/> is overwritten.</summary>
    public static void Accumulate(IReadOnlyList<ClientUpdate> updates, ReadOnlySpan<float> weights, int start, Span<float> acc)
    {
        acc.Clear();
        int count = acc.Length, k = 0;
        for (; k + 4 <= updates.Count; k += 4)
        {
            Add4(acc,
                updates[k].Parameters.AsSpan(start, count), updates[k + 1].Parameters.AsSpan(start, count),
                updates[k + 2].Parameters.AsSpan(start, count), updates[k + 3].Parameters.AsSpan(start, count),
                weights[k], weights[k + 1], weights[k + 2], weights[k + 3]);
        }
        for (; k < updates.Count; k++) Add1(acc, updates[k].Parameters.AsSpan(start, count), weights[k]);
    }

    // acc = fma(d, wd, fma(c, wc, fma(b, wb, fma(a, wa, acc))))
    private static void Add4(Span<float> acc, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, ReadOnlySpan<float> d,
        float wa, float wb, float wc, float wd)
    {
        int n = acc.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float r = ref MemoryMarshal.GetReference(acc);
            ref float ra = ref MemoryMarshal.GetReference(a);
            ref float rb = ref MemoryMarshal.GetReference(b);
            ref float rc = ref MemoryMarshal.GetReference(c);
            ref float rd = ref MemoryMarshal.GetReference(d);
            Vector256<float> va = Vector256.Create(wa), vb = Vector256.Create(wb), vc = Vector256.Create(wc), vd = Vector256.Create(wd);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var x = Vector256.LoadUnsafe(ref r, (nuint)i);
                x = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)i), va, x);
                x = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rb, (nuint)i), vb, x);
                x = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rc, (nuint)i), vc, x);
                x = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rd, (nuint)i), vd, x);
                x.StoreUnsafe(ref r, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float x = acc[i];
            x = MathF.FusedMultiplyAdd(a[i], wa, x);
            x = MathF.FusedMultiplyAdd(b[i], wb, x);
            x = MathF.FusedMultiplyAdd(c[i], wc, x);
            acc[i] = MathF.FusedMultiplyAdd(d[i], wd, x);
        }
    }

    // acc = fma(a, wa, acc)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add1(Span<float> acc, ReadOnlySpan<float> a, float wa)
    {
        int n = acc.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float r = ref MemoryMarshal.GetReference(acc);
            ref float ra = ref MemoryMarshal.GetReference(a);
            var va = Vector256.Create(wa);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)i), va, Vector256.LoadUnsafe(ref r, (nuint)i)).StoreUnsafe(ref r, (nuint)i);
        }
        for (; i < n; i++) acc[i] = MathF.FusedMultiplyAdd(a[i], wa, acc[i]);
    }
}
