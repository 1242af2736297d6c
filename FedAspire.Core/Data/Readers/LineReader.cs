namespace FedAspire.Core.Data.Readers;

/// <summary>
/// Reads lines (LF, CRLF or CR endings) from a text reader into one reusable buffer and hands them out as spans, so a
/// 220k-line file costs no string per line. A line span is valid until the next call.
/// </summary>
internal sealed class LineReader(TextReader reader)
{
    private char[] _buffer = new char[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>The next line without its line ending; false at the end of the input.</summary>
    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            int nl = pending.IndexOfAny('\n', '\r');
            if (nl >= 0)
            {
                // A CR at the end of the buffer may be the first half of CRLF: read on before deciding.
                if (pending[nl] == '\r' && nl + 1 == pending.Length && !_eof)
                {
                    Fill();
                    continue;
                }
                line = pending[..nl];
                _start += nl + (pending[nl] == '\r' && nl + 1 < pending.Length && pending[nl + 1] == '\n' ? 2 : 1);
                return true;
            }
            if (_eof)
            {
                line = pending;
                _start = _end;
                return !pending.IsEmpty;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        int n = reader.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _eof = true;
        else _end += n;
    }
}
