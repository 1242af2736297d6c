namespace FedAspire.Core.Data.Synthetic;

/// <summary>The physical quantity a synthetic sensor measures.</summary>
public enum PlantSignal
{
    /// <summary>Motor phase current (A).</summary>
    MotorCurrent,
    /// <summary>Shaft speed (rpm).</summary>
    Speed,
    /// <summary>Volume flow.</summary>
    Flow,
    /// <summary>Discharge/differential pressure.</summary>
    Pressure,
    /// <summary>Motor winding temperature.</summary>
    WindingTemperature,
    /// <summary>Bearing temperature (rises with wear before a failure).</summary>
    BearingTemperature,
    /// <summary>Process fluid temperature.</summary>
    FluidTemperature,
    /// <summary>Vibration velocity (rises sharply with wear).</summary>
    Vibration,
    /// <summary>Control valve opening.</summary>
    ValveOpening,
    /// <summary>Ambient temperature (daily cycle).</summary>
    Ambient,
    /// <summary>Electrical power.</summary>
    Power,
    /// <summary>Lubrication oil pressure (follows speed).</summary>
    LubeOilPressure,
    /// <summary>A sensor that never reports (as Kaggle's sensor_15).</summary>
    Dead,
}
