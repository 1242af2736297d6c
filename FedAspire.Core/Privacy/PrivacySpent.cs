namespace FedAspire.Core.Privacy;

/// <summary>An (epsilon, delta) guarantee and the RDP order it was converted from.</summary>
/// <param name="Epsilon">The smallest epsilon over the orders (infinite when no order gives a finite one).</param>
/// <param name="Delta">The delta it holds at.</param>
/// <param name="Order">The RDP order alpha that gave it (NaN when none did).</param>
public readonly record struct PrivacySpent(double Epsilon, double Delta, double Order);
