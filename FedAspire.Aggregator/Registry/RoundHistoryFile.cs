using System.Text.Json;
using FedAspire.Core.Federation;

namespace FedAspire.Aggregator.Registry;

/// <summary>
/// The framed round history file: one record per line, <c>R {length} {checksum} {json}\n</c> (<see cref="FramedLines"/>). A torn
/// or corrupt line fails the frame check and is skipped and counted, whatever is appended after it. Reads never parse the whole
/// file: <c>last=N</c> reads lines backwards from the end, and a <c>before</c> cursor is found by binary search over byte offsets
/// (round ids grow along the file), so a page costs the same with ten rounds of history or a million. Unframed JSON lines of older
/// registries are still read.
/// </summary>
public static class RoundHistoryFile
{
    private const byte Tag = (byte)'R';

    /// <summary>The framed line of <paramref name="round"/>, newline included.</summary>
    public static byte[] Frame(RoundRecord round) => FramedLines.Frame(Tag, round);

    /// <summary>The record in one line (without its newline), or null when the line is torn, corrupt or not a round.</summary>
    public static RoundRecord? TryParse(ReadOnlySpan<byte> line)
    {
        if (line.Length == 0 || line[0] != (byte)'{') return FramedLines.TryParse<RoundRecord>(Tag, line);
        try
        {
            return JsonSerializer.Deserialize<RoundRecord>(line, FileModelRegistry.JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Up to <paramref name="last"/> rounds with ids below <paramref name="before"/> (all when null), oldest first, read from the
    /// end of the file or from the cursor's position.
    /// </summary>
    public static RoundPage ReadPage(string path, int last, long? before)
    {
        var (rounds, skipped, more) = FramedLines.ReadLast(path, last, before, static line => TryParse(line), static r => r.RoundId);
        return new RoundPage(rounds, skipped, more ? rounds[0].RoundId : null);
    }

    /// <summary>Every readable round, oldest first, and the number of lines skipped (a full scan: tools and tests, not the API).</summary>
    public static (List<RoundRecord> Rounds, int Skipped) ReadAll(string path) => FramedLines.ReadAll(path, static line => TryParse(line));

    /// <summary>True when the file is missing, empty or ends with a newline (an append after a torn line must start a new line).</summary>
    public static bool EndsCleanly(string path) => FramedLines.EndsCleanly(path);
}
