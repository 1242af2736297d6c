using System.Globalization;

namespace FedAspire.Core.Data.Readers;

/// <summary>Parses CSV cells (numbers and timestamps) with the invariant culture; failures become <see cref="DataFormatException"/>.</summary>
public static class CellParser
{
    /// <summary>Parses a sensor value; empty, <c>nan</c>, <c>NA</c> and <c>null</c> mean missing (NaN).</summary>
    public static bool TryParseValue(ReadOnlySpan<char> cell, out float value)
    {
        if (cell.IsEmpty || cell.Equals("nan", StringComparison.OrdinalIgnoreCase) || cell.Equals("NA", StringComparison.OrdinalIgnoreCase)
            || cell.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            value = float.NaN;
            return true;
        }
        if (float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return !float.IsInfinity(value);
        return false;
    }

    /// <summary>
    /// Parses <c>yyyy-MM-dd HH:mm:ss[.fffffff]</c> (or with <c>T</c>) fast, and anything else <see cref="DateTime"/> accepts
    /// in the invariant culture; returns ticks with no time-zone conversion (a time with an offset or <c>Z</c> is converted to UTC).
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> cell, out long ticks)
    {
        if (cell.Length >= 19 && cell[4] == '-' && cell[7] == '-' && (cell[10] == ' ' || cell[10] == 'T') && cell[13] == ':' && cell[16] == ':'
            && TryDigits(cell, 0, 4, out int year) && TryDigits(cell, 5, 2, out int month) && TryDigits(cell, 8, 2, out int day)
            && TryDigits(cell, 11, 2, out int hour) && TryDigits(cell, 14, 2, out int minute) && TryDigits(cell, 17, 2, out int second)
            && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(year, 1), month) && hour < 24 && minute < 60 && second < 60 && year >= 1)
        {
            long fraction = 0;
            int end = 19;
            if (cell.Length > 19 && cell[19] == '.')
            {
                long scale = TimeSpan.TicksPerSecond;
                end = 20;
                while (end < cell.Length && char.IsAsciiDigit(cell[end]))
                {
                    scale /= 10;
                    fraction += (cell[end] - '0') * scale;
                    end++;
                }
                if (end == 20) end = -1;
            }
            if (end == cell.Length)
            {
                ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fraction;
                return true;
            }
        }
        // A time with a zone or offset (Z, +01:00) becomes UTC rather than this machine's local time; one without stays as written.
        if (DateTime.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            ticks = parsed.Ticks;
            return true;
        }
        ticks = 0;
        return false;
    }

    /// <summary>Formats ticks as <c>yyyy-MM-dd HH:mm:ss</c>, adding a fraction only when there is one (round-trips through <see cref="TryParseTimestamp"/>).</summary>
    public static string FormatTimestamp(long ticks)
    {
        var t = new DateTime(ticks);
        return ticks % TimeSpan.TicksPerSecond == 0
            ? t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
    }

    private static bool TryDigits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }
}
