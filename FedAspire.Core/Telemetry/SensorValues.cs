namespace FedAspire.Core.Telemetry;

/// <summary>The <c>values</c> object of a schema v1 message as read: observed sensors as parallel arrays, plus how many keys it had (nulls included).</summary>
internal sealed record SensorValues(string[] Names, float[] Values, int Keys);
