namespace FedAspire.Core.Aggregation;

/// <summary>How asynchronous aggregation discounts an update trained from an older server version (Xie et al. 2019, FedAsync).</summary>
public enum StalenessKind
{
    /// <summary>s(tau) = 1: every accepted update counts fully.</summary>
    Constant = 0,
    /// <summary>s(tau) = (1 + tau)^-a; a = 0.5 is FedBuff's 1/sqrt(1 + tau).</summary>
    Polynomial = 1,
    /// <summary>s(tau) = 1 for tau &lt;= b, else 1 / (a (tau - b) + 1).</summary>
    Hinge = 2,
}
