namespace FedAspire.Core.Learning;

/// <summary>Sliding windows over one device's time-ordered rows, producing time-major samples [window, features].</summary>
/// <remarks>
/// The caller passes one device's series: a window never mixes devices because it never sees two. Window i covers rows
/// [i stride, i stride + window); a tail shorter than a window is dropped. Count = (rows - window) / stride + 1.
/// </remarks>
public static class TimeWindows
{
    /// <summary>Number of windows of <paramref name="window"/> rows taken every <paramref name="stride"/> rows from <paramref name="rowCount"/> rows.</summary>
    public static int Count(int rowCount, int window, int stride)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "Window length must be >= 1.");
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), stride, "Stride must be >= 1.");
        if (rowCount < window)
            throw new ArgumentException($"A window of {window} rows does not fit in a series of {rowCount} rows.", nameof(window));
        return (rowCount - window) / stride + 1;
    }

    /// <summary>Windows [n, window x featureCount] over <paramref name="rows"/> [rows, featureCount].</summary>
    public static float[] Create(ReadOnlySpan<float> rows, int featureCount, int window, int stride)
    {
        int rowCount = RowCount(rows.Length, featureCount);
        int n = Count(rowCount, window, stride);
        var result = new float[checked(n * window * featureCount)];
        Copy(rows, result, featureCount, window, stride, n);
        return result;
    }

    /// <summary>Windows of values and of their mask; <paramref name="mask"/> empty means all observed (the returned mask is then all ones).</summary>
    public static (float[] Values, float[] Mask) Create(ReadOnlySpan<float> rows, ReadOnlySpan<float> mask, int featureCount, int window, int stride)
    {
        if (!mask.IsEmpty && mask.Length != rows.Length)
            throw new ArgumentException($"Mask has {mask.Length} values but the rows have {rows.Length}.", nameof(mask));
        var values = Create(rows, featureCount, window, stride);
        float[] windowMask;
        if (mask.IsEmpty)
        {
            windowMask = new float[values.Length];
            windowMask.AsSpan().Fill(1f);
        }
        else
        {
            windowMask = new float[values.Length];
            Copy(mask, windowMask, featureCount, window, stride, values.Length / (window * featureCount));
        }
        return (values, windowMask);
    }

    private static int RowCount(int length, int featureCount)
    {
        if (featureCount < 1) throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "Feature count must be >= 1.");
        if (length % featureCount != 0)
            throw new ArgumentException($"{length} values are not a whole number of rows of {featureCount} features.", nameof(length));
        return length / featureCount;
    }

    // Window i is the contiguous run of rows [i stride, i stride + window): one block copy each.
    private static void Copy(ReadOnlySpan<float> source, Span<float> destination, int featureCount, int window, int stride, int count)
    {
        int size = window * featureCount;
        for (int i = 0; i < count; i++)
            source.Slice(i * stride * featureCount, size).CopyTo(destination.Slice(i * size, size));
    }
}
