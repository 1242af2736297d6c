namespace FedAspire.Core.Data.Readers;

/// <summary>Guesses the field separator of a delimited file from its header line: comma, semicolon or tab.</summary>
public static class CsvSeparator
{
    /// <summary>The candidates, in the order ties are broken.</summary>
    public static IReadOnlyList<char> Candidates { get; } = [',', ';', '\t'];

    /// <summary>The candidate occurring most often in <paramref name="header"/> (outside quotes); comma when none occurs.</summary>
    public static char Detect(ReadOnlySpan<char> header)
    {
        Span<int> counts = stackalloc int[3];
        bool quoted = false;
        foreach (var c in header)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted)
            {
                if (c == ',') counts[0]++;
                else if (c == ';') counts[1]++;
                else if (c == '\t') counts[2]++;
            }
        }
        int best = 0;
        for (int i = 1; i < counts.Length; i++) if (counts[i] > counts[best]) best = i;
        return Candidates[best];
    }

    /// <summary>Detects the separator of the first line of <paramref name="path"/> (comma for an empty file).</summary>
    public static char DetectFile(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Detect(reader.ReadLine() ?? "");
    }

    /// <summary>Parses a separator option: <c>,</c>, <c>;</c>, <c>\t</c>, <c>tab</c> or a tab character; null when it is none of them.</summary>
    public static char? Parse(string text) => text switch
    {
        "," => ',',
        ";" => ';',
        "\t" or "\\t" or "tab" => '\t',
        _ => null,
    };
}
