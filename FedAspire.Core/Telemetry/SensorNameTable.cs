using System.Text;

namespace FedAspire.Core.Telemetry;

/// <summary>
/// Interns sensor names by their UTF-8 bytes: a fleet has tens of sensor names, so after the first messages a name costs a hash
/// and a byte comparison instead of a string allocation. Bounded (names beyond the capacity are simply not interned); one per
/// thread, so it needs no locks.
/// </summary>
internal sealed class SensorNameTable
{
    private const int Slots = 1024;
    private const int MaxNames = Slots / 2;
    private const int MaxNameBytes = 128;

    private readonly byte[]?[] _bytes = new byte[Slots][];
    private readonly string[] _names = new string[Slots];
    private int _count;

    /// <summary>The name for <paramref name="utf8"/> (unescaped UTF-8), the same string instance every time while the table has room.</summary>
    public string Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxNameBytes) return Encoding.UTF8.GetString(utf8);
        var hash = new HashCode();
        hash.AddBytes(utf8);
        int slot = hash.ToHashCode() & (Slots - 1);
        while (_bytes[slot] is { } known)
        {
            if (utf8.SequenceEqual(known)) return _names[slot];
            slot = (slot + 1) & (Slots - 1);
        }
        string name = Encoding.UTF8.GetString(utf8);
        // A table at most half full keeps probes short; past that, names are allocated per message as before.
        if (_count < MaxNames)
        {
            _bytes[slot] = utf8.ToArray();
            _names[slot] = name;
            _count++;
        }
        return name;
    }
}
