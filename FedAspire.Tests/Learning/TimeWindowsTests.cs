using FedAspire.Core.Learning;

namespace FedAspire.Tests.Learning;

[Trait("Area", "Learning")]
public sealed class TimeWindowsTests
{
    // 5 rows x 2 features: row t = [2t, 2t + 1].
    private static readonly float[] Rows = Enumerable.Range(0, 10).Select(i => (float)i).ToArray();

    [Fact]
    public void Stride_one_slides_one_row_at_a_time()
    {
        var w = TimeWindows.Create(Rows, featureCount: 2, window: 3, stride: 1);
        Assert.Equal(3, TimeWindows.Count(5, 3, 1));
        Assert.Equal([0f, 1, 2, 3, 4, 5, /**/ 2, 3, 4, 5, 6, 7, /**/ 4, 5, 6, 7, 8, 9], w);
    }

    [Theory]
    [InlineData(2, 2)] // rows 0-2 and 2-4
    [InlineData(3, 1)] // rows 0-2; the tail of 2 rows is dropped
    [InlineData(5, 1)]
    public void Stride_controls_the_count(int stride, int expected)
    {
        var w = TimeWindows.Create(Rows, 2, 3, stride);
        Assert.Equal(expected * 6, w.Length);
        Assert.Equal(expected, TimeWindows.Count(5, 3, stride));
        Assert.Equal(0f, w[0]);
        if (expected == 2) Assert.Equal(4f, w[6]);
    }

    [Fact]
    public void Window_equal_to_the_series_gives_one_window()
    {
        Assert.Equal(Rows, TimeWindows.Create(Rows, 2, 5, 7));
    }

    [Fact]
    public void Mask_is_windowed_like_the_values()
    {
        float[] mask = [1, 1, 0, 1, 1, 0, 1, 1, 1, 1];
        var (values, windowMask) = TimeWindows.Create(Rows, mask, 2, 2, 2);
        Assert.Equal([0f, 1, 2, 3, 4, 5, 6, 7], values);
        Assert.Equal([1f, 1, 0, 1, 1, 0, 1, 1], windowMask);
        var (_, allObserved) = TimeWindows.Create(Rows, [], 2, 2, 2);
        Assert.All(allObserved, m => Assert.Equal(1f, m));
    }

    [Fact]
    public void Invalid_geometry_is_rejected_with_the_sizes()
    {
        Assert.Contains("6 rows does not fit in a series of 5", Assert.Throws<ArgumentException>(() => TimeWindows.Create(Rows, 2, 6, 1)).Message);
        Assert.Contains("whole number of rows of 3", Assert.Throws<ArgumentException>(() => TimeWindows.Create(Rows, 3, 1, 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeWindows.Create(Rows, 2, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeWindows.Create(Rows, 2, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeWindows.Create(Rows, 0, 2, 1));
        Assert.Throws<ArgumentException>(() => TimeWindows.Create(Rows, new float[3], 2, 2, 1));
    }
}
