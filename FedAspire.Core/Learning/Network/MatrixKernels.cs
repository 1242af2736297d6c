using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FedAspire.Core.Learning.Network;

/// <summary>
/// A small register-blocked SGEMM for the shapes autoencoders have (tens to a few hundred rows and columns), vectorized along C's columns.
/// </summary>
/// <remarks>
/// C[i, j] (op)= bias[j] + sum_p A[i*ams + p*aks] * B[p*ldb + j], for i &lt; m, j &lt; n, p &lt; k.
/// A is read by broadcasting single elements with arbitrary strides, so A, A^T and strided im2col views are all free;
/// B rows and C rows are read as vectors. B, bias and Y rows must be readable up to n rounded up to a multiple of 8; C columns from n on
/// are never written, so C may be an unpadded matrix (the last partial block of columns goes through a small scratch tile).
/// Tiles are 4 rows x 64/48/32/16/8 columns held in registers for the whole k loop; everything fits L1/L2 at these sizes so no cache
/// blocking is needed.
/// </remarks>
internal static unsafe class MatrixKernels
{
    /// <summary>Columns per vector; buffers' row lengths are multiples of this.</summary>
    public const int Lane = 8;

    // 4x32 Vector256 tiles need 16 accumulators + 4 B vectors + 1 broadcast: only with the 32 registers AVX-512 brings.
    private static readonly bool WideTiles = Avx512F.VL.IsSupported;

