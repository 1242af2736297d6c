namespace FedAspire.Core.Data.Synthetic;

/// <summary>The units a facility reports pump temperatures, pressures and flows in, as affine maps from °C, bar and m³/h.</summary>
/// <param name="Name">Short name, e.g. <c>us</c>.</param>
/// <param name="Temperature">Unit, scale and offset of temperatures (value = scale x °C + offset).</param>
/// <param name="Pressure">Unit and scale of pressures (from bar).</param>
/// <param name="Flow">Unit and scale of flows (from m³/h).</param>
public sealed record PlantUnitSystem(string Name, AffineUnit Temperature, AffineUnit Pressure, AffineUnit Flow)
{
    /// <summary>°C, bar, m³/h (the plant's native units).</summary>
    public static PlantUnitSystem Metric { get; } = new("metric", new("°C", 1, 0), new("bar", 1, 0), new("m³/h", 1, 0));

    /// <summary>°F, psi, US gallons per minute.</summary>
    public static PlantUnitSystem Us { get; } = new("us", new("°F", 1.8, 32), new("psi", 14.503773773, 0), new("gpm", 4.402867539, 0));

    /// <summary>K, kPa, litres per second.</summary>
    public static PlantUnitSystem Si { get; } = new("si", new("K", 1, 273.15), new("kPa", 100, 0), new("L/s", 1 / 3.6, 0));

    /// <summary>The systems by name.</summary>
    public static IReadOnlyList<PlantUnitSystem> All { get; } = [Metric, Us, Si];
}

/// <summary>A unit as an affine map from the native unit: <c>value = Scale x native + Offset</c>.</summary>
/// <param name="Unit">Unit symbol.</param>
/// <param name="Scale">Multiplier.</param>
/// <param name="Offset">Added after scaling.</param>
public sealed record AffineUnit(string Unit, double Scale, double Offset)
{
    /// <summary>Maps a native value.</summary>
    public double Apply(double native) => Scale * native + Offset;
}
