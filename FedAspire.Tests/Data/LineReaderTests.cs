using FedAspire.Core.Data.Readers;

namespace FedAspire.Tests.Data;

[Trait("Area", "Data")]
public sealed class LineReaderTests
{
    /// <summary>Hands out at most <paramref name="chunk"/> characters per read, to put line ends on buffer boundaries.</summary>
    private sealed class ChunkedReader(string text, int chunk) : TextReader
    {
        private int _at;

        public override int Read(char[] buffer, int index, int count)
        {
            int n = Math.Min(Math.Min(count, chunk), text.Length - _at);
            text.CopyTo(_at, buffer, index, n);
            _at += n;
            return n;
        }
    }

    private static List<string> Lines(TextReader reader)
    {
        var lines = new LineReader(reader);
        var result = new List<string>();
        while (lines.TryReadLine(out var line)) result.Add(line.ToString());
        return result;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4096)]
    public void Lf_crlf_and_cr_endings_split_the_same_wherever_reads_stop(int chunk)
    {
        Assert.Equal(["a,b", "", "c", "d", "e"], Lines(new ChunkedReader("a,b\r\n\r\nc\rd\ne", chunk)));
        Assert.Equal(["x", "y"], Lines(new ChunkedReader("x\r\ny\r\n", chunk)));
    }

    [Fact]
    public void Lines_longer_than_the_buffer_come_back_whole()
    {
        var longLine = new string('7', 200_000);
        Assert.Equal(["h", longLine, "t"], Lines(new StringReader($"h\n{longLine}\nt")));
        Assert.Empty(Lines(new StringReader("")));
    }
}
