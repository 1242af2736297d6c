namespace FedAspire.Core.Data.Readers;

/// <summary>Splits one CSV line into fields without allocating; a field may be wrapped in double quotes (no separators inside escapes).</summary>
internal ref struct CsvFields
{
    private ReadOnlySpan<char> _rest;
    private readonly char _separator;
    private bool _done;

    public CsvFields(ReadOnlySpan<char> line, char separator)
    {
        _rest = line;
        _separator = separator;
        _done = false;
        Number = 0;
    }

    /// <summary>1-based number of the field last returned by <see cref="TryNext"/>.</summary>
    public int Number { get; private set; }

    /// <summary>Returns the next field (trimmed of spaces and surrounding quotes); false after the last one.</summary>
    public bool TryNext(out ReadOnlySpan<char> field)
    {
        if (_done) { field = default; return false; }
        Number++;
        var rest = _rest;
        if (rest.Length > 0 && rest[0] == '"')
        {
            int close = rest[1..].IndexOf('"');
            if (close >= 0)
            {
                field = rest.Slice(1, close);
                rest = rest[(close + 2)..];
                int sep = rest.IndexOf(_separator);
                if (sep < 0) { _done = true; _rest = default; }
                else _rest = rest[(sep + 1)..];
                return true;
            }
        }
        int at = rest.IndexOf(_separator);
        if (at < 0) { field = rest.Trim(); _done = true; _rest = default; }
        else { field = rest[..at].Trim(); _rest = rest[(at + 1)..]; }
        return true;
    }

    /// <summary>Counts the fields of a line.</summary>
    public static int Count(ReadOnlySpan<char> line, char separator)
    {
        var f = new CsvFields(line, separator);
        int n = 0;
        while (f.TryNext(out _)) n++;
        return n;
    }
}