    // Vector512 tiles halve the instruction count (Zen 4 runs them as two 256-bit halves) and use both 512-bit FMA ports on Intel.
    private static readonly bool Vector512Tiles = Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>Multiplies as described on the type; <paramref name="bias"/> may be null (zero), <paramref name="y"/> is used only by <see cref="GemmEpilogue.ReluGradient"/>.</summary>
    public static void Multiply(int m, int n, int k, float* a, int ams, int aks, float* b, int ldb, float* c, int ldc,
        float* bias, GemmEpilogue epilogue, float* y = null, int ldy = 0)
    {
        int full = n & ~(Lane - 1), edge = n - full;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            float* ai = a + (nint)i * ams;
            float* ci = c + (nint)i * ldc;
            float* yi = y + (nint)i * ldy;
            int j = 0;
            if (Vector512Tiles)
            {
                for (; j + 64 <= full; j += 64)
                    Tile4x64(k, ai, ams, aks, b + j, ldb, ci + j, ldc, bias == null ? null : bias + j, epilogue, yi + j, ldy);
                // One pass over the remaining 16-column blocks: every extra pass re-broadcasts A and waits on short k loops again.
                if (j + 48 <= full)
                    Tile4x48(k, ai, ams, aks, b + j, ldb, ci + j, ldc, bias == null ? null : bias + j, epilogue, yi + j, ldy);
                else if (j + 32 <= full)
                    Tile4x32Wide(k, ai, ams, aks, b + j, ldb, ci + j, ldc, bias == null ? null : bias + j, epilogue, yi + j, ldy);
                else if (j + 16 <= full)
                    Tile4x16Wide(k, ai, ams, aks, b + j, ldb, ci + j, ldc, bias == null ? null : bias + j, epilogue, yi + j, ldy);
                j += (full - j) & ~15;
            }
            if (WideTiles)
                for (; j + 32 <= full; j += 32)
                    Tile4x32(k, ai, ams, aks, b + j, ldb, ci + j, ldc, bias == null ? null : bias + j, epilogue, yi + j, ldy);
            for (; j + 16 <= full; j += 16)
                Tile4x16(k, ai, ams, aks, b + j, ldb, ci + j, ldc, bias == null ? null : bias + j, epilogue, yi + j, ldy);
            if (j < full)
                Tile4x8(k, ai, ams, aks, b + j, ldb, ci + j, ldc, bias == null ? null : bias + j, epilogue, yi + j, ldy);
            if (edge != 0) Edge(4, k, ai, ams, aks, b + full, ldb, ci + full, ldc, edge, bias == null ? null : bias + full, epilogue, yi + full, ldy);
        }
        for (; i < m; i++)
        {
            float* ai = a + (nint)i * ams;
            float* ci = c + (nint)i * ldc;
            float* yi = y + (nint)i * ldy;
            int j = 0;
            for (; j + 16 <= full; j += 16)
                Tile1x16(k, ai, aks, b + j, ldb, ci + j, bias == null ? null : bias + j, epilogue, yi + j);
            if (j < full)
                Tile1x8(k, ai, aks, b + j, ldb, ci + j, bias == null ? null : bias + j, epilogue, yi + j);
            if (edge != 0) Edge(1, k, ai, ams, aks, b + full, ldb, ci + full, ldc, edge, bias == null ? null : bias + full, epilogue, yi + full, ldy);
        }
    }

    // The last width < 8 columns of 1 or 4 rows: computed as a full 8-wide tile into scratch, then only the real columns are copied out
    // (only Accumulate reads C first). Kept out of Multiply so the common path carries no scratch frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Edge(int rows, int k, float* a, int ams, int aks, float* b, int ldb, float* c, int ldc, int width, float* bias,
        GemmEpilogue e, float* y, int ldy)
    {
        float* scratch = stackalloc float[4 * Lane];
        if (e == GemmEpilogue.Accumulate)
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < width; j++) scratch[r * Lane + j] = c[(nint)r * ldc + j];
        if (rows == 4) Tile4x8(k, a, ams, aks, b, ldb, scratch, Lane, bias, e, y, ldy);
        else Tile1x8(k, a, aks, b, ldb, scratch, bias, e, y);
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++) c[(nint)r * ldc + j] = scratch[r * Lane + j];
    }

    /// <summary>destination[i] = x[i] + y[i] for i &lt; count, count a multiple of <see cref="Lane"/> (tiny spans, so no dispatch overhead).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(float* x, float* y, float* destination, int count)
    {
        for (int i = 0; i < count; i += Lane) Vector256.Store(Vector256.Load(x + i) + Vector256.Load(y + i), destination + i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Mad(Vector256<float> x, Vector256<float> y, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, acc) : acc + x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Start(float* bias, int offset, GemmEpilogue epilogue) =>
        bias != null && epilogue != GemmEpilogue.Accumulate ? Vector256.Load(bias + offset) : Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(Vector256<float> acc, float* c, float* y, GemmEpilogue epilogue)
    {
        switch (epilogue)
        {
            case GemmEpilogue.Accumulate: acc += Vector256.Load(c); break;
            case GemmEpilogue.Relu: acc = Vector256.MaxNative(acc, Vector256<float>.Zero); break;
            case GemmEpilogue.ReluGradient: acc &= Vector256.GreaterThan(Vector256.Load(y), Vector256<float>.Zero); break;
        }
        Vector256.Store(acc, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Mad(Vector512<float> x, Vector512<float> y, Vector512<float> acc) => Avx512F.FusedMultiplyAdd(x, y, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Start512(float* bias, int offset, GemmEpilogue epilogue) =>
        bias != null && epilogue != GemmEpilogue.Accumulate ? Vector512.Load(bias + offset) : Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(Vector512<float> acc, float* c, float* y, GemmEpilogue epilogue)
    {
        switch (epilogue)
        {
            case GemmEpilogue.Accumulate: acc += Vector512.Load(c); break;
            case GemmEpilogue.Relu: acc = Vector512.MaxNative(acc, Vector512<float>.Zero); break;
            case GemmEpilogue.ReluGradient: acc &= Vector512.GreaterThan(Vector512.Load(y), Vector512<float>.Zero); break;
        }
        Vector512.Store(acc, c);
    }

    private static void Tile4x64(int k, float* a, int ams, int aks, float* b, int ldb, float* c, int ldc, float* bias, GemmEpilogue e, float* y, int ldy)
    {
        var c00 = Start512(bias, 0, e); var c01 = Start512(bias, 16, e); var c02 = Start512(bias, 32, e); var c03 = Start512(bias, 48, e);
        var c10 = c00; var c11 = c01; var c12 = c02; var c13 = c03;
        var c20 = c00; var c21 = c01; var c22 = c02; var c23 = c03;
        var c30 = c00; var c31 = c01; var c32 = c02; var c33 = c03;
        nint s1 = ams, s2 = 2 * (nint)ams, s3 = 3 * (nint)ams;
        for (int p = 0; p < k; p++)
        {
            var b0 = Vector512.Load(b); var b1 = Vector512.Load(b + 16); var b2 = Vector512.Load(b + 32); var b3 = Vector512.Load(b + 48);
            var x = Vector512.Create(a[0]);
            c00 = Mad(x, b0, c00); c01 = Mad(x, b1, c01); c02 = Mad(x, b2, c02); c03 = Mad(x, b3, c03);
            x = Vector512.Create(a[s1]);
            c10 = Mad(x, b0, c10); c11 = Mad(x, b1, c11); c12 = Mad(x, b2, c12); c13 = Mad(x, b3, c13);
            x = Vector512.Create(a[s2]);
            c20 = Mad(x, b0, c20); c21 = Mad(x, b1, c21); c22 = Mad(x, b2, c22); c23 = Mad(x, b3, c23);
            x = Vector512.Create(a[s3]);
            c30 = Mad(x, b0, c30); c31 = Mad(x, b1, c31); c32 = Mad(x, b2, c32); c33 = Mad(x, b3, c33);
            a += aks; b += ldb;
        }
        Finish(c00, c, y, e); Finish(c01, c + 16, y + 16, e); Finish(c02, c + 32, y + 32, e); Finish(c03, c + 48, y + 48, e);
        c += ldc; y += ldy;
        Finish(c10, c, y, e); Finish(c11, c + 16, y + 16, e); Finish(c12, c + 32, y + 32, e); Finish(c13, c + 48, y + 48, e);
        c += ldc; y += ldy;
        Finish(c20, c, y, e); Finish(c21, c + 16, y + 16, e); Finish(c22, c + 32, y + 32, e); Finish(c23, c + 48, y + 48, e);
        c += ldc; y += ldy;
        Finish(c30, c, y, e); Finish(c31, c + 16, y + 16, e); Finish(c32, c + 32, y + 32, e); Finish(c33, c + 48, y + 48, e);
    }

    private static void Tile4x48(int k, float* a, int ams, int aks, float* b, int ldb, float* c, int ldc, float* bias, GemmEpilogue e, float* y, int ldy)
    {
        var c00 = Start512(bias, 0, e); var c01 = Start512(bias, 16, e); var c02 = Start512(bias, 32, e);
        var c10 = c00; var c11 = c01; var c12 = c02;
        var c20 = c00; var c21 = c01; var c22 = c02;
        var c30 = c00; var c31 = c01; var c32 = c02;
        nint s1 = ams, s2 = 2 * (nint)ams, s3 = 3 * (nint)ams;
        for (int p = 0; p < k; p++)
        {
            var b0 = Vector512.Load(b); var b1 = Vector512.Load(b + 16); var b2 = Vector512.Load(b + 32);
            var x = Vector512.Create(a[0]);
            c00 = Mad(x, b0, c00); c01 = Mad(x, b1, c01); c02 = Mad(x, b2, c02);
            x = Vector512.Create(a[s1]);
            c10 = Mad(x, b0, c10); c11 = Mad(x, b1, c11); c12 = Mad(x, b2, c12);
            x = Vector512.Create(a[s2]);
            c20 = Mad(x, b0, c20); c21 = Mad(x, b1, c21); c22 = Mad(x, b2, c22);
            x = Vector512.Create(a[s3]);
            c30 = Mad(x, b0, c30); c31 = Mad(x, b1, c31); c32 = Mad(x, b2, c32);
            a += aks; b += ldb;
        }
        Finish(c00, c, y, e); Finish(c01, c + 16, y + 16, e); Finish(c02, c + 32, y + 32, e);
        c += ldc; y += ldy;
        Finish(c10, c, y, e); Finish(c11, c + 16, y + 16, e); Finish(c12, c + 32, y + 32, e);
        c += ldc; y += ldy;
        Finish(c20, c, y, e); Finish(c21, c + 16, y + 16, e); Finish(c22, c + 32, y + 32, e);
        c += ldc; y += ldy;
        Finish(c30, c, y, e); Finish(c31, c + 16, y + 16, e); Finish(c32, c + 32, y + 32, e);
    }

    // Four 512-bit accumulators alone would wait on FMA latency: even and odd k go to separate sets, as in Tile4x8.
    private static void Tile4x16Wide(int k, float* a, int ams, int aks, float* b, int ldb, float* c, int ldc, float* bias, GemmEpilogue e, float* y, int ldy)
    {
        var c0 = Start512(bias, 0, e); var c1 = c0; var c2 = c0; var c3 = c0;
        var d0 = Vector512<float>.Zero; var d1 = d0; var d2 = d0; var d3 = d0;
        nint s1 = ams, s2 = 2 * (nint)ams, s3 = 3 * (nint)ams;
        int p = 0;
        for (; p + 2 <= k; p += 2)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + ldb);
            float* a1 = a + aks;
            c0 = Mad(Vector512.Create(a[0]), b0, c0);
            c1 = Mad(Vector512.Create(a[s1]), b0, c1);
            c2 = Mad(Vector512.Create(a[s2]), b0, c2);
            c3 = Mad(Vector512.Create(a[s3]), b0, c3);
            d0 = Mad(Vector512.Create(a1[0]), b1, d0);
            d1 = Mad(Vector512.Create(a1[s1]), b1, d1);
            d2 = Mad(Vector512.Create(a1[s2]), b1, d2);
            d3 = Mad(Vector512.Create(a1[s3]), b1, d3);
            a += 2 * (nint)aks; b += 2 * (nint)ldb;
        }
        if (p < k)
        {
            var b0 = Vector512.Load(b);
            c0 = Mad(Vector512.Create(a[0]), b0, c0);
            c1 = Mad(Vector512.Create(a[s1]), b0, c1);
            c2 = Mad(Vector512.Create(a[s2]), b0, c2);
            c3 = Mad(Vector512.Create(a[s3]), b0, c3);
        }
        Finish(c0 + d0, c, y, e); c += ldc; y += ldy;
        Finish(c1 + d1, c, y, e); c += ldc; y += ldy;
        Finish(c2 + d2, c, y, e); c += ldc; y += ldy;
        Finish(c3 + d3, c, y, e);
    }

    private static void Tile4x32Wide(int k, float* a, int ams, int aks, float* b, int ldb, float* c, int ldc, float* bias, GemmEpilogue e, float* y, int ldy)
    {
        var c00 = Start512(bias, 0, e); var c01 = Start512(bias, 16, e);
        var c10 = c00; var c11 = c01; var c20 = c00; var c21 = c01; var c30 = c00; var c31 = c01;
        nint s1 = ams, s2 = 2 * (nint)ams, s3 = 3 * (nint)ams;
        for (int p = 0; p < k; p++)
        {
            var b0 = Vector512.Load(b); var b1 = Vector512.Load(b + 16);
            var x = Vector512.Create(a[0]);
            c00 = Mad(x, b0, c00); c01 = Mad(x, b1, c01);
            x = Vector512.Create(a[s1]);
            c10 = Mad(x, b0, c10); c11 = Mad(x, b1, c11);
            x = Vector512.Create(a[s2]);
            c20 = Mad(x, b0, c20); c21 = Mad(x, b1, c21);
            x = Vector512.Create(a[s3]);
            c30 = Mad(x, b0, c30); c31 = Mad(x, b1, c31);
            a += aks; b += ldb;
        }
        Finish(c00, c, y, e); Finish(c01, c + 16, y + 16, e);
        c += ldc; y += ldy;
        Finish(c10, c, y, e); Finish(c11, c + 16, y + 16, e);
        c += ldc; y += ldy;
        Finish(c20, c, y, e); Finish(c21, c + 16, y + 16, e);
        c += ldc; y += ldy;
        Finish(c30, c, y, e); Finish(c31, c + 16, y + 16, e);
    }

    private static void Tile4x32(int k, float* a, int ams, int aks, float* b, int ldb, float* c, int ldc, float* bias, GemmEpilogue e, float* y, int ldy)
    {
        var c00 = Start(bias, 0, e); var c01 = Start(bias, 8, e); var c02 = Start(bias, 16, e); var c03 = Start(bias, 24, e);
        var c10 = c00; var c11 = c01; var c12 = c02; var c13 = c03;
        var c20 = c00; var c21 = c01; var c22 = c02; var c23 = c03;
        var c30 = c00; var c31 = c01; var c32 = c02; var c33 = c03;
        nint s1 = ams, s2 = 2 * (nint)ams, s3 = 3 * (nint)ams;
        for (int p = 0; p < k; p++)
        {
            var b0 = Vector256.Load(b); var b1 = Vector256.Load(b + 8); var b2 = Vector256.Load(b + 16); var b3 = Vector256.Load(b + 24);
            var x = Vector256.Create(a[0]);
            c00 = Mad(x, b0, c00); c01 = Mad(x, b1, c01); c02 = Mad(x, b2, c02); c03 = Mad(x, b3, c03);
            x = Vector256.Create(a[s1]);
            c10 = Mad(x, b0, c10); c11 = Mad(x, b1, c11); c12 = Mad(x, b2, c12); c13 = Mad(x, b3, c13);
            x = Vector256.Create(a[s2]);
            c20 = Mad(x, b0, c20); c21 = Mad(x, b1, c21); c22 = Mad(x, b2, c22); c23 = Mad(x, b3, c23);
            x = Vector256.Create(a[s3]);
            c30 = Mad(x, b0, c30); c31 = Mad(x, b1, c31); c32 = Mad(x, b2, c32); c33 = Mad(x, b3, c33);
            a += aks; b += ldb;
        }
        Finish(c00, c, y, e); Finish(c01, c + 8, y + 8, e); Finish(c02, c + 16, y + 16, e); Finish(c03, c + 24, y + 24, e);
        c += ldc; y += ldy;
        Finish(c10, c, y, e); Finish(c11, c + 8, y + 8, e); Finish(c12, c + 16, y + 16, e); Finish(c13, c + 24, y + 24, e);
        c += ldc; y += ldy;
        Finish(c20, c, y, e); Finish(c21, c + 8, y + 8, e); Finish(c22, c + 16, y + 16, e); Finish(c23, c + 24, y + 24, e);
        c += ldc; y += ldy;
        Finish(c30, c, y, e); Finish(c31, c + 8, y + 8, e); Finish(c32, c + 16, y + 16, e); Finish(c33, c + 24, y + 24, e);
    }

    private static void Tile4x16(int k, float* a, int ams, int aks, float* b, int ldb, float* c, int ldc, float* bias, GemmEpilogue e, float* y, int ldy)
    {
        var c00 = Start(bias, 0, e); var c01 = Start(bias, 8, e);
        var c10 = c00; var c11 = c01; var c20 = c00; var c21 = c01; var c30 = c00; var c31 = c01;
        nint s1 = ams, s2 = 2 * (nint)ams, s3 = 3 * (nint)ams;
        for (int p = 0; p < k; p++)
        {
            var b0 = Vector256.Load(b); var b1 = Vector256.Load(b + 8);
            var x = Vector256.Create(a[0]);
            c00 = Mad(x, b0, c00); c01 = Mad(x, b1, c01);
            x = Vector256.Create(a[s1]);
            c10 = Mad(x, b0, c10); c11 = Mad(x, b1, c11);
            x = Vector256.Create(a[s2]);
            c20 = Mad(x, b0, c20); c21 = Mad(x, b1, c21);
            x = Vector256.Create(a[s3]);
            c30 = Mad(x, b0, c30); c31 = Mad(x, b1, c31);
            a += aks; b += ldb;
        }
        Finish(c00, c, y, e); Finish(c01, c + 8, y + 8, e);
        c += ldc; y += ldy;
        Finish(c10, c, y, e); Finish(c11, c + 8, y + 8, e);
        c += ldc; y += ldy;
        Finish(c20, c, y, e); Finish(c21, c + 8, y + 8, e);
        c += ldc; y += ldy;
        Finish(c30, c, y, e); Finish(c31, c + 8, y + 8, e);
    }

    // Four accumulators alone would wait on FMA latency (4 cycles x 2 pipes needs 8 chains): even and odd k go to separate sets.
    private static void Tile4x8(int k, float* a, int ams, int aks, float* b, int ldb, float* c, int ldc, float* bias, GemmEpilogue e, float* y, int ldy)
    {
        var c0 = Start(bias, 0, e); var c1 = c0; var c2 = c0; var c3 = c0;
        var d0 = Vector256<float>.Zero; var d1 = d0; var d2 = d0; var d3 = d0;
        nint s1 = ams, s2 = 2 * (nint)ams, s3 = 3 * (nint)ams;
        int p = 0;
        for (; p + 2 <= k; p += 2)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + ldb);
            float* a1 = a + aks;
            c0 = Mad(Vector256.Create(a[0]), b0, c0);
            c1 = Mad(Vector256.Create(a[s1]), b0, c1);
            c2 = Mad(Vector256.Create(a[s2]), b0, c2);
            c3 = Mad(Vector256.Create(a[s3]), b0, c3);
            d0 = Mad(Vector256.Create(a1[0]), b1, d0);
            d1 = Mad(Vector256.Create(a1[s1]), b1, d1);
            d2 = Mad(Vector256.Create(a1[s2]), b1, d2);
            d3 = Mad(Vector256.Create(a1[s3]), b1, d3);
            a += 2 * (nint)aks; b += 2 * (nint)ldb;
        }
        if (p < k)
        {
            var b0 = Vector256.Load(b);
            c0 = Mad(Vector256.Create(a[0]), b0, c0);
            c1 = Mad(Vector256.Create(a[s1]), b0, c1);
            c2 = Mad(Vector256.Create(a[s2]), b0, c2);
            c3 = Mad(Vector256.Create(a[s3]), b0, c3);
        }
        Finish(c0 + d0, c, y, e); c += ldc; y += ldy;
        Finish(c1 + d1, c, y, e); c += ldc; y += ldy;
        Finish(c2 + d2, c, y, e); c += ldc; y += ldy;
        Finish(c3 + d3, c, y, e);
    }

    private static void Tile1x16(int k, float* a, int aks, float* b, int ldb, float* c, float* bias, GemmEpilogue e, float* y)
    {
        var c0 = Start(bias, 0, e); var c1 = Start(bias, 8, e);
        var d0 = Vector256<float>.Zero; var d1 = d0;
        int p = 0;
        for (; p + 2 <= k; p += 2)
        {
            var x = Vector256.Create(*a);
            var z = Vector256.Create(a[aks]);
            c0 = Mad(x, Vector256.Load(b), c0);
            c1 = Mad(x, Vector256.Load(b + 8), c1);
            d0 = Mad(z, Vector256.Load(b + ldb), d0);
            d1 = Mad(z, Vector256.Load(b + ldb + 8), d1);
            a += 2 * (nint)aks; b += 2 * (nint)ldb;
        }
        if (p < k)
        {
            var x = Vector256.Create(*a);
            c0 = Mad(x, Vector256.Load(b), c0);
            c1 = Mad(x, Vector256.Load(b + 8), c1);
        }
        Finish(c0 + d0, c, y, e); Finish(c1 + d1, c + 8, y + 8, e);
    }

    private static void Tile1x8(int k, float* a, int aks, float* b, int ldb, float* c, float* bias, GemmEpilogue e, float* y)
    {
        var c0 = Start(bias, 0, e);
        var d0 = Vector256<float>.Zero;
        int p = 0;
        for (; p + 2 <= k; p += 2)
        {
            c0 = Mad(Vector256.Create(*a), Vector256.Load(b), c0);
            d0 = Mad(Vector256.Create(a[aks]), Vector256.Load(b + ldb), d0);
            a += 2 * (nint)aks; b += 2 * (nint)ldb;
        }
        if (p < k) c0 = Mad(Vector256.Create(*a), Vector256.Load(b), c0);
        Finish(c0 + d0, c, y, e);
    }
}
