using System.Security.Cryptography;
using System.Text;

namespace FedAspire.Aggregator.Registry;

/// <summary>
/// One facility's metric series in the embedded registry: <c>{federation}/facilities/{facility}.jsonl</c> beside the round history,
/// one framed point per line, <c>P {length} {checksum} {json}\n</c> (<see cref="FramedLines"/>, as the history), round ids growing
/// along the file. Appends are single framed lines (a torn one is skipped on read); once the file has grown to about twice the
/// bound it is compacted to the newest points by writing a new file and renaming it over the old one, so a crash leaves either.
/// </summary>
public static class FacilitySeriesFile
{
    private const byte Tag = (byte)'P';

    /// <summary>Directory of a federation's series inside its registry directory.</summary>
    public const string DirectoryName = "facilities";

    /// <summary>
    /// The file name of <paramref name="facility"/>'s series: the id itself when it is a safe file name ([A-Za-z0-9._-], not
    /// starting with '.'), else <c>~</c> and a SHA-256 prefix of the id ('~' never starts a safe name, so the two kinds never meet).
    /// </summary>
    public static string FileName(string facility)
    {
        ArgumentException.ThrowIfNullOrEmpty(facility);
        bool safe = facility.Length <= 100 && facility[0] != '.' && facility.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        return (safe ? facility : "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(facility)))[..32]) + ".jsonl";
    }

    /// <summary>The framed line of <paramref name="point"/>, newline included.</summary>
    public static byte[] Frame(FacilityRoundPoint point) => FramedLines.Frame(Tag, point);

    /// <summary>The point in one line (without its newline), or null when the line is torn, corrupt or not a point.</summary>
    public static FacilityRoundPoint? TryParse(ReadOnlySpan<byte> line) => FramedLines.TryParse<FacilityRoundPoint>(Tag, line);

    /// <summary>
    /// Up to <paramref name="last"/> points of <paramref name="facility"/> with round ids below <paramref name="before"/>, oldest first,
    /// among the newest <paramref name="kept"/> in the file.
    /// </summary>
    public static FacilityRoundPage ReadPage(string path, string facility, int last, long? before, int kept)
    {
        // A point of another facility (a hashed name's collision) is not this facility's: it counts as unreadable here.
        var (points, skipped, more) = FramedLines.ReadLast(path, last, before,
            line => TryParse(line) is { } p && p.Facility == facility ? p : null, static p => p.RoundId, kept);
        return new FacilityRoundPage(points, skipped, more ? points[0].RoundId : null);
    }
}
