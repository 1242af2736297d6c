using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace FedAspire.Aggregator.Registry;

/// <summary>
/// Append-only files of framed JSON records, one per line: <c>{tag} {length} {checksum} {json}\n</c> (length = UTF-8 bytes of the
/// JSON, checksum = first 8 hex digits of its SHA-256). A torn or corrupt line fails the frame check and is skipped and counted,
/// whatever is appended after it. Records carry an id that grows along the file, so <c>last=N</c> reads lines backwards from the
/// end and a <c>before</c> cursor is found by binary search over byte offsets: a page costs the same whatever the file's length.
/// The round history (<see cref="RoundHistoryFile"/>) and the per-facility series (<see cref="FacilitySeriesFile"/>) are such files.
/// </summary>
public static class FramedLines
{
    private const int Chunk = 64 * 1024;

    // A line longer than this is not a record; reading it would let one corrupt region exhaust memory.
    private const int MaxLineBytes = 16 * 1024 * 1024;

    /// <summary>The framed line of <paramref name="record"/> under <paramref name="tag"/>, newline included.</summary>
    public static byte[] Frame<T>(byte tag, T record)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(record, FileModelRegistry.JsonOptions);
        var header = System.Text.Encoding.ASCII.GetBytes($"{(char)tag} {json.Length} {Checksum(json)} ");
        var line = new byte[header.Length + json.Length + 1];
        header.CopyTo(line, 0);
        json.CopyTo(line, header.Length);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>The record in one framed line (without its newline), or null when the line is torn, corrupt or of another tag.</summary>
    public static T? TryParse<T>(byte tag, ReadOnlySpan<byte> line) where T : class
    {
        try
        {
            if (line.Length < 4 || line[0] != tag || line[1] != (byte)' ') return null;
            var rest = line[2..];
            int space = rest.IndexOf((byte)' ');
            if (space <= 0 || !Utf8Parser.TryParse(rest[..space], out int length, out int consumed) || consumed != space) return null;
            rest = rest[(space + 1)..];
            if (rest.Length != 9 + length || rest[8] != (byte)' ') return null;
            var json = rest[9..];
            if (!rest[..8].SequenceEqual(System.Text.Encoding.ASCII.GetBytes(Checksum(json)))) return null;
            return JsonSerializer.Deserialize<T>(json, FileModelRegistry.JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Up to <paramref name="last"/> records with ids below <paramref name="before"/> (all when null), oldest first, read from the
    /// end of the file or from the cursor's position; <c>More</c> is true when older records may precede the page. With
    /// <paramref name="newest"/> only the newest that many readable records are visible (older ones not compacted away yet are
    /// not returned) and the file is read backwards from its end, which suits files kept short.
    /// </summary>
    public static (List<T> Records, int Skipped, bool More) ReadLast<T>(string path, int last, long? before, Func<byte[], T?> parse, Func<T, long> id,
        int newest = int.MaxValue) where T : class
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(newest);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(last);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(id);
        var records = new List<T>(Math.Min(last, 1024));
        if (!File.Exists(path)) return (records, 0, false);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long length = RandomAccess.GetLength(handle);
        bool windowed = newest != int.MaxValue;
        long end = before is { } cursor && !windowed ? FirstOffsetAtOrAbove(handle, length, cursor, parse, id) : length;
        int skipped = 0, seen = 0;
        long stoppedAt = 0;
        foreach (var (start, line) in LinesBackward(handle, end))
        {
            if (line.Length == 0) continue;
            if (parse(line) is not { } record) { skipped++; continue; }
            if (++seen > newest) break;
            if (before is { } b && id(record) >= b) continue;
            records.Add(record);
            if (records.Count == last) { stoppedAt = start; break; }
        }
        records.Reverse();
        // An older page exists when reading stopped early with bytes left before the oldest record returned (and inside the window).
        return (records, skipped, records.Count == last && stoppedAt > 0 && seen < newest);
    }

    /// <summary>Every readable record, oldest first, and the number of lines skipped (a full scan).</summary>
    public static (List<T> Records, int Skipped) ReadAll<T>(string path, Func<byte[], T?> parse) where T : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        var records = new List<T>();
        if (!File.Exists(path)) return (records, 0);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long length = RandomAccess.GetLength(handle);
        int skipped = 0;
        long offset = 0;
        while (offset < length)
        {
            var (line, next) = ReadLine(handle, offset, length);
            offset = next;
            if (line.Length == 0) continue;
            if (parse(line) is { } record) records.Add(record);
            else skipped++;
        }
        return (records, skipped);
    }

    /// <summary>True when the file is missing, empty or ends with a newline (an append after a torn line must start a new line).</summary>
    public static bool EndsCleanly(string path)
    {
        if (!File.Exists(path)) return true;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long length = RandomAccess.GetLength(handle);
        if (length == 0) return true;
        Span<byte> last = stackalloc byte[1];
        RandomAccess.Read(handle, last, length - 1);
        return last[0] == (byte)'\n';
    }

    private static string Checksum(ReadOnlySpan<byte> json) => Convert.ToHexStringLower(SHA256.HashData(json)[..4]);

    // The smallest line start whose record id is >= cursor (valid records only; ids grow along the file). Invariant: every valid
    // record starting before lo has a smaller id; the first valid record at or after hi has an id >= cursor, or there is none.
    private static long FirstOffsetAtOrAbove<T>(SafeFileHandle handle, long length, long cursor, Func<byte[], T?> parse, Func<T, long> id) where T : class
    {
        long lo = 0, hi = length;
        while (lo < hi)
        {
            long mid = lo + (hi - lo) / 2;
            long start = mid == 0 ? 0 : NextLineStart(handle, mid - 1, length);
            T? found = null;
            long foundStart = start, foundEnd = start;
            while (start < hi)
            {
                var (line, next) = ReadLine(handle, start, length);
                if (line.Length > 0 && parse(line) is { } record) { found = record; foundStart = start; foundEnd = next; break; }
                start = next;
            }
            if (found is null) hi = mid;
            else if (id(found) >= cursor) hi = foundStart;
            else lo = foundEnd;
        }
        // hi may fall inside a record that starts before it (and is below the cursor): end the page at the next line start.
        return hi == 0 ? 0 : NextLineStart(handle, hi - 1, length);
    }

    // Position after the first newline at or after offset (the file length when there is none).
    private static long NextLineStart(SafeFileHandle handle, long offset, long length)
    {
        var buffer = new byte[4096];
        while (offset < length)
        {
            int read = RandomAccess.Read(handle, buffer, offset);
            if (read <= 0) break;
            int newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0) return offset + newline + 1;
            offset += read;
        }
        return length;
    }

