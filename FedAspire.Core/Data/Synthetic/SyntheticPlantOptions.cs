namespace FedAspire.Core.Data.Synthetic;

/// <summary>Parameters of <see cref="SyntheticPumpPlant"/>; the defaults mimic the Kaggle pump data's scale and failure rates.</summary>
public sealed record SyntheticPlantOptions
{
    /// <summary>Rows (time steps) to generate; the Kaggle original has 220,320 (153 days at one minute).</summary>
    public int Rows { get; init; } = 220_320;

    /// <summary>Seed of the single random source; equal seeds give identical tables.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Timestamp of the first row.</summary>
    public DateTime Start { get; init; } = new(2018, 4, 1);

    /// <summary>Time between rows.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Mean time between failures (the Kaggle data has 7 failures in 153 days, about 22 days apart).</summary>
    public double MeanDaysBetweenFailures { get; init; } = 22;

    /// <summary>Mean length of the RECOVERING period after a failure (Kaggle: 14,477 rows over 7 failures, about 34 h).</summary>
    public double MeanRecoveryHours { get; init; } = 34;

    /// <summary>Mean length of the pre-failure degradation (drift in vibration, temperatures and efficiency while still labelled NORMAL).</summary>
    public double MeanPreFailureHours { get; init; } = 36;

    /// <summary>Rows labelled BROKEN at each failure (Kaggle: one per failure).</summary>
    public int BrokenRowsPerFailure { get; init; } = 1;

    /// <summary>No failure starts (pre-failure ramp included) before this time from the start; zero keeps the plain renewal process.</summary>
    public TimeSpan FailureFreeStart { get; init; } = TimeSpan.Zero;

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (Rows < 1) throw new ArgumentException($"Rows must be positive, got {Rows}.");
        if (Interval <= TimeSpan.Zero) throw new ArgumentException("Interval must be positive.");
        if (!(MeanDaysBetweenFailures > 0)) throw new ArgumentException("Mean days between failures must be positive.");
        if (!(MeanRecoveryHours > 0)) throw new ArgumentException("Mean recovery hours must be positive.");
        if (!(MeanPreFailureHours > 0)) throw new ArgumentException("Mean pre-failure hours must be positive.");
        if (FailureFreeStart < TimeSpan.Zero) throw new ArgumentException("The failure-free start cannot be negative.");
        if (BrokenRowsPerFailure < 1) throw new ArgumentException("At least one BROKEN row per failure.");
    }
}
