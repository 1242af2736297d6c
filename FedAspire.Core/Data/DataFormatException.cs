namespace FedAspire.Core.Data;

/// <summary>Malformed input data; the message names the file, the 1-based line and column (field) and what was wrong.</summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception with its location; <paramref name="column"/> 0 means the whole line.</summary>
    public DataFormatException(string file, long line, int column, string problem)
        : base(column > 0 ? $"{file}: line {line}, column {column}: {problem}" : $"{file}: line {line}: {problem}")
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>Creates the exception for a problem with a whole file or folder (no line).</summary>
    public DataFormatException(string file, string problem)
        : base($"{file}: {problem}")
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The file that was being read.</summary>
    public string File { get; }

    /// <summary>1-based line number.</summary>
    public long Line { get; }

    /// <summary>1-based field number, 0 when the problem concerns the whole line.</summary>
    public int Column { get; }

    /// <summary>What was wrong, without the location.</summary>
    public string Problem { get; }
}
