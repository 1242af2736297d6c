namespace FedAspire.Benchmarks.Aggregation;

/// <summary>A secure round's roster: how many facilities, and how many neighbours each masks with (0 = all of them, SecAgg).</summary>
public sealed record SecureRoster(int Participants, int Neighbours)
{
    /// <inheritdoc />
    public override string ToString() => Neighbours == 0 ? $"{Participants}, all" : $"{Participants}, k={Neighbours}";
}