    // The line starting at offset (without its newline) and the offset after it; an over-long line comes back as "!" (corrupt).
    private static (byte[] Line, long Next) ReadLine(SafeFileHandle handle, long offset, long length)
    {
        using var line = new MemoryStream();
        var buffer = new byte[4096];
        long position = offset;
        bool tooLong = false;
        while (position < length)
        {
            int read = RandomAccess.Read(handle, buffer, position);
            if (read <= 0) break;
            int newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            int take = newline >= 0 ? newline : read;
            tooLong |= line.Length + take > MaxLineBytes;
            if (!tooLong) line.Write(buffer, 0, take);
            if (newline >= 0) return (tooLong ? [(byte)'!'] : line.ToArray(), position + newline + 1);
            position += read;
        }
        return (tooLong ? [(byte)'!'] : line.ToArray(), length);
    }

    // Lines ending before `end`, newest first, each with its start offset; a final line without a newline is included.
    private static IEnumerable<(long Start, byte[] Line)> LinesBackward(SafeFileHandle handle, long end)
    {
        long position = end;
        byte[] tail = [];
        // Pooled: a page read allocates about what it returns, whatever the file's length.
        var chunk = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            while (position > 0)
            {
                int n = (int)Math.Min(Chunk, position);
                position -= n;
                int read = 0;
                while (read < n)
                {
                    int r = RandomAccess.Read(handle, chunk.AsSpan(read, n - read), position + read);
                    if (r <= 0) throw new IOException("The file shrank while it was being read.");
                    read += r;
                }
                int segmentEnd = n;
                for (int i = n - 1; i >= 0; i--)
                {
                    if (chunk[i] != (byte)'\n') continue;
                    var line = Concat(chunk.AsSpan(i + 1, segmentEnd - i - 1), tail);
                    tail = [];
                    segmentEnd = i;
                    yield return (position + i + 1, line);
                }
                tail = tail.Length + segmentEnd > MaxLineBytes ? [(byte)'!'] : Concat(chunk.AsSpan(0, segmentEnd), tail);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        if (tail.Length > 0) yield return (0, tail);
    }

    private static byte[] Concat(ReadOnlySpan<byte> head, byte[] tail)
    {
        var line = new byte[head.Length + tail.Length];
        head.CopyTo(line);
        tail.CopyTo(line, head.Length);
        return line;
    }
}
