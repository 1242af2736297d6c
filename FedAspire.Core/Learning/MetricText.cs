using System.Globalization;

namespace FedAspire.Core.Learning;

/// <summary>Metric values as console and Markdown text: an undefined (NaN or infinite) figure prints as <c>n/a</c>, never as a number.</summary>
public static class MetricText
{
    /// <summary>The text of an undefined figure.</summary>
    public const string NotAvailable = "n/a";

    /// <summary><paramref name="value"/> in <paramref name="format"/> (invariant culture), or <c>n/a</c>.</summary>
    public static string Format(double value, string format = "F3") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : NotAvailable;

    /// <summary>A ratio as a percentage (0.1234 -> 12.34), or <c>n/a</c>.</summary>
    public static string Percent(double ratio, string format = "F2") => Format(100 * ratio, format);
}
